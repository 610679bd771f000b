// How a stroke's points become what is drawn, shared by live drawing and replay so both
// draw exactly the same pixels. The path is smoothed with quadratic curves through the
// midpoints of successive points; each piece is drawn on its own (its width follows the
// pen's pressure), so a stroke can be drawn piece by piece as points arrive.
import type { StrokeOp } from './maskHistory';

/** Points are kept to 1/8 pixel: finer than any display, and short in saved state. */
export const POINT_PRECISION = 8;

export const quantize = (value: number): number => Math.round(value * POINT_PRECISION) / POINT_PRECISION;

/** One drawable piece: a line or a quadratic curve, with its width. */
export interface StrokePiece {
  from: [number, number];
  to: [number, number];
  /** Control point of a quadratic curve; absent for a straight piece. */
  control?: [number, number];
  width: number;
}

/** Width of the solid core and blur radius (σ) that give a brush of `size` and `hardness`. */
export function brushProfile(size: number, hardness: number): { core: number; sigma: number } {
  const radius = size / 2;
  const h = Math.max(0, Math.min(1, hardness));
  // The 50% edge of a blurred line sits at its half width: put it halfway between the hard
  // core (radius·h) and the brush's edge, and fade over the rest (≈ 2.5σ).
  const core = size * (1 + h) / 2;
  const sigma = (radius * (1 - h)) / 5;
  return { core, sigma: sigma < 0.3 ? 0 : sigma };
}

const point = (points: readonly number[], index: number): [number, number] => [points[index * 3], points[index * 3 + 1]];
const pressure = (points: readonly number[], index: number): number => points[index * 3 + 2];
const mid = (a: [number, number], b: [number, number]): [number, number] => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

/** Number of points in a stroke. */
export const pointCount = (op: StrokeOp): number => Math.floor(op.points.length / 3);

/**
 * The piece that point `index` (≥ 1) completes: from the previous midpoint to the new one.
 * Piece 1 starts at the first point.
 */
export function pieceEndingAt(op: StrokeOp, index: number, core: number): StrokePiece {
  const p = op.points;
  const previous = point(p, index - 1);
  const current = point(p, index);
  const width = core * (pressure(p, index - 1) + pressure(p, index)) / 2;
  if (index === 1) return { from: previous, to: mid(previous, current), width };
  return { from: mid(point(p, index - 2), previous), control: previous, to: mid(previous, current), width };
}

/** The last piece, from the last midpoint to the last point (or a dot for a single point). */
export function finalPiece(op: StrokeOp, core: number): StrokePiece {
  const count = pointCount(op);
  const last = point(op.points, count - 1);
  if (count === 1) return { from: last, to: last, width: core * pressure(op.points, 0) };
  return { from: mid(point(op.points, count - 2), last), to: last, width: core * pressure(op.points, count - 1) };
}

/** Every piece of a finished stroke, in drawing order. */
export function allPieces(op: StrokeOp, core: number): StrokePiece[] {
  const pieces: StrokePiece[] = [];
  for (let index = 1; index < pointCount(op); index++) pieces.push(pieceEndingAt(op, index, core));
  pieces.push(finalPiece(op, core));
  return pieces;
}

/** Draws one piece (round caps: consecutive pieces join without gaps). */
export function drawPiece(ctx: CanvasRenderingContext2D, piece: StrokePiece): void {
  ctx.lineWidth = Math.max(0.5, piece.width);
  ctx.beginPath();
  ctx.moveTo(piece.from[0], piece.from[1]);
  if (piece.control) ctx.quadraticCurveTo(piece.control[0], piece.control[1], piece.to[0], piece.to[1]);
  else ctx.lineTo(piece.to[0] + (piece.to[0] === piece.from[0] && piece.to[1] === piece.from[1] ? 0.01 : 0), piece.to[1]);
  ctx.stroke();
}

/** Bounds of a stroke in image pixels, grown by half its widest piece. */
export function strokeBounds(op: StrokeOp): { x: number; y: number; width: number; height: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let maxPressure = 0;
  for (let i = 0; i < op.points.length; i += 3) {
    minX = Math.min(minX, op.points[i]);
    maxX = Math.max(maxX, op.points[i]);
    minY = Math.min(minY, op.points[i + 1]);
    maxY = Math.max(maxY, op.points[i + 1]);
    maxPressure = Math.max(maxPressure, op.points[i + 2]);
  }
  const grow = (op.size * Math.max(1, maxPressure)) / 2 + 1;
  return { x: minX - grow, y: minY - grow, width: maxX - minX + 2 * grow, height: maxY - minY + 2 * grow };
}
