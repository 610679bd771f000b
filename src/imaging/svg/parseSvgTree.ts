// A fast reader of well-formed SVG markup into exactly the tree svgo's own parser builds
// (svgo 4's lib/parser.js on sax 1.6 in strict mode), for the common case; anything it is
// not sure of is left to svgo's parser. Why: on a 1 MB drawing sax took most of the
// sanitizer's time (~30 ms of ~48), and 8 ms more when its attribute values were first read:
// it builds every value by appending one character at a time, so a drawing of path data
// becomes a million string pieces (and most of the garbage collection). This reader slices
// names, values and text out of the input with indexOf.
//
// Why our own and no library (building svgo's tree from the 1 MB bench drawing, medians of
// 11 side by side in one process: this reader 7.7 ms, sax 35 ms, saxes 49 ms,
// @rgrove/parse-xml 21 ms with the conversion to svgo's tree, htmlparser2 in xmlMode 20 ms
// and not strict): none comes near, and each reads XML by its own rules (attribute-value
// normalization, entity tables, duplicate attributes, several roots), so its tree would
// differ from sax's in corners the differential test would have to chase, where this reader
// only has to agree with sax, and can leave to sax whatever it does not copy.
//
// Why this is safe: (1) it never has the last word on a refusal. It returns `undefined`
// ("not sure") on anything sax refuses or treats in a way not copied here (an error of any
// kind, an unterminated construct, a DOCTYPE with an internal subset, an entity other
// than the five XML ones and character references, a name outside ASCII, markup sax reads
// loosely such as `< svg>`), and the caller then runs svgo's own parser, which refuses
// with its own message or builds its own tree. So everything sax refuses is still refused,
// by sax, with the same words. (2) What it accepts, it turns into the same tree sax would:
// test/unit/svgParserDifferential.test.ts compares both on the hostile corpus, malformed
// inputs and random mutations of them. (3) And even a tree that differed could not smuggle
// markup: the allowlist checks the very tree svgo's stringifier prints (elements and text
// only: it drops comments and instructions and turns CDATA into text), and the printer
// escapes every attribute value and text, so what a browser later reads is that printed
// tree, whatever the parser. (4) The bounds (size, nesting, attributes per element, no
// entity declarations) are checked before either parser runs (scanSvgMarkup.ts), and this
// reader never recurses.

import type { XastChild, XastElement, XastParent, XastRoot } from 'svgo' with { 'resolution-mode': 'import' };

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f; // /
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?
const EQUALS = 0x3d; // =
const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const COLON = 0x3a; // :
const BOM = 0xfeff;

/** sax's white space: space, line feed, carriage return, tab (nothing else). */
function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** An XML name's first character, ASCII only (sax's nameStart; beyond ASCII we let sax read it). */
function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === COLON;
}

