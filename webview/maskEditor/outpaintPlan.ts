// Outpainting geometry: how many pixels to add on each side to reach a shape or a size. The
// canvas only ever grows (nothing of the image is cut), and the image stays where the anchor
// says. Pure arithmetic, unit-tested.
import * as l10n from '@vscode/l10n';
import { formatNumber } from '../../shared/localeFormat';
import { MASK_LIMITS, type MaskExtension } from '../../shared/protocol';

export interface Size {
  width: number;
  height: number;
}

/** Which part of the canvas the image keeps to when space is added. */
export type Anchor = 'center' | 'left' | 'right' | 'top' | 'bottom';

export const extendedSize = (base: Size, extension: MaskExtension): Size => ({
  width: base.width + extension.left + extension.right,
  height: base.height + extension.top + extension.bottom,
});

/** Splits `extra` pixels between the two sides of one axis. */
function split(extra: number, keepStart: boolean, keepEnd: boolean): [number, number] {
  if (keepStart) return [0, extra];
  if (keepEnd) return [extra, 0];
  const start = Math.floor(extra / 2);
  return [start, extra - start];
}

/**
 * The extension that grows `base` to exactly `target` (each side at least as large as the
 * image), placing the image by `anchor`. Sides that do not grow get 0.
 */
export function extensionToSize(base: Size, target: Size, anchor: Anchor): MaskExtension {
  const [left, right] = split(Math.max(0, target.width - base.width), anchor === 'left', anchor === 'right');
  const [top, bottom] = split(Math.max(0, target.height - base.height), anchor === 'top', anchor === 'bottom');
  return { left, top, right, bottom };
}

/** Rounds `value` up to a multiple of `step` (1 = unchanged). */
const roundUp = (value: number, step: number) => Math.ceil(value / step) * step;

/**
 * The smallest extension that gives `base` the width/height `ratio`, adding only width or
 * only height, and (with `multipleOf`) both sides rounded up to that multiple, as
 * flexible-size models need.
 */
export function extensionToAspect(base: Size, ratio: number, anchor: Anchor, multipleOf = 1): MaskExtension {
  // eslint-disable-next-line image-studio/localized-text -- an invariant of the callers (ratios come from the host's table), never shown
  if (!(ratio > 0) || !Number.isFinite(ratio)) throw new RangeError(`not an aspect ratio: ${ratio}`);
  const step = Math.max(1, Math.round(multipleOf));
  const current = base.width / base.height;
  // Tolerance: 1920x1080 is 16:9 although 1080·16/9 is not exactly 1920 in floating point.
  let width = base.width;
  let height = base.height;
  if (current < ratio - 1e-9) width = Math.ceil(base.height * ratio - 1e-6);
  else if (current > ratio + 1e-9) height = Math.ceil(base.width / ratio - 1e-6);
  if (step > 1) ({ width, height } = nearestOnGrid({ width, height }, ratio, step));
  return extensionToSize(base, { width, height }, anchor);
}

/** Within this relative error a shape counts as reached on a grid (1344x768 for 16:9 is 0.4% off). */
const GRID_TOLERANCE = 0.005;

/**
 * The smallest size on a `step` grid, at least `minimum`, whose shape is within
 * {@link GRID_TOLERANCE} of `ratio` (or the closest of the first few candidates): exact
 * shapes on a grid can be far larger (16:9 on 16 px needs multiples of 256x144).
 */
function nearestOnGrid(minimum: Size, ratio: number, step: number): Size {
  const candidate = (k: number) => {
    const height = roundUp(minimum.height, step) + k * step;
    const width = Math.max(roundUp(minimum.width, step), Math.round((height * ratio) / step) * step);
    return { width, height, error: Math.abs(width / height - ratio) / ratio };
  };
  let best = candidate(0);
  for (let k = 1; k < 64 && best.error > GRID_TOLERANCE; k++) {
    const next = candidate(k);
    if (next.error < best.error - 1e-12) best = next;
  }
  return { width: best.width, height: best.height };
}

/** `extension` with the canvas rounded up to multiples of `step` (right/bottom get the extra unless anchored). */
export function roundExtension(base: Size, extension: MaskExtension, step: number, anchor: Anchor = 'center'): MaskExtension {
  const size = extendedSize(base, extension);
  const extraW = roundUp(size.width, step) - size.width;
  const extraH = roundUp(size.height, step) - size.height;
  const [addLeft, addRight] = anchor === 'center' ? [0, extraW] : split(extraW, anchor === 'left', anchor === 'right');
  const [addTop, addBottom] = anchor === 'center' ? [0, extraH] : split(extraH, anchor === 'top', anchor === 'bottom');
  return {
    left: extension.left + addLeft,
    top: extension.top + addTop,
    right: extension.right + addRight,
    bottom: extension.bottom + addBottom,
  };
}

/**
 * Why `extension` cannot be used on `base` (too large for the editor), or undefined. The
 * host applies the same limits to what it receives.
 */
export function extensionProblem(base: Size, extension: MaskExtension): string | undefined {
  const sides = [extension.left, extension.top, extension.right, extension.bottom];
  if (!sides.every((side) => Number.isInteger(side) && side >= 0)) return l10n.t('Use whole, non-negative numbers of pixels.');
  if (sides.some((side) => side > MASK_LIMITS.maxExtensionPerSide)) return l10n.t('At most {max} pixels per side.', { max: formatNumber(MASK_LIMITS.maxExtensionPerSide) });
  const size = extendedSize(base, extension);
  if (size.width > MASK_LIMITS.maxSide || size.height > MASK_LIMITS.maxSide) {
    return l10n.t('The canvas would be {width}x{height}; at most {max} pixels per side.', {
      width: size.width,
      height: size.height,
      max: formatNumber(MASK_LIMITS.maxSide),
    });
  }
  if (size.width * size.height > MASK_LIMITS.maxPixels) {
    return l10n.t('The canvas would be {width}x{height}, more than {max} megapixels.', {
      width: size.width,
      height: size.height,
      max: formatNumber(MASK_LIMITS.maxPixels / 1e6, { maximumFractionDigits: 1 }),
    });
  }
  return undefined;
}
