// Zoom and pan: the stage (image, mask, guides) is one element moved and scaled by a CSS
// transform, so panning and zooming never redraw a canvas. Wheel zooms about the pointer
// (a trackpad pinch arrives as ctrl+wheel), space-drag and middle-drag pan.
import type { Size } from './outpaintPlan';

const MIN_ZOOM = 0.02;
const MAX_ZOOM = 32;
/** Room left around the canvas when fitting. */
const FIT_MARGIN = 24;

export class Viewport {
  zoom = 1;
  /** Screen offset of the canvas's top-left corner inside the viewport element. */
  x = 0;
  y = 0;
  private content: Size = { width: 1, height: 1 };
  private readonly listeners: (() => void)[] = [];
  private pan: { pointerId: number; lastX: number; lastY: number } | undefined;
  /** Space is held: the next drag pans. */
  spaceHeld = false;

  constructor(
    readonly element: HTMLElement,
    private readonly stage: HTMLElement,
  ) {
    element.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    new ResizeObserver(() => this.changed()).observe(element);
  }

  /** Called after every change of zoom, position or content size. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The canvas size changed; `shift` keeps the image where it was on screen (extension). */
  setContent(size: Size, shift: { x: number; y: number } = { x: 0, y: 0 }): void {
    this.content = size;
    this.x -= shift.x * this.zoom;
    this.y -= shift.y * this.zoom;
    this.apply();
  }

  /** Whole canvas in view, centred, never enlarged beyond 100% unless it is tiny. */
  fit(): void {
    const box = this.element.getBoundingClientRect();
    const available = { width: Math.max(1, box.width - 2 * FIT_MARGIN), height: Math.max(1, box.height - 2 * FIT_MARGIN) };
    const zoom = Math.min(available.width / this.content.width, available.height / this.content.height);
    this.zoom = clamp(zoom > 1 ? Math.min(zoom, 8) : zoom);
    this.center(box);
  }

  /** 100%, centred on the viewport's middle. */
  actualSize(): void {
    const box = this.element.getBoundingClientRect();
    this.zoomAt(1 / this.zoom, box.width / 2, box.height / 2);
  }

  /** Multiplies the zoom by `factor`, keeping the canvas point under (sx, sy) in place. */
  zoomAt(factor: number, sx: number, sy: number): void {
    const zoom = clamp(this.zoom * factor);
    const px = (sx - this.x) / this.zoom;
    const py = (sy - this.y) / this.zoom;
    this.zoom = zoom;
    this.x = sx - px * zoom;
    this.y = sy - py * zoom;
    this.apply();
  }

  /** Zoom in or out one step about the viewport's centre. */
  step(direction: 1 | -1): void {
    const box = this.element.getBoundingClientRect();
    this.zoomAt(direction > 0 ? 1.25 : 0.8, box.width / 2, box.height / 2);
  }

  /** Canvas pixel coordinates of a pointer position. */
  toCanvas(clientX: number, clientY: number): { x: number; y: number } {
    const box = this.element.getBoundingClientRect();
    return { x: (clientX - box.left - this.x) / this.zoom, y: (clientY - box.top - this.y) / this.zoom };
  }

  /** Viewport (screen) coordinates of a canvas point. */
  toScreen(x: number, y: number): { x: number; y: number } {
    return { x: this.x + x * this.zoom, y: this.y + y * this.zoom };
  }

  /** Starts a pan if this pointer should pan (middle button, or space held). */
  maybeStartPan(event: PointerEvent): boolean {
    if (!(event.button === 1 || (event.button === 0 && this.spaceHeld))) return false;
    this.pan = { pointerId: event.pointerId, lastX: event.clientX, lastY: event.clientY };
    try {
      this.element.setPointerCapture(event.pointerId);
    } catch {
      // An ended pointer cannot be captured; the pan still follows it over the element.
    }
    this.element.classList.add('panning');
    event.preventDefault();
    return true;
  }

  /** Moves a pan in progress; false when this pointer is not panning. */
  movePan(event: PointerEvent): boolean {
    if (!this.pan || this.pan.pointerId !== event.pointerId) return false;
    this.x += event.clientX - this.pan.lastX;
    this.y += event.clientY - this.pan.lastY;
    this.pan.lastX = event.clientX;
    this.pan.lastY = event.clientY;
    this.apply();
    return true;
  }

  endPan(event: PointerEvent): boolean {
    if (!this.pan || this.pan.pointerId !== event.pointerId) return false;
    this.pan = undefined;
    this.element.classList.remove('panning');
    return true;
  }

  get panning(): boolean {
    return this.pan !== undefined;
  }

  /** Restores a saved view (zoom and position). */
  restore(view: { zoom: number; x: number; y: number }): void {
    this.zoom = clamp(view.zoom);
    this.x = view.x;
    this.y = view.y;
    this.apply();
  }

  private center(box: DOMRect): void {
    this.x = (box.width - this.content.width * this.zoom) / 2;
    this.y = (box.height - this.content.height * this.zoom) / 2;
    this.apply();
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const box = this.element.getBoundingClientRect();
    if (event.shiftKey && !event.ctrlKey) {
      // Shift+wheel pans sideways, as in most editors.
      this.x -= event.deltaY || event.deltaX;
      this.apply();
      return;
    }
    // Lines and pages are scaled to pixels so a mouse notch is one comfortable step.
    const unit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 33 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 400 : 1;
    const delta = Math.max(-200, Math.min(200, event.deltaY * unit));
    const speed = event.ctrlKey ? 0.01 : 0.0025;
    this.zoomAt(Math.exp(-delta * speed), event.clientX - box.left, event.clientY - box.top);
  }

  private apply(): void {
    this.stage.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.zoom})`;
    // Pixels stay crisp when zoomed in, so single pixels can be masked precisely.
    this.stage.classList.toggle('pixelated', this.zoom >= 2);
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

const clamp = (zoom: number) => Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
