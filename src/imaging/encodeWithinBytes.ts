// Encodes prepared pixels under an upload's byte limit. Cheap levers first (compression,
// quality), then shrinking. PNG is never quantised to a palette: dall-e-2 rejects palette
// ("P" mode) PNGs, and output must stay 8-bit RGB/RGBA for every endpoint.

import * as l10n from '@vscode/l10n';
import { ImageError } from './imageErrors';
import { MIN_USEFUL_SIDE, shrinkKeepingShape } from './planShape';
import type { PrepareTarget, Size, UploadFormat } from './prepareTypes';
import { openImage } from './sharpSafety';
import { formatBytes } from './summarizePreparation';
import type { Sharp } from 'sharp';

/** Decoded 8-bit sRGB pixels, interleaved. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** The encoded result and which levers were pulled. */
export interface Encoded {
  bytes: Buffer;
  width: number;
  height: number;
  /** Stronger compression or lower quality than the first attempt was needed. */
  recompressed: boolean;
  /** The image had to be made smaller to fit. */
  shrunk: boolean;
  /** JPEG/WebP quality used; undefined for PNG (lossless). */
  quality?: number;
}

/** One way to encode; `quality` is reported for lossy formats. */
interface Encoder {
  quality?: number;
  apply: (image: Sharp) => Sharp;
}

// From best to smallest. JPEG/WebP quality 90 is visually lossless for photos; 60 is
// where artefacts start to show, so below that shrinking is the better trade.
const QUALITIES = [90, 80, 70, 60];
const LADDERS: Record<UploadFormat, Encoder[]> = {
  png: [
    // Per-row filters with fast deflate: on photos 25–35 % smaller than deflate level 6
    // without filters, in the same time or less (measured on the fixtures and a 12 MP
    // camera-like JPEG, 1024 px); the upload is what the person waits for.
    { apply: (i) => i.png({ compressionLevel: 2, adaptiveFiltering: true }) },
    { apply: (i) => i.png({ compressionLevel: 9, adaptiveFiltering: true }) },
  ],
  jpeg: QUALITIES.map((quality) => ({ quality, apply: (i: Sharp) => i.jpeg({ quality }) })),
  webp: QUALITIES.map((quality) => ({ quality, apply: (i: Sharp) => i.webp({ quality, alphaQuality: 100 }) })),
};

/** Shrinking attempts before giving up (each one aims just under the limit). */
const MAX_SHRINKS = 8;

function open(raw: RawImage): Sharp {
  return openImage(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
}

/**
 * Encodes `raw` as `format` in at most `target.maxBytes` bytes, never more.
 * @throws {ImageError} cannotFit when even a shrunk image (down to `minSide`, or
 *   {@link MIN_USEFUL_SIDE}) stays over the limit.
 */
export async function encodeWithinBytes(
  raw: RawImage,
  format: UploadFormat,
  target: Pick<PrepareTarget, 'maxBytes' | 'minSide' | 'square' | 'aspect'>,
  fileName: string,
): Promise<Encoded> {
  const ladder = LADDERS[format];
  let bytes = Buffer.alloc(0);
  for (const [step, encoder] of ladder.entries()) {
    bytes = await encoder.apply(open(raw)).toBuffer();
    if (bytes.length <= target.maxBytes) {
      return { bytes, width: raw.width, height: raw.height, recompressed: step > 0, shrunk: false, quality: encoder.quality };
    }
  }

  const smallest = ladder[ladder.length - 1];
  let size: Size = { width: raw.width, height: raw.height };
  for (let attempt = 0; attempt < MAX_SHRINKS; attempt++) {
    // Encoded size scales roughly with pixel count; aim 10% under, shrink at least 5% per try.
    const factor = Math.min(0.95, Math.max(0.5, Math.sqrt(target.maxBytes / bytes.length) * 0.9));
    const next = shrinkKeepingShape(size, factor, target);
    if (Math.min(next.width, next.height) < (target.minSide ?? 1) || Math.max(next.width, next.height) < MIN_USEFUL_SIDE) {
      break;
    }
    size = next;
    // Always from the full-size pixels, so quality does not degrade with each attempt.
    bytes = await smallest.apply(open(raw).resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })).toBuffer();
    if (bytes.length <= target.maxBytes) {
      return { bytes, width: size.width, height: size.height, recompressed: true, shrunk: true, quality: smallest.quality };
    }
  }
  throw new ImageError(
    'cannotFit',
    fileName,
    l10n.t('{file} could not be made smaller than {limit} (still {bytes} at {size}). Try a simpler or smaller image.', {
      file: fileName,
      limit: formatBytes(target.maxBytes),
      bytes: formatBytes(bytes.length),
      size: `${size.width}x${size.height}`,
    }),
  );
}
