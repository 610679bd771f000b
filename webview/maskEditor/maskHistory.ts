// The mask as data: every brush stroke, selection fill, invert, clear and canvas extension is
// an operation, and the mask is whatever replaying them gives. Undo and redo move a cursor
// through the list, so undoing is an exact replay, and the list is what the page saves to
// survive being hidden or reloaded. Coordinates are base-image pixels (the extension moves
// the canvas, not the strokes).
import type { MaskExtension } from '../../shared/protocol';
import { parseShape, type AnnotationShape } from './annotationShapes';

/** Paint adds to the area to edit; erase removes from it. */
export type MaskMode = 'paint' | 'erase';

/** A brush or eraser stroke. */
export interface StrokeOp {
  kind: 'stroke';
  mode: MaskMode;
  /** Diameter in image pixels. */
  size: number;
  /** 0 (soft) – 1 (hard edge). */
  hardness: number;
  /** x, y, pressure (0–1) per point, flat. */
  points: number[];
}

/** A rectangle selection fill (whole pixels). */
export interface RectOp {
  kind: 'rect';
  mode: MaskMode;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A lasso selection fill: a closed polygon, x, y per point, flat. */
export interface LassoOp {
  kind: 'lasso';
  mode: MaskMode;
  points: number[];
}

export type MaskOp =
  | StrokeOp
  | RectOp
  | LassoOp
  | { kind: 'invert' }
  | { kind: 'clear' }
  /** The canvas from now on (not a delta), so undo needs no inverse. */
  | { kind: 'extend'; extension: MaskExtension }
  /** A shape on Annotate mode's layer (the mask ignores it; one history, so one undo). */
  | { kind: 'annotate'; shape: AnnotationShape };

export const NO_EXTENSION: MaskExtension = { left: 0, top: 0, right: 0, bottom: 0 };

/** The operation list and the undo cursor (ops[0..cursor) are in effect). */
export class MaskHistory {
  private list: MaskOp[] = [];
  private position = 0;

  get ops(): readonly MaskOp[] {
    return this.list;
  }

  get cursor(): number {
    return this.position;
  }

  get canUndo(): boolean {
    return this.position > 0;
  }

  get canRedo(): boolean {
    return this.position < this.list.length;
  }

  /** Adds `op` after the cursor, dropping anything that was undone. */
  push(op: MaskOp): void {
    this.list.length = this.position;
    this.list.push(op);
    this.position = this.list.length;
  }

  undo(): boolean {
    if (!this.canUndo) return false;
    this.position--;
    return true;
  }

  redo(): boolean {
    if (!this.canRedo) return false;
    this.position++;
    return true;
  }

  /** Forgets everything (a new image). */
  reset(ops: MaskOp[] = [], cursor = ops.length): void {
    this.list = ops.slice();
    this.position = Math.max(0, Math.min(cursor, this.list.length));
  }

  /** The canvas extension in effect at `cursor` (default: now). */
  extensionAt(cursor = this.position): MaskExtension {
    for (let i = Math.min(cursor, this.list.length) - 1; i >= 0; i--) {
      const op = this.list[i];
      if (op.kind === 'extend') return op.extension;
    }
    return NO_EXTENSION;
  }

  /** The annotations in effect, oldest first. */
  shapes(): AnnotationShape[] {
    const shapes: AnnotationShape[] = [];
    for (let i = 0; i < this.position; i++) {
      const op = this.list[i];
      if (op.kind === 'annotate') shapes.push(op.shape);
    }
    return shapes;
  }

  /**
   * Whether the ops in effect certainly select nothing: none since the last clear, or only
   * erasing. (Anything else may select something; the host checks the real pixels.)
   */
  isCertainlyEmpty(): boolean {
    if (!sameExtension(this.extensionAt(), NO_EXTENSION)) return false;
    for (let i = this.position - 1; i >= 0; i--) {
      const op = this.list[i];
      if (op.kind === 'clear') return true;
      if (op.kind === 'invert' || ((op.kind === 'stroke' || op.kind === 'rect' || op.kind === 'lasso') && op.mode === 'paint')) return false;
    }
    return true;
  }
}

export function sameExtension(a: MaskExtension, b: MaskExtension): boolean {
  return a.left === b.left && a.top === b.top && a.right === b.right && a.bottom === b.bottom;
}

// ---- Restoring saved state (the page's own, but checked: a bad entry is dropped, not fatal)

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isMode = (value: unknown): value is MaskMode => value === 'paint' || value === 'erase';
const isNumbers = (value: unknown, group: number): value is number[] =>
  Array.isArray(value) && value.length % group === 0 && value.length > 0 && value.every(isNumber);

function parseExtension(value: unknown): MaskExtension | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  const sides = [fields.left, fields.top, fields.right, fields.bottom];
  if (!sides.every((side) => isNumber(side) && Number.isInteger(side) && side >= 0)) return undefined;
  return { left: fields.left as number, top: fields.top as number, right: fields.right as number, bottom: fields.bottom as number };
}

/** One saved op, or undefined when it is not well-formed. */
export function parseOp(value: unknown): MaskOp | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const op = value as Record<string, unknown>;
  switch (op.kind) {
    case 'stroke':
      return isMode(op.mode) && isNumber(op.size) && op.size > 0 && isNumber(op.hardness) && isNumbers(op.points, 3)
        ? { kind: 'stroke', mode: op.mode, size: op.size, hardness: Math.max(0, Math.min(1, op.hardness)), points: op.points }
        : undefined;
    case 'rect':
      return isMode(op.mode) && [op.x, op.y, op.width, op.height].every(isNumber)
        ? { kind: 'rect', mode: op.mode, x: op.x as number, y: op.y as number, width: op.width as number, height: op.height as number }
        : undefined;
    case 'lasso':
      return isMode(op.mode) && isNumbers(op.points, 2) ? { kind: 'lasso', mode: op.mode, points: op.points } : undefined;
    case 'invert':
    case 'clear':
      return { kind: op.kind };
    case 'extend': {
      const extension = parseExtension(op.extension);
      return extension ? { kind: 'extend', extension } : undefined;
    }
    case 'annotate': {
      const shape = parseShape(op.shape);
      return shape ? { kind: 'annotate', shape } : undefined;
    }
    default:
      return undefined;
  }
}
