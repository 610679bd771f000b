// Starts code-server's workbench, and so the extension host, in a display language other than
// English (issue #18's end-to-end tests). code-server has no language pack of its own, and its
// VS Code server switches language only when `<user-data>/languagepacks.json` lists the locale
// with an existing core translations file (`translations.vscode`): VS Code writes that file
// after a language pack is installed from the Extensions view, never for `--install-extension`,
// so `--locale zh-cn` alone leaves everything English. We write it before the server starts.
// With it and `--locale`:
//   - the page loads `<user-data>/clp/<hash>.<locale>/…/nls.messages.js` and runs in that
//     language (the workbench's own strings come from the translations file: ours is empty,
//     so VS Code's menus stay English; this extension's strings are what the tests check);
//   - the server starts the extension host with VSCODE_NLS_CONFIG.resolvedLanguage = locale,
//     so `vscode.env.language` is the locale, `vscode.l10n` loads l10n/bundle.l10n.<locale>.json
//     and the manifest's %keys% come from package.nls.<locale>.json.
// Found by reading code-server 4.139.1's server-main.js (resolveNLSConfiguration); a full
// workbench translation is possible from @codingame/monaco-vscode-language-pack-zh-hans (about
// 50 MB of packages), not worth it for tests of this extension's strings.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type DisplayLanguage = 'zh-cn';

const LABELS: Record<DisplayLanguage, string> = { 'zh-cn': '中文(简体)' };

/** Prepares a user-data folder so that code-server starts in `locale`; returns the extra arguments. */
export function prepareDisplayLanguage(userDataDir: string, locale: DisplayLanguage): string[] {
  const packDir = join(userDataDir, 'test-language-pack', locale);
  mkdirSync(packDir, { recursive: true });
  const core = JSON.stringify({ contents: {} });
  const coreFile = join(packDir, 'main.i18n.json');
  writeFileSync(coreFile, core);
  // The hash names the server's cache folder (<user-data>/clp/<hash>.<locale>): tied to the content.
  const hash = createHash('sha256').update(core).digest('hex').slice(0, 32);
  const languagePacks = {
    [locale]: {
      hash,
      extensions: [{ extensionIdentifier: { id: `image-studio-tests.language-pack-${locale}` }, version: '0.0.0' }],
      translations: { vscode: coreFile },
      label: LABELS[locale],
    },
  };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(languagePacks));
  return ['--locale', locale];
}
