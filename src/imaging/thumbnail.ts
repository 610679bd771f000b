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
 * The thumbnail of an image of `original` size made from a smaller `preview` of it (WebP,
 * upright) without decoding the image again: the same size a thumbnail of the image itself
 * would have (a 512x341 preview of a 1536x1024 image gives 256x171, as the image does, not
 * the preview's 256x170).
 */
export async function makeThumbnailFromPreview(preview: Uint8Array, original: { width: number; height: number }, edge = THUMBNAIL_EDGE): Promise<Uint8Array> {
  return withPipelineSlot(async () => {
    const image = openImage(preview);
    const { width = 0, height = 0 } = await image.metadata();
    const long = Math.max(original.width, original.height);
    const short = Math.min(original.width, original.height);
    // The image's proportions, in the preview's orientation (the preview is upright; `original` may be as stored).
    const longEdge = Math.min(edge, long);
    const shortEdge = Math.max(1, Math.round((longEdge * short) / long));
    const [targetWidth, targetHeight] = width >= height ? [longEdge, shortEdge] : [shortEdge, longEdge];
    return image
      .resize(targetWidth, targetHeight, { fit: 'fill' })
      .webp({ quality: 75, alphaQuality: 80, effort: 2 })
      .toBuffer();
  });
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

/**
 * The agent's preview steps (longest side `edge`): as the thumbnail's, with WebP's effort 1.
 * It is made on the tool call's critical path and only looked at by a language model: at
 * 512 px effort 1 took ~7 ms less than 2 (27.5 → 19.9 ms decode included, 1024x1024 PNG),
 * for a file ~10 % larger.
 */
export function toPreview(image: Sharp, edge: number): Sharp {
  return image.rotate().resize(edge, edge, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75, alphaQuality: 80, effort: 1 });
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
    options.previewEdge ? toPreview(openImage(pixels.data, { raw }), options.previewEdge).toBuffer() : undefined,
    options.thumbnail ? toThumbnail(openImage(pixels.data, { raw })).toBuffer() : undefined,
  ]);
  return { ...(thumbnail ? { thumbnail } : {}), ...(preview ? { preview } : {}) };
}
