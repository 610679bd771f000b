// A live canvas that covers only the box of what is being drawn (liveBox.ts), placed over
// its full-size layer inside the same transformed stage, so zoom and pan keep it aligned.
// Changing it costs the box, not the image. It holds a preview only: what is kept is drawn
// on full-size canvases (the mask's stroke buffer, the annotation layer), never taken from here.
import * as l10n from '@vscode/l10n';
import { grownBox, type Extent, type PixelBox } from './liveBox';

export class LiveCanvas {
  readonly ctx: CanvasRenderingContext2D;
  private area: PixelBox | undefined;
  /** Holds what the canvas shows while it is re-allocated (out of the page). */
  private readonly scratch = document.createElement('canvas');

  constructor(readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(l10n.t('2D canvas is not available'));
    this.ctx = ctx;
    this.empty();
  }

  /** The part of the layer the canvas covers; undefined when released. */
  get box(): PixelBox | undefined {
    return this.area;
  }

  /**
   * Makes the canvas cover `needed` (layer pixels), growing it (with slack) when it does
   * not, keeping what it shows. True when it was re-allocated: its context's state (styles,
   * transform) is reset then.
   */
  cover(needed: PixelBox, extent: Extent): boolean {
    const previous = this.area;
    const next = grownBox(previous, needed, extent);
    if (next === previous) return false;
    // Resizing empties the canvas: what it shows is kept aside and put back at its new
    // place. Two copies of the box cost less than one from a canvas of the image's size or
    // than drawing the stroke again (measured in a page like the editor's, software
    // rendering: a frame that grew the box 7.7 ms this way, 9.1 ms copying from the mask's
    // stroke buffer; a frame that did not grow it 5.3 ms).
    const scratch = previous ? this.scratch.getContext('2d') : null;
    if (previous && scratch) {
      this.scratch.width = previous.width;
      this.scratch.height = previous.height;
      scratch.drawImage(this.canvas, 0, 0);
    }
    this.area = next;
    this.canvas.width = next.width;
    this.canvas.height = next.height;
    if (previous && scratch) this.ctx.drawImage(this.scratch, previous.x - next.x, previous.y - next.y);
    const style = this.canvas.style;
    style.left = `${next.x}px`;
    style.top = `${next.y}px`;
    style.width = `${next.width}px`;
    style.height = `${next.height}px`;
    return true;
  }

  /**
   * Sets the context's transform so that drawing uses layer pixels, shifted by (dx, dy)
   * (the mask's extension), like the full-size layer's own drawing.
   */
  useLayerPixels(dx = 0, dy = 0): void {
    const box = this.area;
    if (box) this.ctx.setTransform(1, 0, 0, 1, dx - box.x, dy - box.y);
  }

  /** Clears what it shows, keeping its box (for shapes redrawn whole every frame). */
  clear(): void {
    if (!this.area) return;
    this.ctx.save();
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.ctx.restore();
  }

  /**
   * Lets the canvas go (0x0: nothing to keep, copy or composite). Nothing is done when it is
   * already released, so ending a shape that never showed a frame does not touch the page.
   */
  release(): void {
    if (this.area) this.empty();
  }

  private empty(): void {
    this.area = undefined;
    this.canvas.width = 0;
    this.canvas.height = 0;
    this.scratch.width = 0;
    this.scratch.height = 0;
    this.canvas.style.width = '0px';
    this.canvas.style.height = '0px';
  }
}
