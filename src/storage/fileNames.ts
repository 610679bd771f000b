// File names made from prompts. Prompts are user text of any shape ("../", emoji, 5000
// characters, Windows-reserved words), so the slug is built from an allow-list, never by
// escaping a deny-list.

const MAX_SLUG_LENGTH = 48;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * A lowercase ASCII slug of `text`: letters and digits joined by single hyphens, at most
 * 48 characters, cut at a word boundary where possible. Never empty, never a path.
 */
export function slugify(text: string, fallback = 'image'): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // strip accents left by NFKD ("café" -> "cafe")
    .toLowerCase();
  const words = ascii.match(/[a-z0-9]+/g) ?? [];
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) {
      if (!slug) slug = word.slice(0, MAX_SLUG_LENGTH);
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
