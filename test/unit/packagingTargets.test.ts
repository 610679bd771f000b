// The real packages: all nine targets and the universal package built from this checkout
// (scripts/packaging/packageTargets.mjs, into a temporary folder, without touching node_modules
// or package-lock.json), each opened and held to what it must carry; then the linux-arm64
// package is run: extracted, its sharp loaded by Node for linux-arm64 under qemu-user, an image
// converted and compared; and the universal package the same way in this Node, where its
// sharp can only be the WebAssembly build.
// Slow (a minute or so): its own step of `npm test` (`npm run test:packages`), not the unit tier.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { fixturesDir } from '../fixturesDir';

const ROOT = process.cwd();
const temp = mkdtempSync(join(tmpdir(), 'image-studio-packages-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/**
 * What each target must carry, written out here rather than read from scripts/packaging/targets.mjs,
 * so the packager cannot agree with itself: the native packages, and the format, CPU and
 * C library of every native file in them.
 */
const EXPECTED: Record<string, { format: 'pe' | 'macho' | 'elf'; arch: 'x64' | 'arm64' | 'arm'; libc?: 'glibc' | 'musl'; packages: string[] }> = {
  'win32-x64': { format: 'pe', arch: 'x64', packages: ['@img/sharp-win32-x64'] },
  'win32-arm64': { format: 'pe', arch: 'arm64', packages: ['@img/sharp-win32-arm64'] },
  'darwin-x64': { format: 'macho', arch: 'x64', packages: ['@img/sharp-darwin-x64', '@img/sharp-libvips-darwin-x64'] },
  'darwin-arm64': { format: 'macho', arch: 'arm64', packages: ['@img/sharp-darwin-arm64', '@img/sharp-libvips-darwin-arm64'] },
  'linux-x64': { format: 'elf', arch: 'x64', libc: 'glibc', packages: ['@img/sharp-libvips-linux-x64', '@img/sharp-linux-x64'] },
  'linux-arm64': { format: 'elf', arch: 'arm64', libc: 'glibc', packages: ['@img/sharp-libvips-linux-arm64', '@img/sharp-linux-arm64'] },
  'linux-armhf': { format: 'elf', arch: 'arm', libc: 'glibc', packages: ['@img/sharp-libvips-linux-arm', '@img/sharp-linux-arm'] },
  'alpine-x64': { format: 'elf', arch: 'x64', libc: 'musl', packages: ['@img/sharp-libvips-linuxmusl-x64', '@img/sharp-linuxmusl-x64'] },
  'alpine-arm64': { format: 'elf', arch: 'arm64', libc: 'musl', packages: ['@img/sharp-libvips-linuxmusl-arm64', '@img/sharp-linuxmusl-arm64'] },
};

const NATIVE = /\.(node|dll|dylib|so(\.\d+)*)$/;

interface Report {
  seconds: number;
  results: Array<{ check: { target: string; file: string; bytes: number; problems: string[] } }>;
}

let report: Report;
const vsix = (target: string) => report.results.find((r) => r.check.target === target)?.check.file ?? assert.fail(`no package for ${target}`);

/** The scripts used here are ES modules: loaded once, before the tests. */
const loadScripts = async () => ({
  ...(await import('../../scripts/packaging/binaryHeader.mjs')),
  ...(await import('../../scripts/packaging/checkVsix.mjs')),
  ...(await import('../../scripts/packaging/zipReader.mjs')),
});
let scripts: Awaited<ReturnType<typeof loadScripts>>;

before(async () => {
  scripts = await loadScripts();
  const lockBefore = readFileSync(join(ROOT, 'package-lock.json'));
  const modulesBefore = statSync(join(ROOT, 'node_modules', '@img')).mtimeMs;
  const reportFile = join(temp, 'report.json');
  const result = spawnSync(
    process.execPath,
    ['scripts/packaging/packageTargets.mjs', '--targets', 'all', '--out', join(temp, 'vsix'), '--staging', join(temp, 'staging'), '--json', reportFile],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  process.stdout.write(result.stdout.replace(/^/gm, '# '));
  assert.equal(result.status, 0, `packageTargets.mjs failed:\n${result.stdout}${result.stderr}`);
  report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  assert.deepEqual(readFileSync(join(ROOT, 'package-lock.json')), lockBefore, 'package-lock.json untouched');
  assert.equal(statSync(join(ROOT, 'node_modules', '@img')).mtimeMs, modulesBefore, 'node_modules/@img untouched');
});

describe('every target, built from this checkout', () => {
  for (const [target, expected] of Object.entries(EXPECTED)) {
    test(`${target}: its own sharp and libvips, ${expected.format} ${expected.arch}${expected.libc ? ` ${expected.libc}` : ''}, nothing of another platform`, (t) => {
      const file = vsix(target);
      const entries = scripts.readZip(readFileSync(file));
      const manifest = entries.find((e) => e.name === 'extension.vsixmanifest')?.read().toString('utf8') ?? '';
      assert.match(manifest, new RegExp(`<Identity [^>]*TargetPlatform="${target}"`));

      const packages = [...new Set(entries.flatMap((e) => e.name.match(/^extension\/node_modules\/(@img\/[^/]+)\//)?.[1] ?? []))].sort();
      assert.deepEqual(packages, ['@img/colour', ...expected.packages].sort());

      const natives = entries.filter((e) => NATIVE.test(e.name));
      const bindings = natives.filter((e) => e.name.endsWith('.node'));
      assert.equal(bindings.length, 1, `one sharp binding: ${bindings.map((e) => e.name).join(', ')}`);
      assert.ok(natives.some((e) => /libvips-(cpp\.|42\.dll)/.test(e.name)), 'libvips is beside it');
      for (const entry of natives) {
        const header = scripts.readBinaryHeader(entry.read());
        assert.deepEqual(
          { format: header.format, arch: header.arch, ...(expected.libc ? { libc: header.libc } : {}) },
          { format: expected.format, arch: expected.arch, ...(expected.libc ? { libc: expected.libc } : {}) },
          entry.name,
        );
        assert.ok(expected.packages.some((name) => entry.name.startsWith(`extension/node_modules/${name}/`)), `${entry.name} is in the target's own package`);
      }
      assert.deepEqual(scripts.checkVsix(file, target).problems, [], 'scripts/packaging/checkVsix.mjs finds nothing wrong');
      const bytes = statSync(file).size;
      assert.ok(bytes <= 12 * 1024 * 1024, `${(bytes / 1048576).toFixed(2)} MB ≤ 12 MB`);
      t.diagnostic(`${target}: ${(bytes / 1048576).toFixed(2)} MB, ${entries.length} files`);
    });
  }

  test('the universal package: no target, sharp as WebAssembly only, no native file', (t) => {
    const file = vsix('universal');
    const entries = scripts.readZip(readFileSync(file));
    const manifest = entries.find((e) => e.name === 'extension.vsixmanifest')?.read().toString('utf8') ?? '';
    assert.match(manifest, /<Identity [^>]*Id="image-studio"/);
    assert.doesNotMatch(manifest, /TargetPlatform=/, 'a universal package names no target');
    const packages = [...new Set(entries.flatMap((e) => e.name.match(/^extension\/node_modules\/(@[^/]+\/[^/]+)\//)?.[1] ?? []))].sort();
    assert.deepEqual(packages, ['@emnapi/runtime', '@img/colour', '@img/sharp-wasm32']);
    const natives = entries.filter((e) => NATIVE.test(e.name) || /^(\x7fELF|MZ|\xcf\xfa\xed\xfe|\xca\xfe\xba\xbe)/.test(e.read().subarray(0, 4).toString('latin1')));
    assert.deepEqual(natives.map((e) => e.name), [], 'no native file');
    const wasm = entries.filter((e) => e.name.endsWith('.wasm'));
    assert.deepEqual(wasm.map((e) => e.name), ['extension/node_modules/@img/sharp-wasm32/lib/sharp-wasm32-0.35.5.node.wasm']);
    // Node's WebAssembly (the project's TypeScript libraries do not declare it).
    const { WebAssembly: engine } = globalThis as unknown as { WebAssembly: { validate: (bytes: Uint8Array) => boolean } };
    assert.ok(engine.validate(wasm[0].read()), 'a valid WebAssembly module');
    assert.deepEqual(scripts.checkVsix(file, 'universal').problems, [], 'scripts/packaging/checkVsix.mjs finds nothing wrong');
    const bytes = statSync(file).size;
    assert.ok(bytes <= 12 * 1024 * 1024, `${(bytes / 1048576).toFixed(2)} MB ≤ 12 MB`);
    t.diagnostic(`universal: ${(bytes / 1048576).toFixed(2)} MB, ${entries.length} files, WebAssembly ${(wasm[0].read().length / 1048576).toFixed(2)} MB unpacked`);
  });

  test('all ten in one run', (t) => {
    assert.deepEqual(report.results.map((r) => r.check.target).sort(), [...Object.keys(EXPECTED), 'universal'].sort());
    t.diagnostic(`packageTargets.mjs --targets all: ${report.seconds.toFixed(1)} s`);
  });
});

/** Extracts a package's files (extension/…) into `folder`; returns the extension's folder. */
function extract(file: string, folder: string): string {
  for (const entry of scripts.readZip(readFileSync(file))) {
    if (!entry.name.startsWith('extension/')) continue;
    const path = join(folder, entry.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.read());
  }
  return join(folder, 'extension');
}

interface ProbeResult {
  platform: string; arch: string; node: string; vips: string; natives: string[]; wasm: string[];
  webp: unknown[]; png: unknown[]; thumbnail: unknown[];
}

/** What the probe made must be the input, losslessly, both ways; the thumbnail 16x16 JPEG. */
async function assertConversions(result: ProbeResult, input: string, out: string, where: string): Promise<void> {
  const original = await sharp(input).metadata();
  assert.deepEqual(result.webp, ['webp', original.width, original.height]);
  assert.deepEqual(result.png, ['png', original.width, original.height]);
  assert.deepEqual(result.thumbnail, ['jpeg', 16, 16]);
  const pixels = (file: string) => sharp(file).ensureAlpha().raw().toBuffer();
  assert.ok((await pixels(join(out, 'back.png'))).equals(await pixels(input)), `pixels survive PNG → WebP → PNG ${where}`);
  assert.equal((await sharp(join(out, 'converted.webp')).metadata()).format, 'webp', `the WebP made ${where} reads back with the native build`);
}

/** Runs in the emulated Node: loads the package's sharp, converts the image both ways, reports. */
const PROBE = `
const { readFileSync, writeFileSync } = require('node:fs');
const [extension, input, out] = process.argv.slice(2);
const sharp = require(extension + '/node_modules/sharp');
(async () => {
  const webp = await sharp(readFileSync(input)).webp({ lossless: true }).toBuffer();
  writeFileSync(out + '/converted.webp', webp);
  const png = await sharp(webp).png().toBuffer();
  writeFileSync(out + '/back.png', png);
  const thumbnail = await sharp(readFileSync(input)).resize(16, 16, { fit: 'fill' }).jpeg().toBuffer();
  const natives = Object.keys(require.cache).filter((path) => path.endsWith('.node'));
  const wasm = Object.keys(require.cache).filter((path) => path.endsWith('.node.js'));
  console.log(JSON.stringify({
    platform: process.platform, arch: process.arch, node: process.version, vips: sharp.versions.vips, natives, wasm,
    webp: await sharp(webp).metadata().then((m) => [m.format, m.width, m.height]),
    png: await sharp(png).metadata().then((m) => [m.format, m.width, m.height]),
    thumbnail: await sharp(thumbnail).metadata().then((m) => [m.format, m.width, m.height]),
  }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

describe('the linux-arm64 package, run', () => {
  test('under qemu-user, Node for linux-arm64 loads its sharp and converts PNG → WebP → PNG', async (t) => {
    const skipped = process.env.IMAGE_STUDIO_ARM64_SKIP;
    const qemu = process.env.IMAGE_STUDIO_QEMU;
    const sysroot = process.env.IMAGE_STUDIO_ARM64_SYSROOT;
    const node = process.env.IMAGE_STUDIO_ARM64_NODE;
    if (skipped || !qemu || !sysroot || !node) {
      t.skip(`SKIPPED: ${skipped ?? 'no emulator given (run it through npm run test:packages, which sets it up)'}`);
      return;
    }
    const extension = extract(vsix('linux-arm64'), join(temp, 'linux-arm64'));
    const probe = join(temp, 'probe.cjs');
    writeFileSync(probe, PROBE);
    const out = join(temp, 'arm64-out');
    mkdirSync(out);
    const input = join(fixturesDir(), 'with-alpha.png');

    const started = Date.now();
    const run = spawnSync(qemu, ['-L', sysroot, node, probe, extension, input, out], { encoding: 'utf8', timeout: 300_000 });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(run.status, 0, `the emulated run failed (${run.signal ?? run.status}):\n${run.stdout}${run.stderr}`);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as ProbeResult;

    assert.deepEqual([result.platform, result.arch], ['linux', 'arm64']);
    assert.deepEqual(result.natives, [join(extension, 'node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node')], "the package's own binding");
    // Lossless both ways: the arm64 round trip gives back exactly the original's pixels.
    await assertConversions(result, input, out, 'on arm64');
    t.diagnostic(`qemu-aarch64, Node ${result.node} linux-arm64, libvips ${result.vips}: ${seconds.toFixed(1)} s`);
  });
});

describe('the universal package, run', () => {
  test('in this Node, without flags, its sharp is the WebAssembly build and converts PNG → WebP → PNG', async (t) => {
    // Extracted outside the project: no node_modules above it holds a native sharp, so sharp's
    // loader falls through every native package to @img/sharp-wasm32, as on a platform without one.
    const extension = extract(vsix('universal'), join(temp, 'universal'));
    const probe = join(temp, 'probe-universal.cjs');
    writeFileSync(probe, PROBE);
    const out = join(temp, 'universal-out');
    mkdirSync(out);
    const input = join(fixturesDir(), 'with-alpha.png');

    const started = Date.now();
    const run = spawnSync(process.execPath, [probe, extension, input, out], { encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH } });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(run.status, 0, `the WebAssembly run failed (${run.signal ?? run.status}):\n${run.stdout}${run.stderr}`);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as ProbeResult;

    assert.deepEqual(result.natives, [], 'no native module loaded');
    assert.deepEqual(result.wasm, [join(extension, 'node_modules/@img/sharp-wasm32/lib/sharp-wasm32-0.35.5.node.js')], "the package's WebAssembly build");
    assert.equal(result.vips, sharp.versions.vips, 'the same libvips as the native build');
    await assertConversions(result, input, out, 'by the WebAssembly build');
    t.diagnostic(`Node ${result.node} ${result.platform}-${result.arch}, sharp WebAssembly, libvips ${result.vips}: ${seconds.toFixed(1)} s`);
  });
});
