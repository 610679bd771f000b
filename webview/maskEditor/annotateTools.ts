// Annotate mode's pointer tools: the pen follows the pointer, the arrow, box and ellipse are
// dragged from one corner (or the tail) to the other, a text label is placed with a click.
// One shape is drawn live at a time, once per frame however many moves arrive.
import type { MaskExtension } from '../../shared/protocol';
import { ANNOTATION_COLORS, lineWidthFor, type AnnotationShape, type AnnotationTool, type AnnotationWidth } from './annotationShapes';
import type { AnnotationLayer } from './annotations';
import { capture } from './paintTools';
import { quantize } from './strokeGeometry';
import type { Viewport } from './viewport';

export interface AnnotateHost {
  readonly layer: AnnotationLayer;
  readonly viewport: Viewport;
  extension(): MaskExtension;
  imageSize(): { width: number; height: number };
  /** Drawing is possible (Annotate mode, an image loaded, no comparison shown). */
  canDraw(): boolean;
  /** The label's words; empty when none were typed. */
  labelText(): string;
  /** A click with the text tool found no words to place. */
  needText(): void;
  commit(shape: AnnotationShape): void;
}

export class AnnotateTools {
  tool: AnnotationTool = 'arrow';
  color = ANNOTATION_COLORS[0].value;
  width: AnnotationWidth = 'thin';
  private active: { pointerId: number; shape: AnnotationShape } | undefined;
  private frame: number | undefined;

  constructor(private readonly host: AnnotateHost) {
    const element = host.viewport.element;
    element.addEventListener('pointerdown', (event) => this.down(event));
    element.addEventListener('pointermove', (event) => this.move(event));
    element.addEventListener('pointerup', (event) => this.up(event, false));
    element.addEventListener('pointercancel', (event) => this.up(event, true));
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  cancel(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.active = undefined;
    this.host.layer.clearLive();
  }

  private point(event: { clientX: number; clientY: number }): { x: number; y: number } {
    const canvas = this.host.viewport.toCanvas(event.clientX, event.clientY);
    const { left, top } = this.host.extension();
    return { x: quantize(canvas.x - left), y: quantize(canvas.y - top) };
  }

  private down(event: PointerEvent): void {
    const viewport = this.host.viewport;
    if (!this.host.canDraw() || event.button !== 0 || viewport.panning || viewport.spaceHeld) return;
    if (this.active) {
      this.cancel();
      return;
    }
    event.preventDefault();
    const { x, y } = this.point(event);
    const width = lineWidthFor(this.width, this.host.imageSize());
    if (this.tool === 'text') {
      const text = this.host.labelText().trim();
      if (text) this.host.commit({ tool: 'text', color: this.color, width, points: [x, y], text });
      else this.host.needText();
      return;
    }
    capture(viewport.element, event.pointerId);
    viewport.element.focus({ preventScroll: true });
    const points = this.tool === 'pen' ? [x, y] : [x, y, x, y];
    this.active = { pointerId: event.pointerId, shape: { tool: this.tool, color: this.color, width, points } };
    this.schedule();
  }

  private move(event: PointerEvent): void {
    const active = this.active;
    if (!active || active.pointerId !== event.pointerId) return;
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    const points = active.shape.points;
    if (active.shape.tool === 'pen') {
      const minimum = Math.max(0.5, 1 / this.host.viewport.zoom);
      for (const sample of events.length > 0 ? events : [event]) {
        const next = this.point(sample);
        if (Math.hypot(next.x - points[points.length - 2], next.y - points[points.length - 1]) >= minimum) points.push(next.x, next.y);
      }
    } else {
      const next = this.point(event);
      points[2] = next.x;
      points[3] = next.y;
    }
    this.schedule();
  }

  private up(event: PointerEvent, cancelled: boolean): void {
    const active = this.active;
    if (!active || active.pointerId !== event.pointerId) return;
    if (cancelled) {
      this.cancel();
      return;
    }
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.active = undefined;
    const p = active.shape.points;
    // A click without a drag makes no arrow, box or ellipse (a pen click is a dot).
    if (active.shape.tool !== 'pen' && Math.hypot(p[2] - p[0], p[3] - p[1]) < 2) {
      this.host.layer.clearLive();
      return;
    }
    this.host.commit(active.shape);
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      if (this.active) this.host.layer.preview(this.active.shape);
    });
  }
}
