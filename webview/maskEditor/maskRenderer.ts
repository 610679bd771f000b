// Draws the mask. The mask canvas (extended-canvas size) holds the area to edit in its alpha;
// its colour is only for display (tint or checkerboard). A stroke buffer of the same size,
// out of the page, takes the stroke being drawn, piece by piece as points arrive, and is
// merged into the mask when the stroke ends: the same drawing calls as a replay, so what
// undo/redo replays is exactly what was drawn. The page shows the stroke on a live canvas
// only as large as the stroke (liveCanvas.ts): a frame copies the stroke's box, not a layer
// of the image's size. Replays start from the nearest checkpoint, not from nothing.
import * as l10n from '@vscode/l10n';
import type { MaskExtension } from '../../shared/protocol';
import { NO_EXTENSION, sameExtension, type MaskOp, type StrokeOp } from './maskHistory';
import { boxAround } from './liveBox';
import { LiveCanvas } from './liveCanvas';
import { allPieces, brushProfile, drawPiece, finalPiece, pieceEndingAt, pointCount, strokeBounds, type StrokePiece } from './strokeGeometry';
import type { Size } from './outpaintPlan';

export type OverlayMode = 'tint' | 'checker';

/** Vivid on photos and on both light and dark themes, at half opacity. */
const TINT = '#ff1f5a';
/** For reddish images, where the red tint would vanish: its opposite. */
const CONTRAST_TINT = '#00e5ff';

/**
 * The tint that shows on an image whose average colour is (r, g, b): cyan on reddish
 * images (the default red-pink would be nearly invisible there), else the default.
 */
export function tintFor(r: number, g: number, b: number): string {
  return r > 110 && r > g * 1.25 && r > b * 1.25 ? CONTRAST_TINT : TINT;
}
/** A checkpoint every this many operations keeps an undo to a few replays. */
const CHECKPOINT_EVERY = 8;
const MAX_CHECKPOINTS = 6;

interface Checkpoint {
  canvas: HTMLCanvasElement;
  extension: MaskExtension;
}

interface LiveStroke {
  op: StrokeOp;
  /** Points already drawn (pieces up to this point). */
  drawn: number;
  core: number;
  /** How far the preview's pixels reach past a piece's points: half the widest piece, the blur and antialiasing. */
  reach: number;
  /** Erasing is drawn straight into the mask for the preview; this is the mask before it. */
  snapshot?: HTMLCanvasElement;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error(l10n.t('2D canvas is not available'));
  return ctx;
}

/** Whether this browser blurs canvas drawing (Chromium, Firefox); without it brushes are hard. */
const canvasFilters = typeof CanvasRenderingContext2D !== 'undefined' && 'filter' in CanvasRenderingContext2D.prototype;

export class MaskRenderer {
  private base: Size = { width: 1, height: 1 };
  private extension: MaskExtension = NO_EXTENSION;
  private readonly maskCtx: CanvasRenderingContext2D;
  /** Where strokes are drawn to be merged: the mask's size, never in the page (changing it costs no frame). */
  private readonly strokeBuffer = document.createElement('canvas');
  private readonly strokeCtx: CanvasRenderingContext2D;
  /** The stroke being drawn, as the page shows it. */
  private readonly liveStroke: LiveCanvas;
  private paint: string | CanvasPattern = TINT;
  private tint = TINT;
  private overlayMode: OverlayMode = 'tint';
  private readonly checkpoints = new Map<number, Checkpoint>();
  private live: LiveStroke | undefined;
  private spare: HTMLCanvasElement | undefined;

  constructor(
    readonly mask: HTMLCanvasElement,
    /** The live stroke canvas in the page, over the mask. */
    private readonly stroke: HTMLCanvasElement,
  ) {
    this.maskCtx = context(mask);
    this.strokeCtx = context(this.strokeBuffer);
    this.liveStroke = new LiveCanvas(stroke);
  }

  get overlay(): OverlayMode {
    return this.overlayMode;
  }

  get currentExtension(): MaskExtension {
    return this.extension;
  }

  /** Size of the extended canvas. */
  get size(): Size {
    return { width: this.mask.width, height: this.mask.height };
  }

