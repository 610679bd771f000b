// "Strict composite": GPT image models redraw the whole picture, including what the mask
// says to keep, so after an edit every pixel outside the mask is put back from the original.
// Only the inside edge of the mask blends (a feather of a few pixels), so nothing outside the
// mask changes at all and the seam does not show. Blending is done here in plain arithmetic
// (sharp decodes, resizes and encodes) so the result is exact and testable to the pixel.
// No `vscode` import.

import { openImage, withPipelineSlot } from './sharpSafety';

/** Default width of the blend at the inside edge of the mask. */
export const DEFAULT_FEATHER_PX = 2;
/** Widest feather accepted. */
export const MAX_FEATHER_PX = 32;

/** Chamfer distance steps (3 per pixel straight, 4 diagonally ≈ 3·√2). */
const STRAIGHT = 3;
const DIAGONAL = 4;

/**
 * Per pixel, how much of the result to take (0–255). Outside the mask (coverage 0) it is 0,
 * so those pixels are the original's exactly. Inside, the mask's own coverage is ramped up
 * over `featherPx` pixels from the nearest kept pixel: at distance d (in pixels) the weight
 * is coverage · min(1, d / (featherPx + 1)). Pixels the original has nothing in (fully
 * transparent, e.g. an outpainted strip) take the result without ramp: blending towards
 * nothing would leave a half-transparent seam.
 * @param originalAlpha alpha of the original per pixel, or undefined when it is opaque.
 */
export function compositeWeights(
  coverage: Uint8Array,
  width: number,
  height: number,
  featherPx: number,
  originalAlpha?: Uint8Array,
): Uint8Array {
  const count = width * height;
  const weights = new Uint8Array(count);
  const feather = Math.max(0, Math.min(MAX_FEATHER_PX, Math.round(featherPx)));
  if (feather === 0) {
    weights.set(coverage.subarray(0, count));
    return weights;
  }
  // Distances are only needed up to the end of the ramp; capping keeps them in 16 bits.
  const cap = (feather + 1) * STRAIGHT;
  const distance = new Uint16Array(count);
  for (let i = 0; i < count; i++) distance[i] = coverage[i] === 0 ? 0 : cap;
  // Two-pass chamfer distance transform (forward, then backward).
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      let d = distance[i];
      if (d === 0) continue;
      if (x > 0) d = Math.min(d, distance[i - 1] + STRAIGHT);
      if (y > 0) {
        d = Math.min(d, distance[i - width] + STRAIGHT);
        if (x > 0) d = Math.min(d, distance[i - width - 1] + DIAGONAL);
        if (x < width - 1) d = Math.min(d, distance[i - width + 1] + DIAGONAL);
      }
      distance[i] = d;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    const row = y * width;
    for (let x = width - 1; x >= 0; x--) {
      const i = row + x;
      let d = distance[i];
      if (d === 0) continue;
      if (x < width - 1) d = Math.min(d, distance[i + 1] + STRAIGHT);
      if (y < height - 1) {
        d = Math.min(d, distance[i + width] + STRAIGHT);
        if (x < width - 1) d = Math.min(d, distance[i + width + 1] + DIAGONAL);
        if (x > 0) d = Math.min(d, distance[i + width - 1] + DIAGONAL);
      }
      distance[i] = d;
    }
  }
  for (let i = 0; i < count; i++) {
    const c = coverage[i];
    if (c === 0) continue;
    if (originalAlpha && originalAlpha[i] === 0) {
      weights[i] = c;
      continue;
    }
    const d = distance[i];
    weights[i] = d >= cap ? c : Math.round((c * d) / cap);
  }
  return weights;
}

/**
 * Mixes two RGBA images by `weights` (0 = original, 255 = result), in premultiplied alpha so
 * a transparent pixel's meaningless colour never bleeds in. Weight 0 gives the original's
 * bytes and 255 the result's bytes exactly.
 */
