// An esbuild plugin that keeps only the parts of the `openai` SDK Image Studio calls.
// Why: the SDK's `OpenAI` class creates every API resource in its constructor and assigns
// each as a static, so esbuild cannot tree-shake any of them; chat/responses/assistant
// stream helpers (openai/lib), admin, beta… made up most of features.js. Every resource
// module but the allowlisted ones is replaced by a stub exporting the same names, each
// bound to a placeholder class: the client can still `new` it, any use throws.

import { basename, dirname, join, relative, sep } from 'node:path';
import { existsSync } from 'node:fs';

/** The resources Image Studio calls (src/openai: client.images.*, client.models.list). */
const USED = ['images.mjs', 'models.mjs'];
/** Also loaded for real: the barrel client.mjs reads resources through, and shared types. */
const KEPT = new Set([...USED, 'index.mjs', 'shared.mjs']);

const PLACEHOLDER = 'slim-openai:placeholder';

/**
 * The placeholder module every stub imports. A placeholder can be constructed (the client
 * does `new Chat(this)`) and assigned anywhere; reading any property gives another one (so
 * `client.chat.completions.create` reads fine) and calling one throws, naming what was
 * called. `then`, `toJSON` and symbols stay undefined: awaiting, serializing, inspecting
 * or `instanceof` never trips it.
 */
export const PLACEHOLDER_SOURCE = `
export function placeholder(name) {
  return new Proxy(function () {}, {
    get: (_target, key) => (typeof key === 'symbol' || key === 'then' || key === 'toJSON' ? undefined : placeholder(name + '.' + key)),
    construct: () => placeholder(name), // new Chat(client): what the client does with each
    apply: () => {
      throw new Error(name + ' is not bundled in Image Studio (it bundles only the Images and Models APIs of the OpenAI SDK).');
    },
  });
}
`;

/**
 * The source of a stub for `module` (a path for the comment) exporting `names`.
 * @param {string} module
 * @param {readonly string[]} names
 */
export function stubSource(module, names) {
  const lines = [`// ${module}: stubbed by scripts/slimOpenAI.mjs.`, `import { placeholder } from ${JSON.stringify(PLACEHOLDER)};`];
  // Numbered locals exported under quoted names, so `default` or any other name works.
  names.forEach((name, index) => lines.push(`const $${index} = placeholder(${JSON.stringify(name)});`));
  if (names.length > 0) {
    lines.push(`export { ${names.map((name, index) => `$${index} as ${JSON.stringify(name)}`).join(', ')} };`);
  } else {
    lines.push('export {};');
  }
  return lines.join('\n') + '\n';
}

/**
 * The value names `file` exports, as esbuild sees them after following `export *`.
 * @param {typeof import('esbuild')} esbuild
 * @param {string} file
 * @returns {Promise<string[]>}
 */
export async function exportNames(esbuild, file) {
  const result = await esbuild.build({
    absWorkingDir: dirname(file),
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Other packages (optional peers…) need not be installed to read this module's names.
    packages: 'external',
    write: false,
    metafile: true,
    outdir: 'slim-openai-probe', // never written
    logLevel: 'silent',
  }).catch((/** @type {import('esbuild').BuildFailure} */ error) => {
    throw new Error(`cannot determine the exports of ${file}: ${error.errors?.[0]?.text ?? error}`);
  });
  const input = result.metafile.inputs[basename(file)];
  const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint === basename(file));
  // Only an ES module has names we can mirror: anything else means the SDK changed shape.
  if (input?.format !== 'esm' || !output?.exports) {
    throw new Error(`cannot determine the exports of ${file} (not an ES module?)`);
  }
  return [...output.exports].sort();
}

/**
 * The plugin: add it to every build that bundles the SDK.
 * @returns {import('esbuild').Plugin}
 */
