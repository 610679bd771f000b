// 7. The universal package's cost: the extension's own image work done by sharp's native
// build (what the nine platform packages carry) and by its WebAssembly build (what the
// universal package carries, `@img/sharp-wasm32`), side by side. Each build runs in a child
// process of its own (this bench's bundle, `--sharp-child`) in which `require('sharp')` is
// pointed at that build before anything loads, so both run the very same code
// (src/imaging) on the same bytes; the parent alternates them run by run.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { loadSharp } from '../../src/imaging/sharpSafety';
import { verifyImage } from '../../src/imaging/verifyImage';
import { ROOT } from './environment';
import { makeTwelveMegapixelJpeg, prepareWithSharp } from './preparation';
import type { Figure } from './report';
import { anotherRun, pairwiseRatios, summarize, type RunPlan } from './stats';

const SECTION = '7. Universal package (WebAssembly sharp)';

/** One piece of work, as the extension does it. */
type Operation = 'verify' | 'prepare';

interface Case {
  name: string;
  operation: Operation;
  file: string;
  note: string;
}

/** What a child reports about the sharp it loaded. */
interface Identity {
  wasm: boolean;
  vips: string;
  concurrency: number;
  loaded: string;
}

type Reply = { ms: number; width: number; height: number } | { error: string } | Identity;

/** Resolves every `require('sharp')` of the child to one build; loaded with --require before the bench bundle. */
const REDIRECT = `const Module = require('node:module');
const build = process.env.IMAGE_STUDIO_BENCH_SHARP;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === 'sharp' ? build : request, ...rest);
};
`;

export interface SharpBuildOptions {
  /** Interleaved native + WebAssembly pairs per case. */
  pairs: RunPlan;
  tempDir: string;
  /** The bench bundle (started as the children). */
  script: string;
  log: (line: string) => void;
}

/**
 * sharp as the universal package stages it: the locked sharp installed with `--cpu=wasm32`
 * (scripts/packaging: the same lock slice and npm flags), outside the project, so no
 * node_modules above it holds a native build. Returns the path of its `sharp` folder.
 */
async function installWasmSharp(tempDir: string): Promise<string> {
  const { runtimeLock, stagedManifest } = await import('../../scripts/packaging/stagedPackage.mjs');
  const { UNIVERSAL, npmPlatformFlags } = await import('../../scripts/packaging/targets.mjs');
  const folder = join(tempDir, 'wasm-sharp');
  mkdirSync(folder, { recursive: true });
  const staged = stagedManifest(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>);
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'wasm-sharp', private: true, dependencies: staged.dependencies }));
  const lock = runtimeLock(JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Parameters<typeof runtimeLock>[0], staged.dependencies as Record<string, string>);
  writeFileSync(join(folder, 'package-lock.json'), JSON.stringify(lock));
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));
  const result = spawnSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...npmPlatformFlags(UNIVERSAL)], { cwd: folder, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm ci --cpu=wasm32 failed: ${result.stdout}${result.stderr}`);
  return join(folder, 'node_modules', 'sharp');
}

/** A child process with one sharp build, answering one request at a time. */
class SharpChild {
  private readonly child: ChildProcess;
  private pending: ((reply: Reply) => void) | undefined;

  constructor(script: string, redirect: string, build: string) {
    this.child = fork(script, ['--sharp-child'], {
      execArgv: ['--expose-gc', '--require', redirect],
      env: { ...process.env, IMAGE_STUDIO_BENCH_SHARP: build },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: Reply) => {
      const resolve = this.pending;
      this.pending = undefined;
      resolve?.(reply);
    });
    this.child.on('exit', (code) => this.pending?.({ error: `the child ended (exit ${code})` }));
  }

  request(message: { identify: true } | { operation: Operation; file: string }): Promise<Reply> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.child.send(message);
    });
  }

  async run(operation: Operation, file: string): Promise<number> {
    const reply = await this.request({ operation, file });
    if ('error' in reply) throw new Error(reply.error);
    if (!('ms' in reply)) throw new Error('unexpected reply');
    return reply.ms;
  }

  close(): void {
    this.child.kill();
  }
}

/** The three cases: a generated result checked (two sizes), and a picked photo prepared for upload. */
async function makeCases(tempDir: string): Promise<Case[]> {
  const photo = await makeTwelveMegapixelJpeg('grain');
  const jpeg = join(tempDir, 'flowers-12mp-grain.jpg');
  writeFileSync(jpeg, photo);
  const cases: Case[] = [];
  for (const side of [1024, 2048]) {
    const file = join(tempDir, `photo-${side}.png`);
    writeFileSync(file, await sharp(photo).autoOrient().resize(side, side, { fit: 'cover' }).png().toBuffer());
    cases.push({
      name: `Result check, photo-like ${side}x${side} PNG: \`verifyImage\` with the studio thumbnail`,
      operation: 'verify',
      file,
      note: `What the job runner does with every generated image: every pixel decoded (strict), the 64 px thumbnail encoded as WebP. The grainy flowers photo at ${side}x${side}, ${Math.round(readFileSync(file).length / 1024)} KB.`,
    });
  }
  cases.push({
    name: 'Input preparation, camera-like 12 MP JPEG, EXIF 6 → 1024x1024 PNG < 4 MB: `prepareInputImage`',
    operation: 'prepare',
    file: jpeg,
    note: `The same input and target as section 2's first row (${(photo.length / 1024 / 1024).toFixed(1)} MB JPEG): decode, rotate, resize, pad, encode PNG.`,
  });
  return cases;
}

