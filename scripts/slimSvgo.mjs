// An esbuild plugin that keeps only the parts of svgo the SVG sanitizer runs
// (src/imaging/svg/svgSanitizer.ts, bundled alone as dist/svgSanitizer.js). Why: bundled as
// published, svgo weighs 1.3 MB minified, mostly CSS data it never needs here:
// - svgo's CommonJS build lists all its 50 plugins in one file; its ES-module core
//   (lib/svgo.js) reads them from lib/builtin.js, replaced here by the ones the sanitizer
//   runs (USED_PLUGINS: none since its own removeEmptyContainers.ts, svgo's being quadratic);
// - css-tree's main module builds a validating lexer from the mdn-data tables (~500 KB),
//   and csso brings a second css-tree with its own tables, for one function svgo uses
//   (selector specificity): css-tree is replaced by its parser, walker and generator,
//   csso by that function (run on the one css-tree);
// - css-select's DOM helpers pull in an HTML serializer with the HTML entity tables, which
//   svgo never calls (it gives css-select its own adapter): a stub that throws if called;
//   likewise css-tree's source maps (never asked for).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The svgo built-in plugins the sanitizer runs (none: it runs its own, see svgSanitizer.ts). */
export const USED_PLUGINS = [];

const NAMESPACE = 'slim-svgo';

/**
 * @param {string} [root] the folder whose node_modules hold svgo (default: the working directory).
 * @returns {import('esbuild').Plugin}
 */
export function slimSvgo(root = process.cwd()) {
  const require = createRequire(join(root, 'package.json'));
  // svgo exports no package.json: its CommonJS entry is dist/svgo-node.cjs.
  const svgoDir = dirname(dirname(require.resolve('svgo')));
  const cssTreeDir = dirname(require.resolve('css-tree/package.json'));
  const cssoDir = dirname(require.resolve('csso/package.json'));
  const lib = (dir, file) => JSON.stringify(join(dir, 'lib', file));

  /** @type {Record<string, string>} */
  const modules = {
    builtin: [
      ...USED_PLUGINS.map((name, index) => `import * as p${index} from ${JSON.stringify(join(svgoDir, 'plugins', `${name}.js`))};`),
      `export const builtinPlugins = [${USED_PLUGINS.map((_, index) => `p${index}`).join(', ')}];`,
    ].join('\n'),
    'css-tree': [
      `import parse from ${lib(cssTreeDir, 'parser/index.js')};`,
      `import walk from ${lib(cssTreeDir, 'walker/index.js')};`,
      `import generate from ${lib(cssTreeDir, 'generator/index.js')};`,
      `export { clone } from ${lib(cssTreeDir, 'utils/clone.js')};`,
      `export { List } from ${lib(cssTreeDir, 'utils/List.js')};`,
      'export { parse, walk, generate };',
    ].join('\n'),
    csso: [
      `import specificity from ${lib(cssoDir, 'restructure/prepare/specificity.js')};`,
      'export const syntax = { specificity };',
      "export function minify() { throw new Error('csso.minify is not bundled in Image Studio (scripts/slimSvgo.mjs)'); }",
    ].join('\n'),
    unused: "export default function unused() { throw new Error('not bundled in Image Studio (scripts/slimSvgo.mjs)'); }\nexport const SourceMapGenerator = unused;",
  };

  return {
    name: 'slim-svgo',
    setup(build) {
      build.onResolve({ filter: /^svgo$/ }, () => ({ path: join(svgoDir, 'lib', 'svgo.js') }));
      build.onResolve({ filter: /^\.\/builtin\.js$/ }, (args) =>
        args.importer === join(svgoDir, 'lib', 'svgo.js') ? { path: 'builtin', namespace: NAMESPACE } : undefined,
      );
      build.onResolve({ filter: /^(css-tree|csso)$/ }, (args) => ({ path: args.path, namespace: NAMESPACE }));
      build.onResolve({ filter: /^(dom-serializer|source-map-js)(\/.*)?$/ }, () => ({ path: 'unused', namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: modules[args.path], loader: 'js', resolveDir: root }));
    },
  };
}
