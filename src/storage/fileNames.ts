// File names made from prompts. Prompts are user text of any shape ("../", emoji, 5000
// characters, Windows-reserved words, any script), so the slug is built from an allow-list,
// never by escaping a deny-list: Unicode letters and digits (with their combining marks),
// NFC-normalized, joined by hyphens. A Chinese prompt gives a Chinese name, not "image".
// Nothing else gets through: no / \ : * ? " < > |, no control or format characters (bidi
// overrides included), no dots or spaces (so none trailing), no emoji. The slug is capped in
// user-perceived characters (readability) and in UTF-8 bytes (file systems count bytes: 255
// on ext4 and APFS, and a CJK character takes 3), and only ever cut between graphemes.

/** At most this many user-perceived characters (graphemes) in a slug. */
export const MAX_SLUG_LENGTH = 48;
/**
 * At most this many UTF-8 bytes in a slug: with `-20261121-153012`, an index, a `_N` attempt
 * and `.webp`/`.json`, a whole name stays far under the 255 bytes most file systems allow
 * (UTF-8 bytes are never fewer than NTFS's UTF-16 units, so NTFS's 255 holds too).
 */
export const MAX_SLUG_BYTES = 150;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** A word: a letter or digit, then letters, digits and the combining marks that belong to them. */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

function graphemes(text: string): string[] {
  return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (part) => part.segment);
}

/** True when `text` is within both caps. */
function fits(text: string): boolean {
  return bytesOf(text) <= MAX_SLUG_BYTES && graphemes(text).length <= MAX_SLUG_LENGTH;
}

/** The longest run of whole graphemes from the start of `word` that still fits after `prefix`. */
function fillWith(prefix: string, word: string): string {
  let result = prefix;
  for (const grapheme of graphemes(word)) {
    if (!fits(result + grapheme)) break;
    result += grapheme;
  }
  return result;
}

/**
 * A slug of `text`: its words (Unicode letters and digits, NFC, lowercase) joined by single
 * hyphens, within {@link MAX_SLUG_LENGTH} graphemes and {@link MAX_SLUG_BYTES} bytes, cut at
 * a word boundary where possible (a long unspaced run, as in Chinese or Japanese, is cut
 * between graphemes). Never empty, never a path, never a Windows device name.
 */
export function slugify(text: string, fallback = 'image'): string {
  const words = text.normalize('NFC').toLowerCase().normalize('NFC').match(WORD) ?? [];
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (!fits(next)) {
      // A first word that is too long, or room left for a good part of the next run: fill up.
      if (!slug) slug = fillWith('', word);
      else if (graphemes(slug).length < MAX_SLUG_LENGTH / 2) {
        const filled = fillWith(`${slug}-`, word);
        if (!filled.endsWith('-')) slug = filled;
      }
      break;
    }
    slug = next;
  }
  if (!slug || WINDOWS_RESERVED.test(slug)) {
    return slug ? `${slug}-${fallback}` : fallback;
  }
  return slug;
}

/** `20261121-153012` in local time: sorts by creation, readable, no ':' (Windows). */
export function timestampForFileName(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/**
 * Base names (without extension) to try in order: `slug-time`, then `slug-time-2`, ...
 * The writer takes the first one that does not exist yet (created exclusively).
 */
export function* candidateBaseNames(prompt: string, date: Date, index?: number): Generator<string> {
  const base = `${slugify(prompt)}-${timestampForFileName(date)}${index === undefined ? '' : `-${index + 1}`}`;
  yield base;
  for (let attempt = 2; ; attempt++) {
    yield `${base}_${attempt}`;
  }
}
