// A bounded look at SVG markup before any XML parser sees it. The parser svgo uses (sax)
// would build a tree of any depth, and svgo's plugins and serializer then walk it
// recursively (a stack overflow at some thousands of levels); sax also checks each
// attribute against all the element's others (a million attributes on one element take
// minutes); and svgo copies every <!ENTITY> of an internal DTD subset into sax's entity
// table (entity expansion bombs). So this scan, one pass over the text that never
// recurses and never backtracks, refuses all three first.

import { MAX_SVG_ATTRIBUTES, MAX_SVG_DEPTH } from './sanitizedSvg';
import { svgEntitiesError, svgTooDeepError, svgTooManyAttributesError } from './svgErrors';

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

/**
 * Refuses markup that declares entities, nests elements deeper than {@link MAX_SVG_DEPTH}
 * or gives one element more than {@link MAX_SVG_ATTRIBUTES} attributes. Comments, CDATA
 * sections, processing instructions and declarations are skipped as the XML parser skips
 * them; a construct left open ends the scan (the parser then reports the document as
 * malformed). Linear in the length of `text`.
 * @param name the drawing's name for error messages.
 * @throws {ImageError} unsafe (entities) or tooComplex (depth, attributes).
 */
export function scanSvgMarkup(text: string, name: string): void {
  // Any spelling: an entity declaration has no business in a drawing from an image server.
  if (/<!entity/i.test(text)) throw svgEntitiesError(name);
  let depth = 0;
  let at = text.indexOf('<');
  while (at !== -1) {
    let end: number;
    if (text.startsWith('<!--', at)) end = closeOf(text, '-->', at + 4);
    else if (text.startsWith('<![CDATA[', at)) end = closeOf(text, ']]>', at + 9);
    else if (text.startsWith('<?', at)) end = closeOf(text, '?>', at + 2);
    else if (text.startsWith('<!', at)) end = closeOf(text, '>', at + 2);
    else if (text.charCodeAt(at + 1) === SLASH) {
      depth--;
      end = closeOf(text, '>', at + 2);
    } else {
      const tag = scanStartTag(text, at + 1);
      if (tag.attributes > MAX_SVG_ATTRIBUTES) throw svgTooManyAttributesError(name);
      // An element's depth counts itself, so <svg><rect/></svg> is 2 deep.
      if (depth + 1 > MAX_SVG_DEPTH) throw svgTooDeepError(name);
      if (!tag.selfClosing) depth++;
      end = tag.end;
    }
    if (end === -1) return;
    at = text.indexOf('<', end);
  }
}

/** The index just past `close` at or after `from`, or -1. */
function closeOf(text: string, close: string, from: number): number {
  const found = text.indexOf(close, from);
  return found === -1 ? -1 : found + close.length;
}

/**
 * Reads a start tag from just after its `<`: its attributes (an `=` outside quotes starts
 * one), whether it closes itself, and the index just past its `>` (-1 if it never ends).
 */
function scanStartTag(text: string, from: number): { attributes: number; selfClosing: boolean; end: number } {
  let attributes = 0;
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === QUOTE || c === APOSTROPHE) {
      quote = c;
    } else if (c === EQUALS) {
      attributes++;
    } else if (c === GT) {
      return { attributes, selfClosing: text.charCodeAt(i - 1) === SLASH, end: i + 1 };
    } else if (c === LT) {
      // Not well-formed; the parser will say so. Resume the scan at this `<`.
      return { attributes, selfClosing: false, end: i };
    }
  }
  return { attributes, selfClosing: false, end: -1 };
}
