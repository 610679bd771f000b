// Reads a non-streaming Images API answer (an `ImagesResponse` in JSON) as its bytes arrive,
// decoding each `data[i].b64_json` into bytes on the way. Reading the body as text and
// parsing it would hold the body text, every base64 string and the decoded images at once
// (ten 1536x1024 images: a 40 MB body, some 150 MB of peak growth; issue #7). This holds the
// decoded images, the decoded pieces of the one being read, one network chunk and a few
// kilobytes of base64 not yet decoded.
// No `vscode` import: tested in plain Node.
import * as l10n from '@vscode/l10n';
import { formatMegabytes, formatNumber } from '../../shared/localeFormat';
import { InvalidResponseError } from './responseErrors';

/** One entry of `data`, its base64 already decoded. */
export interface ReadImageEntry {
  /** The decoded `b64_json`; absent when the entry has none (or an empty one). */
  bytes?: Buffer;
  url?: string;
  revisedPrompt?: string;
}

/** What the rest of the extension uses of an ImagesResponse. */
export interface ReadImagesResponse {
  created?: number;
  usage?: Record<string, unknown>;
  /** The SVG author's tokens (SVG output), priced apart from the image's. */
  svgUsage?: Record<string, unknown>;
  /** What the service says it made (`output_format`, `size`, `background`, `quality`), when it says. */
  answered?: AnsweredOptions;
  entries: ReadImageEntry[];
}

/** The options an ImagesResponse reports it used: what the result is compared with what was asked. */
export interface AnsweredOptions {
  outputFormat?: string;
  size?: string;
  background?: string;
  quality?: string;
}

/** `output_format`, `size`, `background` and `quality` of an answer (or a completed stream event), short strings only. */
export function answeredOptions(root: Record<string, unknown>): AnsweredOptions | undefined {
  const pick = (key: string) => {
    const value = root[key];
    return typeof value === 'string' && value.length <= 32 ? value : undefined;
  };
  const answered: AnsweredOptions = {};
  const outputFormat = pick('output_format');
  const size = pick('size');
  const background = pick('background');
  const quality = pick('quality');
  if (outputFormat) answered.outputFormat = outputFormat;
  if (size) answered.size = size;
  if (background) answered.background = background;
  if (quality) answered.quality = quality;
  return Object.keys(answered).length > 0 ? answered : undefined;
}

/** A text value (string, key or number) of an Images answer is at most a few kilobytes. */
export const MAX_TEXT_BYTES = 1024 * 1024;
/** Everything but image data together; bounds what a hostile server can make us hold. */
export const MAX_OTHER_BYTES = 8 * 1024 * 1024;
/**
 * One image's decoded size: the largest results (4K PNGs) are a few tens of MB; a server
 * sending more is broken or hostile, and must not make us hold gigabytes.
 */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** The ImagesResponse nests three levels (`usage.input_tokens_details`); leave room for more. */
const MAX_DEPTH = 32;
/** Base64 characters gathered before decoding them: large pieces, whatever the escapes. */
const DECODE_AT = 16 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const BOM = [0xef, 0xbb, 0xbf];
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const SIMPLE_ESCAPES: Record<string, number> = { '"': 0x22, '\\': 0x5c, '/': 0x2f, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09 };
const LITERALS: Record<string, { word: string; value: unknown }> = {
  t: { word: 'true', value: true },
  f: { word: 'false', value: false },
  n: { word: 'null', value: null },
};

/**
 * Reads the answer of a non-streaming images call: checks it is JSON, then reads the body
 * chunk by chunk. An abort stops the download at once and rejects with the signal's reason,
 * as `fetch` does.
 * @throws InvalidResponseError when the answer is not JSON, not a complete and valid JSON
 * object, or holds image data that is not base64.
 */
export async function readImagesResponse(response: Response, signal?: AbortSignal): Promise<ReadImagesResponse> {
  const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  // The SDK's own test of a JSON answer, so what it would have parsed is what we read.
  if (!mediaType.includes('application/json') && !mediaType.endsWith('+json')) {
    void response.body?.cancel().catch(() => undefined);
    throw new InvalidResponseError(mediaType
      ? l10n.t('The server answered with content of type {type} instead of JSON.', { type: mediaType })
      : l10n.t('The server answered with content of no declared type instead of JSON.'));
  }
  return readBody(response.body, signal);
}