export function slimOpenAI() {
  return {
    name: 'slim-openai',
    setup(build) {
      const esbuild = build.esbuild;
      /** @type {Map<string, Promise<string[]>>} cached across rebuilds (watch mode) */
      const namesCache = new Map();
      let resourcesDir = '';
      let clientLoaded = false;
      /** @type {Set<string>} */ const loaded = new Set();
      /** @type {Set<string>} */ const stubbed = new Set();
      const fail = (text) => ({ errors: [{ text: `slim-openai: ${text}` }] });

      build.onStart(async () => {
        clientLoaded = false;
        loaded.clear();
        stubbed.clear();
        // Resolved the way the build resolves it, so the checks look at the SDK that ships.
        const root = await build.resolve('openai', { kind: 'import-statement', resolveDir: build.initialOptions.absWorkingDir ?? process.cwd() });
        if (root.errors.length > 0) return { errors: root.errors };
        resourcesDir = join(dirname(root.path), 'resources') + sep;
        const missing = [...KEPT, '../client.mjs'].filter((name) => !existsSync(join(resourcesDir, name)));
        if (missing.length > 0) return fail(`the openai SDK no longer has ${missing.join(', ')} (under ${resourcesDir}); update scripts/slimOpenAI.mjs`);
        return undefined;
      });

      build.onResolve({ filter: new RegExp(`^${PLACEHOLDER}$`) }, () => ({ path: 'placeholder', namespace: 'slim-openai' }));
      build.onLoad({ filter: /^placeholder$/, namespace: 'slim-openai' }, () => ({ contents: PLACEHOLDER_SOURCE, loader: 'js' }));

      // A resource we keep must not lean on one we stub: it would break at run time.
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!resourcesDir || !args.importer.startsWith(resourcesDir)) return undefined;
        const from = relative(resourcesDir, args.importer).split(sep).join('/');
        const to = relative(resourcesDir, join(args.resolveDir, args.path)).split(sep).join('/');
        if (USED.includes(from) && !to.startsWith('../') && !KEPT.has(to)) {
          return fail(`${from} imports ${to}, which would be stubbed; add it to KEPT in scripts/slimOpenAI.mjs`);
        }
        return undefined;
      });

      // `require('openai')` would bundle the CommonJS copy of the whole SDK, unslimmed.
      build.onLoad({ filter: /[\\/]openai[\\/]client\.js$/ }, (args) =>
        args.path === join(resourcesDir, '..', 'client.js') ? fail(`the CommonJS build of openai was bundled (a require('openai')?); only ES imports are slimmed`) : undefined,
      );
      build.onLoad({ filter: /[\\/]openai[\\/]client\.mjs$/ }, (args) => {
        if (args.path === join(resourcesDir, '..', 'client.mjs')) clientLoaded = true;
        return undefined;
      });

      build.onLoad({ filter: /[\\/]openai[\\/]resources[\\/].*\.mjs$/ }, async (args) => {
        if (!args.path.startsWith(resourcesDir)) return undefined;
        const module = relative(resourcesDir, args.path).split(sep).join('/');
        loaded.add(module);
        if (KEPT.has(module)) return undefined;
        let names = namesCache.get(args.path);
        if (!names) namesCache.set(args.path, (names = exportNames(esbuild, args.path)));
        try {
          const contents = stubSource(`openai/resources/${module}`, await names);
          stubbed.add(module);
          return { contents, loader: 'js', resolveDir: dirname(args.path) };
        } catch (error) {
          namesCache.delete(args.path);
          return fail(error instanceof Error ? error.message : String(error));
        }
      });

      // If the client no longer reaches our resources (or anything to stub) through these
      // files, the allowlist no longer describes the SDK: better no bundle than a broken one.
      build.onEnd(() => {
        if (!clientLoaded) return undefined;
        const notLoaded = USED.filter((name) => !loaded.has(name));
        if (notLoaded.length > 0) return fail(`openai/client.mjs no longer loads resources/${notLoaded.join(', resources/')}; update scripts/slimOpenAI.mjs`);
        if (stubbed.size === 0) return fail('nothing in openai/resources was stubbed: the SDK layout changed; update scripts/slimOpenAI.mjs');
        return undefined;
      });
    },
  };
}
