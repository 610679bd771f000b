// Import layers and circles, checked by dependency-cruiser (`npm run lint`, a step of `npm test`).
//
// Why dependency-cruiser rather than eslint-plugin-import-x (no-cycle, no-restricted-paths):
// it resolves every import once into one graph and finds circles on that graph, so a circle
// is reported once, whatever its length, and quickly; a layer rule is a pair of path
// patterns on resolved files, not on the import's spelling; and it installs as plain
// JavaScript (import-x needs a native resolver with an install script).
// Type-only imports count too (`tsPreCompilationDeps`): a type from a higher layer couples
// the two as much as a value does.

/**
 * The layers of the extension host, top to bottom. A module may import its own layer and
 * any layer below it, never one above. Every module of src/ belongs to one (src-file-in-a-layer).
 */
const LAYERS = [
  // The composition roots: build the services, register the features.
  { name: 'composition root', path: '^src/(extension|features)\\.ts$' },
  // What a person uses (commands, panels, agent tools), and the services only they need.
  { name: 'features', path: '^src/((commands|panels|agent)/|featureServices\\.ts$)' },
  // The one job pipeline every feature presents.
  { name: 'jobs', path: '^src/jobs/' },
  // The building blocks: network, images, files, user feedback, settings, editor text, and
  // what they all share.
  { name: 'base', path: '^src/((openai|imaging|storage|feedback|util|config|editor)/|(services|commandIds)\\.ts$)' },
];

/** Code that must run without an editor (unit-tested in plain Node): no `vscode`. */
const NO_VSCODE = '^src/(openai|imaging)/';

/** `vscode` as dependency-cruiser sees it: unresolved, or resolved to its type package. */
const VSCODE = '^vscode$|^node_modules/@types/vscode/';

const unplaced = {
  name: 'src-file-in-a-layer',
  comment: 'Every module of src/ belongs to a layer: add a new folder or file to LAYERS in .dependency-cruiser.cjs.',
  severity: 'error',
  from: { path: '^src/', pathNot: LAYERS.map((layer) => layer.path) },
  to: {},
};

const layerRules = LAYERS.flatMap((lower, index) =>
  LAYERS.slice(0, index).map((higher) => ({
    name: `layers: ${lower.name} -> ${higher.name}`,
    comment: `Layers point down: ${lower.name} must not import ${higher.name} (see LAYERS in .dependency-cruiser.cjs).`,
    severity: 'error',
    from: { path: lower.path },
    to: { path: higher.path },
  })),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import circles make load order matter and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    unplaced,
    {
      name: 'no-vscode-in-openai-or-imaging',
      comment: 'src/openai and src/imaging run without an editor (and are unit-tested in plain Node).',
      severity: 'error',
      from: { path: NO_VSCODE },
      to: { path: VSCODE },
    },
    {
      name: 'shared-imports-only-shared-and-dependencies',
      comment:
        'shared/ is imported by the host and the webviews, so it depends on neither (nor on Node or vscode); ' +
        'only on runtime npm dependencies that run in both (valibot).',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: '^shared/', dependencyTypesNot: ['npm'] },
    },
    {
      name: 'webview-imports-webview-and-shared-only',
      comment:
        'Webview code runs in a browser iframe: no host code, no Node, no vscode module. ' +
        'One package: @vscode/l10n, the same localization as the host (esbuild takes its browser build).',
      severity: 'error',
      from: { path: '^webview/' },
      to: { pathNot: '^(webview|shared)/|^node_modules/@vscode/l10n/' },
    },
    {
      name: 'host-does-not-import-webview',
      comment: 'The host talks to webviews through shared/protocol.ts, never their code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^webview/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: VSCODE },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|out|\\.tools|\\.test-artifacts)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