async function readBody(body: ReadableStream<Uint8Array> | null, signal: AbortSignal | undefined): Promise<ReadImagesResponse> {
  const parser = new ImagesResponseParser();
  if (!body) return parser.end();
  const reader = body.getReader();
  // fetch also stops the body on abort, but only when the signal reached fetch; this does it
  // for any body, and at once.
  const stop = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      // A cancelled read ends like a complete body: check before taking it as the end.
      signal?.throwIfAborted();
      if (done) return parser.end();
      parser.push(value);
    }
  } catch (error) {
    stop(); // the rest of the answer is of no use: don't download it
    signal?.throwIfAborted(); // whichever step noticed the abort, report the abort
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/** The answer is not valid JSON: `message` is the whole sentence, saying where. */
function notJson(message: string): InvalidResponseError {
  return new InvalidResponseError(message);
}

function invalidBase64(): InvalidResponseError {
  return new InvalidResponseError(l10n.t('The server sent image data that is not valid base64.'));
}

function tooLongText(): InvalidResponseError {
  return new InvalidResponseError(l10n.t("The server's answer holds a text value over {size}, far more than an Images API answer has.", { size: formatMegabytes(MAX_TEXT_BYTES) }));
}

/** Where the characters of one JSON string go, escapes already resolved. */
interface StringSink {
  /** Bytes of the string as sent (no quote, no backslash). */
  bytes(chunk: Buffer, start: number, end: number): void;
  /** One UTF-16 code unit from an escape sequence. */
  unit(code: number): void;
  finish(): unknown;
}

/** A string kept as a JS string (keys, prompts, URLs), bounded by {@link MAX_TEXT_BYTES}. */
class TextSink implements StringSink {
  private readonly parts: string[] = [];
  private raw: Buffer[] = [];
  private size = 0;

  bytes(chunk: Buffer, start: number, end: number): void {
    this.grow(end - start);
    for (let i = start; i < end; i++) {
      if (chunk[i] < 0x20) throw notJson(l10n.t("The server's answer is not valid JSON (a control character inside a string)."));
    }
    // A copy: a view would keep the whole network chunk alive.
    this.raw.push(Buffer.from(chunk.subarray(start, end)));
  }

  unit(code: number): void {
    this.grow(1);
    this.flush();
    this.parts.push(String.fromCharCode(code));
  }

  finish(): string {
    this.flush();
    return this.parts.join('');
  }

  private grow(bytes: number): void {
    this.size += bytes;
    if (this.size > MAX_TEXT_BYTES) throw tooLongText();
  }

  /** Raw bytes are decoded together: a character's UTF-8 bytes may span network chunks. */
  private flush(): void {
    if (this.raw.length === 0) return;
    // Invalid UTF-8 becomes U+FFFD, as `response.text()` would make it.
    this.parts.push(Buffer.concat(this.raw).toString('utf8'));
    this.raw = [];
  }
}

const ALPHABET = 1;
const PAD = 2;
/** {@link ALPHABET} for the 64 characters of base64, {@link PAD} for `=`, 0 for the rest. */
const BASE64_CHARACTERS = new Uint8Array(256);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CHARACTERS[char.charCodeAt(0)] = ALPHABET;
BASE64_CHARACTERS[0x3d] = PAD;

/**
 * A `b64_json` value, decoded as it arrives: base64 characters wait in `carry` until there
 * are enough to decode in one piece; the pieces are joined once at the end.
 */
class Base64Sink implements StringSink {
  private readonly pieces: Buffer[] = [];
  private carry = '';
  private characters = 0;
  private padding = 0;

  bytes(chunk: Buffer, start: number, end: number): void {
    // A table lookup per byte: a regular expression takes several times as long on 40 MB.
    let stop = start;
    while (stop < end && BASE64_CHARACTERS[chunk[stop]] === ALPHABET) stop++;
    if (stop > start) this.data(chunk.toString('latin1', start, stop));
    for (let index = stop; index < end; index++) this.other(chunk[index]);
  }

  unit(code: number): void {
    // Some encoders wrap base64 in lines (`\n`, `\r\n`); decoders skip the breaks.
    if (code === 0x0a || code === 0x0d) return;
    if (code < 0x100 && BASE64_CHARACTERS[code] === ALPHABET) this.data(String.fromCharCode(code));
    else this.other(code);
  }

  finish(): Buffer {
    const rest = this.characters % 4;
    // One character over a group holds no whole byte; padding must complete the last group.
    if (rest === 1 || (this.padding > 0 && this.padding !== 4 - rest)) throw invalidBase64();
    if (this.carry.length > 0) this.pieces.push(Buffer.from(this.carry, 'base64'));
    this.carry = '';
    return this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces);
  }

  private data(text: string): void {
    if (this.padding > 0) throw invalidBase64(); // data after padding
    this.characters += text.length;
    if ((this.characters / 4) * 3 > MAX_IMAGE_BYTES) {
      throw new InvalidResponseError(l10n.t('The server sent an image of over {size}, far larger than any image result.', { size: formatMegabytes(MAX_IMAGE_BYTES) }));
    }
    this.carry += text;
    if (this.carry.length >= DECODE_AT) this.decodeGroups();
  }

  /** Anything but the alphabet: padding (at most two), or not base64 at all (`-`, `_`, spaces, …). */
  private other(code: number): void {
    if (code >= 0x100 || BASE64_CHARACTERS[code] !== PAD || ++this.padding > 2) throw invalidBase64();
  }

  /** Decodes every whole group of four characters, keeping the rest for the next bytes. */
  private decodeGroups(): void {
    const whole = this.carry.length - (this.carry.length % 4);
    this.pieces.push(Buffer.from(this.carry.slice(0, whole), 'base64'));
    this.carry = this.carry.slice(whole);
  }
}

