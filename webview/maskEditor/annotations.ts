// Annotate mode's layer: arrows, boxes, ellipses, pen lines and text labels drawn over the
// image, sent as the edit's `markup` (a PNG of the image's own size, transparent where
// nothing is drawn). Shapes are data (annotationShapes.ts) in the same history as the mask's
// operations, so undo and redo are a replay here too. Coordinates are base-image pixels.
import * as l10n from '@vscode/l10n';
import { arrowHead, shapeReach, type AnnotationShape } from './annotationShapes';
import { boxAround } from './liveBox';
import { LiveCanvas } from './liveCanvas';

/** The label's font size for a line width. */
const fontSize = (width: number): number => Math.max(16, Math.round(width * 6));

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error(l10n.t('2D canvas is not available'));
  return ctx;
}

/** Draws `shape` (opaque, in its colour) on `ctx`. */
export function drawShape(ctx: CanvasRenderingContext2D, shape: AnnotationShape): void {
  const p = shape.points;
  ctx.save();
  ctx.strokeStyle = shape.color;
  ctx.fillStyle = shape.color;
  ctx.lineWidth = shape.width;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  switch (shape.tool) {
    case 'pen':
      if (p.length === 2) {
        ctx.beginPath();
        ctx.arc(p[0], p[1], shape.width / 2, 0, Math.PI * 2);
        ctx.fill();
        break;
      }
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
      for (let i = 2; i < p.length; i += 2) ctx.lineTo(p[i], p[i + 1]);
      ctx.stroke();
      break;
    case 'arrow': {
      const [x0, y0, x1, y1] = p;
      const angle = Math.atan2(y1 - y0, x1 - x0);
      const head = arrowHead(shape.width);
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      // The line stops inside the head, so its round cap does not poke through the point.
      ctx.lineTo(x1 - Math.cos(angle) * head * 0.6, y1 - Math.sin(angle) * head * 0.6);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
      ctx.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
      ctx.closePath();
      ctx.fill();
      break;
    }
    case 'box':
      ctx.strokeRect(Math.min(p[0], p[2]), Math.min(p[1], p[3]), Math.abs(p[2] - p[0]), Math.abs(p[3] - p[1]));
      break;
    case 'ellipse':
      ctx.beginPath();
      ctx.ellipse((p[0] + p[2]) / 2, (p[1] + p[3]) / 2, Math.abs(p[2] - p[0]) / 2, Math.abs(p[3] - p[1]) / 2, 0, 0, Math.PI * 2);
      ctx.stroke();
      break;
    case 'text': {
      const size = fontSize(shape.width);
      // eslint-disable-next-line image-studio/localized-text -- a CSS font, not text
      ctx.font = `bold ${size}px sans-serif`;
      ctx.textBaseline = 'top';
      // A dark outline keeps a light label readable on a light image (and is part of the markup).
      ctx.lineWidth = Math.max(2, size / 8);
      ctx.strokeStyle = shape.color === '#ffffff' || shape.color === '#ffd400' ? '#000000' : '#ffffff';
      ctx.strokeText(shape.text ?? '', p[0], p[1]);
      ctx.fillText(shape.text ?? '', p[0], p[1]);
      break;
    }
  }
  ctx.restore();
}

/**
 * The layer: `committed` holds the shapes in effect (what is sent), at the image's own size;
 * `live` the shape being dragged, on a canvas only as large as that shape's box (see
 * liveCanvas.ts): a pen stroke's frames copy the stroke, not the whole layer.
 */
export class AnnotationLayer {
  private readonly committedCtx: CanvasRenderingContext2D;
  private readonly live: LiveCanvas;
  /** Pen points already on the live canvas (the pen draws only its new segments). */
  private penDrawn = 0;

  constructor(
    readonly committed: HTMLCanvasElement,
    live: HTMLCanvasElement,
  ) {
    this.committedCtx = context(committed);
    this.live = new LiveCanvas(live);
  }

  /** A new image: the layer at its size, empty, and no live shape. */
  setBase(size: { width: number; height: number }): void {
    this.committed.width = size.width;
    this.committed.height = size.height;
    this.clearLive();
  }

  /** Draws exactly `shapes` (the ones in effect after an undo, a redo or a restore). */
  replay(shapes: readonly AnnotationShape[]): void {
    this.committedCtx.clearRect(0, 0, this.committed.width, this.committed.height);
    for (const shape of shapes) drawShape(this.committedCtx, shape);
    this.clearLive();
  }

  /** Adds a finished shape (drawn whole on the layer: the live preview is only a preview). */
  commit(shape: AnnotationShape): void {
    drawShape(this.committedCtx, shape);
    this.clearLive();
  }

  /** Shows the shape being drawn: the pen adds its new segments, the others are redrawn whole. */
  preview(shape: AnnotationShape): void {
    const extent = { width: this.committed.width, height: this.committed.height };
    const reach = shapeReach(shape);
    if (shape.tool === 'pen' && this.live.box && this.penDrawn >= 2 && shape.points.length > this.penDrawn) {
      const from = this.penDrawn - 2;
      // The new segments, on a canvas grown to hold them when they go past it (keeping the line so far).
      const added = boxAround(shape.points, reach, extent, 2, from);
      if (added) {
        this.live.cover(added, extent);
        this.live.useLayerPixels();
        drawShape(this.live.ctx, { ...shape, points: shape.points.slice(from) });
      }
      this.penDrawn = shape.points.length;
      return;
    }
    // The others (and a pen's first dot) are drawn whole, on an emptied canvas.
    const needed = boxAround(shape.points, reach, extent);
    if (needed) this.live.cover(needed, extent);
    this.live.clear();
    if (needed) {
      this.live.useLayerPixels();
      drawShape(this.live.ctx, shape);
    }
    this.penDrawn = shape.tool === 'pen' ? shape.points.length : 0;
  }

  /** No shape being drawn: the live canvas is let go (untouched when it showed nothing). */
  clearLive(): void {
    this.live.release();
    this.penDrawn = 0;
  }

  /** The layer as the `markup` upload: a PNG of the image's size, transparent where nothing is drawn. */
  async exportPng(): Promise<Uint8Array> {
    const blob = await new Promise<Blob | null>((resolve) => this.committed.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error(l10n.t('The annotations could not be encoded as PNG.'));
    return new Uint8Array(await blob.arrayBuffer());
  }
}

