// The pointer tools: brush and eraser (strokes drawn as the pointer moves, every coalesced
// point used), rectangle and lasso (a selection outline while dragging, filled on release).
// Pointer events, so a pen (with pressure and its eraser end), touch and a mouse all work.
// Alt reverses a tool: the brush erases, the eraser and the selections subtract/add.
import type { MaskExtension } from '../../shared/protocol';
import type { MaskMode, MaskOp, StrokeOp } from './maskHistory';
import type { MaskRenderer } from './maskRenderer';
import { quantize } from './strokeGeometry';
import type { Viewport } from './viewport';

export type ToolName = 'brush' | 'eraser' | 'rect' | 'lasso';

export const MIN_BRUSH = 1;
export const MAX_BRUSH = 500;

/** What the tools need from the editor around them. */
export interface ToolHost {
  readonly renderer: MaskRenderer;
  readonly viewport: Viewport;
  /** The extension in effect (ops are in base-image pixels, the canvas is extended). */
  extension(): MaskExtension;
  /** Painting is possible (an image is loaded, no comparison is shown). */
  canPaint(): boolean;
  /** Records a finished operation; `drawn` when it is already on the mask (live strokes). */
  commit(op: MaskOp, drawn: boolean): void;
  /** The pointer moved over the image (for the status bar); undefined when it left. */
  hover(point: { x: number; y: number } | undefined): void;
}

type Active =
  | { kind: 'stroke'; pointerId: number; op: StrokeOp; last: { x: number; y: number } }
  | { kind: 'rect'; pointerId: number; mode: MaskMode; start: { x: number; y: number }; end: { x: number; y: number } }
  | { kind: 'lasso'; pointerId: number; mode: MaskMode; points: number[] };

/** A pen's eraser end reports button 5. */
const PEN_ERASER_BUTTON = 5;

export class PaintTools {
  tool: ToolName = 'brush';
  /** Brush diameter in image pixels. */
  size = 64;
  /** 0–1. */
  hardness = 0.8;
  private active: Active | undefined;
  private lastPointer: { clientX: number; clientY: number } | undefined;
  /** Where the pointer is over the image, for the status bar (written at the next frame). */
  private hoverPoint: { x: number; y: number } | undefined;
  /**
   * The animation frame that shows what the moves since the last frame did: the stroke's new
   * points, the brush outline and the status bar's coordinates, once per frame however many
   * moves arrived. Moves only read the layout (the viewport's box) and never write the page,
   * so a burst of them costs no style or layout recalculation (a write between two reads
   * forced both, per move: measured 2 style and 1 layout recalculations per pointermove).
   */
  private drawFrame: number | undefined;

  constructor(
    private readonly host: ToolHost,
    private readonly cursor: HTMLElement,
    private readonly selectionPath: SVGPathElement,
  ) {
    const element = host.viewport.element;
    element.addEventListener('pointerdown', (event) => this.down(event));
    element.addEventListener('pointermove', (event) => this.move(event));
    element.addEventListener('pointerup', (event) => this.up(event, false));
    element.addEventListener('pointercancel', (event) => this.up(event, true));
    element.addEventListener('pointerleave', () => {
      // A frame still to come draws the stroke's points but no outline or coordinates.
      this.lastPointer = undefined;
      this.hoverPoint = undefined;
      this.cursor.hidden = true;
      host.hover(undefined);
    });
    // The browser's own gestures (scrolling, the context menu) would fight the tools.
    element.addEventListener('contextmenu', (event) => event.preventDefault());
    host.viewport.onChange(() => this.updateCursor());
  }

  /** True while a stroke or selection is being drawn. */
  get busy(): boolean {
    return this.active !== undefined;
  }

  /** Abandons what is being drawn (Escape, a lost pointer). */
  cancel(): void {
    this.cancelDraw();
    if (this.active?.kind === 'stroke') this.host.renderer.cancelStroke();
    this.active = undefined;
    this.selectionPath.setAttribute('d', '');
  }

