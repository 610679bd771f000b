// Writes text into a PNG (iTXt chunks, UTF-8) so the prompt travels with the image even
// when its JSON sidecar is lost. Pure byte surgery: the pixels are not re-encoded.
import { crc32 } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG keywords are 1–79 Latin-1 characters. */
const KEYWORD = /^[\x20-\x7e]{1,79}$/;

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 8).equals(PNG_SIGNATURE);
}

/**
 * Returns a copy of `png` with one iTXt chunk per entry, placed just before IEND.
 * Empty values are skipped. Throws if `png` is not a well-formed chunk sequence.
 */
export function withPngText(png: Uint8Array, entries: Record<string, string | undefined>): Buffer {
  const source = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!isPng(source)) throw new Error('not a PNG');
  const iendOffset = findChunk(source, 'IEND');
  const chunks = Object.entries(entries)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length > 0)
    .map(([keyword, text]) => itxtChunk(keyword, text));
  return Buffer.concat([source.subarray(0, iendOffset), ...chunks, source.subarray(iendOffset)]);
}

/** What a generated or edited image carries inside itself. */
export interface ResultText {
  prompt: string;
  model: string;
  revisedPrompt?: string;
  /** The source image(s) of an edit or variation. */
  source?: string;
}

/**
 * `bytes` with the prompt, model (and revised prompt, sources) written into it when it is a
 * PNG, so they survive a lost sidecar; JPEG and WebP results are returned as they are.
 */
export function withResultText(bytes: Buffer, text: ResultText): Buffer {
  if (!isPng(bytes)) return bytes;
  return withPngText(bytes, {
    Description: text.prompt,
    'Revised Prompt': text.revisedPrompt,
    Source: text.source,
    // eslint-disable-next-line image-studio/localized-text -- metadata value for other programs, not UI text
    Software: 'Image Studio for VS Code',
    Model: text.model,
  });
}

/** Reads the iTXt and tEXt entries of a PNG (used by tests and the history). */
export function readPngText(png: Uint8Array): Record<string, string> {
  const source = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const result: Record<string, string> = {};
  let offset = 8;
  while (offset + 12 <= source.length) {
    const length = source.readUInt32BE(offset);
    const type = source.toString('latin1', offset + 4, offset + 8);
    const data = source.subarray(offset + 8, offset + 8 + length);
    if (type === 'tEXt') {
      const nul = data.indexOf(0);
      if (nul > 0) result[data.toString('latin1', 0, nul)] = data.toString('latin1', nul + 1);
    } else if (type === 'iTXt') {
      const nul = data.indexOf(0);
      // keyword\0 compressionFlag compressionMethod languageTag\0 translatedKeyword\0 text
      const languageEnd = data.indexOf(0, nul + 3);
      const translatedEnd = data.indexOf(0, languageEnd + 1);
      if (nul > 0 && data[nul + 1] === 0 && translatedEnd > 0) {
        result[data.toString('latin1', 0, nul)] = data.toString('utf8', translatedEnd + 1);
      }
    }
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  return result;
}

function findChunk(png: Buffer, wanted: string): number {
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    if (png.toString('latin1', offset + 4, offset + 8) === wanted) return offset;
    offset += 12 + length;
  }
  // eslint-disable-next-line image-studio/localized-text -- internal invariant: only called on PNGs we checked or made
  throw new Error(`PNG has no ${wanted} chunk`);
}

function itxtChunk(keyword: string, text: string): Buffer {
  // eslint-disable-next-line image-studio/localized-text -- internal invariant: keywords are our constants
  if (!KEYWORD.test(keyword)) throw new Error(`invalid PNG keyword: ${keyword}`);
  const data = Buffer.concat([
    Buffer.from(keyword, 'latin1'),
    Buffer.from([0, 0, 0]), // keyword terminator, not compressed, compression method
    Buffer.from([0, 0]), // empty language tag, empty translated keyword
    Buffer.from(text, 'utf8'),
  ]);
  const type = Buffer.from('iTXt', 'latin1');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])) >>> 0);
  return Buffer.concat([header, type, data, crc]);
}