  /** A new image: empty mask, no extension, no checkpoints. */
  setBase(base: Size): void {
    this.base = base;
    this.extension = NO_EXTENSION;
    this.checkpoints.clear();
    this.live = undefined;
    this.resizeCanvases(base.width, base.height);
  }

  /** Forgets checkpoints after `cursor` (the operations there were replaced). */
  forgetAfter(cursor: number): void {
    for (const index of [...this.checkpoints.keys()]) if (index > cursor) this.checkpoints.delete(index);
  }

  /** Shows the area to edit as a tint or as a checkerboard "hole". */
  setOverlay(mode: OverlayMode): void {
    this.overlayMode = mode;
    this.paint = mode === 'tint' ? this.tint : this.checkerPattern();
    this.recolor(this.maskCtx);
  }

  /** The tint for this image (see {@link tintFor}). */
  setTint(color: string): void {
    this.tint = color;
    if (this.overlayMode === 'tint') this.setOverlay('tint');
  }

  /** Renders ops[0..cursor) from the nearest checkpoint (or from nothing). */
  replay(ops: readonly MaskOp[], cursor: number): void {
    this.live = undefined;
    let start = 0;
    for (const [index] of this.checkpoints) if (index <= cursor && index > start) start = index;
    const checkpoint = this.checkpoints.get(start);
    if (checkpoint) {
      this.extension = checkpoint.extension;
      this.resizeCanvases(checkpoint.canvas.width, checkpoint.canvas.height);
      this.maskCtx.drawImage(checkpoint.canvas, 0, 0);
      this.recolor(this.maskCtx);
    } else {
      start = 0;
      this.extension = NO_EXTENSION;
      this.resizeCanvases(this.base.width, this.base.height);
    }
    for (let index = start; index < cursor; index++) {
      this.apply(ops[index]);
      this.maybeCheckpoint(index + 1);
    }
  }

  /** Applies one finished operation to the mask (also after it was drawn live). */
  apply(op: MaskOp): void {
    const ctx = this.maskCtx;
    switch (op.kind) {
      case 'stroke':
        this.prepareStrokeBuffer();
        for (const piece of allPieces(op, brushProfile(op.size, op.hardness).core)) drawPiece(this.strokeCtx, piece);
        this.mergeStroke(op);
        break;
      case 'rect':
        this.withMode(op.mode, () => ctx.fillRect(op.x, op.y, op.width, op.height));
        break;
      case 'lasso':
        this.withMode(op.mode, () => {
          ctx.beginPath();
          ctx.moveTo(op.points[0], op.points[1]);
          for (let i = 2; i < op.points.length; i += 2) ctx.lineTo(op.points[i], op.points[i + 1]);
          ctx.closePath();
          ctx.fill();
        });
        break;
      case 'invert':
        // xor with an opaque fill: alpha becomes 1 − alpha everywhere.
        this.fillWithPaint(ctx, 'xor');
        break;
      case 'clear':
        ctx.clearRect(0, 0, this.mask.width, this.mask.height);
        break;
      case 'extend':
        this.extendTo(op.extension);
        break;
      case 'annotate':
        // Annotate mode's layer (annotations.ts), not the mask.
        return;
    }
    this.fillExtension();
  }

  /** Stores a checkpoint at `cursor` when it is one of the regular stops. */
  maybeCheckpoint(cursor: number): void {
    if (cursor === 0 || cursor % CHECKPOINT_EVERY !== 0 || this.checkpoints.has(cursor)) return;
    const canvas = document.createElement('canvas');
    canvas.width = this.mask.width;
    canvas.height = this.mask.height;
    context(canvas).drawImage(this.mask, 0, 0);
    this.checkpoints.set(cursor, { canvas, extension: this.extension });
    while (this.checkpoints.size > MAX_CHECKPOINTS) {
      // Keep the latest ones: undo usually goes back a few steps.
      const oldest = Math.min(...this.checkpoints.keys());
      this.checkpoints.delete(oldest);
    }
  }

  // ---- Live strokes ------------------------------------------------------------------