export function blendPixels(original: Uint8Array, result: Uint8Array, weights: Uint8Array): Buffer {
  const out = Buffer.alloc(original.length);
  for (let i = 0, p = 0; p < weights.length; p++, i += 4) {
    const w = weights[p];
    if (w === 0) {
      out[i] = original[i];
      out[i + 1] = original[i + 1];
      out[i + 2] = original[i + 2];
      out[i + 3] = original[i + 3];
      continue;
    }
    if (w === 255) {
      out[i] = result[i];
      out[i + 1] = result[i + 1];
      out[i + 2] = result[i + 2];
      out[i + 3] = result[i + 3];
      continue;
    }
    const ao = original[i + 3] * (255 - w);
    const ar = result[i + 3] * w;
    const alpha = ao + ar; // alpha · 255
    out[i + 3] = Math.round(alpha / 255);
    if (alpha === 0) {
      out[i] = original[i];
      out[i + 1] = original[i + 1];
      out[i + 2] = original[i + 2];
      continue;
    }
    for (let c = 0; c < 3; c++) out[i + c] = Math.round((original[i + c] * ao + result[i + c] * ar) / alpha);
  }
  return out;
}

/** Inputs of {@link strictComposite}. */
export interface StrictCompositeInput {
  /** The image that was sent (encoded), whose pixels outside the mask are kept. */
  original: Uint8Array;
  /** The model's answer (encoded); resized to the original's size when it differs. */
  result: Uint8Array;
  /** 255 − mask alpha per pixel, at the original's size (see validateMask). */
  coverage: Uint8Array;
  width: number;
  height: number;
  featherPx?: number;
}

/** The composite, as a PNG (lossless, so kept pixels stay exact). */
export interface CompositeImage {
  bytes: Buffer;
  width: number;
  height: number;
  /** The result had another size and was resized to the original's. */
  resized: boolean;
}

/**
 * Puts every pixel outside the mask back from the original, blending over `featherPx` at
 * the inside edge of the mask. The result is stretched to the original's size first if the
 * model answered another size (models squeeze the input into their output size, so
 * stretching back is the inverse). Output keeps alpha only when some pixel needs it.
 */
export async function strictComposite(input: StrictCompositeInput): Promise<CompositeImage> {
  const { width, height } = input;
  const pixels = width * height;
  // eslint-disable-next-line image-studio/localized-text -- caller bug (RangeError), never shown to a person
  if (input.coverage.length !== pixels) throw new RangeError('coverage does not match the image size');
  return withPipelineSlot(async () => {
    const original = await openImage(input.original, { limitInputPixels: pixels })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (original.info.width !== width || original.info.height !== height) {
      // eslint-disable-next-line image-studio/localized-text -- caller bug (RangeError): the original is the image the mask was painted on
      throw new RangeError(`original is ${original.info.width}x${original.info.height}, expected ${width}x${height}`);
    }
    const resultImage = openImage(input.result);
    const meta = await resultImage.metadata();
    const resized = meta.width !== width || meta.height !== height;
    let pipeline = resultImage;
    if (resized) pipeline = pipeline.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
    const result = await pipeline.toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' }).toBuffer();

    let originalAlpha: Uint8Array | undefined;
    for (let i = 3; i < original.data.length; i += 4) {
      if (original.data[i] !== 255) {
        originalAlpha = new Uint8Array(pixels);
        for (let p = 0, j = 3; p < pixels; p++, j += 4) originalAlpha[p] = original.data[j];
        break;
      }
    }
    const weights = compositeWeights(input.coverage, width, height, input.featherPx ?? DEFAULT_FEATHER_PX, originalAlpha);
    const blended = blendPixels(original.data, result, weights);
    let opaque = true;
    for (let i = 3; i < blended.length; i += 4) {
      if (blended[i] !== 255) {
        opaque = false;
        break;
      }
    }
    let encoder = openImage(blended, { raw: { width, height, channels: 4 }, limitInputPixels: pixels });
    if (opaque) encoder = encoder.removeAlpha();
    const bytes = await encoder.png({ compressionLevel: 6 }).toBuffer();
    return { bytes, width, height, resized };
  });
}
