// The packaging checks themselves, fast, on made-up packages: the binary header reader
// (PE / Mach-O / ELF, CPU, C library), the .vsix check (target, binding, libvips, stray
// platforms, test/source/tooling files, run-time requires, size), the per-target ignore
// file, the staged manifest and lock, and what publish:dry refuses. The real packages are
// built and checked by packagingTargets.test.ts (its own step of `npm test`).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

const ROOT = process.cwd();

/** The scripts under test are ES modules: loaded once, before the tests. */
const loadScripts = async () => ({
  ...(await import('../../scripts/packaging/binaryHeader.mjs')),
  ...(await import('../../scripts/packaging/checkVsix.mjs')),
  ...(await import('../../scripts/packaging/marketplaceChecks.mjs')),
  ...(await import('../../scripts/packaging/stagedPackage.mjs')),
  ...(await import('../../scripts/packaging/targets.mjs')),
});
let scripts: Awaited<ReturnType<typeof loadScripts>>;
type PackageLock = Parameters<typeof scripts.runtimeLock>[0];
before(async () => {
  scripts = await loadScripts();
});

const ELF_MACHINE = { x64: 0x3e, arm64: 0xb7, arm: 0x28 } as const;

/** A minimal ELF shared object: header, .dynstr and .dynamic with DT_NEEDED entries, section table. */
function fakeElf(cpu: keyof typeof ELF_MACHINE, needed: string[]): Buffer {
  const is64 = cpu !== 'arm';
  const headerSize = is64 ? 64 : 52;
  const strings = Buffer.from(`\0${needed.join('\0')}\0`, 'latin1');
  const offsets = needed.map((_, index) => 1 + needed.slice(0, index).reduce((sum, name) => sum + name.length + 1, 0));
  const entrySize = is64 ? 16 : 8;
  const dynamic = Buffer.alloc((needed.length + 1) * entrySize);
  offsets.forEach((offset, index) => {
    if (is64) {
      dynamic.writeBigUInt64LE(1n, index * entrySize);
      dynamic.writeBigUInt64LE(BigInt(offset), index * entrySize + 8);
    } else {
      dynamic.writeUInt32LE(1, index * entrySize);
      dynamic.writeUInt32LE(offset, index * entrySize + 4);
    }
  });
  const stringsAt = headerSize;
  const dynamicAt = stringsAt + strings.length + ((8 - (strings.length % 8)) % 8);
  const sectionsAt = dynamicAt + dynamic.length;
  const sectionSize = is64 ? 64 : 40;
  const file = Buffer.alloc(sectionsAt + 3 * sectionSize);
  file.writeUInt32BE(0x7f454c46, 0);
  file[4] = is64 ? 2 : 1;
  file[5] = 1;
  file[6] = 1;
  file.writeUInt16LE(3, 16);
  file.writeUInt16LE(ELF_MACHINE[cpu], 18);
  if (is64) {
    file.writeBigUInt64LE(BigInt(sectionsAt), 0x28);
    file.writeUInt16LE(sectionSize, 0x3a);
    file.writeUInt16LE(3, 0x3c);
  } else {
    file.writeUInt32LE(sectionsAt, 0x20);
    file.writeUInt16LE(sectionSize, 0x2e);
    file.writeUInt16LE(3, 0x30);
  }
  strings.copy(file, stringsAt);
  dynamic.copy(file, dynamicAt);
  const section = (index: number, type: number, offset: number, size: number, link: number) => {
    const at = sectionsAt + index * sectionSize;
    file.writeUInt32LE(type, at + 4);
    if (is64) {
      file.writeBigUInt64LE(BigInt(offset), at + 0x18);
      file.writeBigUInt64LE(BigInt(size), at + 0x20);
      file.writeUInt32LE(link, at + 0x28);
    } else {
      file.writeUInt32LE(offset, at + 0x10);
      file.writeUInt32LE(size, at + 0x14);
      file.writeUInt32LE(link, at + 0x18);
    }
  };
  section(1, 3, stringsAt, strings.length, 0);
  section(2, 6, dynamicAt, dynamic.length, 1);
  return file;
}