/** Finds the next position of one byte in a chunk, searching each stretch of it once. */
class ByteFinder {
  private chunk: Buffer | undefined;
  private at = -1;

  constructor(private readonly byte: number) {}

  /** The index of the byte at or after `start`, or the chunk's length when there is none. */
  next(chunk: Buffer, start: number): number {
    // Without the cache a string full of escapes would search to the chunk's end each time.
    if (chunk !== this.chunk || (this.at >= 0 && this.at < start)) {
      this.chunk = chunk;
      this.at = chunk.indexOf(this.byte, start);
    }
    return this.at < 0 ? chunk.length : this.at;
  }

  /** Lets go of the chunk, so a finder never keeps a network chunk alive. */
  forget(): void {
    this.chunk = undefined;
  }
}

type Container =
  | { kind: 'object'; value: Record<string, unknown>; key: string | undefined }
  | { kind: 'array'; value: unknown[] };

/** What the next bytes may be. */
type State =
  | 'start'
  | 'value'
  | 'keyOrEnd'
  | 'key'
  | 'colon'
  | 'commaOrObjectEnd'
  | 'valueOrArrayEnd'
  | 'commaOrArrayEnd'
  | 'string'
  | 'number'
  | 'literal'
  | 'end';

/**
 * An incremental JSON parser for one ImagesResponse: feed it chunks with {@link push}, then
 * call {@link end}. Any JSON is read (fields in any order, unknown ones, any whitespace,
 * every escape); `data[i].b64_json` strings are decoded to bytes instead of kept as text.
 * Chunks may split the body anywhere, even inside a character, an escape or a base64 group.
 */
export class ImagesResponseParser {
  private state: State = 'start';
  private readonly stack: Container[] = [];
  private root: Record<string, unknown> | undefined;
  /** Bytes read before the current chunk, for error positions. */
  private offset = 0;
  private imageBytes = 0;
  private bomBytes = 0;
  // The string being read.
  private sink: StringSink | undefined;
  private isKey = false;
  private escape: 'none' | 'backslash' | 'unicode' = 'none';
  private hex = '';
  // The number or literal being read.
  private token = '';
  private literal: { word: string; value: unknown } | undefined;
  private readonly quotes = new ByteFinder(QUOTE);
  private readonly backslashes = new ByteFinder(BACKSLASH);

  /** Reads the next bytes of the body. */
  push(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let index = 0;
    while (index < bytes.length) {
      index = this.state === 'string' ? this.readString(bytes, index) : this.readByte(bytes, index);
    }
    this.offset += bytes.length;
    this.quotes.forget();
    this.backslashes.forget();
    if (this.offset - this.imageBytes > MAX_OTHER_BYTES) {
      throw new InvalidResponseError(l10n.t("The server's answer holds far more than images and their details."));
    }
  }

  /**
   * The body has ended: the answer as read.
   * @throws InvalidResponseError when the body was empty or ended before the JSON did.
   */
  end(): ReadImagesResponse {
    if (this.state === 'end' && this.root) return responseOf(this.root);
    if (this.state === 'start') throw new InvalidResponseError(l10n.t('The server sent an empty answer instead of images.'));
    throw new InvalidResponseError(l10n.t("The server's answer ended before its JSON was complete (the body was cut short)."));
  }

