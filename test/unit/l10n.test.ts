// Localization (issue #18): every message the code localizes is in the English bundle, every
// language has every message of the bundle and of the manifest with the same placeholders, and
// the manifest's user-visible fields are all %keys%. A language is a drop-in pair of files:
// package.nls.<locale>.json and l10n/bundle.l10n.<locale>.json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const BUNDLE_PATH = join('l10n', 'bundle.l10n.json');

async function extractBundle(root: string): Promise<Messages> {
  const { extractBundle: extract } = await import('../../scripts/l10nBundle.mjs');
  return extract(root);
}

/** `{0}`, `{name}`: the placeholders of a message, sorted, with repeats. */
function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]).sort();
}
/** The languages that must be complete (more may be dropped in; they are checked the same way). */
const REQUIRED_LOCALES = ['zh-cn'];

type Messages = Record<string, string | { message: string; comment: string[] }>;

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
}

function text(value: Messages[string]): string {
  return typeof value === 'string' ? value : value.message;
}

function localesOf(dir: string, prefix: string): string[] {
  return readdirSync(join(ROOT, dir))
    .map((name) => name.match(new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.([\\w-]+)\\.json$`))?.[1])
    .filter((locale): locale is string => locale !== undefined)
    .sort();
}

/** What is wrong with a translation of `english`: missing or extra keys, other placeholders, empty text. */
function translationProblems(english: Messages, translated: Messages): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    if (!(key in translated)) {
      problems.push(`missing: ${JSON.stringify(key)}`);
      continue;
    }
    const value = text(translated[key]);
    if (value.trim() === '') problems.push(`empty: ${JSON.stringify(key)}`);
    const want = placeholdersOf(text(english[key])).join(', ');
    const got = placeholdersOf(value).join(', ');
    if (want !== got) problems.push(`placeholders differ in ${JSON.stringify(key)}: English has [${want}], the translation [${got}]`);
  }
  for (const key of Object.keys(translated)) {
    if (!(key in english)) problems.push(`not in English (stale?): ${JSON.stringify(key)}`);
  }
  return problems;
}

/**
 * Manifest fields a person reads (command palette, settings editor, custom editor picker,
 * chat's tool list, the walkthrough and its pictures' `altText`). A language model reads
 * `modelDescription` and a tool's `inputSchema`: those stay English.
 */
const READ_BY_PEOPLE = new Set([
  'title',
  'shortTitle',
  'category',
  'displayName',
  'description',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'enumItemLabels',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'label',
  'userDescription',
  'altText',
]);
const READ_BY_MODELS = new Set(['modelDescription', 'inputSchema']);

/** `contributes.commands[0].title: "Generate Image…"` for each people-read field that is not a %key%. */
function literalManifestText(value: unknown, path: string, readByPeople: boolean, found: string[]): void {
  if (typeof value === 'string') {
    if (readByPeople && !/^%[\w.-]+%$/.test(value)) found.push(`${path}: ${JSON.stringify(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => literalManifestText(item, `${path}[${index}]`, readByPeople, found));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (READ_BY_MODELS.has(key)) continue;
      // A setting named `title` or `description` is a key, not text: only the field names count.
      const isProperties = path.endsWith('.properties');
      literalManifestText(child, `${path}.${key}`, !isProperties && READ_BY_PEOPLE.has(key), found);
    }
  }
}

function manifestKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const key = value.match(/^%([\w.-]+)%$/)?.[1];
    if (key) keys.add(key);
  } else if (Array.isArray(value)) {
    value.forEach((item) => manifestKeys(item, keys));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach((child) => manifestKeys(child, keys));
  }
  return keys;
}

