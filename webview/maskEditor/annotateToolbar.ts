// Annotate mode's toolbar: which shape the pointer draws (pen, arrow, box, ellipse, label), in
// which colour, how thick. The choice lives on the pointer tools (annotateTools.ts); the
// buttons show it pressed, and the viewport names the tool for its cursor.
import type { AnnotateTools } from './annotateTools';
import { showPressed } from './dom';
import { ANNOTATION_COLORS, ANNOTATION_TOOLS, type AnnotationTool, type AnnotationWidth } from './annotationShapes';

export interface AnnotateToolbarHost {
  readonly tools: Pick<AnnotateTools, 'tool' | 'color' | 'width'>;
  /** Carries `data-annotate-tool` for the page's CSS (the cursor). */
  readonly viewportElement: HTMLElement;
  /** A choice changed (for the saved state). */
  changed(): void;
}

export class AnnotateToolbar {
  private readonly toolButtons = [...document.querySelectorAll<HTMLButtonElement>('button.annotate-tool')];
  private readonly swatches = [...document.querySelectorAll<HTMLButtonElement>('button.swatch')];
  private readonly widthButtons = [...document.querySelectorAll<HTMLButtonElement>('button.line-width')];

  constructor(private readonly host: AnnotateToolbarHost) {
    for (const button of this.toolButtons) {
      button.addEventListener('click', () => {
        const tool = button.dataset.annotateTool as AnnotationTool;
        if (ANNOTATION_TOOLS.includes(tool)) this.setTool(tool);
      });
    }
    for (const button of this.swatches) {
      // The colour is set here, not in the markup: the page's CSP allows no inline styles.
      button.style.setProperty('--swatch', button.dataset.color ?? '');
      button.addEventListener('click', () => this.setColor(button.dataset.color ?? ANNOTATION_COLORS[0].value));
    }
    for (const button of this.widthButtons) {
      button.addEventListener('click', () => this.setWidth(button.dataset.width === 'thick' ? 'thick' : 'thin'));
    }
  }

  setTool(tool: AnnotationTool): void {
    this.host.tools.tool = tool;
    showPressed(this.toolButtons, (button) => button.dataset.annotateTool === tool);
    this.host.viewportElement.dataset.annotateTool = tool;
    this.host.changed();
  }

  setColor(color: string): void {
    this.host.tools.color = color;
    showPressed(this.swatches, (button) => button.dataset.color === color);
    this.host.changed();
  }

  setWidth(width: AnnotationWidth): void {
    this.host.tools.width = width;
    showPressed(this.widthButtons, (button) => button.dataset.width === width);
    this.host.changed();
  }
}