/** An XML name's other characters, ASCII only (sax's nameBody). */
function isNameBody(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

/** Thrown inside the reader to give up ("not sure": let svgo's parser read it); never leaves this file. */
class NotSure extends Error {}
const NOT_SURE = new NotSure();

/** sax 1.6's entities that it appends as they are (the rest it feeds back through its reader). */
const XML_ENTITIES: Record<string, string> = { amp: '&', gt: '>', lt: '<', quot: '"', apos: "'" };
const XML_ENTITY_VALUES = new Set(Object.values(XML_ENTITIES));

/** sax's default bound on character references fed back through its reader (it refuses past it). */
const MAX_FED_BACK_ENTITIES = 512;

/**
 * sax checks its buffers (text, attribute value, tag name…) against 64 K characters whenever
 * it feeds a character reference back through its reader, splitting a text or refusing the
 * document: a reference in a run longer than this is left to sax.
 */
const MAX_RUN_WITH_FED_BACK_ENTITY = 32 * 1024;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** Namespace bindings in scope, chained by prototype exactly as sax keeps them (lookups included). */
type Namespaces = Record<string, string>;
const ROOT_NAMESPACES: Namespaces = { xml: XML_NAMESPACE, xmlns: XMLNS_NAMESPACE };

/**
 * Reads `text` into svgo's tree, or returns `undefined` when svgo's own parser must read it
 * (see the file comment). Never recurses; linear in the length of `text`.
 * @param textElements the elements whose text keeps its white space (svgo's `textElems`).
 */
export function parseSvgTree(text: string, textElements: ReadonlySet<string>): XastRoot | undefined {
  try {
    return new TreeReader(text, textElements).read();
  } catch (error) {
    if (error === NOT_SURE) return undefined;
    throw error;
  }
}

class TreeReader {
  private readonly root: XastRoot = { type: 'root', children: [] };
  private current: XastParent = this.root;
  private readonly open: XastElement[] = [];
  private readonly namespaces: Namespaces[] = [Object.create(ROOT_NAMESPACES) as Namespaces];
  private sawRoot = false;
  private closedRoot = false;
  private sawDoctype = false;
  private fedBack = 0;
  /** The text read since the last event that ends a text (sax's textNode), in pieces. */
  private textPieces: string[] = [];
  private textLength = 0;
  /** The index of the next `&` at or after the last search (-1: none left), so the text is searched once. */
  private nextAmpersand = -2;

  constructor(
    private readonly text: string,
    private readonly textElements: ReadonlySet<string>,
  ) {}

  read(): XastRoot {
    const text = this.text;
    let at = text.charCodeAt(0) === BOM ? 1 : 0;
    // Before anything: only white space (else sax: "Non-whitespace before first tag.").
    while (at < text.length && text.charCodeAt(at) !== LT) {
      if (!isWhitespace(text.charCodeAt(at))) throw NOT_SURE;
      at++;
    }
    while (at < text.length) {
      if (text.charCodeAt(at) === LT) at = this.markup(at);
      else at = this.textRun(at);
    }
    // Unclosed root, or no element at all: sax says so, or svgo's caller does.
    if (!this.sawRoot || !this.closedRoot || this.open.length > 0) throw NOT_SURE;
    this.flushText();
    return this.root;
  }

  /** Text up to the next `<`, entities decoded. Returns the index of that `<` (or the end). */
  private textRun(from: number): number {
    const text = this.text;
    const inside = this.sawRoot && !this.closedRoot;
    let end = text.indexOf('<', from);
    if (end === -1) end = text.length;
    if (!inside) {
      // Outside the root element sax keeps only white space (svgo then drops it).
      for (let i = from; i < end; i++) if (!isWhitespace(text.charCodeAt(i))) throw NOT_SURE;
      this.addText(text.slice(from, end));
      return end;
    }
    let amp = this.ampersandFrom(from);
    if (amp === -1 || amp >= end) {
      this.addText(text.slice(from, end));
      return end;
    }
    let start = from;
    while (amp !== -1 && amp < end) {
      this.addText(text.slice(start, amp));
      const { value, next, fedBack } = this.entity(amp, end);
      this.addText(value);
      // See MAX_RUN_WITH_FED_BACK_ENTITY: sax checks its buffers then.
      if (fedBack && this.textLength > MAX_RUN_WITH_FED_BACK_ENTITY) throw NOT_SURE;
      start = next;
      amp = this.ampersandFrom(start);
    }
    this.addText(text.slice(start, end));
    return end;
  }

  /** The first `&` at or after `from`, or -1. */
  private ampersandFrom(from: number): number {
    if (this.nextAmpersand !== -1 && this.nextAmpersand < from) this.nextAmpersand = this.text.indexOf('&', from);
    return this.nextAmpersand;
  }

  private addText(piece: string): void {
    this.textPieces.push(piece);
    this.textLength += piece.length;
  }

  /**
   * The entity at `amp` (an `&`), ending with `;` before `limit`: its text, the index past
   * its `;`, and whether sax would feed it back through its reader (counted against its bound).
   */
  private entity(amp: number, limit: number): { value: string; next: number; fedBack: boolean } {
    const text = this.text;
    const semicolon = text.indexOf(';', amp + 1);
    if (semicolon === -1 || semicolon >= limit) throw NOT_SURE;
    const name = text.slice(amp + 1, semicolon);
    const named = XML_ENTITIES[name];
    if (named !== undefined && Object.hasOwn(XML_ENTITIES, name)) return { value: named, next: semicolon + 1, fedBack: false };
    const value = characterReference(name);
    if (value === undefined) throw NOT_SURE;
    if (XML_ENTITY_VALUES.has(value)) return { value, next: semicolon + 1, fedBack: false };
    if (++this.fedBack > MAX_FED_BACK_ENTITIES) throw NOT_SURE;
    return { value, next: semicolon + 1, fedBack: true };
  }

  /** Ends the current text as sax's closeText does, and gives it to svgo's rules. */
  private flushText(): void {
    if (this.textPieces.length === 0) return;
    const value = this.textPieces.length === 1 ? this.textPieces[0] : this.textPieces.join('');
    this.textPieces = [];
    this.textLength = 0;
    if (value === '') return;
    const current = this.current;
    // svgo's parser: text outside any element is dropped; inside text elements kept as it
    // is; elsewhere trimmed, and dropped when nothing is left.
    if (current.type !== 'element') return;
    if (this.textElements.has(current.name)) {
      current.children.push({ type: 'text', value });
    } else {
      const trimmed = value.trim();
      if (trimmed !== '') current.children.push({ type: 'text', value: trimmed });
    }
  }

  private push(node: XastChild): void {
    this.current.children.push(node);
  }

  /** Markup at `at` (a `<`). Returns the index just past it. */
  private markup(at: number): number {
    const text = this.text;
    const c = text.charCodeAt(at + 1);
    if (c === BANG) return this.declaration(at);
    if (c === QUESTION) return this.instruction(at);
    if (c === SLASH) return this.closeTag(at);
    if (isNameStart(c)) return this.openTag(at);
    throw NOT_SURE; // `< svg>`, `<1`, `<` at the end…: sax's own rules
  }

  /** `<!--…-->`, `<![CDATA[…]]>` or `<!DOCTYPE …>` (without an internal subset). */
  private declaration(at: number): number {
    const text = this.text;
    if (text.startsWith('<!--', at)) {
      const close = text.indexOf('--', at + 4);
      if (close === -1 || text.charCodeAt(close + 2) !== GT) throw NOT_SURE;
      const comment = text.slice(at + 4, close);
      // sax emits (and ends the text before) only a comment that is not empty.
      if (comment !== '') {
        this.flushText();
        this.push({ type: 'comment', value: comment.trim() });
      }
      return close + 3;
    }
    const keyword = text.slice(at + 2, at + 9).toUpperCase();
    if (keyword === '[CDATA[') {
      const close = text.indexOf(']]>', at + 9);
      if (close === -1) throw NOT_SURE;
      this.flushText();
      const cdata = text.slice(at + 9, close);
      if (cdata !== '') this.push({ type: 'cdata', value: cdata });
      return close + 3;
    }
    if (keyword === 'DOCTYPE') {
      if (this.sawDoctype || this.sawRoot) throw NOT_SURE;
      // Up to the `>` outside quotes; an internal subset (`[`) is left to sax (and svgo's
      // entity handling, which scanSvgMarkup has refused anyway).
      let quote = 0;
      for (let i = at + 9; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === QUOTE || c === APOSTROPHE) {
          quote = c;
        } else if (c === 0x5b) {
          throw NOT_SURE;
        } else if (c === GT) {
          this.sawDoctype = true;
          this.flushText();
          this.push({ type: 'doctype', name: 'svg', data: { doctype: text.slice(at + 9, i) } });
          return i + 1;
        }
      }
    }
    throw NOT_SURE;
  }

  /** `<?name body?>`: sax's name is up to the first white space, the body after it, trimmed at the start. */
  private instruction(at: number): number {
    const text = this.text;
    const close = text.indexOf('?>', at + 2);
    if (close === -1) throw NOT_SURE;
    // A `?` inside changes how sax reads the end (`??>` does not end it): not copied here.
    if (text.slice(at + 2, close).includes('?')) throw NOT_SURE;
    let nameEnd = at + 2;
    while (nameEnd < close && !isWhitespace(text.charCodeAt(nameEnd))) nameEnd++;
    let bodyStart = nameEnd;
    while (bodyStart < close && isWhitespace(text.charCodeAt(bodyStart))) bodyStart++;
    this.flushText();
    this.push({ type: 'instruction', name: text.slice(at + 2, nameEnd), value: text.slice(bodyStart, close) });
    return close + 2;
  }

  /** An ASCII name starting at `from` (its first character already checked). Returns its end. */
  private nameEnd(from: number): number {
    const text = this.text;
    let i = from + 1;
    while (i < text.length && isNameBody(text.charCodeAt(i))) i++;
    return i;
  }

  /** A start tag (or an empty-element tag) at `at`. */
  private openTag(at: number): number {
    const text = this.text;
    // sax ends the text when the tag starts (onopentagstart), before the element exists.
    this.flushText();
    const nameEnd = this.nameEnd(at + 1);
    const name = text.slice(at + 1, nameEnd);
    const parentNamespaces = this.namespaces[this.namespaces.length - 1];
    let namespaces = parentNamespaces;
    // Of two attributes of the same name, sax (in xmlns mode) keeps the first's place and the
    // second's value, and binds both if they declare a namespace.
    const attributes: Record<string, string> = {};
    let prefixed = name.includes(':');
    let i = nameEnd;
    let selfClosing = false;
    for (;;) {
      if (i >= text.length) throw NOT_SURE;
      let c = text.charCodeAt(i);
      // After a name or a value: white space, then `>`, `/>` or the next attribute.
      const spaced = isWhitespace(c);
      while (isWhitespace(c)) c = text.charCodeAt(++i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (text.charCodeAt(i + 1) !== GT) throw NOT_SURE;
        selfClosing = true;
        i += 2;
        break;
      }
      // An attribute: sax wants white space before it ("No whitespace between attributes").
      if (!spaced || !isNameStart(c)) throw NOT_SURE;
      const attributeEnd = this.nameEnd(i);
      const attribute = text.slice(i, attributeEnd);
      i = attributeEnd;
      c = text.charCodeAt(i);
      while (isWhitespace(c)) c = text.charCodeAt(++i);
      if (c !== EQUALS) throw NOT_SURE;
      c = text.charCodeAt(++i);
      while (isWhitespace(c)) c = text.charCodeAt(++i);
      if (c !== QUOTE && c !== APOSTROPHE) throw NOT_SURE;
      const close = text.indexOf(c === QUOTE ? '"' : "'", i + 1);
      if (close === -1) throw NOT_SURE;
      const value = this.attributeValue(i + 1, close, name, attribute);
      i = close + 1;
      if (attribute === '__proto__') throw NOT_SURE;
      attributes[attribute] = value;
      if (attribute === 'xmlns' || attribute.includes(':')) {
        prefixed = true;
        // Namespace declarations, bound as sax binds them (and refused where sax refuses).
        const { prefix, local } = qualifiedName(attribute, true);
        if (prefix === 'xmlns') {
          if (local === 'xml' && value !== XML_NAMESPACE) throw NOT_SURE;
          if (local === 'xmlns' && value !== XMLNS_NAMESPACE) throw NOT_SURE;
          if (local === '__proto__') throw NOT_SURE;
          if (namespaces === parentNamespaces) namespaces = Object.create(parentNamespaces) as Namespaces;
          namespaces[local] = value;
        }
      }
    }
    if (prefixed) {
      // sax (xmlns mode) refuses a prefix bound to nothing, on the element or an attribute.
      const elementName = qualifiedName(name, false);
      if (elementName.prefix !== '' && !namespaces[elementName.prefix]) throw NOT_SURE;
      for (const attribute in attributes) {
        const { prefix } = qualifiedName(attribute, true);
        if (prefix !== '' && prefix !== 'xmlns' && !namespaces[prefix]) throw NOT_SURE;
      }
    }
    const element: XastElement = { type: 'element', name, attributes, children: [] };
    this.push(element);
    this.sawRoot = true;
    if (selfClosing) {
      if (this.open.length === 0) this.closedRoot = true;
    } else {
      this.open.push(element);
      this.namespaces.push(namespaces);
      this.current = element;
    }
    return i;
  }

  /** An attribute's value between `from` and `to` (its quotes), entities decoded. */
  private attributeValue(from: number, to: number, tagName: string, attribute: string): string {
    const text = this.text;
    let amp = this.ampersandFrom(from);
    if (amp === -1 || amp >= to) return text.slice(from, to);
    const pieces: string[] = [];
    let length = 0;
    let start = from;
    while (amp !== -1 && amp < to) {
      pieces.push(text.slice(start, amp));
      length += amp - start;
      const { value, next, fedBack } = this.entity(amp, to);
      // See MAX_RUN_WITH_FED_BACK_ENTITY: sax checks its buffers then.
      if (fedBack && (length > MAX_RUN_WITH_FED_BACK_ENTITY || tagName.length > MAX_RUN_WITH_FED_BACK_ENTITY || attribute.length > MAX_RUN_WITH_FED_BACK_ENTITY)) throw NOT_SURE;
      pieces.push(value);
      length += value.length;
      start = next;
      amp = this.ampersandFrom(start);
    }
    pieces.push(text.slice(start, to));
    return pieces.join('');
  }

  /** An end tag at `at`: it must close the innermost open element (else sax refuses). */
  private closeTag(at: number): number {
    const text = this.text;
    if (!isNameStart(text.charCodeAt(at + 2))) throw NOT_SURE;
    const nameEnd = this.nameEnd(at + 2);
    let i = nameEnd;
    while (isWhitespace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== GT) throw NOT_SURE;
    const element = this.open[this.open.length - 1];
    if (element === undefined || element.name !== text.slice(at + 2, nameEnd)) throw NOT_SURE;
    this.flushText();
    this.open.pop();
    this.namespaces.pop();
    this.current = this.open[this.open.length - 1] ?? this.root;
    if (this.open.length === 0) this.closedRoot = true;
    return i + 1;
  }
}

