// Imported first by each webview's main.ts: the host puts the strings of VS Code's display
// language (its l10n bundle) in the page's `data-l10n` and the language in `<html lang>`
// (src/panels/webviewHtml.ts), and this hands them to @vscode/l10n and the number formats
// before any other module of the page runs. The page calls `l10n.t` like the host does: one
// mechanism, one bundle.

import * as l10n from '@vscode/l10n';
import { useDisplayLocale } from '../../shared/localeFormat';

function pageBundle(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(document.body.dataset.l10n ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

l10n.config({ contents: pageBundle() });
useDisplayLocale(document.documentElement.lang);