  private readString(bytes: Buffer, index: number): number {
    if (this.escape !== 'none') return this.readEscape(bytes, index);
    const sink = this.sink as StringSink;
    const end = Math.min(this.quotes.next(bytes, index), this.backslashes.next(bytes, index));
    if (end > index) {
      if (sink instanceof Base64Sink) this.imageBytes += end - index;
      sink.bytes(bytes, index, end);
    }
    if (end === bytes.length) return end;
    if (sink instanceof Base64Sink) this.imageBytes += 1;
    if (bytes[end] === QUOTE) this.finishString();
    else this.escape = 'backslash';
    return end + 1;
  }

  private readEscape(bytes: Buffer, index: number): number {
    const sink = this.sink as StringSink;
    if (sink instanceof Base64Sink) this.imageBytes += 1;
    const char = String.fromCharCode(bytes[index]);
    if (this.escape === 'backslash') {
      if (char === 'u') {
        this.escape = 'unicode';
        this.hex = '';
        return index + 1;
      }
      const code = SIMPLE_ESCAPES[char];
      if (code === undefined) throw notJson(l10n.t("The server's answer is not valid JSON (an unknown escape at byte {offset}).", { offset: formatNumber(this.offset + index) }));
      sink.unit(code);
      this.escape = 'none';
      return index + 1;
    }
    if (!/[0-9a-fA-F]/.test(char)) throw notJson(l10n.t("The server's answer is not valid JSON (a \\u escape with a non-hex digit at byte {offset}).", { offset: formatNumber(this.offset + index) }));
    this.hex += char;
    if (this.hex.length === 4) {
      // Surrogate pairs arrive as two escapes and join in the string, as in JSON.parse.
      sink.unit(parseInt(this.hex, 16));
      this.escape = 'none';
    }
    return index + 1;
  }

  private finishString(): void {
    const value = (this.sink as StringSink).finish();
    this.sink = undefined;
    if (this.isKey) {
      (this.stack[this.stack.length - 1] as { key: string | undefined }).key = value as string;
      this.state = 'colon';
    } else {
      this.completeValue(value);
    }
  }

