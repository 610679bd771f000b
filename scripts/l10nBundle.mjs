// The English l10n bundle (l10n/bundle.l10n.json): every `l10n.t(...)` / `vscode.l10n.t(...)`
// message in src/, webview/ and shared/, extracted with @vscode/l10n-dev (the extractor VS
// Code's own extensions use). `npm run l10n` writes it (scripts/l10n.mjs); test/unit/l10n.test.ts checks it is up
// to date and that every language has every message with the same placeholders.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

export const L10N_SOURCES = ['src', 'webview', 'shared'];
export const BUNDLE_PATH = join('l10n', 'bundle.l10n.json');

function typeScriptFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return typeScriptFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The bundle as the sources say it should be, keys sorted. */
export async function extractBundle(root = '.') {
  const files = L10N_SOURCES.flatMap((dir) => typeScriptFiles(join(root, dir))).sort();
  const bundle = await getL10nJson(files.map((file) => ({ extension: extname(file), contents: readFileSync(file, 'utf8') })));
  return Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `{0}`, `{name}`: the placeholders of a message, sorted, with repeats. */
export function placeholdersOf(message) {
  return [...message.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]).sort();
}