  /**
   * Starts drawing `op` (its first point already in). `zoom` decides whether the soft edge
   * is previewed (a CSS blur costs a filter over the live canvas per frame; below a screen
   * pixel it shows nothing).
   */
  beginStroke(op: StrokeOp, zoom = 1): void {
    const { core, sigma } = brushProfile(op.size, op.hardness);
    let snapshot: HTMLCanvasElement | undefined;
    if (op.mode === 'erase') {
      snapshot = this.spare ?? document.createElement('canvas');
      this.spare = undefined;
      snapshot.width = this.mask.width;
      snapshot.height = this.mask.height;
      context(snapshot).drawImage(this.mask, 0, 0);
    }
    const blurred = op.mode === 'paint' && sigma * zoom >= 1;
    // A piece is at most `core` wide (pressure ≤ 1); the live canvas's box must hold the CSS
    // blur's spread too: cut off, it would show an edge.
    const reach = Math.max(0.5, core) / 2 + (blurred ? Math.ceil(3 * sigma) : 0) + 2;
    this.live = { op, drawn: 1, core, reach, snapshot };
    this.prepareStrokeBuffer();
    // The preview of a soft paint stroke: the same blur, by CSS, on the live canvas.
    this.stroke.style.filter = blurred ? `blur(${sigma}px)` : '';
  }

  /**
   * Draws the pieces completed by points added since the last call on the stroke buffer and
   * shows them: painting on the live canvas, erasing straight out of the mask.
   */
  continueStroke(): void {
    this.drawNewPieces(true);
  }

  /** Finishes the live stroke: the mask then holds exactly what a replay gives. */
  endStroke(): void {
    const live = this.live;
    if (!live) return;
    // The page shows the mask next: the last pieces need no preview.
    this.drawNewPieces(false);
    drawPiece(this.strokeCtx, finalPiece(live.op, live.core));
    // Put the mask back as it was before the preview, then merge like a replay.
    this.restoreSnapshot(live);
    this.mergeStroke(live.op);
    this.fillExtension();
    this.endLive();
  }

  /** Abandons the live stroke (e.g. a second finger arrived): the mask is as before it. */
  cancelStroke(): void {
    const live = this.live;
    if (!live) return;
    this.restoreSnapshot(live);
    this.strokeCtx.save();
    this.strokeCtx.setTransform(1, 0, 0, 1, 0, 0);
    this.strokeCtx.clearRect(0, 0, this.strokeBuffer.width, this.strokeBuffer.height);
    this.strokeCtx.restore();
    this.endLive();
  }

  /** The pieces completed since the last call, on the stroke buffer; `show`: in the page too. */
  private drawNewPieces(show: boolean): void {
    const live = this.live;
    if (!live) return;
    const count = pointCount(live.op);
    const first = live.drawn;
    if (first >= count) return;
    for (; live.drawn < count; live.drawn++) {
      const piece = pieceEndingAt(live.op, live.drawn, live.core);
      drawPiece(this.strokeCtx, piece);
      if (live.op.mode === 'erase' && show) this.previewErase(piece, live);
    }
    if (live.op.mode === 'paint' && show) this.showPieces(live, first);
  }

  /** Shows the paint stroke's pieces from point `first` on the live canvas (grown to hold them when they go past it). */
  private showPieces(live: LiveStroke, first: number): void {
    const { left, top } = this.extension;
    // Points are in image pixels, the canvas (and the live canvas's box) in extended-canvas
    // pixels. The new pieces start at the point before the first new one (a piece's curve
    // stays within its points).
    const canvasExtent = { x: -left, y: -top, width: this.mask.width, height: this.mask.height };
    const added = boxAround(live.op.points, live.reach, canvasExtent, 3, Math.max(0, first - 2) * 3);
    // Off the canvas: nothing of these pieces would show.
    if (!added) return;
    const shown = this.liveStroke;
    if (shown.cover({ ...added, x: added.x + left, y: added.y + top }, this.mask)) this.prepareStrokeContext(shown.ctx);
    shown.useLayerPixels(left, top);
    for (let index = first; index < pointCount(live.op); index++) drawPiece(shown.ctx, pieceEndingAt(live.op, index, live.core));
  }

