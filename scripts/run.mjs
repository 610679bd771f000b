// The one entry point behind `npm start`, `npm test` and friends. It installs the tools a
// task needs (scripts/tools.mjs), then runs the task's steps on Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_VERSION, ROOT, chromiumPath, ensureArm64Emulation, ensureCodeServer, ensureNode, ensureSystemPackages, nodeEnv } from './tools.mjs';

const task = process.argv[2];
const ARTIFACTS = join(ROOT, '.test-artifacts');

function step(title) {
  console.log(`\n=== ${title} ===`);
}

/** Runs a command to completion on Node 24's PATH; returns its exit code. */
function sh(node, command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: nodeEnv(node, extraEnv) });
  return result.status ?? 1;
}

function mustSucceed(code, what) {
  if (code !== 0) {
    console.error(`\n${what} failed (exit ${code})`);
    process.exit(code || 1);
  }
}

function build(node, { tests = false, production = false } = {}) {
  const flags = [tests && '--tests', production && '--production'].filter(Boolean);
  mustSucceed(sh(node, node.node, ['esbuild.mjs', ...flags]), 'build');
}

function typecheck(node) {
  const projects = ['.', 'test/e2e', 'webview'];
  for (const project of projects) {
    mustSucceed(sh(node, node.node, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project]), `typecheck (${project})`);
  }
}

/** What dependency-cruiser reads (ESLint finds its files itself, see eslint.config.mjs). */
const CRUISED = ['src', 'shared', 'webview', 'test', 'scripts', 'esbuild.mjs'];
/** Import-rule violations that existed when the rules came in; reported as known, not as
 * errors. Delete entries (or the file) as they are fixed. */
const KNOWN_VIOLATIONS = '.dependency-cruiser-known-violations.json';

/** ESLint (type-aware: promises) and dependency-cruiser (import layers and circles). Runs
 * both, so one run shows every finding, then fails if either found an error. */
function lint(node) {
  const eslint = sh(node, node.node, ['node_modules/eslint/bin/eslint.js', '--max-warnings=0', '.']);
  const known = existsSync(join(ROOT, KNOWN_VIOLATIONS)) ? ['--ignore-known', KNOWN_VIOLATIONS] : [];
  const cruise = sh(node, node.node, [
    'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs', '--config', '.dependency-cruiser.cjs',
    '--output-type', 'err', ...known, ...CRUISED,
  ]);
  if (eslint !== 0 || cruise !== 0) {
    const failed = [eslint !== 0 && 'ESLint (eslint.config.mjs)', cruise !== 0 && 'import rules (.dependency-cruiser.cjs)'];
    console.error(`\nlint failed: ${failed.filter(Boolean).join(' and ')} reported errors, listed above. Fix them; do not disable the rule.`);
    process.exit(1);
  }
  console.log('lint: no errors');
}

/**
 * Packages the .vsix for this machine's platform (scripts/packaging/packageTargets.mjs:
 * staged, with only this platform's sharp, then checked) and returns its path. `quiet` prints nothing
 * unless it fails (`npm start`).
 */
function packageVsix(node, { quiet = false } = {}) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const vsix = join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
  rmSync(vsix, { force: true });
  const args = ['scripts/packaging/packageTargets.mjs', '--targets', 'host', '--out-file', vsix];
  if (!quiet) {
    mustSucceed(sh(node, node.node, args), 'package');
    return vsix;
  }
  const result = spawnSync(node.node, args, { cwd: ROOT, env: nodeEnv(node), encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    mustSucceed(result.status ?? 1, 'package');
  }
  return vsix;
}

/** The slow packaging tests (nine platform packages and the universal one built, linux-arm64 run under qemu, the universal one in Node): their own step. */
const PACKAGING_TESTS = /(^|\/)packagingTargets\.test\.js$/;

/** The emulator for the linux-arm64 run, as environment for the packaging tests; says clearly when it is skipped. */
function arm64Environment() {
  const emulation = ensureArm64Emulation();
  if ('skipped' in emulation) {
    console.log(`\nSKIPPED: running the linux-arm64 package under qemu: ${emulation.skipped}\n`);
    return { IMAGE_STUDIO_ARM64_SKIP: emulation.skipped };
  }
  return { IMAGE_STUDIO_QEMU: emulation.qemu, IMAGE_STUDIO_ARM64_SYSROOT: emulation.sysroot, IMAGE_STUDIO_ARM64_NODE: emulation.node };
}

/** Every target and the universal package built from this checkout and checked; linux-arm64 run under qemu, universal in Node. */
function packagingTests(node) {
  return nodeTests(node, 'unit', 'packages', ['--test-concurrency=1'], arm64Environment(), { include: PACKAGING_TESTS });
}

