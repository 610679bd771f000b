// removeEmptyContainers (src/imaging/svg/removeEmptyContainers.ts), our linear pass, against
// svgo's own removeEmptyContainers plugin: the same output on every case svgo's rules cover
// (without a stylesheet, where ours is stricter on purpose), and bounded time on the flat runs
// of empty groups that took svgo's plugin over a minute.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XastRoot } from 'svgo' with { 'resolution-mode': 'import' };
import { removeEmptyContainers } from '../../src/imaging/svg/removeEmptyContainers';
import { sanitizeSvg } from '../../src/imaging/svg/svgSanitizer';

const svgo = require('svgo') as typeof import('svgo', { with: { 'resolution-mode': 'import' } });

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">';

function withOurs(svg: string): string {
  return svgo.optimize(svg, { plugins: [{ name: 'ours', fn: (root: XastRoot) => { removeEmptyContainers(root); return null; } }] }).data;
}

function withSvgos(svg: string): string {
  return svgo.optimize(svg, { plugins: ['removeEmptyContainers'] }).data;
}

const CASES: Record<string, string> = {
  'each kind of container, empty': '<a/><defs/><g/><marker/><mask/><pattern/><switch/><symbol/><rect width="1" height="1"/>',
  'emptied by its children, several levels up': '<g><g><defs><g/></defs></g><g/></g><g><rect width="1" height="1"/><g/></g>',
  'text and shapes keep a container': '<a><text>x</text></a><g><circle r="1"/></g><g> </g>',
  'a <use> of a removed group goes, by href, xlink:href or url()': '<g id="gone"/><use href="#gone"/><use xlink:href="#gone" x="2"/><use href="#kept"/><g id="kept"><rect width="1" height="1"/></g><use fill="url(#gone)" href="#kept"/>',
  'a <use> nested elsewhere, and one inside what is removed': '<g><rect width="1" height="1"/><use href="#e"/></g><g id="e"/><g><g><use href="#e"/></g></g>',
  'an empty id is no reference': '<g id=""/><use href="#"/>',
  'a pattern with attributes stays, one without goes': '<pattern id="p" width="4" height="4"/><pattern/>',
  'a mask with an id stays, one without goes': '<mask id="m"/><mask/>',
  'empty children of a <switch> stay': '<switch><g/><rect width="1" height="1"/></switch>',
  'a group with a filter, by attribute or style, stays': '<g filter="url(#f)"/><g style="filter:blur(1px)"/><g style="fill:red"/>',
  'nested <svg> is not removed': '<svg/><g><svg width="1" height="1"/></g>',
};

for (const [name, body] of Object.entries(CASES)) {
  test(`as svgo's removeEmptyContainers: ${name}`, () => {
    const input = `${SVG}${body}</svg>`;
    assert.equal(withOurs(input), withSvgos(input));
  });
}

test('with a stylesheet, empty groups stay (a rule could give one a filter); other empty containers still go', () => {
  const input = `${SVG}<style>.x { filter: blur(2px) }</style><g class="x"/><g/><defs/></svg>`;
  const output = withOurs(input);
  assert.match(output, /<g class="x"\/><g\/>/);
  assert.doesNotMatch(output, /<defs/);
  // An empty <style> is no stylesheet.
  assert.doesNotMatch(withOurs(`${SVG}<style/><g/></svg>`), /<g/);
});

test('flat runs of empty groups (svgo\'s plugin: 68 s for 256 KB) are sanitized in bounded time', async () => {
  const runs = {
    'empty groups': '<g/>'.repeat(128 * 1024),
    'groups emptied by the allowlist': '<g><script>x</script></g>'.repeat(20 * 1024),
    'empty groups with ids and their <use>s': Array.from({ length: 16 * 1024 }, (_, i) => `<g id="g${i}"/><use href="#g${i}"/>`).join(''),
  };
  for (const [name, body] of Object.entries(runs)) {
    const input = `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">${body}<rect width="8" height="8"/></svg>`;
    assert.ok(input.length > 400 * 1024, `${name}: ${input.length} bytes`);
    const start = performance.now();
    const result = await sanitizeSvg(input);
    const elapsed = performance.now() - start;
    // Generous for a busy machine: it takes about a tenth of a second; the quadratic walk took minutes.
    assert.ok(elapsed < 5000, `${name}: ${elapsed.toFixed(0)} ms`);
    assert.equal(result.svg, '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>', name);
  }
});