/** sax's qname: prefix and local part (a bare `xmlns` attribute has the prefix `xmlns`). */
function qualifiedName(name: string, attribute: boolean): { prefix: string; local: string } {
  if (attribute && name === 'xmlns') return { prefix: 'xmlns', local: '' };
  const colon = name.indexOf(':');
  if (colon < 0) return { prefix: '', local: name };
  const parts = name.split(':');
  return { prefix: parts[0], local: parts[1] };
}

/**
 * A character reference (`#106`, `#x6A`, `#X6a`, leading zeros allowed) as sax 1.6 reads it,
 * or `undefined` where sax would refuse it (not a number written plainly, not an XML character).
 */
function characterReference(name: string): string | undefined {
  if (name.charCodeAt(0) !== 0x23) return undefined;
  const lower = name.toLowerCase();
  const hex = lower.charCodeAt(1) === 0x78;
  const digits = lower.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-f]+$/ : /^[0-9]+$/).test(digits)) return undefined;
  const num = parseInt(digits, hex ? 16 : 10);
  if (num.toString(hex ? 16 : 10) !== digits.replace(/^0+/, '')) return undefined;
  const xmlChar = num === 0x9 || num === 0xa || num === 0xd || (num >= 0x20 && num <= 0xd7ff) || (num >= 0xe000 && num <= 0xfffd) || (num >= 0x10000 && num <= 0x10ffff);
  return xmlChar ? String.fromCodePoint(num) : undefined;
}
