// The results of the running (or last) job: one tile per image, showing streamed previews
// as they arrive and then the saved image.
import * as l10n from '@vscode/l10n';
import type { StudioImage, StudioJob, StudioJobState } from '../../shared/protocol';
import { formatNumber, formatUsd, h, icon } from './dom';
import { GridKeys } from './gridKeys';
import { imageTile, markMissing, pendingTile, showPreview, type Tile, type TileAction } from './tiles';

/** How a job ended, as its status line starts. */
function endedLabel(state: Exclude<StudioJobState, 'starting' | 'running'>): string {
  switch (state) {
    case 'finished':
      return l10n.t('Done');
    case 'cancelled':
      return l10n.t('Cancelled');
    case 'failed':
      return l10n.t('Failed');
    case 'notSent':
      return l10n.t('Not sent');
  }
}

/** The status line of a running job. */
function generatingLabel(count: number, model: string | undefined): string {
  if (count === 1) return model ? l10n.t('Generating an image with {model}…', { model }) : l10n.t('Generating an image…');
  const images = formatNumber(count);
  return model ? l10n.t('Generating {count} images with {model}…', { count: images, model }) : l10n.t('Generating {count} images…', { count: images });
}

/**
 * The section collapses to its header (the job's status line stays), the way VS Code's view
 * panes do, so the history below is one key away however many images a job made.
 */
export class ResultsView {
  readonly element: HTMLElement;
  private readonly toggle = h(
    'button',
    { type: 'button', class: 'section-toggle', id: 'results-toggle', 'aria-expanded': 'true', 'aria-controls': 'results-grid' },
    icon('chevron-down'),
    h('span', {}, l10n.t('Results')),
  );
  private readonly title = h('h2', { id: 'results-title' }, this.toggle);
  private readonly status = h('p', { class: 'job-status', role: 'status' });
  private readonly progress = h('div', { class: 'progress', hidden: true, 'aria-hidden': 'true' });
  // eslint-disable-next-line image-studio/localized-text -- CSS classes
  private readonly list = h('ul', { class: 'grid results-grid', id: 'results-grid', role: 'list', 'aria-labelledby': 'results-title' });
  private readonly keys = new GridKeys(this.list);
  private tiles: Tile[] = [];
  private jobId: string | undefined;
  private prompt = '';

  /** `collapsed`: as the person left it (kept in the page's state); `collapsedChanged` saves it. */
  constructor(
    private readonly onAction: (image: StudioImage, action: TileAction) => void,
    collapsed: boolean,
    private readonly collapsedChanged: (collapsed: boolean) => void,
  ) {
    this.element = h('section', { class: 'results', hidden: true, 'aria-labelledby': 'results-title' }, this.progress, h('header', {}, this.title, this.status), this.list);
    this.setCollapsed(collapsed);
    this.toggle.addEventListener('click', () => {
      this.setCollapsed(!this.collapsed);
      this.collapsedChanged(this.collapsed);
    });
  }

  get collapsed(): boolean {
    return this.toggle.getAttribute('aria-expanded') === 'false';
  }

  private setCollapsed(collapsed: boolean): void {
    this.toggle.setAttribute('aria-expanded', String(!collapsed));
    this.toggle.title = collapsed ? l10n.t('Show the results') : l10n.t('Hide the results (the history moves up)');
    this.toggle.querySelector('.codicon')?.classList.replace(collapsed ? 'codicon-chevron-down' : 'codicon-chevron-right', collapsed ? 'codicon-chevron-right' : 'codicon-chevron-down');
    this.list.hidden = collapsed;
    this.element.classList.toggle('collapsed', collapsed);
  }

  /** Shows a job as it is now: `started` a new one (its tiles open even if the section was collapsed), else one restored after a reload. */
  show(job: StudioJob, started = false): void {
    this.jobId = job.jobId;
    this.prompt = job.prompt;
    this.element.hidden = false;
    if (started && this.collapsed) {
      this.setCollapsed(false);
      this.collapsedChanged(false);
    }
    this.tiles = job.tiles.map((tile, index) => {
      if (tile.image) return imageTile(tile.image, tile.src, this.onAction);
      const pending = pendingTile(index, job.tiles.length, job.previews);
      if (tile.partial) showPreview(pending, blobUrl(tile.partial.bytes, tile.partial.mime), tile.partial.index);
      if (job.state !== 'running' && job.state !== 'starting') markMissing(pending, l10n.t('No image'));
      return pending;
    });
    this.list.replaceChildren(...this.tiles.map((tile) => tile.element));
    this.keys.refresh();
    this.setState(job.state, job.model, job.tiles.length, job.message);
  }

