// The box a live layer covers: the part of the image a shape being drawn can touch, in whole
// pixels. A live canvas the size of the image costs a copy of all of it (16 MB at 2048x2048)
// whenever it changes, in every frame of a stroke (software compositing, no GPU); one the
// size of the stroke costs what the stroke covers. No DOM here: unit-tested in Node.

/** A rectangle of whole pixels. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The layer: boxes never reach past it. Its corner is at (0, 0) unless given. */
export interface Extent {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** Room added around a new box and at least that much per growth, so small moves do not re-allocate. */
export const LIVE_SLACK = 64;

/**
 * The whole pixels covering the points (x, y at `points[i]`, `points[i + 1]` for every
 * `stride` numbers from `from`), each grown by `grow` (half a line width and the
 * antialiasing around it), clipped to `extent`. Undefined when there is no point or the box
 * falls outside the extent.
 */
export function boxAround(points: readonly number[], grow: number, extent: Extent, stride = 2, from = 0): PixelBox | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = Math.max(0, from); i + 1 < points.length; i += stride) {
    minX = Math.min(minX, points[i]);
    maxX = Math.max(maxX, points[i]);
    minY = Math.min(minY, points[i + 1]);
    maxY = Math.max(maxY, points[i + 1]);
  }
  if (minX > maxX) return undefined;
  return clip(Math.floor(minX - grow), Math.floor(minY - grow), Math.ceil(maxX + grow), Math.ceil(maxY + grow), extent);
}

/** Whether `outer` holds all of `inner`. */
export function contains(outer: PixelBox, inner: PixelBox): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/**
 * The box a live canvas should have to hold `needed`: `current` when it already does (no
 * re-allocation). Otherwise it grows past `needed` on the sides where it fell short, by at
 * least its own size in that direction (and {@link LIVE_SLACK}), so a stroke across the
 * image re-allocates a few times, not every frame, and the canvas stays about the size of
 * the stroke, not of the image. A first box is `needed` with the slack all round.
 */
export function grownBox(current: PixelBox | undefined, needed: PixelBox, extent: Extent): PixelBox {
  if (!current) {
    return clip(needed.x - LIVE_SLACK, needed.y - LIVE_SLACK, needed.x + needed.width + LIVE_SLACK, needed.y + needed.height + LIVE_SLACK, extent) ?? needed;
  }
  if (contains(current, needed)) return current;
  const stepX = Math.max(LIVE_SLACK, current.width);
  const stepY = Math.max(LIVE_SLACK, current.height);
  const right = current.x + current.width;
  const bottom = current.y + current.height;
  const neededRight = needed.x + needed.width;
  const neededBottom = needed.y + needed.height;
  const x = needed.x < current.x ? Math.min(needed.x - LIVE_SLACK, current.x - stepX) : current.x;
  const y = needed.y < current.y ? Math.min(needed.y - LIVE_SLACK, current.y - stepY) : current.y;
  const r = neededRight > right ? Math.max(neededRight + LIVE_SLACK, right + stepX) : right;
  const b = neededBottom > bottom ? Math.max(neededBottom + LIVE_SLACK, bottom + stepY) : bottom;
  return clip(x, y, r, b, extent) ?? current;
}

/** The box from (left, top) to (right, bottom), inside the extent; undefined when empty there. */
function clip(left: number, top: number, right: number, bottom: number, extent: Extent): PixelBox | undefined {
  const x0 = extent.x ?? 0;
  const y0 = extent.y ?? 0;
  const x = Math.max(x0, left);
  const y = Math.max(y0, top);
  const width = Math.min(x0 + extent.width, right) - x;
  const height = Math.min(y0 + extent.height, bottom) - y;
  return width > 0 && height > 0 ? { x, y, width, height } : undefined;
}
