// Header-only inspection: what an image is and whether we will open it, without decoding a
// single pixel. Every refusal that can be made from the first bytes and the header is made
// here, so prepare/verify never hand a bomb, an SVG or a text file to a decoder.

import * as l10n from '@vscode/l10n';
import { ImageError, imageErrorFromSharp, tooManyPixelsError } from './imageErrors';
import { MAX_DECODE_PIXELS, MAX_HEADER_PIXELS, MAX_SHRINKABLE_JPEG_PIXELS, openImage } from './sharpSafety';
import { FORMAT_LABELS, endsEarly, sniffFormat } from './sniffFormat';

/** Formats Image Studio decodes. */
export type InputFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'avif';

/** What the header says about an image. */
export interface ImageInfo {
  /** Display name used in messages (the base name of the given file name). */
  fileName: string;
  format: InputFormat;
  /** Size as displayed, i.e. after EXIF orientation (a 450x600 file with orientation 6 is 600x450). */
  width: number;
  height: number;
  /** Size as stored in the file. */
  storedWidth: number;
  storedHeight: number;
  /** EXIF orientation, 1 (upright) to 8. */
  orientation: number;
  hasAlpha: boolean;
  channels: number;
  /** libvips interpretation: 'srgb', 'cmyk', 'b-w', 'rgb16', 'grey16', … */
  colourSpace: string;
  bitsPerSample: number;
  /** Frames of an animated GIF/WebP; 1 for still images. */
  frames: number;
  /** How long each frame shows, in milliseconds, as the file says (animations only). */
  frameDurationsMs?: number[];
  isProgressive: boolean;
  /** True when EXIF metadata (which may include GPS location) is present. */
  hasExif: boolean;
  bytes: number;
  /** Pixel bound for decoding this file (higher for baseline JPEGs, see sharpSafety). */
  decodeLimit: number;
}

/** The base name of a path or file name, for messages ("C:\\a\\cat.png" -> "cat.png"). */
export function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.trim();
  return base ? base : l10n.t('The image');
}

function refuseBySniff(bytes: Uint8Array, name: string): void {
  const sniffed = sniffFormat(bytes);
  switch (sniffed) {
    case 'png':
    case 'jpeg':
    case 'gif':
    case 'webp':
    case 'avif':
      return;
    case 'svg':
      throw new ImageError(
        'unsupportedFormat',
        name,
        l10n.t('{file} is an SVG drawing. SVG files can carry scripts and links to other files, so Image Studio does not open them. Export it as PNG and try again.', { file: name }),
      );
    case 'text':
      throw new ImageError(
        'notAnImage',
        name,
        l10n.t('{file} is not an image: it contains text. Pick a PNG, JPEG, WebP, GIF or AVIF file.', { file: name }),
      );
    case 'unknown':
      throw new ImageError(
        'notAnImage',
        name,
        l10n.t('{file} is not an image Image Studio can read. Pick a PNG, JPEG, WebP, GIF or AVIF file.', { file: name }),
      );
    default:
      throw unsupported(name, FORMAT_LABELS[sniffed] ?? sniffed);
  }
}

function unsupported(name: string, label: string): ImageError {
  return new ImageError(
    'unsupportedFormat',
    name,
    l10n.t('{file} is a {format} file, which Image Studio does not accept. Convert it to PNG or JPEG and try again.', { file: name, format: label }),
  );
}

/**
 * Reads the header of `bytes` (no pixel decoding) and returns what it says.
 * @throws {ImageError} empty, notAnImage, unsupportedFormat (SVG, TIFF, HEIC, …),
 *   damaged (unreadable header) or tooManyPixels (over the decode bound for its format).
 */
export async function inspectImage(bytes: Uint8Array, fileName: string): Promise<ImageInfo> {
  const name = displayName(fileName);
  if (bytes.length === 0) {
    throw new ImageError('empty', name, l10n.t('{file} is empty (0 bytes). Pick the file again or re-export it.', { file: name }));
  }
  refuseBySniff(bytes, name);

  let meta;
  try {
    meta = await openImage(bytes, { limitInputPixels: MAX_HEADER_PIXELS }).metadata();
  } catch (error) {
    throw imageErrorFromSharp(error, name, {
      limitPixels: MAX_DECODE_PIXELS,
      endsEarly: endsEarly(bytes, sniffFormat(bytes)),
    });
  }

  let format: InputFormat;
  if (meta.format === 'heif') {
    // libheif reads both; only AV1 (AVIF) has a decoder here, HEVC (HEIC) does not.
    if (meta.compression !== 'av1') throw unsupported(name, 'HEIC');
    format = 'avif';
  } else if (meta.format === 'png' || meta.format === 'jpeg' || meta.format === 'webp' || meta.format === 'gif') {
    format = meta.format;
  } else {
    throw unsupported(name, FORMAT_LABELS[meta.format] ?? meta.format);
  }

  const isProgressive = meta.isProgressive === true;
  const decodeLimit = format === 'jpeg' && !isProgressive ? MAX_SHRINKABLE_JPEG_PIXELS : MAX_DECODE_PIXELS;
  if (meta.width * meta.height > decodeLimit) {
    throw tooManyPixelsError(name, decodeLimit, { width: meta.width, height: meta.height });
  }

  const orientation = meta.orientation ?? 1;
  const swapped = orientation >= 5 && orientation <= 8;
  return {
    fileName: name,
    format,
    width: swapped ? meta.height : meta.width,
    height: swapped ? meta.width : meta.height,
    storedWidth: meta.width,
    storedHeight: meta.height,
    orientation,
    hasAlpha: meta.hasAlpha,
    channels: meta.channels,
    colourSpace: meta.space,
    bitsPerSample: meta.depth === 'ushort' ? 16 : (meta.bitsPerSample ?? 8),
    frames: meta.pages ?? 1,
    ...((meta.pages ?? 1) > 1 && meta.delay ? { frameDurationsMs: meta.delay } : {}),
    isProgressive,
    hasExif: meta.exif !== undefined,
    bytes: bytes.length,
    decodeLimit,
  };
}
