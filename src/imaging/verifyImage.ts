// Checks image bytes received from the API before they are written to disk. A header can
// look fine on a response that was cut off, so every pixel is decoded (strictly: FAIL_ON).

import * as l10n from '@vscode/l10n';
import { endianness } from 'node:os';
import type { Sharp } from 'sharp';
import { damagedError, imageErrorFromSharp, tooManyPixelsError } from './imageErrors';
import { displayName, inspectImage, type InputFormat } from './inspectImage';
import { MAX_DECODE_PIXELS, openImage, withPipelineSlot } from './sharpSafety';
import { endsEarly } from './sniffFormat';
import { encodePreviews, THUMBNAIL_EDGE, toPreview, toThumbnail, type EncodedPreviews } from './thumbnail';

// Measured on a 64 MP PNG: raw decode 257 ms / 608 MB peak, this thumbnail 334 ms / 68 MB.
const VERIFY_THUMBNAIL_SIDE = 64;

/**
 * Most pixels (all frames together) decoded into memory at full size for the transparency
 * check: 4096x4096, 64 MB of RGBA (a 3840x2160 result is 33 MB; sixteen 1024x1024 frames
 * are exactly this). Above it the check is a second, streaming pass instead.
 */
export const MAX_TRANSPARENCY_RAW_PIXELS = 4096 * 4096;

