// CSS inside an SVG drawing (<style> elements, style attributes, presentation attributes)
// may only style the drawing: no @import, no url() to anything but an element of the same
// document (#id), no script URLs, no legacy script hooks (expression(), behavior,
// -moz-binding). css-tree (svgo's own CSS parser) parses and reprints it, so escapes and
// odd spellings come out normalized; a textual check of the result, on the text with CSS
// escapes decoded, is the last word. What was removed is described in the display language
// (it reaches the sidecar and the user).

import * as l10n from '@vscode/l10n';
import { generate, parse, walk, type CssNode } from 'css-tree';

/** At-rules that only style (@media, @supports, animations, layers, containers). */
const ALLOWED_AT_RULES = new Set(['media', 'supports', 'keyframes', '-webkit-keyframes', 'layer', 'container']);

/** CSS functions that fetch or embed other documents, whatever their arguments. */
const FETCHING_FUNCTIONS = ['image-set(', '-webkit-image-set(', 'cross-fade(', '-webkit-cross-fade(', 'element(', '-moz-element(', 'src(', 'image(', 'paint('];

/** Deepest (, [ or { nesting accepted in CSS: css-tree parses blocks recursively. */
const MAX_CSS_NESTING = 32;

/**
 * Decodes CSS escapes (`\75 rl(` is `url(`, `\@import`), as a CSS parser would read them.
 * NUL and code points beyond Unicode become U+FFFD, as in CSS.
 */
export function decodeCssEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\([^\n\r\f0-9a-fA-F])|\\(\r\n|[\n\r\f])/g, (_all, hex: string | undefined, char: string | undefined) => {
    if (hex !== undefined) {
      const code = Number.parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
    }
    return char ?? '';
  });
}

/**
 * Why `value` (an attribute value or CSS text) could make a viewer run script or fetch
 * something, or undefined when it cannot (see {@link describeUnsafeReason} for the words). Control characters and spaces are ignored, as browsers ignore
 * them inside URL schemes (`java\tscript:`), and CSS escapes are decoded.
 */
export type UnsafeReason = 'scriptUrl' | 'documentDataUrl' | 'cssScriptHook' | 'externalLink';

/** "script URL", "document data URL", "CSS script hook", "link to another file". */
export function describeUnsafeReason(reason: UnsafeReason): string {
  switch (reason) {
    case 'scriptUrl':
      return l10n.t('script URL');
    case 'documentDataUrl':
      return l10n.t('document data URL');
    case 'cssScriptHook':
      return l10n.t('CSS script hook');
    case 'externalLink':
      return l10n.t('link to another file');
  }
}

export function unsafeValueReason(value: string): UnsafeReason | undefined {
  // Every pattern below needs one of these (path data, numbers and colours have none).
  if (!/[:(\\@]/.test(value)) return undefined;
  const decoded = decodeCssEscapes(value);
  // Everything up to U+0020, DEL and the C1 controls, and the invisible format characters.
  const squeezed = decoded.replace(/[\u0000-\u0020\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+/g, '').toLowerCase();
  if (/(?:java|vb|live)script:/.test(squeezed)) return 'scriptUrl';
  if (squeezed.includes('data:text/html') || squeezed.includes('data:application/xhtml') || squeezed.includes('data:image/svg')) return 'documentDataUrl';
  if (squeezed.includes('expression(') || squeezed.includes('behavior:') || squeezed.includes('-moz-binding')) return 'cssScriptHook';
  if (squeezed.includes('@import')) return 'externalLink';
  if (FETCHING_FUNCTIONS.some((name) => squeezed.includes(name))) return 'externalLink';
  if (squeezed.includes('url(')) {
    // Every url(…) must name an element of this document: url(#id), quoted or not.
    for (const match of squeezed.matchAll(/url\(['"]?(.?)/g)) {
      if (match[1] !== '#') return 'externalLink';
    }
  }
  return undefined;
}

/** True when (, [ and { nest deeper than css-tree should be asked to recurse. */
function nestsTooDeep(css: string): boolean {
  let depth = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) {
      if (++depth > MAX_CSS_NESTING) return true;
    } else if ((c === 0x29 || c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return false;
}

/** The result of cleaning CSS: the text to keep (empty when nothing is left) and what went. */
export interface CleanCss {
  css: string;
  removed: string[];
}

/** Removes the at-rules and declarations of a parsed stylesheet or declaration list that are unsafe. */
function cleanTree(ast: CssNode, removed: string[]): void {
  walk(ast, {
    // eslint-disable-next-line image-studio/localized-text -- a css-tree node type
    visit: 'Atrule',
    enter(node, item, list) {
      const name = decodeCssEscapes(node.name).toLowerCase();
      if (!ALLOWED_AT_RULES.has(name)) {
        removed.push(l10n.t('@{name} rule', { name: name.slice(0, 40) }));
        list.remove(item);
      }
    },
  });
  walk(ast, {
    // eslint-disable-next-line image-studio/localized-text -- a css-tree node type
    visit: 'Declaration',
    enter(node, item, list) {
      const reason = unsafeValueReason(generate(node));
      if (reason !== undefined) {
        removed.push(l10n.t('{property} style ({reason})', { property: decodeCssEscapes(node.property).toLowerCase().slice(0, 40), reason: describeUnsafeReason(reason) }));
        list.remove(item);
      }
    },
  });
}

/**
 * Cleans CSS: the whole text goes when it nests too deep or still fails the final check.
 * @param context 'stylesheet' for a <style> element, 'declarationList' for a style attribute.
 */
export function sanitizeCss(css: string, context: 'stylesheet' | 'declarationList'): CleanCss {
  const element = context === 'stylesheet';
  if (nestsTooDeep(css)) return { css: '', removed: [element ? l10n.t('style element (nested too deeply)') : l10n.t('style attribute (nested too deeply)')] };
  const removed: string[] = [];
  let cleaned: string;
  try {
    const ast = parse(css, { context, parseValue: true, parseAtrulePrelude: false, parseRulePrelude: false, parseCustomProperty: false });
    cleanTree(ast, removed);
    cleaned = generate(ast);
  } catch {
    return { css: '', removed: [element ? l10n.t('style element (CSS that could not be read)') : l10n.t('style attribute (CSS that could not be read)')] };
  }
  const reason = unsafeValueReason(cleaned);
  if (reason !== undefined) {
    const why = describeUnsafeReason(reason);
    return { css: '', removed: [...removed, element ? l10n.t('style element ({reason})', { reason: why }) : l10n.t('style attribute ({reason})', { reason: why })] };
  }
  return { css: cleaned, removed };
}
