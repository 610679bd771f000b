// The size of an SVG drawing in CSS pixels, from the root element's width, height and
// viewBox, the way a browser sizes an <img> of it. Pure: used by the sanitizer (on its
// syntax tree) and by the renderer (on the sanitized text's root tag).

/** Width and height in CSS pixels, rounded, at least 1. */
export interface SvgSize {
  width: number;
  height: number;
  /** The same before rounding: the user-space size when the drawing has no viewBox. */
  exactWidth: number;
  exactHeight: number;
}

/** CSS pixels per unit (96 per inch; em and ex as the 16 px default font). */
const PX_PER_UNIT: Record<string, number> = { '': 1, px: 1, pt: 96 / 72, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96, em: 16, ex: 8, q: 96 / 101.6 };

/** The replaced-element default a browser gives an image without any size. */
const DEFAULT_SIZE = { width: 300, height: 150 };

/** A length in CSS pixels; undefined for percentages, `auto`, zero, negative or garbage. */
export function svgLength(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*\+?((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const factor = PX_PER_UNIT[match[2].toLowerCase()];
  const px = Number(match[1]) * (factor ?? Number.NaN);
  return Number.isFinite(px) && px > 0 ? px : undefined;
}

/** The viewBox's width and height, when it has four numbers and a positive size. */
export function viewBoxSize(value: string | undefined): { width: number; height: number } | undefined {
  if (value === undefined) return undefined;
  const parts = value.trim().split(/[\s,]+/).map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined;
  const [, , width, height] = parts;
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/**
 * The drawing's size from its root attributes: width and height when both are lengths;
 * one of them and the viewBox's aspect ratio; the viewBox alone; else 300x150 (or the one
 * length given with the default for the other), as a browser would.
 */
export function svgSize(attributes: { width?: string; height?: string; viewBox?: string }): SvgSize {
  let width = svgLength(attributes.width);
  let height = svgLength(attributes.height);
  const box = viewBoxSize(attributes.viewBox);
  if (box) {
    if (width === undefined && height === undefined) {
      width = box.width;
      height = box.height;
    } else if (width === undefined && height !== undefined) {
      width = (height * box.width) / box.height;
    } else if (height === undefined && width !== undefined) {
      height = (width * box.height) / box.width;
    }
  }
  const exactWidth = width ?? DEFAULT_SIZE.width;
  const exactHeight = height ?? DEFAULT_SIZE.height;
  return { width: Math.max(1, Math.round(exactWidth)), height: Math.max(1, Math.round(exactHeight)), exactWidth, exactHeight };
}
