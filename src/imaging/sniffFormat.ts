// Looks at the first bytes of a file before any decoder does. Two reasons:
// - SVG must never reach a parser (it can carry scripts and external references), and
//   the user deserves "this is an SVG" rather than "unsupported format";
// - a TIFF or HEIC the decoders are not allowed to open should be named, and a text file
//   called .png should be called a text file.

/** What the leading bytes say a file is. */
export type SniffedFormat =
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'avif'
  | 'heic'
  | 'tiff'
  | 'bmp'
  | 'ico'
  | 'psd'
  | 'jxl'
  | 'pdf'
  | 'svg'
  | 'text'
  | 'unknown';

/** Human names for formats, used in messages and step summaries. */
export const FORMAT_LABELS: Record<string, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  avif: 'AVIF',
  heic: 'HEIC',
  tiff: 'TIFF',
  bmp: 'BMP',
  ico: 'ICO',
  // eslint-disable-next-line image-studio/localized-text -- a product and format name, the same in every language
  psd: 'Photoshop (PSD)',
  // eslint-disable-next-line image-studio/localized-text -- a format name
  jxl: 'JPEG XL',
  pdf: 'PDF',
  svg: 'SVG',
};

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .subarray(start, Math.min(end, bytes.length))
    .toString('latin1');
}

/** Brands of an ISO-BMFF `ftyp` box (major + compatible), e.g. ['avif', 'mif1', 'miaf']. */
function ftypBrands(bytes: Uint8Array): string[] {
  const size = Math.min(bytes.length, Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32BE(0), 64);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

/** True when the sample reads as text: no NUL bytes and almost no control characters. */
function looksLikeText(sample: Uint8Array): boolean {
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control / sample.length < 0.01;
}

/** SVG: optional BOM/whitespace/XML declaration/comments, then an `<svg` element. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = ascii(bytes, 0, 4096).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return head.startsWith('<') && /<svg[\s>/]/.test(head);
}

/** Identifies a file from its leading bytes; never throws. */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brands = ftypBrands(bytes);
    return brands.includes('avif') || brands.includes('avis') ? 'avif' : 'heic';
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 26) return 'bmp';
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return 'ico';
  if (ascii(bytes, 0, 4) === '8BPS') return 'psd';
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return 'jxl';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  if (looksLikeSvg(bytes)) return 'svg';
  if (looksLikeText(bytes.subarray(0, 1024))) return 'text';
  return 'unknown';
}

/**
 * True when a PNG/JPEG/GIF/WebP lacks the end its format promises, i.e. it was cut off.
 * Used only to word an error libvips already raised, so false negatives are harmless.
 */
export function endsEarly(bytes: Uint8Array, format: SniffedFormat): boolean {
  const n = bytes.length;
  switch (format) {
    case 'png':
      // The last chunk is IEND: length 0, type "IEND", fixed CRC.
      return !startsWith(bytes, [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82], n - 12);
    case 'jpeg': {
      // EOI (FF D9), tolerating the zero padding some cameras append.
      let end = n;
      while (end > 2 && bytes[end - 1] === 0) end--;
      return !(bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9);
    }
    case 'gif':
      return !gifIsComplete(bytes);
    case 'webp':
      // RIFF size field covers the rest of the file.
      return n < 12 || Buffer.from(bytes.buffer, bytes.byteOffset, 8).readUInt32LE(4) + 8 > n;
    default:
      return false;
  }
}

/**
 * True when a GIF's blocks run, by their own lengths, from the header to the trailer (`;`)
 * inside `bytes`. libvips decodes the complete frames of a GIF cut off mid-stream without
 * a word (a GIF cut at 60 % reads as an intact GIF of fewer frames), so the block structure
 * is what tells. One pass over the block lengths, no decoding.
 */
export function gifIsComplete(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 13) return false;
  let at = 13; // header (6) + logical screen descriptor (7)
  const flags = bytes[10];
  if (flags & 0x80) at += 3 << ((flags & 0x07) + 1); // global colour table
  /** Skips data sub-blocks (length byte, data…, until a zero length); -1 past the end. */
  const skipSubBlocks = (from: number): number => {
    let i = from;
    while (i < n) {
      const length = bytes[i];
      if (length === 0) return i + 1;
      i += length + 1;
    }
    return -1;
  };
  while (at < n) {
    const introducer = bytes[at];
    if (introducer === 0x3b) return true; // trailer
    if (introducer === 0x21) {
      at = skipSubBlocks(at + 2); // extension: introducer, label, sub-blocks
    } else if (introducer === 0x2c) {
      if (at + 10 > n) return false;
      const local = bytes[at + 9];
      at += 10; // image descriptor
      if (local & 0x80) at += 3 << ((local & 0x07) + 1); // local colour table
      at = skipSubBlocks(at + 1); // LZW minimum code size, then the image data
    } else {
      return false; // not a block: damaged, or cut inside one
    }
    if (at === -1) return false;
  }
  return false;
}