  /** Redraws the brush outline (after a size or zoom change). */
  updateCursor(): void {
    const pointer = this.lastPointer;
    const brush = this.tool === 'brush' || this.tool === 'eraser';
    if (!pointer || !brush || !this.host.canPaint() || this.host.viewport.panning || this.host.viewport.spaceHeld) {
      if (!this.cursor.hidden) this.cursor.hidden = true;
      return;
    }
    const box = this.host.viewport.element.getBoundingClientRect();
    const diameter = Math.max(4, this.size * this.host.viewport.zoom);
    this.cursor.hidden = false;
    this.cursor.style.width = `${diameter}px`;
    this.cursor.style.height = `${diameter}px`;
    this.cursor.style.transform = `translate(${pointer.clientX - box.left - diameter / 2}px, ${pointer.clientY - box.top - diameter / 2}px)`;
    this.cursor.classList.toggle('erasing', this.tool === 'eraser');
  }

  /** Base-image coordinates of a pointer event. */
  private imagePoint(event: { clientX: number; clientY: number }): { x: number; y: number } {
    const canvas = this.host.viewport.toCanvas(event.clientX, event.clientY);
    const extension = this.host.extension();
    return { x: canvas.x - extension.left, y: canvas.y - extension.top };
  }

  private modeFor(event: PointerEvent): MaskMode {
    const erasing = this.tool === 'eraser' || (event.pointerType === 'pen' && (event.button === PEN_ERASER_BUTTON || (event.buttons & 32) !== 0));
    return erasing !== event.altKey ? 'erase' : 'paint';
  }

  private down(event: PointerEvent): void {
    const viewport = this.host.viewport;
    if (viewport.maybeStartPan(event)) {
      this.updateCursor();
      return;
    }
    if (!this.host.canPaint() || (event.button !== 0 && event.button !== PEN_ERASER_BUTTON)) return;
    if (this.active) {
      // A second finger: not a stroke. Drop the first and wait for a fresh start.
      this.cancel();
      return;
    }
    capture(viewport.element, event.pointerId);
    viewport.element.focus({ preventScroll: true });
    event.preventDefault();
    const point = this.imagePoint(event);
    const mode = this.modeFor(event);
    if (this.tool === 'brush' || this.tool === 'eraser') {
      const op: StrokeOp = {
        kind: 'stroke',
        mode,
        size: this.size,
        hardness: this.hardness,
        points: [quantize(point.x), quantize(point.y), this.pressureOf(event)],
      };
      this.active = { kind: 'stroke', pointerId: event.pointerId, op, last: point };
      this.host.renderer.beginStroke(op, this.host.viewport.zoom);
    } else if (this.tool === 'rect') {
      this.active = { kind: 'rect', pointerId: event.pointerId, mode, start: point, end: point };
      this.drawSelection();
    } else {
      this.active = { kind: 'lasso', pointerId: event.pointerId, mode, points: [quantize(point.x), quantize(point.y)] };
      this.drawSelection();
    }
  }

  private move(event: PointerEvent): void {
    this.lastPointer = { clientX: event.clientX, clientY: event.clientY };
    if (this.host.viewport.movePan(event)) return;
    const point = this.imagePoint(event);
    this.hoverPoint = point;
    this.scheduleDraw();
    const active = this.active;
    if (!active || active.pointerId !== event.pointerId) return;
    // Every point the pointer reported since the last event, not just the last one: fast
    // strokes stay round instead of becoming polygons.
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    const samples = events.length > 0 ? events : [event];
    if (active.kind === 'stroke') {
      // Closer points add nothing visible; one screen pixel apart is the finest useful step.
      const minimum = Math.max(0.25, 0.75 / this.host.viewport.zoom);
      for (const sample of samples) {
        const next = this.imagePoint(sample);
        if (Math.hypot(next.x - active.last.x, next.y - active.last.y) < minimum) continue;
        active.op.points.push(quantize(next.x), quantize(next.y), this.pressureOf(sample));
        active.last = next;
      }
    } else if (active.kind === 'rect') {
      active.end = point;
      this.drawSelection();
    } else {
      const minimum = 2 / this.host.viewport.zoom;
      const points = active.points;
      for (const sample of samples) {
        const next = this.imagePoint(sample);
        const lastX = points[points.length - 2];
        const lastY = points[points.length - 1];
        if (Math.hypot(next.x - lastX, next.y - lastY) >= minimum) points.push(quantize(next.x), quantize(next.y));
      }
      this.drawSelection();
    }
  }

