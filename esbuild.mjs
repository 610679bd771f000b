// Builds the extension host bundle (and, with --tests, the test bundles).
// Why esbuild: one fast bundler for host, webview and tests; tsc only type-checks.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { slimOpenAI } from './scripts/slimOpenAI.mjs';
import { slimSvgo } from './scripts/slimSvgo.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests');
/** `--metafile=<path>`: where to write the host build's esbuild metafile (the bench reads it). */
const metafilePath = [...args].find((arg) => arg.startsWith('--metafile='))?.slice('--metafile='.length);

/** All files below `dir` whose name matches `pattern`. */
function filesUnder(dir, pattern) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      found = found.concat(filesUnder(full, pattern));
    } else if (pattern.test(name)) {
      found.push(full);
    }
  }
  return found;
}

/** @type {esbuild.BuildOptions} */
const hostOptions = {
  // Two bundles: extension.js (activation: registers commands) and features.js (required
  // by extension.js on the first command: the SDK, sharp wrappers, every handler).
  // A third, mcpServer.js (the MCP SDK), is required by features.js when an MCP client first starts the server.
  // A fourth, svgSanitizer.js (svgo and its CSS parser), is required by features.js when the
  // first SVG drawing arrives (src/imaging/svg/loadSvgSanitizer.ts).
  entryPoints: {
    extension: 'src/extension.ts',
    features: 'src/features.ts',
    mcpServer: 'src/agent/mcpServer.ts',
    svgSanitizer: 'src/imaging/svg/svgSanitizer.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // sharp is native: it ships in the .vsix under node_modules and is required at run time.
  external: ['vscode', 'sharp', './features.js', './mcpServer.js', './svgSanitizer.js'],
  // Only the Images and Models APIs of the openai SDK: the rest is stubbed out (in dev
  // builds too, so tests run what ships).
  // And of svgo, only what the SVG sanitizer runs (svgSanitizer.js; see the plugin's comment).
  plugins: [slimOpenAI(), slimSvgo()],
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: production ? 'none' : 'inline',
  metafile: metafilePath !== undefined,
  logLevel: 'warning',
};

/** Webview bundles: webview/<name>/main.ts → dist/webview/<name>.js (browser, no Node). */
const webviewEntries = Object.fromEntries(
  (existsSync('webview') ? readdirSync('webview') : [])
    .filter((name) => existsSync(join('webview', name, 'main.ts')))
    .map((name) => [name, join('webview', name, 'main.ts')]),
);

/** @type {esbuild.BuildOptions} */
const webviewOptions = {
  entryPoints: webviewEntries,
  outdir: 'dist/webview',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
};

/** @type {esbuild.BuildOptions[]} */
const testBuilds = [
  {
    // Each test file is its own bundle; dependencies stay in node_modules.
    entryPoints: [
      ...filesUnder('test/unit', /\.test\.ts$/),
      ...filesUnder('test/integration', /\.test\.ts$/),
      'test/integration/index.ts',
      ...filesUnder('test/e2e', /\.test\.ts$/),
      'test/endpoint/main.ts',
      'test/harness/runIntegration.ts',
      'test/harness/runElectron.ts',
      'test/harness/start.ts',
      'test/bench/main.ts',
      'test/bench/agentHost.ts',
    ].filter((file) => existsSync(file)),
    outbase: 'test',
    outdir: 'out/test',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  },
];

/**
 * The codicon font and stylesheet, for webviews (shipped under media/codicons). The
 * stylesheet's font URL loses its `?hash` query: webview pages preload `codicon.ttf` by its
 * plain URL (src/panels/webviewHtml.ts), and a preload is only reused by a request for the
 * very same URL. The query was a cache-buster, not needed here: an extension's files are
 * served from a folder named after its version.
 */
function copyCodicons() {
  mkdirSync('media/codicons', { recursive: true });
  const from = join('node_modules', '@vscode', 'codicons', 'dist');
  copyFileSync(join(from, 'codicon.ttf'), join('media', 'codicons', 'codicon.ttf'));
  const css = readFileSync(join(from, 'codicon.css'), 'utf8');
  const plain = css.replace(/url\((["']?)\.\/codicon\.ttf\?[^"')]*\1\)/g, 'url($1./codicon.ttf$1)');
  if (!plain.includes('url("./codicon.ttf")')) throw new Error('codicon.css: its font URL is not url("./codicon.ttf?…") any more; update copyCodicons and the preload');
  writeFileSync(join('media', 'codicons', 'codicon.css'), plain);
}

async function main() {
  const builds = [
    hostOptions,
    ...(Object.keys(webviewEntries).length > 0 ? [webviewOptions] : []),
    ...(withTests ? testBuilds : []),
  ];
  if (!watch) rmSync('dist', { recursive: true, force: true }); // no stale bundles or maps
  copyCodicons();
  if (withTests) {
    rmSync('out/test', { recursive: true, force: true });
  }
  if (watch) {
    for (const options of builds) {
      const context = await esbuild.context(options);
      await context.watch();
    }
    console.log('esbuild: watching for changes');
    return;
  }
  const [host] = await Promise.all(builds.map((options) => esbuild.build(options)));
  if (metafilePath) writeFileSync(metafilePath, JSON.stringify(host.metafile));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
