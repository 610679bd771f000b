// Makes the platform-specific packages: one .vsix per VS Code target, each with only its own
// sharp binary and libvips (targets.mjs), and the universal .vsix with sharp's WebAssembly
// build for every other platform, each checked after it is made (checkVsix.mjs).
//
// The bundles in dist/ are the same for every target, so they are built once. Each target is
// then staged in its own folder under build/staging/<target>/ (ignored by git): the built
// dist/ and media/, the documents, the manifest's and the code's translations
// (package.nls*.json, l10n/), and a manifest whose only dependency is sharp (esbuild
// inlines every other one; the check makes sure the bundles require nothing else), with the
// matching slice of package-lock.json, so `npm ci --os --cpu --libc` installs exactly the
// locked sharp and that platform's prebuilt `@img/*` packages (their tarballs hold the
// binaries: no install script runs; `--cpu=wasm32` for the universal package). The developer's node_modules and package-lock.json are
// never touched. vsce then packages the staging folder for the target.
//
// CLI (on Node 24; `npm run package:all` and `npm run package` start it):
//   node scripts/packaging/packageTargets.mjs [--targets all|host|<t1>,<t2>|universal] [--out <dir>]
//     [--out-file <file.vsix>] [--staging <dir>] [--no-build] [--json <report.json>]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { checkVsix, describeCheck, megabytes } from './checkVsix.mjs';
import { runtimeLock, stagedManifest } from './stagedPackage.mjs';
import { ALL_PACKAGES, UNIVERSAL, hostTarget, ignoreFileFor, isMusl, npmPlatformFlags, targetNamed, vsixName } from './targets.mjs';
import { ROOT, withoutParentNpm } from '../tools.mjs';

export const BUILD_DIR = join(ROOT, 'build');
export const VSIX_DIR = join(BUILD_DIR, 'vsix');
export const STAGING_DIR = join(BUILD_DIR, 'staging');
/** What a package carries besides dist/, media/ and the manifest (filtered by .vscodeignore). */
const DOCUMENTS = ['README.md', 'CHANGELOG.md', 'LICENSE', 'SECURITY.md'];
/** The manifest's texts in every language (package.json says `%key%`, VS Code looks them up here). */
const MANIFEST_TEXTS = /^package\.nls(\.[\w-]+)?\.json$/;

/**
 * Runs a command to completion with its output captured; on failure throws with the output.
 * @param {string} command @param {string[]} args @param {import('node:child_process').SpawnSyncOptions} options
 */
function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

/** Builds dist/ once for every target (minified, no source maps). */
export function buildBundles(env = withoutParentNpm(process.env)) {
  run(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, env });
}

/**
 * Stages, installs and packages one target, then checks the package.
 * @param {import('./targets.mjs').Target} target
 * @param {{ outFile: string, stagingDir?: string, env?: NodeJS.ProcessEnv }} options
 */