function fakePe(machine: number): Buffer {
  const file = Buffer.alloc(0x80);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x40, 0x3c);
  file.writeUInt32BE(0x50450000, 0x40);
  file.writeUInt16LE(machine, 0x44);
  file.writeUInt16LE(0x20b, 0x40 + 24);
  return file;
}

function fakeMachO(cpuType: number): Buffer {
  const file = Buffer.alloc(32);
  file.writeUInt32LE(0xfeedfacf, 0);
  file.writeUInt32LE(cpuType, 4);
  return file;
}

/** A zip of stored entries, as a .vsix is read. */
function zip(files: Record<string, Buffer | string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A well-formed linux-arm64 package, with `changes` applied (undefined removes a file). */
function linuxArm64Package(changes: Record<string, Buffer | string | undefined> = {}): Buffer {
  const files: Record<string, Buffer | string | undefined> = {
    'extension.vsixmanifest': '<PackageManifest><Metadata><Identity Language="en-US" Id="image-studio" Version="0.1.0" Publisher="image-studio" TargetPlatform="linux-arm64"/></Metadata></PackageManifest>',
    '[Content_Types].xml': '<Types/>',
    'extension/package.json': '{"name":"image-studio"}',
    'extension/readme.md': '# Image Studio',
    'extension/LICENSE.txt': 'MIT',
    'extension/media/icon.png': Buffer.alloc(8),
    // ajv keeps require calls as text for validators it writes: not a require of ours.
    'extension/dist/extension.js': `const vscode=require("vscode");const fs=require("node:fs");const sharp=require("sharp");W.code='require("ajv/dist/runtime/equal")';`,
    'extension/node_modules/sharp/package.json': '{}',
    'extension/node_modules/sharp/dist/index.cjs': 'module.exports = {};',
    'extension/node_modules/@img/colour/index.cjs': '',
    'extension/node_modules/@img/sharp-linux-arm64/package.json': '{}',
    'extension/node_modules/@img/sharp-linux-arm64/index.cjs': '',
    'extension/node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node': fakeElf('arm64', ['libvips-cpp.so.8.18.7', 'libstdc++.so.6', 'libc.so.6']),
    'extension/node_modules/@img/sharp-libvips-linux-arm64/package.json': '{}',
    'extension/node_modules/@img/sharp-libvips-linux-arm64/lib/libvips-cpp.so.8.18.7': fakeElf('arm64', ['libstdc++.so.6', 'libc.so.6']),
    ...changes,
  };
  return zip(Object.fromEntries(Object.entries(files).filter((entry): entry is [string, Buffer | string] => entry[1] !== undefined)));
}

/** WebAssembly's magic number and version 1, then an empty module's worth of bytes. */
const WASM_MODULE = Buffer.concat([Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]), Buffer.alloc(8)]);
const WASM_PATH = 'extension/node_modules/@img/sharp-wasm32/lib/sharp-wasm32-0.35.5.node.wasm';

/** A well-formed universal package (sharp's WebAssembly build, no target), with `changes` applied. */
function universalPackage(changes: Record<string, Buffer | string | undefined> = {}): Buffer {
  return linuxArm64Package({
    'extension/node_modules/@img/sharp-linux-arm64/package.json': undefined,
    'extension/node_modules/@img/sharp-linux-arm64/index.cjs': undefined,
    'extension/node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node': undefined,
    'extension/node_modules/@img/sharp-libvips-linux-arm64/package.json': undefined,
    'extension/node_modules/@img/sharp-libvips-linux-arm64/lib/libvips-cpp.so.8.18.7': undefined,
    'extension.vsixmanifest': '<PackageManifest><Metadata><Identity Language="en-US" Id="image-studio" Version="0.1.0" Publisher="image-studio"/></Metadata></PackageManifest>',
    'extension/node_modules/@img/sharp-wasm32/package.json': '{}',
    'extension/node_modules/@img/sharp-wasm32/index.cjs': "module.exports = require('./lib/sharp-wasm32-0.35.5.node');",
    'extension/node_modules/@img/sharp-wasm32/lib/sharp-wasm32-0.35.5.node.js': 'require("@emnapi/runtime");',
    [WASM_PATH]: WASM_MODULE,
    'extension/node_modules/@emnapi/runtime/package.json': '{}',
    'extension/node_modules/@emnapi/runtime/index.js': '',
    'extension/node_modules/@emnapi/runtime/dist/emnapi.cjs.js': '',
    'extension/node_modules/@emnapi/runtime/dist/emnapi.cjs.min.js': '',
    ...changes,
  });
}