  private up(event: PointerEvent, cancelled: boolean): void {
    if (this.host.viewport.endPan(event)) {
      this.updateCursor();
      return;
    }
    const active = this.active;
    if (!active || active.pointerId !== event.pointerId) return;
    if (cancelled) {
      this.cancel();
      return;
    }
    this.active = undefined;
    if (active.kind === 'stroke') {
      // Draws the points still waiting for a frame, then merges: the same pixels as a replay.
      this.cancelDraw();
      this.host.renderer.endStroke();
      this.host.commit(active.op, true);
      // The outline and coordinates where the pointer came up.
      this.scheduleDraw();
      return;
    }
    this.selectionPath.setAttribute('d', '');
    if (active.kind === 'rect') {
      const x = Math.floor(Math.min(active.start.x, active.end.x));
      const y = Math.floor(Math.min(active.start.y, active.end.y));
      const width = Math.ceil(Math.max(active.start.x, active.end.x)) - x;
      const height = Math.ceil(Math.max(active.start.y, active.end.y)) - y;
      if (width >= 1 && height >= 1) this.host.commit({ kind: 'rect', mode: active.mode, x, y, width, height }, false);
    } else if (active.points.length >= 6) {
      this.host.commit({ kind: 'lasso', mode: active.mode, points: active.points }, false);
    }
  }

  /** At the next frame: the live stroke's new points, the brush outline and the coordinates (moves in between only record). */
  private scheduleDraw(): void {
    if (this.drawFrame !== undefined) return;
    this.drawFrame = requestAnimationFrame(() => {
      this.drawFrame = undefined;
      if (this.active?.kind === 'stroke') this.host.renderer.continueStroke();
      this.updateCursor();
      if (this.hoverPoint) this.host.hover(this.hoverPoint);
    });
  }

  private cancelDraw(): void {
    if (this.drawFrame === undefined) return;
    cancelAnimationFrame(this.drawFrame);
    this.drawFrame = undefined;
  }

  /** Pen pressure when there is a pen; a mouse or finger paints at full width. */
  private pressureOf(event: PointerEvent): number {
    if (event.pointerType !== 'pen' || !(event.pressure > 0)) return 1;
    return Math.round(Math.max(0.1, Math.min(1, event.pressure)) * 100) / 100;
  }

  /** The outline of the selection being dragged, in canvas pixels. */
  private drawSelection(): void {
    const active = this.active;
    const { left, top } = this.host.extension();
    if (active?.kind === 'rect') {
      const x0 = Math.floor(Math.min(active.start.x, active.end.x)) + left;
      const y0 = Math.floor(Math.min(active.start.y, active.end.y)) + top;
      const x1 = Math.ceil(Math.max(active.start.x, active.end.x)) + left;
      const y1 = Math.ceil(Math.max(active.start.y, active.end.y)) + top;
      this.selectionPath.setAttribute('d', `M${x0} ${y0}H${x1}V${y1}H${x0}Z`);
    } else if (active?.kind === 'lasso') {
      const p = active.points;
      let d = `M${p[0] + left} ${p[1] + top}`;
      for (let i = 2; i < p.length; i += 2) d += `L${p[i] + left} ${p[i + 1] + top}`;
      this.selectionPath.setAttribute('d', `${d}Z`);
    }
    this.selectionPath.classList.toggle('subtract', active !== undefined && active.kind !== 'stroke' && active.mode === 'erase');
  }
}

/** Keeps receiving a pointer's moves outside the element (not possible for every pointer: an ended or synthetic one). */
export function capture(element: HTMLElement, pointerId: number): void {
  try {
    element.setPointerCapture(pointerId);
  } catch {
    // Without capture the stroke still works while the pointer stays over the element.
  }
}
