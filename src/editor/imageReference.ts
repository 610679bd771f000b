// Image references (Markdown `![alt](path)`, HTML/JSX `<img>`) built from a prompt and a
// saved file. Pure: no `vscode` import, so every escaping rule is unit-tested in plain Node.
// Prompts are arbitrary user text (brackets, quotes, newlines, 5000 characters, emoji), so
// alt text is flattened, shortened and escaped for the syntax it lands in.

import * as l10n from '@vscode/l10n';
import { posix } from 'node:path';

/** The reference syntaxes we can write; `undefined` from the lookup means "none". */
export type ImageReferenceSyntax = 'markdown' | 'html' | 'jsx';

/** Alt text longer than this (in user-perceived characters) is cut at a word boundary. */
export const MAX_ALT_LENGTH = 120;

const MARKDOWN_LANGUAGES = new Set(['markdown', 'mdx', 'quarto', 'rmd']);
// Template languages whose markup is HTML, so a plain `<img>` is valid where text is.
const HTML_LANGUAGES = new Set([
  'html',
  'vue',
  'vue-html',
  'svelte',
  'astro',
  'php',
  'handlebars',
  'django-html',
  'jinja-html',
  'erb',
  'razor',
  'aspnetcorerazor',
]);
const JSX_LANGUAGES = new Set(['javascriptreact', 'typescriptreact']);

/** The syntax to insert into a document of `languageId`, or `undefined` if it has none. */
export function imageReferenceSyntax(languageId: string): ImageReferenceSyntax | undefined {
  if (MARKDOWN_LANGUAGES.has(languageId)) return 'markdown';
  if (HTML_LANGUAGES.has(languageId)) return 'html';
  if (JSX_LANGUAGES.has(languageId)) return 'jsx';
  return undefined;
}

/**
 * One line of alt text from a prompt: whitespace runs (newlines, tabs, U+2028) become one
 * space, control and bidi-override characters are dropped, and text longer than
 * `MAX_ALT_LENGTH` is cut at a word boundary and ends with `…`. Cuts fall between
 * graphemes, so an emoji is never split. Not escaped: `buildImageReference` does that for
 * the syntax at hand. Never empty.
 */
export function altTextFromPrompt(prompt: string): string {
  const flat = prompt
    // Bidi overrides could make the alt text read differently from what it contains.
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
  if (!flat) return l10n.t('Generated image');
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(flat)].map((s) => s.segment);
  if (graphemes.length <= MAX_ALT_LENGTH) return flat;
  const head = graphemes.slice(0, MAX_ALT_LENGTH - 1); // room for the ellipsis
  // If the next character is a space, the head already ends on a word boundary.
  const lastSpace = graphemes[head.length] === ' ' ? head.length : head.lastIndexOf(' ');
  // A boundary far back would throw away most of the text: cut the long word instead.
  const kept = lastSpace >= MAX_ALT_LENGTH / 2 ? head.slice(0, lastSpace) : head;
  return `${kept.join('').replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

/**
 * The path of `toImagePath` relative to the folder of `fromDocumentPath`, both absolute
 * posix paths (URI paths). Forward slashes, no leading `./`, not yet URL-encoded.
 */
export function relativeImagePath(fromDocumentPath: string, toImagePath: string): string {
  const from = posix.dirname(normalizeDrive(fromDocumentPath));
  return posix.relative(from, normalizeDrive(toImagePath)) || posix.basename(toImagePath);
}

/** `/C:/x` and `/c:/x` are the same folder on Windows; compare them in one form. */
function normalizeDrive(path: string): string {
  return path.replace(/^\/([A-Za-z]):/, (_match, drive: string) => `/${drive.toLowerCase()}:`);
}

/**
 * Percent-encodes each segment of a relative path for use as a URL in Markdown or `src`:
 * spaces, `#`, `?`, `%`, `:` (which would read as a scheme) and parentheses (which end a
 * Markdown link) are encoded; `/` and `..` stay.
 */
export function encodePathForUrl(relativePath: string): string {
  return relativePath
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** Backslash-escapes what would end or re-read Markdown alt text (brackets, code spans, autolinks). */
export function escapeMarkdownAlt(alt: string): string {
  return alt.replace(/[\\[\]`<]/g, (c) => `\\${c}`);
}

/** Escapes text for a double-quoted HTML or JSX attribute (JSX strings decode entities too). */
export function escapeHtmlAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
}

/**
 * One image reference. `relativePath` is a plain (unencoded) posix path as returned by
 * `relativeImagePath`; `alt` is plain text as returned by `altTextFromPrompt`. Both are
 * encoded/escaped here for `syntax`.
 */
export function buildImageReference(syntax: ImageReferenceSyntax, relativePath: string, alt: string): string {
  const url = encodePathForUrl(relativePath);
  switch (syntax) {
    case 'markdown':
      return `![${escapeMarkdownAlt(alt)}](${url})`;
    case 'html':
      // eslint-disable-next-line image-studio/localized-text -- markup, not words
      return `<img src="${escapeHtmlAttribute(url)}" alt="${escapeHtmlAttribute(alt)}">`;
    case 'jsx':
      // eslint-disable-next-line image-studio/localized-text -- markup, not words
      return `<img src="${escapeHtmlAttribute(url)}" alt="${escapeHtmlAttribute(alt)}" />`;
  }
}