function problemsOf(bytes: Buffer, target = 'linux-arm64', maxBytes?: number): string[] {
  return scripts.checkVsix(`${target}.vsix`, target, { bytes, maxBytes }).problems;
}

describe('binary headers', () => {
  test('PE, Mach-O and ELF: format and architecture', () => {
    assert.deepEqual(scripts.readBinaryHeader(fakePe(0x8664)), { format: 'pe', arch: 'x64', bits: 64 });
    assert.deepEqual(scripts.readBinaryHeader(fakePe(0xaa64)), { format: 'pe', arch: 'arm64', bits: 64 });
    assert.deepEqual(scripts.readBinaryHeader(fakeMachO(0x01000007)), { format: 'macho', arch: 'x64', bits: 64 });
    assert.deepEqual(scripts.readBinaryHeader(fakeMachO(0x0100000c)), { format: 'macho', arch: 'arm64', bits: 64 });
    assert.equal(scripts.readBinaryHeader(fakePe(0x14c)).arch, 'ia32');
  });

  test('ELF: the C library from DT_NEEDED, 64- and 32-bit', () => {
    assert.deepEqual(scripts.readBinaryHeader(fakeElf('x64', ['libstdc++.so.6', 'libc.so.6'])), {
      format: 'elf', arch: 'x64', bits: 64, needed: ['libstdc++.so.6', 'libc.so.6'], libc: 'glibc',
    });
    assert.equal(scripts.readBinaryHeader(fakeElf('arm64', ['libc.musl-aarch64.so.1'])).libc, 'musl');
    const arm = scripts.readBinaryHeader(fakeElf('arm', ['libc.so.6', 'ld-linux-armhf.so.3']));
    assert.deepEqual([arm.arch, arm.bits, arm.libc, arm.needed], ['arm', 32, 'glibc', ['libc.so.6', 'ld-linux-armhf.so.3']]);
    assert.equal(scripts.readBinaryHeader(fakeElf('x64', [])).libc, 'unknown');
  });

  test("this machine's own sharp binding and libvips", { skip: process.platform !== 'linux' || process.arch !== 'x64' ? 'reads the linux-x64 packages npm installed here' : false }, () => {
    const binding = scripts.readBinaryHeader(readFileSync(join(ROOT, 'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node')));
    assert.deepEqual([binding.format, binding.arch, binding.libc], ['elf', 'x64', 'glibc']);
    assert.ok(binding.needed?.some((name) => name.startsWith('libvips-cpp.so.')), 'the binding links libvips');
  });

  test('refuses what is not one architecture of a known format', () => {
    const fat = Buffer.alloc(16);
    fat.writeUInt32BE(0xcafebabe, 0);
    assert.throws(() => scripts.readBinaryHeader(fat), /universal \(fat\) Mach-O/);
    assert.throws(() => scripts.readBinaryHeader(Buffer.from('#!/bin/sh\necho not a library\n'.repeat(4))), /not a PE, Mach-O or ELF file/);
    const peWithoutSignature = fakePe(0x8664);
    peWithoutSignature.writeUInt32BE(0, 0x40);
    assert.throws(() => scripts.readBinaryHeader(peWithoutSignature), /MZ header without a PE signature/);
  });
});