/** Test files below `dir` (relative to it) that pass `filter`. */
function testFiles(dir, { include, exclude }, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return testFiles(dir, { include, exclude }, path);
    if (!path.endsWith('.test.js') || (include && !include.test(path)) || (exclude && exclude.test(path))) return [];
    return [join(dir, path)];
  });
}

/**
 * Runs Node's test runner over a folder (or the files of it that `filter` selects) and
 * returns the pass/fail/skip counts it printed.
 */
function nodeTests(node, folder, name, extraArgs = [], extraEnv = {}, filter = undefined) {
  const dir = join(ROOT, 'out', 'test', folder);
  if (!existsSync(dir)) return { name, passed: 0, failed: 0, skipped: 0, code: 0 };
  const files = filter ? testFiles(dir, filter) : [`${dir}/**/*.test.js`];
  if (files.length === 0) return { name, passed: 0, failed: 0, skipped: 0, code: 0 };
  const result = spawnSync(
    node.node,
    ['--enable-source-maps', '--test', '--test-reporter=spec', ...extraArgs, ...files],
    { cwd: ROOT, env: nodeEnv(node, extraEnv), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 },
  );
  process.stdout.write(result.stdout ?? '');
  const count = (label) => Number((result.stdout ?? '').match(new RegExp(`ℹ ${label} (\\d+)`))?.[1] ?? 0);
  return { name, passed: count('pass'), failed: count('fail'), skipped: count('skipped'), code: result.status ?? 1 };
}

function integrationTests(node) {
  const codeServer = ensureCodeServer(node);
  ensureSystemPackages({ needBrowser: true });
  const resultsFile = join(ARTIFACTS, 'integration-results.json');
  rmSync(resultsFile, { force: true });
  const code = sh(node, node.node, ['--enable-source-maps', 'out/test/harness/runIntegration.js'], {
    IMAGE_STUDIO_CODE_SERVER: codeServer.entry,
    IMAGE_STUDIO_CHROMIUM: chromiumPath(),
    IMAGE_STUDIO_RESULTS: resultsFile,
  });
  let passed = 0;
  let failed = code === 0 ? 0 : 1;
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    passed = results.passed;
    failed = results.failed + (code !== 0 && results.failed === 0 ? 1 : 0);
  }
  return { name: 'integration', passed, failed, code };
}

/**
 * The suite that takes the README's pictures (media/readme/): run by `npm run readme:media`
 * only, so an ordinary test run leaves the repository's files alone (the pictures are not
 * byte-stable: file names carry the time, text is rendered by the browser).
 */
const README_MEDIA_SUITE = /(^|\/)readmeMedia\.test\.js$/;

/** The end-to-end suites (`readmeMedia` with `{ readmeMedia: true }`, the others without). */
function e2eTests(node, { readmeMedia = false } = {}) {
  const codeServer = ensureCodeServer(node);
  ensureSystemPackages({ needBrowser: true });
  const vsix = packageVsix(node);
  // IMAGE_STUDIO_E2E_FILES=maskEditor,studio runs only the suites whose file names contain one of them (while working on them).
  const only = (process.env.IMAGE_STUDIO_E2E_FILES ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const chosen = only.length > 0 ? new RegExp(only.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) : undefined;
  const filter = readmeMedia
    ? { include: README_MEDIA_SUITE }
    : { exclude: README_MEDIA_SUITE, ...(chosen ? { include: chosen } : {}) };
  return nodeTests(node, 'e2e', readmeMedia ? 'readme media' : 'e2e', ['--test-concurrency=1'], {
    IMAGE_STUDIO_CODE_SERVER: codeServer.entry,
    IMAGE_STUDIO_CHROMIUM: chromiumPath(),
    IMAGE_STUDIO_VSIX: vsix,
    IMAGE_STUDIO_ARTIFACTS: ARTIFACTS,
    ...(readmeMedia ? { IMAGE_STUDIO_README_MEDIA: '1' } : {}),
  }, filter);
}

function report(results) {
  console.log('\n=== Test summary ===');
  for (const r of results) {
    const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
    console.log(`${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed${skipped}${r.code !== 0 && r.failed === 0 ? ` (runner exit ${r.code})` : ''}`);
  }
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed + (r.code !== 0 && r.failed === 0 ? 1 : 0), 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && results.every((r) => r.code === 0) ? 0 : 1);
}

/**
 * The machine's Node and npm only start these scripts (and install the dependencies): npm 11
 * is required, for its package policy (`allowScripts`) and for installing other platforms'
 * sharp packages (`--os`, `--cpu`, `--libc`), and npm 11 runs on Node ^20.17 or >= 22.9.
 * Everything else runs on the Node 24 installed into .tools/; the "Unsupported engine"
 * warnings npm prints at install on Node 20 name packages that only ever run there.
 */
function checkMachineNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const nodeOk = (major === 20 && minor >= 17) || (major === 22 && minor >= 9) || major > 22;
  let npmVersion = process.env.npm_config_user_agent?.match(/\bnpm\/(\d+\.\d+\.\d+)/)?.[1];
  if (!npmVersion) {
    const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
    npmVersion = npm.status === 0 ? npm.stdout.trim() : undefined;
  }
  const npmOk = Number(npmVersion?.split('.')[0]) >= 11;
  if (nodeOk && npmOk) return;
  console.error(
    `These scripts need Node 20.17+ or 22.9+ with npm 11 to start (they then install Node ${NODE_VERSION} into .tools/ ` +
      `and run everything else on it). This is Node ${process.versions.node} with ${npmVersion ? `npm ${npmVersion}` : 'no npm on the PATH'}: ` +
      `${nodeOk ? 'update npm (npm install -g npm@11)' : 'install a newer Node (it comes with npm 11 from Node 24 on; otherwise npm install -g npm@11)'} and run again.`,
  );
  process.exit(1);
}

function main() {
  checkMachineNode();
  const node = ensureNode();
  mkdirSync(ARTIFACTS, { recursive: true });
  switch (task) {
    case 'build':
      build(node, { tests: true });
      return;
    case 'package': {
      step('package');
      console.log(packageVsix(node));
      return;
    }
    case 'package:all':
      step('package every target and the universal package');
      process.exit(sh(node, node.node, ['scripts/packaging/packageTargets.mjs', '--targets', 'all', '--json', 'build/vsix/packages.json']));
      return;
    case 'publish:dry':
      step('publish, dry: package every target and check what a marketplace would refuse');
      process.exit(sh(node, node.node, ['scripts/packaging/publishDry.mjs']));
      return;
    case 'test:packages':
      build(node, { tests: true });
      report([packagingTests(node)]);
      return;
    case 'lint':
      lint(node);
      return;
    case 'test:unit':
      build(node, { tests: true });
      report([nodeTests(node, 'unit', 'unit', [], {}, { exclude: PACKAGING_TESTS })]);
      return;
    case 'test:integration':
      build(node, { tests: true });
      report([integrationTests(node)]);
      return;
    case 'test:e2e':
      build(node, { tests: true });
      report([e2eTests(node)]);
      return;
    case 'readme:media':
      step('README pictures (media/readme/) from the packaged .vsix in the browser');
      build(node, { tests: true });
      report([e2eTests(node, { readmeMedia: true })]);
      return;
    case 'test': {
      step('typecheck');
      typecheck(node);
      step('lint (ESLint, import layers and circles)');
      lint(node);
      step('build');
      build(node, { tests: true });
      step('unit tests');
      const unit = nodeTests(node, 'unit', 'unit', [], {}, { exclude: PACKAGING_TESTS });
      step('integration tests (real VS Code extension host, code-server)');
      const integration = integrationTests(node);
      step('end-to-end tests (packaged .vsix, browser)');
      const e2e = e2eTests(node);
      // After e2e: its production build of dist/ is what the packages are made from anyway.
      step('packages (every target and the universal package built and checked; linux-arm64 run under qemu, universal in Node)');
      const packages = packagingTests(node);
      report([unit, integration, e2e, packages]);
      return;
    }
    case 'endpoint':
      build(node, { tests: true });
      process.exit(sh(node, node.node, ['--enable-source-maps', 'out/test/endpoint/main.js', ...process.argv.slice(3)]));
      return;
    case 'start': {
      const codeServer = ensureCodeServer(node);
      const vsix = packageVsix(node, { quiet: true });
      build(node, { tests: true });
      process.exit(sh(node, node.node, ['--enable-source-maps', 'out/test/harness/start.js'], {
        IMAGE_STUDIO_CODE_SERVER: codeServer.entry,
        IMAGE_STUDIO_VSIX: vsix,
      }));
      return;
    }
    case 'test:electron':
      build(node, { tests: true });
      process.exit(sh(node, node.node, ['out/test/harness/runElectron.js']));
      return;
    case 'bench': {
      const codeServer = ensureCodeServer(node);
      ensureSystemPackages({ needBrowser: true });
      build(node, { tests: true });
      process.exit(
        sh(node, node.node, ['--enable-source-maps', '--expose-gc', 'out/test/bench/main.js'], {
          IMAGE_STUDIO_CODE_SERVER: codeServer.entry,
          IMAGE_STUDIO_CHROMIUM: chromiumPath(),
        }),
      );
      return;
    }
    default:
      console.error(`unknown task '${task}'. Tasks: build, package, package:all, publish:dry, start, lint, test, test:unit, test:integration, test:e2e, test:packages, test:electron, readme:media, endpoint, bench`);
      process.exit(2);
  }
}

try {
  main();
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

