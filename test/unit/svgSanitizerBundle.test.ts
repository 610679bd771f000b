// The slimmed sanitizer bundle really works: svgSanitizer.ts bundled the way esbuild.mjs
// bundles dist/svgSanitizer.js (scripts/slimSvgo.mjs keeping only the svgo plugins it runs,
// css-tree without its lexer data, no csso), then every drawing of the corpus sanitized by
// it and by the unslimmed source (other tests use svgo as published): the same output.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from '../bench/environment';
import { loadSvgSanitizer, type SvgSanitizerModule } from '../../src/imaging/svg/loadSvgSanitizer';
import { BENIGN_DRAWING, HOSTILE_SAMPLES, largeDrawing } from './svgCorpus';

const temp = mkdtempSync(join(tmpdir(), 'slim-svgo-bundle-'));
let slim: SvgSanitizerModule;
let size = 0;
let inputs: string[] = [];

before(async () => {
  const { slimSvgo } = await import('../../scripts/slimSvgo.mjs');
  const outfile = join(temp, 'svgSanitizer.js');
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'src/imaging/svg/svgSanitizer.ts')],
    absWorkingDir: ROOT,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    external: ['vscode', 'sharp'],
    plugins: [slimSvgo(ROOT)],
    metafile: true,
    logLevel: 'silent',
  });
  size = result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].bytes;
  inputs = Object.keys(result.metafile.inputs);
  slim = require(outfile) as SvgSanitizerModule;
});

after(() => rmSync(temp, { recursive: true, force: true }));

test('the slim bundle leaves out csso, css-tree\'s lexer data, the HTML serializer and the unused svgo plugins', () => {
  assert.ok(size < 250 * 1024, `${Math.round(size / 1024)} KB`);
  for (const gone of [/node_modules\/csso\/lib\/index/, /mdn-data/, /node_modules\/entities/, /svgo\/plugins\/convertPathData/, /svgo\/lib\/builtin/, /source-map-js/]) {
    assert.ok(!inputs.some((input) => gone.test(input)), `${gone} is bundled`);
  }
});

test('the slim bundle sanitizes every drawing of the corpus exactly as the source does', async () => {
  const full = loadSvgSanitizer();
  const drawings = [...HOSTILE_SAMPLES.map((sample) => sample.svg), BENIGN_DRAWING, largeDrawing(64 * 1024)];
  for (const drawing of drawings) {
    assert.deepEqual(await slim.sanitizeSvg(drawing, 'd.svg'), await full.sanitizeSvg(drawing, 'd.svg'));
  }
  // A stylesheet with selectors of every kind beside empty containers: css-tree's parser and
  // generator as the bundle slims them, and removeEmptyContainers.ts keeping the empty groups.
  const styled = '<svg xmlns="http://www.w3.org/2000/svg"><style>#a > .b:not(.c)::before, g[fill] rect:nth-child(2n+1) { fill: red }</style><g id="a"><g class="b"/><mask id="m"/><rect/></g></svg>';
  assert.deepEqual(await slim.sanitizeSvg(styled), await full.sanitizeSvg(styled));
});

test('the slim bundle refuses as the source does', async () => {
  await assert.rejects(slim.sanitizeSvg('<!DOCTYPE svg [<!ENTITY a "b">]><svg/>', 'd.svg'), /declares XML entities/);
  await assert.rejects(slim.sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', 'd.svg'), /not well-formed XML/);
});