  /** One byte outside a string; returns where to read next. */
  private readByte(bytes: Buffer, index: number): number {
    const byte = bytes[index];
    if (this.state === 'number') return this.readNumber(bytes, index);
    if (this.state === 'literal') return this.readLiteral(bytes, index);
    if (this.state === 'start' && this.isBom(byte, index)) return index + 1;
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) return index + 1;
    const char = String.fromCharCode(byte);
    switch (this.state) {
      case 'start':
        if (char !== '{') throw new InvalidResponseError(l10n.t("The server's answer is not a JSON object."));
        this.open({ kind: 'object', value: {}, key: undefined });
        break;
      case 'value':
        this.startValue(char, index);
        break;
      case 'valueOrArrayEnd':
        if (char === ']') this.close();
        else this.startValue(char, index);
        break;
      case 'keyOrEnd':
      case 'key':
        if (char === '}' && this.state === 'keyOrEnd') this.close();
        else if (char === '"') this.startString(true);
        else throw this.unexpected(byte, index);
        break;
      case 'colon':
        if (char !== ':') throw this.unexpected(byte, index);
        this.state = 'value';
        break;
      case 'commaOrObjectEnd':
        if (char === ',') this.state = 'key';
        else if (char === '}') this.close();
        else throw this.unexpected(byte, index);
        break;
      case 'commaOrArrayEnd':
        if (char === ',') this.state = 'value';
        else if (char === ']') this.close();
        else throw this.unexpected(byte, index);
        break;
      default:
        throw this.unexpected(byte, index);
    }
    return index + 1;
  }

  /** A UTF-8 byte order mark before the JSON, which `response.text()` also drops. */
  private isBom(byte: number, index: number): boolean {
    if (this.offset + index !== this.bomBytes || byte !== BOM[this.bomBytes]) {
      if (this.bomBytes > 0 && this.bomBytes < BOM.length) throw new InvalidResponseError(l10n.t("The server's answer is not a JSON object."));
      return false;
    }
    this.bomBytes++;
    return true;
  }

  private startValue(char: string, index: number): void {
    if (char === '{') this.open({ kind: 'object', value: {}, key: undefined });
    else if (char === '[') this.open({ kind: 'array', value: [] });
    else if (char === '"') this.startString(false);
    else if (char === '-' || (char >= '0' && char <= '9')) {
      this.state = 'number';
      this.token = char;
    } else if (LITERALS[char]) {
      this.state = 'literal';
      this.literal = LITERALS[char];
      this.token = char;
    } else throw this.unexpected(char.charCodeAt(0), index);
  }

  private startString(isKey: boolean): void {
    this.isKey = isKey;
    this.sink = !isKey && this.atImageData() ? new Base64Sink() : new TextSink();
    this.escape = 'none';
    this.state = 'string';
  }

  /** Whether the value about to start is `data[i].b64_json` of the top-level object. */
  private atImageData(): boolean {
    const [top, data, entry] = this.stack;
    return (
      this.stack.length === 3 &&
      top.kind === 'object' &&
      top.key === 'data' &&
      data.kind === 'array' &&
      entry.kind === 'object' &&
      entry.key === 'b64_json'
    );
  }

  private readNumber(bytes: Buffer, index: number): number {
    const byte = bytes[index];
    const isNumberByte = (byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x2b || byte === 0x2e || byte === 0x65 || byte === 0x45;
    if (!isNumberByte) {
      if (!JSON_NUMBER.test(this.token)) throw notJson(l10n.t("The server's answer is not valid JSON (a malformed number before byte {offset}).", { offset: formatNumber(this.offset + index) }));
      this.completeValue(Number(this.token));
      return index; // the byte after a number belongs to its container: read it there
    }
    this.token += String.fromCharCode(byte);
    if (this.token.length > MAX_TEXT_BYTES) throw tooLongText();
    return index + 1;
  }

  private readLiteral(bytes: Buffer, index: number): number {
    const literal = this.literal as { word: string; value: unknown };
    if (bytes[index] !== literal.word.charCodeAt(this.token.length)) throw this.unexpected(bytes[index], index);
    this.token += literal.word[this.token.length];
    if (this.token.length === literal.word.length) this.completeValue(literal.value);
    return index + 1;
  }

  private open(container: Container): void {
    if (this.stack.length >= MAX_DEPTH) throw new InvalidResponseError(l10n.t("The server's answer nests deeper than an Images API answer does."));
    this.stack.push(container);
    this.state = container.kind === 'object' ? 'keyOrEnd' : 'valueOrArrayEnd';
  }

  private close(): void {
    const container = this.stack.pop() as Container;
    this.completeValue(container.value);
  }

  /** Puts a finished value into its container, or ends the document. */
  private completeValue(value: unknown): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.root = value as Record<string, unknown>;
      this.state = 'end';
    } else if (parent.kind === 'object') {
      // As JSON.parse does: a key named `__proto__` is a plain property, not the prototype.
      Object.defineProperty(parent.value, parent.key as string, { value, writable: true, enumerable: true, configurable: true });
      this.state = 'commaOrObjectEnd';
    } else {
      parent.value.push(value);
      this.state = 'commaOrArrayEnd';
    }
  }

  private unexpected(byte: number, index: number): InvalidResponseError {
    const offset = formatNumber(this.offset + index);
    return notJson(byte >= 0x21 && byte <= 0x7e
      ? l10n.t("The server's answer is not valid JSON (unexpected '{character}' at byte {offset}).", { character: String.fromCharCode(byte), offset })
      : l10n.t("The server's answer is not valid JSON (unexpected byte 0x{code} at byte {offset}).", { code: byte.toString(16).padStart(2, '0'), offset }));
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** The parts of the top-level object the extension uses. */
function responseOf(root: Record<string, unknown>): ReadImagesResponse {
  const data = Array.isArray(root['data']) ? root['data'] : [];
  const created = root['created'];
  const usage = root['usage'];
  const svgUsage = root['svg_usage'];
  const answered = answeredOptions(root);
  return {
    entries: data.map(entryOf),
    ...(typeof created === 'number' ? { created } : {}),
    ...(isRecord(usage) ? { usage } : {}),
    ...(isRecord(svgUsage) ? { svgUsage } : {}),
    ...(answered ? { answered } : {}),
  };
}

function entryOf(item: unknown): ReadImageEntry {
  if (!isRecord(item)) return {};
  const { b64_json: b64, url, revised_prompt: revisedPrompt } = item;
  if (b64 !== undefined && b64 !== null && !Buffer.isBuffer(b64)) throw invalidBase64();
  if (url !== undefined && url !== null && typeof url !== 'string') {
    throw new InvalidResponseError(l10n.t('The server sent an image link that is not a valid URL.'));
  }
  return {
    ...(b64 && b64.length > 0 ? { bytes: b64 } : {}),
    ...(url ? { url } : {}),
    ...(typeof revisedPrompt === 'string' ? { revisedPrompt } : {}),
  };
}
