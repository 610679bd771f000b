// Pure size arithmetic for input preparation: how far to downscale, how to reach a square or
// an accepted aspect ratio, and whether to enlarge. Kept free of sharp so every rounding
// rule can be tested exactly.

import type { PrepareTarget, Size } from './prepareTypes';

/**
 * Prepared images never exceed this many pixels (4096x4096), whatever the target: the API
 * works at smaller sizes, and it bounds every raw buffer we hold to 64 MB.
 */
export const MAX_OUTPUT_PIXELS = 4096 * 4096;

/** Below this many pixels on its longest side an image is refused as too small to edit. */
export const MIN_USEFUL_SIDE = 16;

/** How the content is fitted into its canvas. */
export interface ShapePlan {
  /** Content size after downscaling (equal to the input size when not downscaled). */
  scaled: Size;
  /** Canvas after padding or cropping, before enlarging. */
  box: Size;
  /** How `scaled` becomes `box`. */
  mode: 'none' | 'pad' | 'crop';
  /** Why the shape changed. */
  reason: 'square' | 'aspect' | null;
  /** Whole-number enlargement factor (1 = none). */
  upscale: number;
  /** Final size: `box` times `upscale`. */
  final: Size;
}

type ShapeTarget = Pick<PrepareTarget, 'square' | 'squareMode' | 'maxSide' | 'minSide' | 'aspect'>;

// Guards the ratio arithmetic against 13 / (1/3) = 38.99999….
const EPSILON = 1e-9;

/** The canvas that gives `size` an accepted shape. */
function boxFor(size: Size, target: ShapeTarget): Pick<ShapePlan, 'box' | 'mode' | 'reason'> {
  const { width: w, height: h } = size;
  const crop = target.squareMode === 'crop';
  if (target.square) {
    if (w === h) return { box: size, mode: 'none', reason: null };
    const side = crop ? Math.min(w, h) : Math.max(w, h);
    return { box: { width: side, height: side }, mode: crop ? 'crop' : 'pad', reason: 'square' };
  }
  const aspect = target.aspect;
  if (aspect && w / h > aspect.max + EPSILON) {
    const box = crop
      ? { width: Math.max(1, Math.floor(h * aspect.max + EPSILON)), height: h }
      : { width: w, height: Math.ceil(w / aspect.max - EPSILON) };
    return { box, mode: crop ? 'crop' : 'pad', reason: 'aspect' };
  }
  if (aspect && w / h < aspect.min - EPSILON) {
    const box = crop
      ? { width: w, height: Math.max(1, Math.floor(w / aspect.min + EPSILON)) }
      : { width: Math.ceil(h * aspect.min - EPSILON), height: h };
    return { box, mode: crop ? 'crop' : 'pad', reason: 'aspect' };
  }
  return { box: size, mode: 'none', reason: null };
}

/**
 * Plans the shape of a prepared image from the upright input size: downscale so the final
 * canvas fits `maxSide` and both canvas and decoded content fit {@link MAX_OUTPUT_PIXELS}, pad or crop to a square / the aspect
 * range, then enlarge by a whole factor while the short side is under `minSide` (whole
 * factors with nearest-neighbour keep small images crisp instead of inventing blur).
 */
export function planShape(input: Size, target: ShapeTarget): ShapePlan {
  const first = boxFor(input, target);
  const long = Math.max(first.box.width, first.box.height);
  const scale = Math.min(
    1,
    target.maxSide ? target.maxSide / long : 1,
    Math.sqrt(MAX_OUTPUT_PIXELS / (first.box.width * first.box.height)),
    // When cropping, the decoded content is larger than the canvas: bound it too.
    Math.sqrt(MAX_OUTPUT_PIXELS / (input.width * input.height)),
  );
  // Rounding down keeps both limits (maxSide, pixel budget) guaranteed, not just approximated.
  const scaled =
    scale < 1
      ? {
          width: Math.max(1, Math.floor(input.width * scale + EPSILON)),
          height: Math.max(1, Math.floor(input.height * scale + EPSILON)),
        }
      : input;
  const { box, mode, reason } = boxFor(scaled, target);
  if (mode === 'crop' && target.maxSide) {
    // Rounding can leave a crop a pixel over the limit; cropping a little more keeps the ratio in range.
    box.width = Math.min(box.width, target.maxSide);
    box.height = Math.min(box.height, target.maxSide);
  }

  let upscale = 1;
  const short = Math.min(box.width, box.height);
  if (target.minSide && short < target.minSide) {
    upscale = Math.ceil(target.minSide / short);
    if (target.maxSide) upscale = Math.min(upscale, Math.floor(target.maxSide / Math.max(box.width, box.height)));
    upscale = Math.min(upscale, Math.floor(Math.sqrt(MAX_OUTPUT_PIXELS / (box.width * box.height))));
    upscale = Math.max(1, upscale);
  }
  return {
    scaled,
    box,
    mode,
    reason,
    upscale,
    final: { width: box.width * upscale, height: box.height * upscale },
  };
}

/**
 * `size` scaled by `factor` (< 1) while keeping the shape rules: squares stay square and the
 * aspect range still holds after rounding. Used when shrinking to fit a byte limit.
 */
export function shrinkKeepingShape(size: Size, factor: number, target: ShapeTarget): Size {
  if (size.width === size.height) {
    const side = Math.max(1, Math.floor(size.width * factor));
    return { width: side, height: side };
  }
  let width = Math.max(1, Math.round(size.width * factor));
  let height = Math.max(1, Math.round(size.height * factor));
  const aspect = target.aspect;
  if (aspect) {
    // Nudge the short side up by a pixel if rounding pushed the ratio out of range.
    if (width / height > aspect.max + EPSILON) height = Math.ceil(width / aspect.max - EPSILON);
    if (width / height < aspect.min - EPSILON) width = Math.ceil(height * aspect.min - EPSILON);
  }
  return { width, height };
}
