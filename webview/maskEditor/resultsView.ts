// Results beside the original: a strip of thumbnails, and for the selected one a
// before/after comparison on the canvas (a slider dragged across the image, or the result
// alone) with Keep, Discard and Edit again. Images are shown from blob: URLs of the bytes
// the host sent, revoked when they go.
import * as l10n from '@vscode/l10n';
import type { MaskResultPayload } from '../../shared/protocol';
import { byId } from './dom';
import { capture } from './paintTools';
import type { Viewport } from './viewport';

export interface ResultsEvents {
  keep(resultId: string): void;
  discard(resultId: string): void;
  editAgain(resultId: string): void;
  openKept(resultId: string): void;
  /** Comparison shown or hidden (painting is paused while it is shown). */
  comparing(on: boolean): void;
}

interface Shown {
  payload: MaskResultPayload;
  url: string;
  item: HTMLButtonElement;
}

export class ResultsView {
  private readonly shown = new Map<string, Shown>();
  /** The tile of the running edit's latest streamed partial image, if one came. */
  private preview: { item: HTMLElement; url: string } | undefined;
  private selected: string | undefined;
  /** 0–1: where the split between before (left) and after (right) is; 0 shows the whole result first. */
  private split = 0;
  private dragging: number | undefined;
  private readonly section = byId('results-section', HTMLElement);
  private readonly list = byId('results', HTMLElement);
  private readonly actions = byId('result-actions', HTMLElement);
  private readonly keepButton = byId('keep', HTMLButtonElement);
  private readonly keptNote = byId('kept-note', HTMLElement);
  private readonly compare = byId('compare', HTMLElement);
  private readonly compareImage = byId('compare-image', HTMLImageElement);
  private readonly handle = byId('compare-handle', HTMLElement);
  private readonly sliderToggle = byId('compare-toggle', HTMLInputElement);
  private readonly banner = byId('compare-banner', HTMLElement);
  private readonly discardButton = byId('discard', HTMLButtonElement);

