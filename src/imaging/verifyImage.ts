// Checks image bytes received from the API before they are written to disk. A header can
// look fine on a response that was cut off, so every pixel is decoded (strictly: FAIL_ON).

import { imageErrorFromSharp, tooManyPixelsError } from './imageErrors';
import { displayName, inspectImage, type InputFormat } from './inspectImage';
import type { Sharp } from 'sharp';
import { MAX_DECODE_PIXELS, openImage, withPipelineSlot } from './sharpSafety';
import { endsEarly } from './sniffFormat';
import { THUMBNAIL_EDGE, toThumbnail } from './thumbnail';

// Measured on a 64 MP PNG: raw decode 257 ms / 608 MB peak, this thumbnail 334 ms / 68 MB.
const VERIFY_THUMBNAIL_SIDE = 64;

/** A fully decoded, intact image. */
export interface VerifiedImage {
  format: InputFormat;
  width: number;
  height: number;
  hasAlpha: boolean;
  channels: number;
  /** Size of the encoded bytes. */
  bytes: number;
  /** The studio's WebP thumbnail, when asked for (single-frame images only). */
  thumbnail?: Buffer;
  /** The larger WebP preview, when asked for (`previewEdge`; single-frame images only). */
  preview?: Buffer;
}

export interface VerifyOptions {
  /**
   * Also make the studio's thumbnail (see thumbnail.ts) from the same decode: results get
   * one full decode instead of two, and the history never decodes them again.
   */
  thumbnail?: boolean;
  /**
   * Also a WebP preview of at most this many pixels on its longest side (an agent tool's
   * image part), from the same decode: the picture is scaled once to this size, and the
   * preview and the thumbnail are both encoded from that, so no second decode of the image.
   */
  previewEdge?: number;
}

/**
 * Decodes `bytes` completely (every frame's pixels, not just the header) and describes them.
 * Measured: ~19 ms for a 2.4 MB 1024x1024 photo PNG on a 2-core machine.
 * @param fileName used in error messages only, e.g. the name the file is about to get.
 * @throws {ImageError} empty, notAnImage, unsupportedFormat, damaged (including truncated)
 *   or tooManyPixels.
 */
export async function verifyImage(
  bytes: Uint8Array,
  fileName = 'The generated image',
  options: VerifyOptions = {},
): Promise<VerifiedImage> {
  const info = await inspectImage(bytes, fileName);
  // No shrink-on-load here (the full image is checked), so no baseline-JPEG allowance.
  if (info.storedWidth * info.storedHeight > MAX_DECODE_PIXELS) {
    throw tooManyPixelsError(info.fileName, MAX_DECODE_PIXELS, { width: info.storedWidth, height: info.storedHeight });
  }
  const withThumbnail = options.thumbnail === true && info.frames === 1;
  const previewEdge = info.frames === 1 ? options.previewEdge : undefined;
  const made = await withPipelineSlot(async (): Promise<{ thumbnail?: Buffer; preview?: Buffer }> => {
    try {
      // Every pixel of every frame is decoded (GIF frames build on each other, so in one
      // pass), but streamed into a small thumbnail rather than kept: a raw copy of a 64 MP
      // image would be 256 MB, the thumbnail costs about the same time and no memory.
      const image = openImage(bytes, { allFrames: info.frames > 1 });
      if (previewEdge) return await previewAndThumbnail(image, previewEdge, withThumbnail);
      if (withThumbnail) return { thumbnail: await toThumbnail(image).toBuffer() };
      await image.resize(VERIFY_THUMBNAIL_SIDE, VERIFY_THUMBNAIL_SIDE, { fit: 'fill' }).raw().toBuffer();
      return {};
    } catch (error) {
      throw imageErrorFromSharp(error, displayName(fileName), {
        limitPixels: MAX_DECODE_PIXELS,
        endsEarly: endsEarly(bytes, info.format),
      });
    }
  });
  return {
    format: info.format,
    width: info.storedWidth,
    height: info.storedHeight,
    hasAlpha: info.hasAlpha,
    channels: info.channels,
    bytes: bytes.length,
    ...(made.thumbnail ? { thumbnail: made.thumbnail } : {}),
    ...(made.preview ? { preview: made.preview } : {}),
  };
}

/**
 * The decode scaled once to the larger of the two sizes (raw 8-bit sRGB pixels, at most
 * 1 MB for 512 px), then the preview and the thumbnail encoded from those pixels.
 */
async function previewAndThumbnail(image: Sharp, previewEdge: number, withThumbnail: boolean): Promise<{ thumbnail?: Buffer; preview: Buffer }> {
  const edge = withThumbnail ? Math.max(previewEdge, THUMBNAIL_EDGE) : previewEdge;
  const { data, info } = await image
    .rotate()
    .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  // Both encodes at once: each is a few milliseconds of one thread.
  const [preview, thumbnail] = await Promise.all([toThumbnail(openImage(data, { raw }), previewEdge).toBuffer(), withThumbnail ? toThumbnail(openImage(data, { raw })).toBuffer() : undefined]);
  return thumbnail ? { preview, thumbnail } : { preview };
}