describe('the .vsix check', () => {
  test('a well-formed package passes, and says what it carries', () => {
    const check = scripts.checkVsix('linux-arm64.vsix', 'linux-arm64', { bytes: linuxArm64Package() });
    assert.deepEqual(check.problems, []);
    assert.equal(check.manifestTarget, 'linux-arm64');
    assert.deepEqual(check.binding, { path: '@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node', format: 'elf', arch: 'arm64', libc: 'glibc' });
    assert.equal(check.libvips?.path, '@img/sharp-libvips-linux-arm64/lib/libvips-cpp.so.8.18.7');
    assert.deepEqual(check.packages, ['@img/colour', '@img/sharp-libvips-linux-arm64', '@img/sharp-linux-arm64']);
  });

  test("another platform's package is refused, native or not", () => {
    assert.deepEqual(
      problemsOf(linuxArm64Package({ 'extension/node_modules/@img/sharp-linux-x64/package.json': '{}' })),
      ["another platform's package: @img/sharp-linux-x64", 'extension/node_modules/@img/sharp-linux-x64/package.json: not something the package should carry'],
    );
    const stray = problemsOf(linuxArm64Package({ 'extension/node_modules/@img/sharp-win32-x64/lib/sharp-win32-x64-0.35.5.node': fakePe(0x8664) }));
    assert.ok(stray.includes("another platform's package: @img/sharp-win32-x64"), stray.join('\n'));
    assert.ok(stray.some((p) => p.includes('format pe, architecture x64')), stray.join('\n'));
    assert.ok(stray.some((p) => p.startsWith('expected exactly one sharp binding')), stray.join('\n'));
  });

  test('a binding of the wrong architecture, format or C library is refused', () => {
    const binding = 'extension/node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node';
    assert.deepEqual(problemsOf(linuxArm64Package({ [binding]: fakeElf('x64', ['libc.so.6']) })), [
      `${binding}: architecture x64; linux-arm64 needs elf arm64 glibc`,
    ]);
    assert.deepEqual(problemsOf(linuxArm64Package({ [binding]: fakeElf('arm64', ['libc.musl-aarch64.so.1']) })), [
      `${binding}: C library musl; linux-arm64 needs elf arm64 glibc`,
    ]);
    assert.deepEqual(problemsOf(linuxArm64Package({ [binding]: fakeMachO(0x0100000c) })), [
      `${binding}: format macho; linux-arm64 needs elf arm64 glibc`,
    ]);
  });

  test('a missing binding or libvips, and a universal package, are refused', () => {
    assert.deepEqual(problemsOf(linuxArm64Package({ 'extension/node_modules/@img/sharp-libvips-linux-arm64/lib/libvips-cpp.so.8.18.7': undefined })), [
      'no libvips library beside the binding (in @img/sharp-libvips-linux-arm64/lib/)',
    ]);
    assert.deepEqual(problemsOf(linuxArm64Package({ 'extension/node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node': undefined })), [
      'expected exactly one sharp binding in @img/sharp-linux-arm64/lib/, found none',
    ]);
    const universal = linuxArm64Package({ 'extension.vsixmanifest': '<PackageManifest><Metadata><Identity Id="image-studio"/></Metadata></PackageManifest>' });
    assert.deepEqual(problemsOf(universal), ["the manifest's target is missing (a universal package), not linux-arm64"]);
    assert.deepEqual(problemsOf(linuxArm64Package(), 'alpine-arm64').slice(0, 1), ["the manifest's target is linux-arm64, not alpine-arm64"]);
  });

  test('the universal package passes with the WebAssembly build in place of binding and libvips', () => {
    const check = scripts.checkVsix('universal.vsix', 'universal', { bytes: universalPackage() });
    assert.deepEqual(check.problems, []);
    assert.equal(check.manifestTarget, undefined);
    assert.deepEqual(check.binding, { path: '@img/sharp-wasm32/lib/sharp-wasm32-0.35.5.node.wasm', format: 'wasm', arch: 'wasm32' });
    assert.equal(check.libvips, undefined);
    assert.deepEqual(check.packages, ['@img/colour', '@img/sharp-wasm32']);
    assert.match(scripts.describeCheck(check), /^ok {3}universal .* sharp: WebAssembly wasm32 · libvips: in the WebAssembly$/);
  });

  test('the universal package: a native file, a target, or a missing or broken WebAssembly build is refused', () => {
    const binding = 'extension/node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node';
    assert.deepEqual(problemsOf(universalPackage({ [binding]: fakeElf('x64', ['libc.so.6']) }), 'universal'), [
      "another platform's package: @img/sharp-linux-x64",
      `${binding}: a native file (elf x64) in the universal package, which must run on any platform`,
    ]);
    // A native file hidden under an innocent name is found by its header.
    assert.deepEqual(problemsOf(universalPackage({ 'extension/node_modules/@emnapi/runtime/index.js': fakePe(0x8664) }), 'universal'), [
      'extension/node_modules/@emnapi/runtime/index.js: a native file (pe x64) in the universal package, which must run on any platform',
    ]);
    assert.deepEqual(problemsOf(universalPackage({ 'extension.vsixmanifest': '<Identity Id="x" TargetPlatform="linux-x64"/>' }), 'universal'), [
      "the manifest's target is linux-x64; the universal package has none",
    ]);
    assert.deepEqual(problemsOf(universalPackage({ [WASM_PATH]: Buffer.from('not WebAssembly at all') }), 'universal'), [
      `${WASM_PATH}: not a WebAssembly module`,
      'no WebAssembly module in @img/sharp-wasm32/lib/ (sharp-wasm32-<version>.node.wasm)',
    ]);
    assert.deepEqual(problemsOf(universalPackage({
      'extension/node_modules/@img/sharp-wasm32/lib/sharp-wasm32-0.35.5.node.js': undefined,
      'extension/node_modules/@emnapi/runtime/dist/emnapi.cjs.js': undefined,
    }), 'universal'), [
      'no loader for the WebAssembly in @img/sharp-wasm32/lib/ (sharp-wasm32-<version>.node.js)',
      "no @emnapi/runtime/dist/emnapi.cjs.js: sharp's WebAssembly loader requires it",
    ]);
    // @emnapi/runtime belongs to the universal package only.
    assert.deepEqual(problemsOf(linuxArm64Package({ 'extension/node_modules/@emnapi/runtime/index.js': '' })), [
      'extension/node_modules/@emnapi/runtime/index.js: not something the package should carry',
    ]);
  });

  test('test, source and tooling files are refused, and anything not on the list', () => {
    const problems = problemsOf(linuxArm64Package({
      'extension/src/extension.ts': 'export {}',
      'extension/test/unit/a.test.js': '',
      'extension/dist/extension.js.map': '{}',
      'extension/tsconfig.json': '{}',
      'extension/package-lock.json': '{}',
      'extension/webview/studio/main.ts': '',
      'extension/node_modules/sharp/src/sharp.cc': '',
      'extension/node_modules/@img/sharp-libvips-linux-arm64/lib/glib-2.0/include/glibconfig.h': '',
      'extension/BENCHMARKS.md': '',
      'extension/node_modules/sharp/dist/index.d.mts': '',
      'extension/media/readme/studio.png': '',
    }));
    assert.deepEqual(problems, [
      'extension/src/extension.ts: a source folder in the package',
      'extension/test/unit/a.test.js: a test folder in the package',
      'extension/dist/extension.js.map: a source map or build state in the package',
      'extension/tsconfig.json: a tooling file in the package',
      'extension/package-lock.json: a tooling file in the package',
      'extension/webview/studio/main.ts: source or tooling in the package',
      'extension/node_modules/sharp/src/sharp.cc: a source folder in the package',
      'extension/node_modules/@img/sharp-libvips-linux-arm64/lib/glib-2.0/include/glibconfig.h: C/C++ source or build file in the package',
      'extension/BENCHMARKS.md: not something the package should carry',
      'extension/node_modules/sharp/dist/index.d.mts: not something the package should carry',
      "extension/media/readme/studio.png: one of the README's pictures (the gallery loads them from the repository) in the package",
    ]);
  });

  test('a bundle requiring a package the .vsix does not carry is refused', () => {
    assert.deepEqual(problemsOf(linuxArm64Package({ 'extension/dist/features.js': 'const o=require("openai");const p=require("node:path");' })), [
      "extension/dist/features.js requires 'openai' at run time, which the package does not carry",
    ]);
  });

  test('a manifest whose %key% texts the package does not define is refused', () => {
    const manifest = '{"name":"image-studio","displayName":"%displayName%","contributes":{"commands":[{"command":"a","title":"%command.a.title%"}]}}';
    const texts = { 'extension/package.json': manifest, 'extension/package.nls.json': '{"displayName":"Image Studio","command.a.title":"A"}', 'extension/package.nls.zh-cn.json': '{}' };
    assert.deepEqual(problemsOf(linuxArm64Package(texts)), []);
    assert.deepEqual(problemsOf(linuxArm64Package({ ...texts, 'extension/package.nls.json': undefined })), [
      'extension/package.json refers to 2 texts (%key%) but the package has no extension/package.nls.json',
    ]);
    assert.deepEqual(problemsOf(linuxArm64Package({ ...texts, 'extension/package.nls.json': '{"displayName":"Image Studio"}' })), [
      'extension/package.nls.json does not define %command.a.title%',
    ]);
  });

  test('a package above the size limit is refused', () => {
    const bytes = linuxArm64Package();
    assert.deepEqual(problemsOf(bytes, 'linux-arm64', bytes.length - 1).map((p) => p.replace(/[\d.]+ MB/g, 'N MB')), ['N MB is above the N MB limit']);
  });

  test('Windows carries libvips inside its sharp package', () => {
    const problems = problemsOf(zip({
      'extension.vsixmanifest': '<Identity Id="x" TargetPlatform="win32-arm64"/>',
      'extension/package.json': '{}',
      'extension/node_modules/@img/sharp-win32-arm64/lib/sharp-win32-arm64-0.35.5.node': fakePe(0xaa64),
      'extension/node_modules/@img/sharp-win32-arm64/lib/libvips-42.dll': fakePe(0xaa64),
      'extension/node_modules/@img/sharp-win32-arm64/lib/libvips-cpp-8.18.7.dll': fakePe(0x8664),
    }), 'win32-arm64');
    assert.deepEqual(problems, ['extension/node_modules/@img/sharp-win32-arm64/lib/libvips-cpp-8.18.7.dll: architecture x64; win32-arm64 needs pe arm64']);
  });
});

