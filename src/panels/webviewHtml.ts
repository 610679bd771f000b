import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export interface WebviewPage {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  /** The page's `<title>`, already localized by the caller (vscode.l10n.t). */
  title: string;
  /** Bundle name under dist/webview/ (e.g. "studio" → dist/webview/studio.js). */
  script: string;
  /** Stylesheets under media/ (e.g. "studio.css"). */
  styles: string[];
  /** Serializable state for the page, passed in an escaped data- attribute (no inline script). */
  initialState?: unknown;
  /** The page's markup inside <body>. */
  body?: string;
}

/** A fresh, unguessable nonce per render (never Math.random). */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The roots a webview may load from: the bundles, media and codicons, nothing else. */
export function localResourceRoots(extensionUri: vscode.Uri, extra: vscode.Uri[] = []): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media'), ...extra];
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
}

/**
 * The one place webview HTML is built: a strict CSP (`default-src 'none'`, scripts only by
 * nonce, images only from the webview's own resources, blob: and data:), no remote
 * content, no inline script, state in a data- attribute.
 */
export function buildWebviewHtml(page: WebviewPage): string {
  const { webview, extensionUri } = page;
  const nonce = createNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} blob: data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  // The icon font is asked for at once, beside the stylesheets: otherwise the page finds it
  // needs it only when its first layout uses an icon, and (font-display: block) draws the
  // icons again when it arrives. Same URL as codicon.css's @font-face (esbuild.mjs), and
  // `crossorigin` because fonts are always fetched in CORS mode: else it is fetched twice.
  const iconFont = escapeAttribute(asset('media', 'codicons', 'codicon.ttf'));
  const styles = ['codicons/codicon.css', ...page.styles]
    .map((name) => `<link rel="stylesheet" href="${escapeAttribute(asset('media', ...name.split('/')))}">`)
    .join('\n    ');
  const state = escapeAttribute(JSON.stringify(page.initialState ?? null));
  // The strings of VS Code's display language, for the page's l10n.t (webview/common/pageL10n.ts).
  const strings = escapeAttribute(JSON.stringify(vscode.l10n.bundle ?? {}));
  const language = escapeAttribute(vscode.env.language);
  // eslint-disable-next-line image-studio/localized-text -- markup, not text: the only text in it, the title, comes localized from the caller
  return `<!DOCTYPE html>
<html lang="${language}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>${escapeAttribute(page.title)}</title>
    <link rel="preload" href="${iconFont}" as="font" type="font/ttf" crossorigin>
    ${styles}
  </head>
  <body data-state="${state}" data-l10n="${strings}">
    ${page.body ?? ''}
    <script nonce="${nonce}" src="${escapeAttribute(asset('dist', 'webview', `${page.script}.js`))}"></script>
  </body>
</html>`;
}