  /** The host accepted a job; nothing is shown until it actually starts (it may ask first). */
  preparing(): void {
    this.status.textContent = l10n.t('Preparing…');
    this.progress.hidden = false;
    this.element.hidden = false;
  }

  partial(jobId: string, imageIndex: number, partialIndex: number, bytes: Uint8Array, mime: string): void {
    const tile = jobId === this.jobId ? this.tiles[imageIndex] : undefined;
    if (!tile || tile.image) return;
    showPreview(tile, blobUrl(bytes, mime), partialIndex);
  }

  saved(jobId: string, imageIndex: number, image: StudioImage, src: string): void {
    const old = jobId === this.jobId ? this.tiles[imageIndex] : undefined;
    if (!old) return;
    const tile = imageTile(image, src, this.onAction);
    // Keep the count of previews seen (tests and curious people can read it).
    if (old.element.dataset.previews) tile.element.dataset.previews = old.element.dataset.previews;
    if (old.img.src.startsWith('blob:')) URL.revokeObjectURL(old.img.src);
    const hadFocus = old.element.contains(document.activeElement);
    old.element.replaceWith(tile.element);
    this.tiles[imageIndex] = tile;
    this.keys.refresh();
    if (hadFocus) tile.element.focus();
    this.status.textContent = l10n.t('{saved} of {count} saved…', { saved: formatNumber(this.tiles.filter((t) => t.image).length), count: formatNumber(this.tiles.length) });
  }

  ended(jobId: string, state: StudioJobState, message: string | undefined, costUsd: number | undefined): void {
    if (jobId !== this.jobId) {
      // Refused or declined before it started: the previous results stay.
      this.progress.hidden = true;
      if (message) this.status.textContent = message;
      return;
    }
    for (const tile of this.tiles) if (!tile.image) markMissing(tile, state === 'cancelled' ? l10n.t('Cancelled') : l10n.t('No image'));
    this.setState(state, undefined, this.tiles.length, message, costUsd);
  }

  /** A job that never started (refused, no key, declined): show why, keep the old tiles. */
  notStarted(message: string): void {
    this.progress.hidden = true;
    this.status.textContent = message;
    this.element.hidden = false;
  }

  removed(id: string): void {
    const index = this.tiles.findIndex((tile) => tile.image?.id === id);
    if (index < 0) return;
    const tile = pendingTile(index, this.tiles.length);
    markMissing(tile, l10n.t('Deleted'));
    this.tiles[index].element.replaceWith(tile.element);
    this.tiles[index] = tile;
    this.keys.refresh();
  }

  private setState(state: StudioJobState, model: string | undefined, count: number, message?: string, costUsd?: number): void {
    const running = state === 'running' || state === 'starting';
    this.progress.hidden = !running;
    this.element.setAttribute('aria-busy', String(running));
    const saved = this.tiles.filter((tile) => tile.image).length;
    // Ended: what happened, how many images and what they cost, as separate facts (· between).
    const line = running
      ? generatingLabel(count, model)
      : [
          endedLabel(state),
          saved === 1 ? l10n.t('1 image') : saved ? l10n.t('{count} images', { count: formatNumber(saved) }) : '',
          costUsd ? formatUsd(costUsd) : '',
        ]
          .filter(Boolean)
          .join(' · ');
    this.status.replaceChildren(
      ...(state === 'failed' ? [icon('error')] : []),
      line,
      ...(message ? [h('span', { class: 'job-message' }, ` — ${message}`)] : []),
    );
    this.title.title = this.prompt;
  }
}

function blobUrl(bytes: Uint8Array, mime: string): string {
  // A copy into a plain ArrayBuffer: Blob parts cannot be views of shared memory.
  return URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: mime }));
}
