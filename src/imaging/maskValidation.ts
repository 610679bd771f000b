// Checks a mask painted in the mask editor before anything is sent, and turns it into the
// mask the API gets. The editor sends a PNG whose alpha is 255 − coverage (the API's
// convention: fully transparent = edit); soft brush edges are partly transparent. The API
// reads only fully transparent pixels as editable, so the upload is binarised: any painted
// pixel becomes editable (the strict composite blends the soft edge back afterwards).
// Everything happens in memory; no `vscode` import.

import * as l10n from '@vscode/l10n';
import { formatMegabytes, formatNumber } from '../../shared/localeFormat';
import { isPng } from './pngText';
import { openImage, withPipelineSlot } from './sharpSafety';

/** The API's limit for a mask: a PNG smaller than 4 MB. */
export const MAX_API_MASK_BYTES = 4 * 1024 * 1024;

/** Why a mask was refused. */
export type MaskErrorCode = 'empty' | 'notPng' | 'damaged' | 'wrongSize' | 'noAlpha' | 'nothingSelected' | 'tooLarge';

/** A refused mask; `message` is shown to the user as is. */
export class MaskError extends Error {
  override readonly name = 'MaskError';

  constructor(
    readonly code: MaskErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The message for a mask without any painted pixel (also used by the editor before sending). */
export function nothingSelectedMessage(): string {
  return l10n.t('Nothing is selected to edit: paint the area to change.');
}

/** A mask that passed every check. */
export interface ValidatedMask {
  width: number;
  height: number;
  /** Per pixel, 255 − alpha: 0 keeps the pixel, 255 edits it, values between are soft edges. */
  coverage: Uint8Array;
  /** Pixels with any coverage: what the API will be allowed to change. */
  selectedPixels: number;
  /** Pixels with full coverage (alpha 0 in the mask as painted). */
  transparentPixels: number;
  /** Every pixel is selected: the whole image will be regenerated. */
  wholeImage: boolean;
}

/**
 * Decodes and checks a mask: a PNG of exactly `expected` size with an alpha channel and at
 * least one painted (not fully opaque) pixel.
 * @param maxBytes refuse larger input before decoding (the webview's bound).
 * @throws {MaskError} with a message that says what to do.
 */
export async function validateMask(
  bytes: Uint8Array,
  expected: { width: number; height: number },
  maxBytes = 32 * 1024 * 1024,
): Promise<ValidatedMask> {
  if (bytes.length === 0) throw new MaskError('empty', l10n.t('The mask is empty. Paint the area to change and try again.'));
  if (bytes.length > maxBytes) {
    throw new MaskError('tooLarge', l10n.t('The mask is {size} MB, far larger than a mask of this image can be.', { size: formatNumber(Math.round(bytes.length / 1e6)) }));
  }
  if (!isPng(bytes)) throw new MaskError('notPng', l10n.t('The mask is not a PNG image.'));
  const pixels = expected.width * expected.height;
  return withPipelineSlot(async () => {
    let decoded: { data: Buffer; info: { width: number; height: number; channels: number } };
    let hasAlpha: boolean;
    try {
      // The bound is the expected size: a mask with more pixels is refused from its header.
      const image = openImage(bytes, { limitInputPixels: Math.max(1, pixels) });
      const meta = await image.metadata();
      if (meta.format !== 'png') throw new MaskError('notPng', l10n.t('The mask is not a PNG image.'));
      if (meta.width !== expected.width || meta.height !== expected.height) {
        throw new MaskError(
          'wrongSize',
          l10n.t('The mask is {maskSize} but the image is {imageSize}; they must be the same size. Reopen the mask editor and paint again.', {
            maskSize: `${meta.width}x${meta.height}`,
            imageSize: `${expected.width}x${expected.height}`,
          }),
        );
      }
      hasAlpha = meta.hasAlpha === true;
      if (!hasAlpha) {
        throw new MaskError('noAlpha', l10n.t('The mask has no transparency, so it marks nothing to edit. Paint the area to change.'));
      }
      decoded = await openImage(bytes, { limitInputPixels: Math.max(1, pixels) })
        // The last channel is alpha in RGBA and in grey+alpha masks alike.
        .extractChannel(Math.max(0, (meta.channels ?? 4) - 1) as 0 | 1 | 2 | 3)
        .raw()
        .toBuffer({ resolveWithObject: true });
    } catch (error) {
      if (error instanceof MaskError) throw error;
      if (/exceeds pixel limit/i.test(String((error as Error)?.message))) {
        throw new MaskError('wrongSize', l10n.t('The mask is larger than the image ({size}); they must be the same size.', { size: `${expected.width}x${expected.height}` }), { cause: error });
      }
      throw new MaskError('damaged', l10n.t('The mask could not be read (the PNG is damaged). Paint it again.'), { cause: error });
    }
    const alpha = decoded.data;
    const coverage = new Uint8Array(pixels);
    let selected = 0;
    let transparent = 0;
    for (let i = 0; i < pixels; i++) {
      const a = alpha[i];
      coverage[i] = 255 - a;
      if (a !== 255) selected++;
      if (a === 0) transparent++;
    }
    if (selected === 0) throw new MaskError('nothingSelected', nothingSelectedMessage());
    return {
      width: expected.width,
      height: expected.height,
      coverage,
      selectedPixels: selected,
      transparentPixels: transparent,
      wholeImage: selected === pixels,
    };
  });
}

/**
 * The mask to upload: RGBA PNG, black, alpha 0 wherever `coverage` is above 0 and 255
 * elsewhere. Black keeps it small (only alpha varies) and no colour can leak anything.
 * @throws {MaskError} 'tooLarge' when it is not under the API's 4 MB.
 */
export async function encodeApiMask(coverage: Uint8Array, width: number, height: number): Promise<Buffer> {
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0, j = 3; i < coverage.length; i++, j += 4) rgba[j] = coverage[i] > 0 ? 0 : 255;
  const png = await withPipelineSlot(() =>
    openImage(rgba, { raw: { width, height, channels: 4 }, limitInputPixels: width * height })
      .png({ compressionLevel: 9, adaptiveFiltering: true })
      .toBuffer(),
  );
  if (png.length >= MAX_API_MASK_BYTES) {
    throw new MaskError(
      'tooLarge',
      l10n.t('The mask is {size} as a PNG; the API takes masks under {limit}. Simplify it (fewer scattered strokes) and try again.', {
        size: formatMegabytes(png.length),
        limit: formatMegabytes(MAX_API_MASK_BYTES),
      }),
    );
  }
  return png;
}

/**
 * Scales a coverage map to `width` x `height` for models that need a smaller upload
 * (dall-e-2: at most 1024 px). A target pixel is selected when any source pixel under it
 * was (the API must be allowed to change everything that was painted).
 */
export function downscaleCoverage(coverage: Uint8Array, from: { width: number; height: number }, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const sx = from.width / width;
  const sy = from.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.min(from.height, Math.max(y0 + 1, Math.ceil((y + 1) * sy)));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.min(from.width, Math.max(x0 + 1, Math.ceil((x + 1) * sx)));
      let max = 0;
      for (let yy = y0; yy < y1 && max < 255; yy++) {
        const row = yy * from.width;
        for (let xx = x0; xx < x1; xx++) if (coverage[row + xx] > max) max = coverage[row + xx];
      }
      out[y * width + x] = max;
    }
  }
  return out;
}