export function packageTarget(target, { outFile, stagingDir = STAGING_DIR, env = withoutParentNpm(process.env) }) {
  const started = Date.now();
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/ is not built (node esbuild.mjs --production)');

  const staging = join(stagingDir, target.target);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const staged = stagedManifest(manifest);
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
  writeFileSync(join(staging, 'package-lock.json'), `${JSON.stringify(runtimeLock(lock, staged.dependencies), null, 2)}\n`);
  writeFileSync(join(staging, '.vscodeignore'), ignoreFileFor(readFileSync(join(ROOT, '.vscodeignore'), 'utf8'), target));
  for (const name of DOCUMENTS) {
    if (existsSync(join(ROOT, name))) cpSync(join(ROOT, name), join(staging, name));
  }
  for (const name of readdirSync(ROOT).filter((file) => MANIFEST_TEXTS.test(file))) cpSync(join(ROOT, name), join(staging, name));
  if (existsSync(join(ROOT, 'l10n'))) cpSync(join(ROOT, 'l10n'), join(staging, 'l10n'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(staging, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'media'), join(staging, 'media'), { recursive: true });

  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...npmPlatformFlags(target)], { cwd: staging, env });
  const installed = Date.now();

  mkdirSync(dirname(outFile), { recursive: true });
  const partial = `${outFile}.partial.vsix`;
  rmSync(partial, { force: true });
  // No --target for the universal package: VS Code installs it wherever no target's package fits.
  const targetFlags = target === UNIVERSAL ? [] : ['--target', target.target];
  const vsceOutput = run(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', ...targetFlags, '--out', partial], { cwd: staging, env });
  renameSync(partial, outFile);
  const packaged = Date.now();

  const check = checkVsix(outFile, target.target);
  const warnings = vsceOutput
    .split('\n')
    .filter((line) => /WARNING/.test(line))
    .map((line) => line.replace(/\u001b\[[\d;]*m/g, '').trim());
  return {
    check,
    warnings,
    seconds: { install: (installed - started) / 1000, vsce: (packaged - installed) / 1000, check: (Date.now() - packaged) / 1000 },
  };
}

/** The size table for BENCHMARKS.md. @param {Array<{ check: import('./checkVsix.mjs').VsixCheck }>} results */
export function sizeTable(results) {
  return [
    '| target | .vsix | sharp binding | libvips | files | check |',
    '|---|---|---|---|---|---|',
    ...results.map(({ check }) => {
      const native = (/** @type {import('./checkVsix.mjs').NativeFile | undefined} */ n) =>
        n ? `${{ pe: 'PE', macho: 'Mach-O', elf: 'ELF', wasm: 'WebAssembly' }[n.format] ?? n.format} ${n.arch}${n.libc ? ` ${n.libc}` : ''}` : '—';
      const libvips = check.binding?.format === 'wasm' ? 'in the WebAssembly' : native(check.libvips);
      return `| ${check.target} | ${megabytes(check.bytes)} | ${native(check.binding)} | ${libvips} | ${check.files} | ${check.problems.length === 0 ? 'ok' : `**${check.problems.length} problems**`} |`;
    }),
  ].join('\n');
}

/** A path relative to the project when inside it, absolute otherwise. @param {string} path */
export function shortPath(path) {
  const inside = relative(ROOT, path);
  return inside && !inside.startsWith('..') ? inside : path;
}

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = { targets: 'all', out: VSIX_DIR, outFile: undefined, staging: STAGING_DIR, build: true, json: undefined };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--targets') options.targets = value();
    else if (arg === '--out') options.out = value();
    else if (arg === '--out-file') options.outFile = value();
    else if (arg === '--json') options.json = value();
    else if (arg === '--staging') options.staging = value();
    else if (arg === '--no-build') options.build = false;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

/** @param {string} spec 'all' (the nine targets and the universal package), 'host' or a comma-separated list */
function selectTargets(spec) {
  if (spec === 'all') return [...ALL_PACKAGES];
  if (spec === 'host') {
    const host = hostTarget({ platform: process.platform, arch: process.arch, musl: isMusl() });
    if (!host) throw new Error(`no package target for this machine (${process.platform}-${process.arch})`);
    return [host];
  }
  return spec.split(',').map((name) => targetNamed(name.trim()));
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const targets = selectTargets(options.targets);
  if (options.outFile && targets.length !== 1) throw new Error('--out-file takes one target');
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const started = Date.now();
  if (options.build) buildBundles();
  const built = Date.now();
  const results = [];
  for (const target of targets) {
    const outFile = options.outFile ?? join(options.out, vsixName(manifest, target));
    const result = packageTarget(target, { outFile, stagingDir: options.staging });
    results.push(result);
    console.log(`${describeCheck(result.check)}  (${shortPath(outFile)}; npm ci ${result.seconds.install.toFixed(1)} s, vsce ${result.seconds.vsce.toFixed(1)} s)`);
    for (const warning of result.warnings) console.log(`       vsce: ${warning}`);
  }
  const seconds = (Date.now() - started) / 1000;
  const failed = results.filter((r) => r.check.problems.length > 0);
  if (targets.length > 1) {
    console.log(`\n${sizeTable(results)}\n`);
    console.log(`${results.length - failed.length} of ${results.length} packages ok in ${seconds.toFixed(0)} s (build ${((built - started) / 1000).toFixed(1)} s)`);
  }
  if (options.json) {
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify({ seconds, results }, null, 2)}\n`);
  }
  process.exit(failed.length === 0 ? 0 : 1);
}

if (process.argv[1] && relative(process.argv[1], join(ROOT, 'scripts', 'packaging', 'packageTargets.mjs')) === '') {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