describe('localization', () => {
  test('l10n/bundle.l10n.json holds exactly the messages of the l10n.t calls (npm run l10n rewrites it)', async () => {
    const extracted = await extractBundle(ROOT);
    const committed = readJson<Messages>(BUNDLE_PATH);
    const missing = Object.keys(extracted).filter((key) => !(key in committed));
    const stale = Object.keys(committed).filter((key) => !(key in extracted));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'l10n/bundle.l10n.json is out of date: run `npm run l10n` and translate what it adds');
    assert.ok(Object.keys(extracted).length > 0, 'the code localizes nothing');
  });

  test('the messages are whole sentences with named placeholders: no template substitution, no {0}', async () => {
    const positional = Object.keys(await extractBundle(ROOT)).filter((key) => /\{\d+\}/.test(key));
    assert.deepEqual(positional, [], 'use named placeholders ({file}, {model}) so translators know what goes where');
  });

  test('the manifest’s user-visible fields are all %keys%, and package.nls.json has exactly those keys', () => {
    const manifest = readJson<Record<string, unknown>>('package.json');
    const literal: string[] = [];
    literalManifestText({ displayName: manifest.displayName, description: manifest.description }, 'package.json', true, literal);
    literalManifestText(manifest.contributes, 'contributes', false, literal);
    assert.deepEqual(literal, [], 'put these in package.nls.json and refer to them as %key%');
    const used = [...manifestKeys(manifest)].sort();
    const defined = Object.keys(readJson<Messages>('package.nls.json')).sort();
    assert.deepEqual(
      { undefinedKeys: used.filter((key) => !defined.includes(key)), unusedKeys: defined.filter((key) => !used.includes(key)) },
      { undefinedKeys: [], unusedKeys: [] },
    );
  });

  test('the activation bundle needs no @vscode/l10n setup: what dist/extension.js loads localizes with vscode.l10n.t', async () => {
    // extension.js does not set up @vscode/l10n (features.js and svgSanitizer.js do, see
    // src/util/l10nSetup.ts): code without `vscode` it loads would speak English whatever
    // the display language. Bundled as esbuild.mjs bundles it.
    const result = await esbuild.build({
      entryPoints: [join(ROOT, 'src/extension.ts')],
      absWorkingDir: ROOT,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['vscode', 'sharp', './features.js', './mcpServer.js', './svgSanitizer.js'],
      metafile: true,
      logLevel: 'silent',
    });
    const l10nCallers = Object.entries(result.metafile.inputs)
      .filter(([, input]) => input.imports.some((imported) => imported.path.includes('@vscode/l10n')))
      .map(([path]) => path);
    assert.deepEqual(l10nCallers, [], 'move these to dist/features.js, or import ./util/hostL10n first in src/extension.ts as features.ts does');
  });

  test(`the required languages (${REQUIRED_LOCALES.join(', ')}) are there for the manifest and the code`, () => {
    for (const locale of REQUIRED_LOCALES) {
      assert.ok(existsSync(join(ROOT, `package.nls.${locale}.json`)), `package.nls.${locale}.json is missing`);
      assert.ok(existsSync(join(ROOT, 'l10n', `bundle.l10n.${locale}.json`)), `l10n/bundle.l10n.${locale}.json is missing`);
    }
  });

  for (const locale of localesOf('.', 'package.nls')) {
    test(`package.nls.${locale}.json translates every manifest string with the same placeholders`, () => {
      assert.deepEqual(translationProblems(readJson('package.nls.json'), readJson(`package.nls.${locale}.json`)), []);
    });
  }

  for (const locale of localesOf('l10n', 'bundle.l10n')) {
    test(`l10n/bundle.l10n.${locale}.json translates every message with the same placeholders`, () => {
      assert.deepEqual(translationProblems(readJson(BUNDLE_PATH), readJson(join('l10n', `bundle.l10n.${locale}.json`))), []);
    });
  }

  test('zh-cn is translated, not copied: no sentence of three English words or more left as it was', () => {
    const copied = (english: Messages, translated: Messages) =>
      Object.keys(english).filter((key) => {
        const value = translated[key];
        return value !== undefined && text(value) === text(english[key]) && /([A-Za-z]{2,}[\s,]+){2,}[A-Za-z]{2,}/.test(text(english[key]).replace(/\{[^}]+\}/g, ''));
      });
    if (!existsSync(join(ROOT, 'package.nls.zh-cn.json')) || !existsSync(join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'))) return;
    assert.deepEqual(copied(readJson('package.nls.json'), readJson('package.nls.zh-cn.json')), [], 'package.nls.zh-cn.json');
    assert.deepEqual(copied(readJson(BUNDLE_PATH), readJson(join('l10n', 'bundle.l10n.zh-cn.json'))), [], 'bundle.l10n.zh-cn.json');
  });
});
