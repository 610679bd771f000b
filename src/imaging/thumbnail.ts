// Small previews for the studio's history grid. Full images never go to the webview for
// browsing: 200 generated images can be 200 × 4 MB of PNG to decode in an iframe, while
// their thumbnails are a few KB each. Pure sharp, no `vscode` import.

import type { Sharp } from 'sharp';
import { openImage, withPipelineSlot } from './sharpSafety';

/**
 * Longest side of a thumbnail, in pixels. History tiles are about 160 CSS pixels wide;
 * 256 keeps them sharp on 1.5x displays while staying ~5–15 KB as WebP.
 */
export const THUMBNAIL_EDGE = 256;

/**
 * A WebP thumbnail of `bytes` (PNG, JPEG or WebP; other formats are refused by the
 * loaders `sharpSafety` allows), at most `edge` pixels on its longest side, never
 * enlarged, EXIF orientation applied, transparency kept.
 */
export async function makeThumbnail(bytes: Uint8Array, edge = THUMBNAIL_EDGE): Promise<Uint8Array> {
  return withPipelineSlot(() => toThumbnail(openImage(bytes), edge).toBuffer());
}

/**
 * The thumbnail steps on an opened image, so a pipeline that decodes every pixel anyway
 * (verifyImage) can yield the thumbnail instead of a second full decode later.
 */
export function toThumbnail(image: Sharp, edge = THUMBNAIL_EDGE): Sharp {
  return (
    image
      .rotate()
      .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
      // effort 2: thumbnails are made while someone scrolls; size matters less than speed.
      .webp({ quality: 75, alphaQuality: 80, effort: 2 })
  );
}

/** Decoded 8-bit pixels (sRGB, with or without alpha), e.g. a downscaled decode or a rendered SVG. */
export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** What {@link encodePreviews} makes: each only when asked for. */
export interface EncodedPreviews {
  /** The studio's thumbnail, at most {@link THUMBNAIL_EDGE} pixels. */
  thumbnail?: Buffer;
  /** A larger WebP preview, at most `previewEdge` pixels (an agent tool's image part). */
  preview?: Buffer;
}

/**
 * Encodes the thumbnail and/or a preview from pixels already decoded (and already scaled
 * to about the larger of the two sizes): both encodes at once, each a few milliseconds of
 * one thread, no second decode of the image.
 */
export async function encodePreviews(pixels: RawPixels, options: { thumbnail?: boolean; previewEdge?: number }): Promise<EncodedPreviews> {
  const raw = { width: pixels.width, height: pixels.height, channels: pixels.channels };
  const [preview, thumbnail] = await Promise.all([
    options.previewEdge ? toThumbnail(openImage(pixels.data, { raw }), options.previewEdge).toBuffer() : undefined,
    options.thumbnail ? toThumbnail(openImage(pixels.data, { raw })).toBuffer() : undefined,
  ]);
  return { ...(thumbnail ? { thumbnail } : {}), ...(preview ? { preview } : {}) };
}
