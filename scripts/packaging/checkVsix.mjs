// Checks one platform-specific .vsix after it is made (packageTargets.mjs runs it on every
// package; the packaging tests run it too):
// - the manifest names the target it was built for, and package.nls.json has its %key% texts;
// - exactly one sharp binding, in the target's own `@img/sharp-<platform>`, whose header
//   says the target's format (PE / Mach-O / ELF), architecture and, on Linux, C library;
// - the libvips library beside it, of the same format and architecture;
// - no package or native file of another platform;
// - no test, source or tooling file (what `vsce ls` would show), only what is allowed;
// - the bundles require nothing at run time but `vscode`, `sharp` and Node's own modules
//   (sharp is the only dependency the package carries);
// - the size, against MAX_VSIX_BYTES.
// The universal package (target `universal`) instead: no target in the manifest, no native
// file at all, and sharp's WebAssembly build (`@img/sharp-wasm32`: its loader, a real
// WebAssembly module, and the `@emnapi/runtime` it loads) in place of binding and libvips.
//
// CLI: node scripts/packaging/checkVsix.mjs <file.vsix> <target> [--json]
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename } from 'node:path';
import { readBinaryHeader } from './binaryHeader.mjs';
import { MAX_VSIX_BYTES, UNIVERSAL, nativePackages, targetNamed } from './targets.mjs';
import { readZip } from './zipReader.mjs';

/** Files vsce writes itself, and the manifest and documents (renamed as vsce renames them). */
const TOP_FILES = new Set([
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/SECURITY.md',
]);

/** What may ship apart from TOP_FILES and the target's native packages. */
const ALLOWED = [
  /^extension\/dist\/[\w/.-]+\.js$/,
  /^extension\/package\.nls(\.[\w-]+)?\.json$/,
  /^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^extension\/media\/[\w/.-]+\.(png|svg|css|ttf)$/,
  /^extension\/node_modules\/sharp\/(package\.json|LICENSE|dist\/\w+\.cjs)$/,
  /^extension\/node_modules\/@img\/colour\/(package\.json|LICENSE\.md|\w+\.cjs)$/,
  /^extension\/node_modules\/detect-libc\/(package\.json|LICENSE|lib\/[\w.-]+\.js)$/,
  /^extension\/node_modules\/semver\/(package\.json|LICENSE|[\w/.-]+\.js)$/,
];