  /** Undoes an erase preview: the mask as it was when the stroke began (its canvas is kept for the next). */
  private restoreSnapshot(live: LiveStroke): void {
    if (!live.snapshot) return;
    const ctx = this.maskCtx;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = 'copy';
    ctx.drawImage(live.snapshot, 0, 0);
    ctx.restore();
    this.spare = live.snapshot;
  }

  /** No stroke in progress: the live canvas is let go (untouched when it showed nothing). */
  private endLive(): void {
    this.live = undefined;
    this.liveStroke.release();
  }

  /**
   * Roughly how much of the canvas is selected (0–1), from a small copy: for the status bar
   * only (the host counts the real pixels).
   */
  coverageEstimate(): number {
    const scale = Math.min(1, 256 / Math.max(this.mask.width, this.mask.height));
    const width = Math.max(1, Math.round(this.mask.width * scale));
    const height = Math.max(1, Math.round(this.mask.height * scale));
    const small = document.createElement('canvas');
    small.width = width;
    small.height = height;
    const ctx = small.getContext('2d', { willReadFrequently: true });
    if (!ctx) return 0;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(this.mask, 0, 0, width, height);
    const data = ctx.getImageData(0, 0, width, height).data;
    let sum = 0;
    for (let i = 3; i < data.length; i += 4) sum += data[i];
    return sum / (255 * width * height);
  }

  // ---- Internals ---------------------------------------------------------------------

  private resizeCanvases(width: number, height: number): void {
    this.live = undefined;
    this.liveStroke.release();
    for (const canvas of [this.mask, this.strokeBuffer]) {
      // Assigning a size clears the canvas and its context state, even to the same size.
      canvas.width = width;
      canvas.height = height;
    }
    if (typeof this.paint !== 'string') this.paint = this.checkerPattern();
  }

  /** Changes the canvas to `next`, keeping the mask where the image is. */
  private extendTo(next: MaskExtension): void {
    const previous = this.extension;
    if (sameExtension(previous, next)) return;
    const copy = document.createElement('canvas');
    copy.width = this.mask.width;
    copy.height = this.mask.height;
    context(copy).drawImage(this.mask, 0, 0);
    this.extension = next;
    this.resizeCanvases(this.base.width + next.left + next.right, this.base.height + next.top + next.bottom);
    this.maskCtx.drawImage(copy, next.left - previous.left, next.top - previous.top);
  }

  /** The added area is always part of the mask: it has no pixels to keep. */
  private fillExtension(): void {
    const { left, top, right, bottom } = this.extension;
    if (left + top + right + bottom === 0) return;
    const ctx = this.maskCtx;
    const { width, height } = this.mask;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = 'source-over';
    ctx.fillStyle = this.paint;
    if (left) ctx.fillRect(0, 0, left, height);
    if (right) ctx.fillRect(width - right, 0, right, height);
    if (top) ctx.fillRect(0, 0, width, top);
    if (bottom) ctx.fillRect(0, height - bottom, width, bottom);
    ctx.restore();
  }