describe('targets and staging', () => {
  test('the nine targets VS Code publishes platform packages for', () => {
    assert.deepEqual(scripts.TARGETS.map((t) => t.target), [
      'win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64', 'linux-x64', 'linux-arm64', 'linux-armhf', 'alpine-x64', 'alpine-arm64',
    ]);
  });

  test('the universal package comes after them, installed with --cpu=wasm32 only', () => {
    assert.deepEqual(scripts.ALL_PACKAGES.map((t) => t.target), [...scripts.TARGETS.map((t) => t.target), 'universal']);
    assert.equal(scripts.targetNamed('universal'), scripts.UNIVERSAL);
    assert.deepEqual(scripts.npmPlatformFlags(scripts.UNIVERSAL), ['--cpu=wasm32']);
    assert.deepEqual(scripts.npmPlatformFlags(scripts.targetNamed('alpine-arm64')), ['--os=linux', '--cpu=arm64', '--libc=musl']);
    assert.deepEqual(scripts.npmPlatformFlags(scripts.targetNamed('win32-x64')), ['--os=win32', '--cpu=x64']);
    assert.equal(scripts.vsixName({ name: 'image-studio', version: '0.1.0' }, scripts.UNIVERSAL), 'image-studio-universal-0.1.0.vsix');
  });

  test("this machine's target", () => {
    assert.equal(scripts.hostTarget({ platform: 'linux', arch: 'x64', musl: false })?.target, 'linux-x64');
    assert.equal(scripts.hostTarget({ platform: 'linux', arch: 'arm64', musl: true })?.target, 'alpine-arm64');
    assert.equal(scripts.hostTarget({ platform: 'linux', arch: 'arm', musl: false })?.target, 'linux-armhf');
    assert.equal(scripts.hostTarget({ platform: 'darwin', arch: 'arm64', musl: false })?.target, 'darwin-arm64');
    assert.equal(scripts.hostTarget({ platform: 'win32', arch: 'ia32', musl: false }), undefined);
  });

  test("each target's ignore file re-includes only its own sharp packages", () => {
    const source = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(source, /@img\/sharp-\*\//, 'the project file names every platform');
    for (const target of scripts.TARGETS) {
      const ignore = scripts.ignoreFileFor(source, target).split('\n').filter((line) => !line.startsWith('#')).join('\n');
      assert.doesNotMatch(ignore, /@img\/sharp-(libvips-)?\*/, `${target.target}: no wildcard left`);
      const named = new Set([...ignore.matchAll(/@img\/(sharp-[\w-]+)\//g)].map((m) => m[1]));
      const expected = target.os === 'win32' ? [`sharp-${target.platform}`] : [`sharp-${target.platform}`, `sharp-libvips-${target.platform}`];
      assert.deepEqual([...named].sort(), expected.sort(), target.target);
    }
    const universal = scripts.ignoreFileFor(source, scripts.UNIVERSAL).split('\n').filter((line) => !line.startsWith('#')).join('\n');
    assert.deepEqual([...new Set([...universal.matchAll(/@img\/(sharp-[\w-]+)\//g)].map((m) => m[1]))], ['sharp-wasm32']);
    assert.match(universal, /^!node_modules\/@img\/sharp-wasm32\/lib\/\*\.node\.wasm$/m, 'the WebAssembly is re-included');
  });

  test('the staged lock installs sharp and its platform packages, nothing else', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as PackageLock;
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    const staged = scripts.stagedManifest(manifest);
    assert.deepEqual(Object.keys(staged.dependencies), ['sharp']);
    for (const field of ['devDependencies', 'scripts', 'allowScripts']) assert.equal(field in staged, false, field);
    assert.deepEqual(staged.contributes, manifest.contributes);
    const slice = scripts.runtimeLock(lock, staged.dependencies);
    const paths = Object.keys(slice.packages);
    assert.deepEqual(slice.packages['']?.dependencies, staged.dependencies);
    assert.ok(paths.includes('node_modules/sharp') && paths.includes('node_modules/detect-libc') && paths.includes('node_modules/@img/colour'));
    for (const target of scripts.TARGETS) {
      assert.ok(paths.includes(`node_modules/@img/sharp-${target.platform}`), `${target.target}: its sharp package is in the lock`);
    }
    assert.ok(paths.includes('node_modules/@img/sharp-wasm32') && paths.includes('node_modules/@emnapi/runtime'), "the universal package's WebAssembly build is in the lock");
    assert.deepEqual(paths.filter((p) => /openai|typescript|esbuild|@vscode\//.test(p)), []);
    assert.equal(scripts.targetNamed('linux-armhf').platform, 'linux-arm');
  });
});

describe('what publish:dry refuses', () => {
  const files = { exists: (path: string) => ['LICENSE', 'CHANGELOG.md', 'media/icon.png'].includes(path) };
  const good = {
    name: 'image-studio', displayName: 'Image Studio', description: 'Images.', version: '0.1.0', publisher: 'image-studio',
    license: 'MIT', icon: 'media/icon.png', repository: { type: 'git', url: 'https://github.com/image-studio/image-studio.git' },
    bugs: { url: 'https://github.com/image-studio/image-studio/issues' }, homepage: 'https://github.com/image-studio/image-studio#readme',
    categories: ['AI', 'Machine Learning'], keywords: ['openai'], galleryBanner: { color: '#312e81', theme: 'dark' },
    qna: 'marketplace', extensionKind: ['workspace'], engines: { vscode: '^1.106.0' }, activationEvents: [],
  };

  test('the project manifest, and a complete one, pass', () => {
    assert.deepEqual(scripts.manifestProblems(good, files), []);
    const project = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(scripts.manifestProblems(project, { exists: (path) => files.exists(path) }), []);
    assert.deepEqual(scripts.iconProblems(readFileSync(join(ROOT, 'media/icon.png'))), []);
  });

  test('missing fields, an SVG icon, unknown categories, http links', () => {
    const { repository: _r, qna: _q, ...missing } = good;
    assert.deepEqual(scripts.manifestProblems(missing, files), ['package.json: no "repository"', 'package.json: no "qna"']);
    assert.deepEqual(scripts.manifestProblems({ ...good, icon: 'media/icon.svg' }, files), [
      'package.json: the icon is an SVG (media/icon.svg); the Marketplace and Open VSX need a PNG',
    ]);
    assert.match(scripts.manifestProblems({ ...good, categories: ['Images'] }, files)[0] ?? '', /^package.json: unknown category "Images"/);
    assert.deepEqual(scripts.manifestProblems({ ...good, homepage: 'http://example.com' }, files), ['package.json: "homepage" is not an https URL (http://example.com)']);
    assert.deepEqual(scripts.manifestProblems({ ...good, keywords: Array.from({ length: 31 }, (_, i) => `k${i}`) }, files), [
      'package.json: 31 keywords; the Marketplace takes at most 30',
    ]);
    assert.deepEqual(scripts.manifestProblems(good, { exists: () => false }), [
      'package.json: the icon media/icon.png does not exist',
      'no LICENSE file (Open VSX refuses a package without one)',
      'no CHANGELOG.md',
    ]);
  });

  test('an icon that is not a square PNG of at least 128 px', () => {
    const png = (width: number, height: number) => {
      const bytes = Buffer.alloc(33);
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
      bytes.write('IHDR', 12, 'latin1');
      bytes.writeUInt32BE(width, 16);
      bytes.writeUInt32BE(height, 20);
      return bytes;
    };
    assert.deepEqual(scripts.iconProblems(png(128, 128)), []);
    assert.deepEqual(scripts.iconProblems(png(64, 64)), ['the icon is 64x64; the Marketplace needs at least 128x128']);
    assert.deepEqual(scripts.iconProblems(png(256, 128)), ['the icon is 256x128, not square']);
    assert.deepEqual(scripts.iconProblems(Buffer.from('<svg/>')), ['the icon is not a PNG file']);
  });

  test('README images: relative, http and untrusted SVG refused; code blocks ignored', () => {
    const readme = [
      '![ok](https://github.com/image-studio/image-studio/raw/HEAD/media/studio.png)',
      '![relative](media/studio.png)',
      '<img src="http://example.com/a.png" width="200">',
      '![logo][logo]',
      '![badge](https://img.shields.io/badge/a-b-green.svg)',
      '```md',
      '![in a code block](media/ignored.png)',
      '```',
      '`![inline code](x.png)`',
      '',
      '[logo]: https://example.com/logo.svg',
    ].join('\n');
    assert.deepEqual(scripts.readmeImages(readme), [
      'https://github.com/image-studio/image-studio/raw/HEAD/media/studio.png',
      'media/studio.png',
      'https://img.shields.io/badge/a-b-green.svg',
      'https://example.com/logo.svg',
      'http://example.com/a.png',
    ]);
    assert.deepEqual(scripts.readmeImageProblems(readme), [
      'README image media/studio.png: a relative URL (shows broken in the gallery; give the repository in package.json or an absolute https URL)',
      'README image https://example.com/logo.svg: an SVG from an untrusted host (the Marketplace refuses it; use a PNG)',
      'README image http://example.com/a.png: http: URL (the Marketplace takes https images only)',
    ]);
  });

  test("README images from the repository (vsce's raw/HEAD links): each must be a file of it", () => {
    assert.equal(scripts.repositoryImagesBase({ repository: { type: 'git', url: 'https://github.com/image-studio/image-studio.git' } }), 'https://github.com/image-studio/image-studio/raw/HEAD/');
    assert.equal(scripts.repositoryImagesBase({ repository: 'https://github.com/owner/name' }), 'https://github.com/owner/name/raw/HEAD/');
    assert.equal(scripts.repositoryImagesBase({ repository: 'https://gitlab.example.com/owner/name.git' }), undefined);
    const base = 'https://github.com/image-studio/image-studio/raw/HEAD/';
    const readme = [`![tour](${base}media/readme/tour.gif)`, `<img src="${base}media/readme/gone.png" width="400">`, '![elsewhere](https://example.com/a.png)'].join('\n');
    const exists = (path: string) => path === 'media/readme/tour.gif';
    assert.deepEqual(scripts.readmeImageProblems(readme, { repository: { base, exists } }), [
      `README image ${base}media/readme/gone.png: media/readme/gone.png is not in the repository (shows broken in the gallery)`,
    ]);
    assert.deepEqual(scripts.readmeImageProblems(readme), [], 'without the repository, only the URLs are checked');
  });

  test("the project's README: its pictures are files of the repository, linked relatively", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const pictures = scripts.readmeImages(readme).filter((url) => url.startsWith('media/readme/'));
    assert.ok(pictures.length >= 2, `the README shows its pictures (found ${pictures.join(', ') || 'none'})`);
    for (const picture of pictures) assert.ok(existsSync(join(ROOT, picture)), `${picture} is in the repository`);
    // What vsce makes of them in the package: https links into the repository.
    const base = scripts.repositoryImagesBase(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
    assert.ok(base, 'package.json names a GitHub repository');
    const packaged = pictures.map((picture) => `![a](${base}${picture})`).join('\n');
    assert.deepEqual(scripts.readmeImageProblems(packaged, { repository: { base, exists: (path) => existsSync(join(ROOT, path)) } }), []);
  });
});