  constructor(
    private readonly viewport: Viewport,
    private readonly events: ResultsEvents,
  ) {
    this.keepButton.addEventListener('click', () => this.selected && events.keep(this.selected));
    byId('discard', HTMLButtonElement).addEventListener('click', () => this.selected && events.discard(this.selected));
    byId('edit-again', HTMLButtonElement).addEventListener('click', () => this.selected && events.editAgain(this.selected));
    byId('back-to-mask', HTMLButtonElement).addEventListener('click', () => this.select(undefined));
    // The way back, at the top of the image where it is always on screen.
    byId('compare-back', HTMLButtonElement).addEventListener('click', () => this.select(undefined));
    // The banner sits on the viewport: a press on it must not start a slide (whose pointer capture would swallow the click).
    this.banner.addEventListener('pointerdown', (event) => event.stopPropagation());
    this.sliderToggle.addEventListener('change', () => this.layout());
    viewport.onChange(() => this.layout());
    const element = viewport.element;
    element.addEventListener('pointerdown', (event) => {
      if (!this.isComparing || event.button !== 0 || viewport.panning || viewport.spaceHeld || !this.sliderToggle.checked) return;
      this.dragging = event.pointerId;
      capture(element, event.pointerId);
      this.slideTo(event.clientX);
    });
    element.addEventListener('pointermove', (event) => {
      if (this.dragging === event.pointerId) this.slideTo(event.clientX);
    });
    const stop = (event: PointerEvent) => {
      if (this.dragging === event.pointerId) this.dragging = undefined;
    };
    element.addEventListener('pointerup', stop);
    element.addEventListener('pointercancel', stop);
    this.handle.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowLeft' ? -0.05 : event.key === 'ArrowRight' ? 0.05 : 0;
      if (!step) return;
      event.preventDefault();
      this.split = Math.max(0, Math.min(1, this.split + step));
      this.layout();
    });
  }

  get isComparing(): boolean {
    return this.selected !== undefined;
  }

  get selectedId(): string | undefined {
    return this.selected;
  }

  /** Adds a result and shows it compared with the original. */
  add(payload: MaskResultPayload, select = true): void {
    if (this.shown.has(payload.resultId)) return;
    const url = URL.createObjectURL(new Blob([payload.bytes as Uint8Array<ArrayBuffer>], { type: payload.mimeType }));
    const item = document.createElement('button');
    item.type = 'button';
    item.className = 'result';
    item.setAttribute('role', 'option');
    item.title = `${payload.model}: ${payload.prompt}`;
    const image = document.createElement('img');
    image.src = url;
    image.alt = l10n.t('Result {index}', { index: this.shown.size + 1 });
    const caption = document.createElement('span');
    item.append(image, caption);
    item.addEventListener('click', () => this.select(payload.resultId));
    item.addEventListener('dblclick', () => payload.keptAs && this.events.openKept(payload.resultId));
    this.list.append(item);
    this.shown.set(payload.resultId, { payload, url, item });
    this.caption(payload.resultId);
    this.section.hidden = false;
    if (select) {
      // A new result is shown whole first; the divider is dragged in from the left to compare.
      this.split = 0;
      this.select(payload.resultId);
    }
  }

  /** Shows a streamed partial image of the running edit, in a tile the result will replace. */
  showPreview(bytes: Uint8Array, mimeType: string, partialIndex: number): void {
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
    if (this.preview) {
      URL.revokeObjectURL(this.preview.url);
      this.preview.url = url;
    } else {
      const item = document.createElement('div');
      // eslint-disable-next-line image-studio/localized-text -- CSS classes
      item.className = 'result preview';
      item.setAttribute('role', 'status');
      const image = document.createElement('img');
      image.alt = l10n.t('Preview of the edit in progress');
      item.append(image, document.createElement('span'));
      this.list.append(item);
      this.preview = { item, url };
    }
    (this.preview.item.firstElementChild as HTMLImageElement).src = url;
    (this.preview.item.lastElementChild as HTMLElement).textContent = l10n.t('preview {index}…', { index: partialIndex + 1 });
    this.section.hidden = false;
  }

  /** Removes the preview tile (the result arrived, or the edit ended without one). */
  clearPreview(): void {
    if (!this.preview) return;
    URL.revokeObjectURL(this.preview.url);
    this.preview.item.remove();
    this.preview = undefined;
    this.section.hidden = this.shown.size === 0;
  }

  remove(resultId: string): void {
    const shown = this.shown.get(resultId);
    if (!shown) return;
    URL.revokeObjectURL(shown.url);
    shown.item.remove();
    this.shown.delete(resultId);
    if (this.selected === resultId) this.select(undefined);
    this.section.hidden = this.shown.size === 0 && !this.preview;
  }

  /** Forgets every result (the host no longer holds them). */
  clear(): void {
    for (const id of [...this.shown.keys()]) this.remove(id);
  }

  markKept(resultId: string, fileName: string): void {
    const shown = this.shown.get(resultId);
    if (!shown) return;
    shown.payload.keptAs = fileName;
    this.caption(resultId);
    if (this.selected === resultId) this.updateActions();
  }

  /** Shows `resultId` against the original, or goes back to the mask. */
  select(resultId: string | undefined): void {
    this.selected = resultId && this.shown.has(resultId) ? resultId : undefined;
    for (const [id, shown] of this.shown) shown.item.setAttribute('aria-selected', String(id === this.selected));
    const shown = this.selected ? this.shown.get(this.selected) : undefined;
    this.compare.hidden = !shown;
    this.banner.hidden = !shown;
    this.handle.hidden = !shown || !this.sliderToggle.checked;
    this.actions.hidden = !shown;
    if (shown) this.compareImage.src = shown.url;
    this.updateActions();
    this.layout();
    this.events.comparing(shown !== undefined);
  }

  private updateActions(): void {
    const shown = this.selected ? this.shown.get(this.selected) : undefined;
    const kept = shown?.payload.keptAs;
    this.keepButton.disabled = kept !== undefined;
    this.keepButton.textContent = kept ? l10n.t('Kept') : l10n.t('Keep');
    // After Keep, Discard only takes the result off this list: the saved file stays.
    this.discardButton.textContent = kept ? l10n.t('Remove from list') : l10n.t('Discard');
    this.discardButton.title = kept
      ? l10n.t('Removes the result from this list; {file} stays saved.', { file: kept })
      : l10n.t('Let this result go without saving it');
    this.keptNote.textContent = shown
      ? kept
        ? l10n.t('Saved as {file} (double-click the thumbnail to open it).', { file: kept })
        : shown.payload.composited
          ? l10n.t('{width}x{height}, outside the mask restored exactly. Not saved until you keep it.', { width: shown.payload.width, height: shown.payload.height })
          : l10n.t('{width}x{height}. Not saved until you keep it.', { width: shown.payload.width, height: shown.payload.height })
      : '';
  }

  private caption(resultId: string): void {
    const shown = this.shown.get(resultId);
    if (!shown) return;
    const index = [...this.shown.keys()].indexOf(resultId) + 1;
    const parts = [`#${index}`, shown.payload.costLabel, shown.payload.keptAs ? l10n.t('kept') : undefined].filter(Boolean);
    (shown.item.lastElementChild as HTMLElement).textContent = parts.join(' · ');
    shown.item.classList.toggle('kept', shown.payload.keptAs !== undefined);
  }

  private slideTo(clientX: number): void {
    const box = this.viewport.element.getBoundingClientRect();
    const width = this.compare.offsetWidth * this.viewport.zoom;
    if (width <= 0) return;
    this.split = Math.max(0, Math.min(1, (clientX - box.left - this.viewport.x) / width));
    this.layout();
  }

  /** Places the clip and the handle for the current split and view. */
  private layout(): void {
    if (!this.selected) return;
    const slider = this.sliderToggle.checked;
    const split = slider ? this.split : 0;
    this.compare.style.clipPath = `inset(0 0 0 ${split * 100}%)`;
    this.handle.hidden = !slider;
    if (!slider) return;
    const zoom = this.viewport.zoom;
    const left = this.viewport.x + this.compare.offsetWidth * zoom * split;
    this.handle.style.transform = `translate(${left}px, ${this.viewport.y}px)`;
    this.handle.style.height = `${this.compare.offsetHeight * zoom}px`;
    this.handle.setAttribute('aria-valuenow', String(Math.round(split * 100)));
  }
}