/** Test, source and tooling files, each with the reason it must not ship. */
const FORBIDDEN = [
  [/(^|\/)(test|tests|__tests__)\//, 'a test folder'],
  [/\.(test|spec)\.[cm]?[jt]s$/, 'a test file'],
  [/(^|\/)src\//, 'a source folder'],
  [/^extension\/(webview|shared|scripts|out|\.ci|\.github|\.vscode|\.tools|\.test-artifacts|build)\//, 'source or tooling'],
  [/^extension\/media\/readme\//, "one of the README's pictures (the gallery loads them from the repository)"],
  [/(?<!\.d)\.[cm]?ts$/, 'TypeScript source'],
  [/\.(map|tsbuildinfo)$/, 'a source map or build state'],
  [/\.(h|hpp|c|cc|cpp|gyp|gypi)$/, 'C/C++ source or build file'],
  [/(^|\/)(tsconfig[\w.-]*\.json|eslint\.config\.[cm]?js|\.eslintrc[\w.]*|esbuild\.mjs|\.dependency-cruiser[\w.-]*|\.vscodeignore|package-lock\.json|\.npmrc|\.gitignore|\.env[\w.]*)$/, 'a tooling file'],
];

/** What only the universal package carries besides `@img/sharp-wasm32`: the runtime its loader requires. */
const UNIVERSAL_ALLOWED = [/^extension\/node_modules\/@emnapi\/runtime\/(package\.json|LICENSE|index\.js|dist\/emnapi\.cjs(\.min)?\.js)$/];
/** sharp's WebAssembly build inside `extension/node_modules/`: its loader and the module. */
const WASM_LOADER = /^@img\/sharp-wasm32\/lib\/sharp-wasm32-[\w.-]+\.node\.js$/;
const WASM_MODULE = /^@img\/sharp-wasm32\/lib\/sharp-wasm32-[\w.-]+\.node\.wasm$/;

const NATIVE_NAME = /\.(node|dll|dylib|so(\.\d+)*|exe)$/;

/**
 * @param {Buffer} bytes
 * @returns {boolean}
 */
function looksNative(bytes) {
  if (bytes.length < 4) return false;
  const be = bytes.readUInt32BE(0);
  const le = bytes.readUInt32LE(0);
  return be === 0x7f454c46 || (bytes[0] === 0x4d && bytes[1] === 0x5a) || le === 0xfeedfacf || le === 0xfeedface || be === 0xcafebabe;
}

/** @param {number} bytes */
export function megabytes(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}

/**
 * @typedef {object} NativeFile
 * @property {string} path   inside the package
 * @property {string} format
 * @property {string} arch
 * @property {string} [libc]
 */

/**
 * @typedef {object} VsixCheck
 * @property {string} file
 * @property {string} target          the target checked against
 * @property {string | undefined} manifestTarget
 * @property {number} bytes
 * @property {number} files
 * @property {NativeFile | undefined} binding   sharp's .node file
 * @property {NativeFile | undefined} libvips
 * @property {string[]} packages      the `@img/*` packages inside
 * @property {string[]} problems      empty when the package is right
 */

/**
 * Checks the package at `file` (or its bytes) against `targetName`.
 * @param {string} file
 * @param {string} targetName
 * @param {{ bytes?: Buffer, maxBytes?: number }} [options]
 * @returns {VsixCheck}
 */
export function checkVsix(file, targetName, options = {}) {
  const target = targetNamed(targetName);
  const zip = options.bytes ?? readFileSync(file);
  const maxBytes = options.maxBytes ?? MAX_VSIX_BYTES;
  const entries = readZip(zip);
  const problems = [];
  const own = nativePackages(target);
  const expectedLibc = target.libc;
  const universal = target === UNIVERSAL;

  const manifestText = entries.find((e) => e.name === 'extension.vsixmanifest')?.read().toString('utf8');
  const manifestTarget = manifestText?.match(/<Identity\b[^>]*\bTargetPlatform="([^"]+)"/)?.[1];
  if (!manifestText) problems.push('no extension.vsixmanifest');
  else if (universal && manifestTarget !== undefined) problems.push(`the manifest's target is ${manifestTarget}; the universal package has none`);
  else if (!universal && manifestTarget !== target.target) problems.push(`the manifest's target is ${manifestTarget ?? 'missing (a universal package)'}, not ${target.target}`);
  const packageJson = entries.find((e) => e.name === 'extension/package.json');
  if (!packageJson) problems.push('no extension/package.json');
  else problems.push(...manifestTextProblems(packageJson.read().toString('utf8'), entries));

  const packages = [...new Set(entries.map((e) => e.name.match(/^extension\/node_modules\/(@img\/[^/]+)\//)?.[1]).filter((name) => name !== undefined))].sort();
  for (const name of packages) {
    if (name !== '@img/colour' && !own.includes(name)) problems.push(`another platform's package: ${name}`);
  }
  for (const name of own) {
    if (!packages.includes(name)) problems.push(`missing ${name}`);
  }

  /** @type {NativeFile[]} */
  const natives = [];
  /** @type {NativeFile | undefined} */
  let wasm;
  let wasmLoader = false;
  for (const entry of entries) {
    const inside = entry.name.replace(/^extension\/node_modules\//, '');
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(entry.name));
    if (forbidden) {
      problems.push(`${entry.name}: ${forbidden[1]} in the package`);
      continue;
    }
    const inOwnPackage = own.some((name) => inside.startsWith(`${name}/`));
    const bytes = NATIVE_NAME.test(entry.name) || entry.name.startsWith('extension/node_modules/') ? entry.read() : undefined;
    if (bytes && (NATIVE_NAME.test(entry.name) || looksNative(bytes))) {
      let header;
      try {
        header = readBinaryHeader(bytes);
      } catch (error) {
        problems.push(`${entry.name}: ${error instanceof Error ? error.message : error}`);
        continue;
      }
      natives.push({ path: inside, format: header.format, arch: header.arch, libc: header.libc });
      if (universal) {
        problems.push(`${entry.name}: a native file (${header.format} ${header.arch}) in the universal package, which must run on any platform`);
        continue;
      }
      const wrong = [
        header.format !== target.format && `format ${header.format}`,
        header.arch !== target.cpu && `architecture ${header.arch}`,
        expectedLibc && header.format === 'elf' && header.libc !== expectedLibc && `C library ${header.libc}`,
      ].filter(Boolean);
      if (wrong.length > 0) problems.push(`${entry.name}: ${wrong.join(', ')}; ${target.target} needs ${target.format} ${target.cpu}${expectedLibc ? ` ${expectedLibc}` : ''}`);
      if (target.target === 'linux-armhf' && header.format === 'elf' && !header.needed?.includes('ld-linux-armhf.so.3')) {
        problems.push(`${entry.name}: not built for hard-float ARM (no ld-linux-armhf.so.3)`);
      }
      if (!inOwnPackage) problems.push(`${entry.name}: a native file outside ${own.join(' and ')}`);
      continue;
    }
    if (universal && WASM_MODULE.test(inside)) {
      // A WebAssembly module starts with "\0asm" and the binary format's version, 1.
      if (bytes?.subarray(0, 8).equals(Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]))) wasm = { path: inside, format: 'wasm', arch: 'wasm32' };
      else problems.push(`${entry.name}: not a WebAssembly module`);
      continue;
    }
    if (universal && WASM_LOADER.test(inside)) {
      wasmLoader = true;
      continue;
    }
    if (universal && UNIVERSAL_ALLOWED.some((pattern) => pattern.test(entry.name))) continue;
    if (TOP_FILES.has(entry.name) || ALLOWED.some((pattern) => pattern.test(entry.name))) continue;
    if (inOwnPackage && /^[^/]+\/[^/]+\/(package\.json|LICENSE[\w.]*|README\.md|versions\.json|index\.cjs|lib\/index\.js)$/.test(inside)) continue;
    problems.push(`${entry.name}: not something the package should carry`);
  }

  let binding;
  let libvips;
  if (universal) {
    // libvips is compiled into the WebAssembly: there is no library beside it.
    binding = wasm;
    if (!wasm) problems.push("no WebAssembly module in @img/sharp-wasm32/lib/ (sharp-wasm32-<version>.node.wasm)");
    if (!wasmLoader) problems.push('no loader for the WebAssembly in @img/sharp-wasm32/lib/ (sharp-wasm32-<version>.node.js)');
    for (const file of ['index.js', 'dist/emnapi.cjs.js', 'dist/emnapi.cjs.min.js']) {
      if (!entries.some((e) => e.name === `extension/node_modules/@emnapi/runtime/${file}`)) problems.push(`no @emnapi/runtime/${file}: sharp's WebAssembly loader requires it`);
    }
  } else {
    const bindings = natives.filter((n) => n.path.endsWith('.node'));
    binding = bindings.find((n) => n.path.startsWith(`@img/sharp-${target.platform}/lib/`));
    if (bindings.length !== 1 || !binding) {
      problems.push(`expected exactly one sharp binding in @img/sharp-${target.platform}/lib/, found ${bindings.map((n) => n.path).join(', ') || 'none'}`);
    }
    libvips = natives.find((n) => target.libvips?.test(n.path));
    if (!libvips) problems.push(`no libvips library beside the binding (in ${own[own.length - 1]}/lib/)`);
  }

  for (const entry of entries.filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e.name))) {
    // A require call, not the text of one inside a string (ajv keeps `'require("ajv/…")'`
    // as code it writes for standalone validators, never run here).
    for (const [, specifier] of entry.read().toString('utf8').matchAll(/(?<![\w$.'"`])require\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      const bare = specifier.replace(/^node:/, '');
      if (specifier === 'vscode' || specifier === 'sharp' || builtinModules.includes(bare)) continue;
      problems.push(`${entry.name} requires '${specifier}' at run time, which the package does not carry`);
    }
  }

  if (zip.length > maxBytes) problems.push(`${megabytes(zip.length)} is above the ${megabytes(maxBytes)} limit`);

  return {
    file,
    target: target.target,
    manifestTarget,
    bytes: zip.length,
    files: entries.length,
    binding,
    libvips,
    packages,
    problems,
  };
}

/**
 * The `%key%` texts of the packaged manifest that extension/package.nls.json does not define
 * (VS Code would show the bare `%key%` in the Command Palette and the settings).
 * @param {string} manifestText
 * @param {{ name: string, read: () => Buffer }[]} entries
 * @returns {string[]}
 */
function manifestTextProblems(manifestText, entries) {
  const keys = new Set([...manifestText.matchAll(/"%([\w.-]+)%"/g)].map((match) => match[1]));
  if (keys.size === 0) return [];
  const nls = entries.find((e) => e.name === 'extension/package.nls.json');
  if (!nls) return [`extension/package.json refers to ${keys.size} texts (%key%) but the package has no extension/package.nls.json`];
  let texts;
  try {
    texts = JSON.parse(nls.read().toString('utf8'));
  } catch (error) {
    return [`extension/package.nls.json: ${error instanceof Error ? error.message : error}`];
  }
  const missing = [...keys].filter((key) => typeof texts[key] !== 'string');
  return missing.length === 0 ? [] : [`extension/package.nls.json does not define ${missing.map((key) => `%${key}%`).join(', ')}`];
}

/** @param {NativeFile | undefined} native */
function describeNative(native) {
  if (!native) return 'missing';
  return `${{ pe: 'PE', macho: 'Mach-O', elf: 'ELF', wasm: 'WebAssembly' }[native.format] ?? native.format} ${native.arch}${native.libc ? ` ${native.libc}` : ''}`;
}

/** One line for a checked package: what it is, or what is wrong with it. */
export function describeCheck(/** @type {VsixCheck} */ check) {
  const libvips = check.binding?.format === 'wasm' ? 'in the WebAssembly' : describeNative(check.libvips);
  const head = `${check.problems.length === 0 ? 'ok  ' : 'FAIL'} ${check.target.padEnd(13)} ${megabytes(check.bytes).padStart(8)}  ${String(check.files).padStart(3)} files  sharp: ${describeNative(check.binding)} · libvips: ${libvips}`;
  return [head, ...check.problems.map((problem) => `       ${problem}`)].join('\n');
}

if (process.argv[1] && basename(process.argv[1]) === 'checkVsix.mjs') {
  const [file, target] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  if (!file || !target) {
    console.error('usage: node scripts/packaging/checkVsix.mjs <file.vsix> <target> [--json]');
    process.exit(2);
  }
  const check = checkVsix(file, target);
  console.log(process.argv.includes('--json') ? JSON.stringify(check, null, 2) : describeCheck(check));
  process.exit(check.problems.length === 0 ? 0 : 1);
}