/** A fully decoded, intact image. */
export interface VerifiedImage {
  format: InputFormat;
  width: number;
  height: number;
  hasAlpha: boolean;
  channels: number;
  /** Size of the encoded bytes. */
  bytes: number;
  /** 1 for a still image; the frame count of an animated GIF or WebP (every frame was decoded). */
  frames: number;
  /** How long each frame shows, in milliseconds, as the file says (animations only). */
  frameDurationsMs?: number[];
  /**
   * With `checkTransparency`: true when the image has an alpha channel and at least one
   * pixel (of any frame) is not fully opaque at 8 bits (alpha < 255). An RGBA file whose
   * every pixel is opaque gives false: transparency was asked for and not delivered.
   */
  usesTransparency?: boolean;
  /** The studio's WebP thumbnail, when asked for (of the first frame for animations). */
  thumbnail?: Buffer;
  /** The larger WebP preview, when asked for (`previewEdge`; of the first frame for animations). */
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
  /**
   * Also tell whether the image really uses transparency (`usesTransparency`), e.g. when a
   * transparent background was asked for. Every pixel counts (a downscaled thumbnail would
   * average a few transparent pixels away), so an image with an alpha channel is decoded
   * into memory at full size (the same single decode; up to
   * {@link MAX_TRANSPARENCY_RAW_PIXELS}, else a second streaming pass) and its alpha
   * scanned. Images without an alpha channel cost nothing more.
   */
  checkTransparency?: boolean;
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
  fileName = l10n.t('The generated image'),
  options: VerifyOptions = {},
): Promise<VerifiedImage> {
  const info = await inspectImage(bytes, fileName);
  // No shrink-on-load here (the full image is checked), so no baseline-JPEG allowance.
  if (info.storedWidth * info.storedHeight > MAX_DECODE_PIXELS) {
    throw tooManyPixelsError(info.fileName, MAX_DECODE_PIXELS, { width: info.storedWidth, height: info.storedHeight });
  }
  // libvips reads the complete frames of a cut-off GIF as a whole, shorter animation.
  if (info.format === 'gif' && endsEarly(bytes, 'gif')) throw damagedError(info.fileName, 'endsEarly');
  const animated = info.frames > 1;
  const wanted: Wanted = { thumbnail: options.thumbnail === true, previewEdge: options.previewEdge || undefined };
  const checkAlpha = options.checkTransparency === true && info.hasAlpha;
  const inMemory = checkAlpha && info.storedWidth * info.storedHeight * info.frames <= MAX_TRANSPARENCY_RAW_PIXELS;
  const made = await withPipelineSlot(async (): Promise<EncodedPreviews & { usesTransparency?: boolean }> => {
    try {
      // Every pixel of every frame is decoded (GIF frames build on each other, so in one
      // pass), but streamed into a small thumbnail rather than kept: a raw copy of a 64 MP
      // image would be 256 MB, the thumbnail costs about the same time and no memory.
      // Only the transparency check keeps the full decode (bounded, see above).
      const image = openImage(bytes, { allFrames: animated });
      if (inMemory) return await decodeInMemory(image, animated, wanted);
      const previews = await decodeStreaming(image, animated, wanted);
      if (!checkAlpha) return previews;
      const stats = await openImage(bytes, { allFrames: animated }).stats();
      return { ...previews, usesTransparency: !stats.isOpaque };
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
    frames: info.frames,
    ...(info.frameDurationsMs ? { frameDurationsMs: info.frameDurationsMs } : {}),
    ...(options.checkTransparency ? { usesTransparency: made.usesTransparency ?? false } : {}),
    ...(made.thumbnail ? { thumbnail: made.thumbnail } : {}),
    ...(made.preview ? { preview: made.preview } : {}),
  };
}

/** The pictures asked for. */
interface Wanted {
  thumbnail: boolean;
  previewEdge?: number;
}

/** The longest side to decode to for the pictures asked for (0: none asked). */
function edgeFor(wanted: Wanted): number {
  return Math.max(wanted.previewEdge ?? 0, wanted.thumbnail ? THUMBNAIL_EDGE : 0);
}

/**
 * The usual pass: every pixel decoded and streamed through a resize. A still image with
 * one picture asked for (the thumbnail, or an agent's preview) goes straight to WebP; otherwise the decode is scaled once to
 * the larger of the sizes (raw 8-bit sRGB pixels, at most 1 MB for 512 px; an animation is
 * scaled frame by frame) and the pictures are encoded from that (the first frame's rows of
 * an animation).
 */
async function decodeStreaming(image: Sharp, animated: boolean, wanted: Wanted): Promise<EncodedPreviews> {
  const edge = edgeFor(wanted);
  if (edge === 0) {
    await image.resize(VERIFY_THUMBNAIL_SIDE, VERIFY_THUMBNAIL_SIDE, { fit: 'fill' }).raw().toBuffer();
    return {};
  }
  // One picture of a still image: straight from the decode to WebP, in one pipeline (an
  // agent's 512 px preview, alone since its thumbnail is made after saving: through raw
  // pixels and a second pipeline it took ~4 ms more, 1024x1024 PNG).
  if (!animated && !wanted.previewEdge) return { thumbnail: await toThumbnail(image).toBuffer() };
  if (!animated && !wanted.thumbnail && wanted.previewEdge) return { preview: await toPreview(image, wanted.previewEdge).toBuffer() };
  // No EXIF orientation on animations (and rotating one would rotate the whole strip).
  const { data, info } = await (animated ? image : image.rotate())
    .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return encodePreviews(firstFrame(data, info), wanted);
}

/**
 * The transparency check's pass: every pixel decoded into memory at full size (upright,
 * 8-bit sRGB), the alpha of every pixel of every frame scanned, then the pictures asked
 * for encoded from the first frame's pixels: still one decode of the file.
 */
async function decodeInMemory(image: Sharp, animated: boolean, wanted: Wanted): Promise<EncodedPreviews & { usesTransparency: boolean }> {
  const { data, info } = await (animated ? image : image.rotate()).toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const usesTransparency = (info.channels === 4 || info.channels === 2) && anyAlphaBelowOpaque(data, info.channels);
  const previews = edgeFor(wanted) > 0 ? await encodePreviews(firstFrame(data, info), wanted) : {};
  return { ...previews, usesTransparency };
}

/** The first frame's rows of a decode (the whole decode for a still image). */
function firstFrame(data: Buffer, info: { width: number; height: number; channels: number; pageHeight?: number }) {
  const height = info.pageHeight && info.pageHeight < info.height ? info.pageHeight : info.height;
  return { data: data.subarray(0, info.width * height * info.channels), width: info.width, height, channels: info.channels as 1 | 2 | 3 | 4 };
}

/**
 * True when any pixel's alpha (the last of `channels` bytes) is below 255. Reads four
 * bytes at a time where it can (RGBA, aligned, little-endian): ~5 ms for 3840x2160.
 */
export function anyAlphaBelowOpaque(data: Uint8Array, channels: number): boolean {
  if (channels === 4 && data.byteOffset % 4 === 0 && endianness() === 'LE') {
    const pixels = new Int32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
    // Alpha is the high byte: the AND of opaque pixels keeps it 0xff, any lower alpha clears
    // a bit of it. One AND per pixel, one comparison per block of 4096.
    const OPAQUE = -16777216; // 0xff000000 as a 32-bit integer
    for (let start = 0; start < pixels.length; start += 4096) {
      let all = OPAQUE;
      const end = Math.min(pixels.length, start + 4096);
      for (let i = start; i < end; i++) all &= pixels[i];
      if ((all & OPAQUE) !== OPAQUE) return true;
    }
    return false;
  }
  for (let i = channels - 1; i < data.length; i += channels) if (data[i] !== 255) return true;
  return false;
}
