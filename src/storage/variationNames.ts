// Names for images made from a source image: `cat.png` → `cat.var-1.png`, `cat.var-2.png`…
// (variations) or `cat.edit-1.png` (edits). Numbering continues after the highest number
// already in the folder, so a new batch never fills a gap left by a deleted file and
// sorts after the older ones. Pure: the writer supplies the folder listing.

/** What the result is, as written into its name. */
export type ResultLabel = 'var' | 'edit';

/** Longest file name most file systems accept, in bytes (ext4, APFS, NTFS in UTF-16 units). */
export const MAX_FILE_NAME_BYTES = 255;
/** Room kept for the longest extension a result or its sidecar gets (`.webp`, `.json`). */
const EXTENSION_ROOM = '.webp'.length;
/** Digits reserved for the number, so a long stem is cut the same way for every number. */
const NUMBER_ROOM = 9;

/** `cat.png` → `cat`; `archive.tar.png` → `archive.tar`; `.png` and `noext` stay whole. */
export function sourceStem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/**
 * The stem of `sourceFileName`, cut (between graphemes: an emoji or a letter with its marks
 * is never split) so that any result name with
 * `label`, a number of up to 9 digits and an extension fits in a file name.
 */
function resultStem(sourceFileName: string, label: ResultLabel): string {
  const stem = sourceStem(sourceFileName);
  const budget = MAX_FILE_NAME_BYTES - EXTENSION_ROOM - Buffer.byteLength(`.${label}-`) - NUMBER_ROOM;
  if (Buffer.byteLength(stem) <= budget) return stem;
  let cut = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(stem)) {
    if (Buffer.byteLength(cut + segment) > budget) break;
    cut += segment;
  }
  return cut;
}

/** `cat.png`, `var`, 3 → `cat.var-3` (no extension: the image and its sidecar share it). */
export function resultBaseName(sourceFileName: string, label: ResultLabel, number: number): string {
  return `${resultStem(sourceFileName, label)}.${label}-${number}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The first number to use for `sourceFileName`: one more than the highest `stem.label-N`
 * among `existingNames` (any extension, case-insensitive, as on Windows and macOS), or 1.
 */
export function firstFreeNumber(sourceFileName: string, label: ResultLabel, existingNames: Iterable<string>): number {
  const stem = resultStem(sourceFileName, label);
  const pattern = new RegExp(`^${escapeRegExp(stem)}\\.${label}-([1-9]\\d{0,8})(?:\\.[^.]+)?$`, 'i');
  let highest = 0;
  for (const name of existingNames) {
    const match = pattern.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}

/**
 * Base names to try in order, starting after the highest existing one: `cat.var-4`,
 * `cat.var-5`, … The writer takes the first whose image and sidecar can both be created
 * exclusively, so names taken meanwhile (by another job) are skipped, never overwritten.
 */
export function* candidateResultBaseNames(
  sourceFileName: string,
  label: ResultLabel,
  existingNames: Iterable<string>,
): Generator<string> {
  for (let number = firstFreeNumber(sourceFileName, label, existingNames); ; number++) {
    yield resultBaseName(sourceFileName, label, number);
  }
}