  /** Runs `draw` on the mask in image coordinates, adding (paint) or removing (erase). */
  private withMode(mode: 'paint' | 'erase', draw: () => void): void {
    const ctx = this.maskCtx;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, this.extension.left, this.extension.top);
    ctx.globalCompositeOperation = mode === 'paint' ? 'source-over' : 'destination-out';
    ctx.fillStyle = this.paint;
    draw();
    ctx.restore();
  }

  /** Sets up the stroke buffer (which is empty: every merge or cancel clears what it drew). */
  private prepareStrokeBuffer(): void {
    this.prepareStrokeContext(this.strokeCtx);
    this.strokeCtx.setTransform(1, 0, 0, 1, this.extension.left, this.extension.top);
  }

  /** How a stroke is drawn, on the buffer and on the live canvas. */
  private prepareStrokeContext(ctx: CanvasRenderingContext2D): void {
    ctx.strokeStyle = this.paint;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.globalCompositeOperation = 'source-over';
  }

  /** The stroke's area on the canvas, grown by the blur, in whole pixels. */
  private strokeRect(op: StrokeOp, sigma: number): Rect {
    const bounds = strokeBounds(op);
    const margin = sigma > 0 ? Math.ceil(3 * sigma) + 2 : 2;
    const x = Math.max(0, Math.floor(bounds.x + this.extension.left - margin));
    const y = Math.max(0, Math.floor(bounds.y + this.extension.top - margin));
    const right = Math.min(this.mask.width, Math.ceil(bounds.x + bounds.width + this.extension.left + margin));
    const bottom = Math.min(this.mask.height, Math.ceil(bounds.y + bounds.height + this.extension.top + margin));
    return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
  }

  /**
   * Merges the stroke buffer into the mask (blurred by the brush's softness) and clears it.
   * Only the stroke's area is touched: the cost follows the stroke, not the image.
   */
  private mergeStroke(op: StrokeOp): void {
    const { sigma } = brushProfile(op.size, op.hardness);
    const rect = this.strokeRect(op, sigma);
    if (rect.width > 0 && rect.height > 0) {
      const ctx = this.maskCtx;
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      // The clip bounds the filter's layer to the stroke's area: without it the blur would
      // work on a layer as large as the whole mask (measured: 138 ms per stroke end on a
      // 2048x2048 image without a GPU). Blurring straight into the mask also spares a
      // stroke-sized canvas (allocated per stroke) and a second copy.
      ctx.beginPath();
      ctx.rect(rect.x, rect.y, rect.width, rect.height);
      ctx.clip();
      if (sigma > 0 && canvasFilters) ctx.filter = `blur(${sigma}px)`;
      ctx.globalCompositeOperation = op.mode === 'paint' ? 'source-over' : 'destination-out';
      ctx.drawImage(this.strokeBuffer, rect.x, rect.y, rect.width, rect.height, rect.x, rect.y, rect.width, rect.height);
      ctx.restore();
      // The stroke drew only inside its area: clearing that is enough (and cheaper).
      this.strokeCtx.save();
      this.strokeCtx.setTransform(1, 0, 0, 1, 0, 0);
      this.strokeCtx.clearRect(rect.x, rect.y, rect.width, rect.height);
      this.strokeCtx.restore();
    }
  }

  /** The eraser's live preview: the piece removed straight from the mask. */
  private previewErase(piece: StrokePiece, live: LiveStroke): void {
    const ctx = this.maskCtx;
    const { sigma } = brushProfile(live.op.size, live.op.hardness);
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, this.extension.left, this.extension.top);
    ctx.globalCompositeOperation = 'destination-out';
    ctx.strokeStyle = '#000';
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    if (sigma > 0 && canvasFilters) {
      // Clipped to the piece (grown by the blur): an unclipped filter works on a layer as
      // large as the whole mask, for every piece.
      const xs = [piece.from[0], piece.to[0], ...(piece.control ? [piece.control[0]] : [])];
      const ys = [piece.from[1], piece.to[1], ...(piece.control ? [piece.control[1]] : [])];
      const grow = Math.max(0.5, piece.width) / 2 + Math.ceil(3 * sigma) + 2;
      const x = Math.floor(Math.min(...xs) - grow);
      const y = Math.floor(Math.min(...ys) - grow);
      ctx.beginPath();
      ctx.rect(x, y, Math.ceil(Math.max(...xs) + grow) - x, Math.ceil(Math.max(...ys) + grow) - y);
      ctx.clip();
      ctx.filter = `blur(${sigma}px)`;
    }
    drawPiece(ctx, piece);
    ctx.restore();
  }

  /** Repaints what is in `ctx` with the current paint, keeping its alpha exactly. */
  private recolor(ctx: CanvasRenderingContext2D): void {
    this.fillWithPaint(ctx, 'source-in');
  }

  /** Covers all of `ctx`'s canvas (extension included) with the current paint, composited by `composite`. */
  private fillWithPaint(ctx: CanvasRenderingContext2D, composite: GlobalCompositeOperation): void {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = composite;
    ctx.fillStyle = this.paint;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  }

  private checkerPattern(): CanvasPattern | string {
    const tile = document.createElement('canvas');
    tile.width = 16;
    tile.height = 16;
    const ctx = context(tile);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 16, 16);
    ctx.fillStyle = '#c8c8c8';
    ctx.fillRect(0, 0, 8, 8);
    ctx.fillRect(8, 8, 8, 8);
    return this.maskCtx.createPattern(tile, 'repeat') ?? '#c8c8c8';
  }
}