/**
 * Both builds on each case, alternating which goes first in each pair, after one warm-up
 * each; times are taken inside the children (operation only, after a forced GC and a pause).
 */
export async function benchSharpBuilds(options: SharpBuildOptions): Promise<Figure[]> {
  const wasmBuild = await installWasmSharp(options.tempDir);
  const redirect = join(options.tempDir, 'redirect-sharp.cjs');
  writeFileSync(redirect, REDIRECT);
  const native = new SharpChild(options.script, redirect, join(ROOT, 'node_modules', 'sharp'));
  const wasm = new SharpChild(options.script, redirect, wasmBuild);
  try {
    const [nativeId, wasmId] = (await Promise.all([native.request({ identify: true }), wasm.request({ identify: true })])) as Identity[];
    if (nativeId.wasm || !wasmId.wasm) throw new Error(`wrong builds loaded: native ${nativeId.loaded}, WebAssembly ${wasmId.loaded}`);
    options.log(`native: ${nativeId.loaded} (libvips ${nativeId.vips}, ${nativeId.concurrency} threads); WebAssembly: ${wasmId.loaded} (libvips ${wasmId.vips}, ${wasmId.concurrency} threads)`);
    const figures: Figure[] = [];
    for (const test of await makeCases(options.tempDir)) {
      await native.run(test.operation, test.file);
      await wasm.run(test.operation, test.file);
      const nativeTimes: number[] = [];
      const wasmTimes: number[] = [];
      const started = Date.now();
      while (anotherRun(options.pairs, wasmTimes.length, started)) {
        const wasmFirst = wasmTimes.length % 2 === 1;
        if (wasmFirst) wasmTimes.push(await wasm.run(test.operation, test.file));
        nativeTimes.push(await native.run(test.operation, test.file));
        if (!wasmFirst) wasmTimes.push(await wasm.run(test.operation, test.file));
      }
      options.log(`${test.operation} ${test.file}: native ${nativeTimes.map((t) => t.toFixed(0)).join(', ')} ms; WebAssembly ${wasmTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
      const wasmSummary = summarize(wasmTimes);
      figures.push({
        section: SECTION,
        name: test.name,
        unit: 'ms',
        result: wasmSummary,
        baseline: { name: 'native sharp', unit: 'ms', result: summarize(nativeTimes) },
        ratio: { result: summarize(pairwiseRatios(wasmTimes, nativeTimes)), unit: 'ratio', suffix: 'slower' },
        checks: [],
        note: `${test.note} Result = \`@img/sharp-wasm32\` (the universal package), baseline = \`@img/sharp-linux-x64\`, each in its own Node process running the same code; ratio = WebAssembly ÷ native per interleaved pair.`,
      });
    }
    return figures;
  } finally {
    native.close();
    wasm.close();
  }
}

/** `main.js --sharp-child` (with the redirect preloaded): answers the parent's requests with the sharp it was given. */
export function sharpChild(): Promise<void> {
  return new Promise((resolve) => {
    const send = (reply: Reply) => process.send?.(reply);
    process.on('disconnect', () => resolve());
    process.on('message', (message: { identify?: true; operation?: Operation; file?: string }) => {
      void (async () => {
        try {
          if (message.identify) {
            // Configured as the extension configures it (thread count, loaders) before it reports.
            loadSharp();
            const loaded = require.resolve('sharp');
            send({ wasm: 'emscripten' in sharp.versions, vips: sharp.versions.vips, concurrency: sharp.concurrency(), loaded });
            return;
          }
          const bytes = readFileSync(message.file ?? '');
          (globalThis as { gc?: () => void }).gc?.();
          await new Promise((wait) => setTimeout(wait, 100));
          const start = performance.now();
          const result = message.operation === 'verify' ? await verifyImage(bytes, 'result.png', { thumbnail: true }) : await prepareWithSharp(bytes);
          send({ ms: performance.now() - start, width: result.width, height: result.height });
        } catch (error) {
          send({ error: error instanceof Error ? error.message : String(error) });
        }
      })();
    });
  });
}
