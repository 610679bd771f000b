// Mask mode's toolbar: the pointer tool (brush, eraser, rectangle, lasso), the brush's size and
// hardness, and how the mask is shown over the image. The values live on the pointer tools
// and the renderer; the controls show them, whether set by a click, a key or a saved state.
import { formatNumber } from '../../shared/localeFormat';
import { byId, showPressed } from './dom';
import type { MaskRenderer, OverlayMode } from './maskRenderer';
import { MAX_BRUSH, MIN_BRUSH, type PaintTools, type ToolName } from './paintTools';

export interface PaintToolbarHost {
  readonly tools: Pick<PaintTools, 'tool' | 'size' | 'hardness' | 'updateCursor'>;
  readonly renderer: Pick<MaskRenderer, 'setOverlay'>;
  /** Carries `data-tool` for the page's CSS (the cursor). */
  readonly viewportElement: HTMLElement;
  /** Holds the mask layers; the checkerboard overlay restyles it. */
  readonly maskGroup: HTMLElement;
  /** A choice changed (for the saved state). */
  changed(): void;
}

export class PaintToolbar {
  private readonly toolButtons = [...document.querySelectorAll<HTMLButtonElement>('button.tool')];
  private readonly sizeSlider = byId('brush-size', HTMLInputElement);
  private readonly sizeValue = byId('brush-size-value', HTMLOutputElement);
  private readonly hardnessSlider = byId('brush-hardness', HTMLInputElement);
  private readonly hardnessValue = byId('brush-hardness-value', HTMLOutputElement);
  private readonly overlaySelect = byId('overlay', HTMLSelectElement);

  constructor(private readonly host: PaintToolbarHost) {
    for (const button of this.toolButtons) {
      button.addEventListener('click', () => this.setTool(button.dataset.tool as ToolName));
    }
    this.sizeSlider.addEventListener('input', () => this.setBrushSize(Number(this.sizeSlider.value)));
    this.hardnessSlider.addEventListener('input', () => this.setHardness(Number(this.hardnessSlider.value) / 100));
    this.overlaySelect.addEventListener('change', () => this.setOverlay(this.overlaySelect.value as OverlayMode));
  }

  setTool(tool: ToolName): void {
    const tools = this.host.tools;
    tools.tool = tool;
    showPressed(this.toolButtons, (button) => button.dataset.tool === tool);
    this.host.viewportElement.dataset.tool = tool;
    tools.updateCursor();
    this.host.changed();
  }

  /** Brush diameter in image pixels, rounded and kept within the slider's range. */
  setBrushSize(size: number): void {
    const tools = this.host.tools;
    tools.size = Math.round(Math.max(MIN_BRUSH, Math.min(MAX_BRUSH, size)));
    this.sizeSlider.value = String(tools.size);
    this.sizeValue.value = String(tools.size);
    tools.updateCursor();
    this.host.changed();
  }

  /** 0–1, kept to whole percents. */
  setHardness(hardness: number): void {
    const tools = this.host.tools;
    tools.hardness = Math.round(Math.max(0, Math.min(1, hardness)) * 100) / 100;
    this.hardnessSlider.value = String(Math.round(tools.hardness * 100));
    this.hardnessValue.value = formatNumber(tools.hardness, { style: 'percent', maximumFractionDigits: 0 });
    this.host.changed();
  }

  setOverlay(mode: OverlayMode): void {
    this.host.renderer.setOverlay(mode);
    this.overlaySelect.value = mode;
    this.host.maskGroup.classList.toggle('checker-mode', mode === 'checker');
    this.host.changed();
  }
}
