// Every image the workspace generated, newest first, filterable. Rendered a page at a time
// (the next page loads as its end scrolls into view), and thumbnails are asked for only
// when their tile is about to be seen, so 200 or 2000 images open as fast as 20.
import * as l10n from '@vscode/l10n';
import { STUDIO_HISTORY_PAGE, type StudioImage } from '../../shared/protocol';
import { formatNumber, h, icon } from './dom';
import { GridKeys } from './gridKeys';
import { imageTile, setThumbnail, type Tile, type TileAction } from './tiles';

/** Tiles per page (the host embeds a first page of this size in the HTML). */
export const PAGE_SIZE = STUDIO_HISTORY_PAGE;

export interface HistoryEvents {
  query(filter: string, offset: number, limit: number): number;
  thumbnails(ids: string[]): void;
  action(image: StudioImage, action: TileAction): void;
  filterChanged(filter: string): void;
  /** The first page after opening was drawn (for the first-screen measurement); `embedded`: it came in the HTML. */
  firstScreen(tiles: number, embedded: boolean): void;
}

export class HistoryView {
  readonly element: HTMLElement;
  private readonly filter = h('input', {
    type: 'search',
    id: 'history-filter',
    class: 'filter',
    placeholder: l10n.t('Filter by prompt, model, size…'),
    'aria-label': l10n.t('Filter history'),
    maxlength: 500,
  });
  private readonly count = h('span', { class: 'count' });
  // eslint-disable-next-line image-studio/localized-text -- CSS classes
  private readonly list = h('ul', { class: 'grid history-grid', role: 'list', 'aria-labelledby': 'history-title' });
  private readonly keys = new GridKeys(this.list);
  private readonly empty = h('p', { class: 'empty', hidden: true });
  private readonly sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  private readonly tiles = new Map<string, Tile>();
  /** Thumbnail sources received (undefined: none can be made), kept across re-renders. */
  private readonly thumbs = new Map<string, string | undefined>();
  private readonly requested = new Set<string>();
  private queue: string[] = [];
  private flushScheduled = false;
  private entries: StudioImage[] = [];
  private total = 0;
  private pendingRequest: number | undefined;
  private pendingReset = false;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private firstScreenReported = false;
  private readonly visibility: IntersectionObserver;
  private readonly more: IntersectionObserver;

  constructor(
    private readonly events: HistoryEvents,
    initialFilter: string,
  ) {
    this.filter.value = initialFilter;
    this.element = h(
      'section',
      { class: 'history', 'aria-labelledby': 'history-title' },
      h(
        'header',
        {},
        h('h2', { id: 'history-title' }, icon('history'), l10n.t('History'), ' ', this.count),
        h('div', { class: 'filter-box' }, icon('search'), this.filter),
      ),
      this.list,
      this.empty,
      this.sentinel,
    );
    // Thumbnails: asked for a little before the tile scrolls into view.
    this.visibility = new IntersectionObserver((records) => this.onVisible(records), { rootMargin: '400px 0px' });
    // The next page: loaded when the end of the list comes near.
    this.more = new IntersectionObserver((records) => {
      if (records.some((record) => record.isIntersecting)) this.loadMore();
    }, { rootMargin: '800px 0px' });
    this.more.observe(this.sentinel);
    this.filter.addEventListener('input', () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => {
        this.events.filterChanged(this.filter.value);
        this.reload(PAGE_SIZE);
      }, 150);
    });
    this.filter.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.filter.value) {
        event.preventDefault();
        this.filter.value = '';
        this.events.filterChanged('');
        this.reload(PAGE_SIZE);
      }
    });
  }

  /** How many entries are loaded (saved, so a reload can restore a deep scroll). */
  get loaded(): number {
    return this.entries.length;
  }

  /** Asks for the first `limit` entries again (a new filter, or the folder changed). */
  reload(limit: number): void {
    this.pendingReset = true;
    this.pendingRequest = this.events.query(this.filter.value, 0, Math.min(200, Math.max(PAGE_SIZE, limit)));
  }

  /**
   * Shows the first page the host embedded in the HTML, as if it had answered `reload` at
   * once; the next pages are asked for as usual.
   */
  showFirstPage(total: number, entries: StudioImage[]): void {
    this.pendingRequest = undefined;
    this.pendingReset = false;
    this.total = total;
    this.entries = entries;
    this.render(true);
    this.drawn(true);
  }

  /** A page arrived; replies to superseded requests are ignored. */
  page(requestId: number, offset: number, total: number, entries: StudioImage[]): void {
    if (requestId !== this.pendingRequest) return;
    this.pendingRequest = undefined;
    this.total = total;
    if (this.pendingReset || offset === 0) {
      this.pendingReset = false;
      this.entries = entries;
      this.render(true);
    } else {
      this.entries = this.entries.concat(entries);
      this.render(false, entries);
    }
    this.drawn(false);
  }

  /** After a page is drawn: the first-screen report, and the next page if there is room for it. */
  private drawn(embedded: boolean): void {
    if (!this.firstScreenReported) {
      this.firstScreenReported = true;
      this.events.firstScreen(this.list.childElementCount, embedded);
    }
    // Still room on screen (a tall window, a short page): fetch the next page now.
    requestAnimationFrame(() => {
      if (this.sentinel.getBoundingClientRect().top < window.innerHeight + 800) this.loadMore();
    });
  }

  thumbnail(id: string, src: string | undefined): void {
    this.thumbs.set(id, src);
    const tile = this.tiles.get(id);
    if (tile) setThumbnail(tile, src);
  }

  removed(id: string): void {
    const tile = this.tiles.get(id);
    this.entries = this.entries.filter((entry) => entry.id !== id);
    if (!tile) return;
    const next = (tile.element.nextElementSibling ?? tile.element.previousElementSibling) as HTMLElement | null;
    const hadFocus = tile.element.contains(document.activeElement);
    this.visibility.unobserve(tile.element);
    tile.element.remove();
    this.tiles.delete(id);
    this.total = Math.max(0, this.total - 1);
    this.updateCount();
    this.keys.refresh();
    if (hadFocus) next?.focus();
  }

  private loadMore(): void {
    if (this.pendingRequest !== undefined || this.entries.length >= this.total) return;
    this.pendingRequest = this.events.query(this.filter.value, this.entries.length, PAGE_SIZE);
  }

  private render(reset: boolean, added: StudioImage[] = this.entries): void {
    if (reset) {
      this.visibility.disconnect();
      this.tiles.clear();
      this.list.replaceChildren();
    }
    const fragment = document.createDocumentFragment();
    for (const image of added) {
      const tile = imageTile(image, this.thumbs.get(image.id), this.events.action);
      if (this.thumbs.has(image.id) && !this.thumbs.get(image.id)) tile.element.classList.add('no-thumbnail');
      this.tiles.set(image.id, tile);
      fragment.append(tile.element);
      this.visibility.observe(tile.element);
    }
    this.list.append(fragment);
    this.keys.refresh();
    this.updateCount();
  }

  private updateCount(): void {
    this.count.textContent = this.total ? `(${formatNumber(this.total)})` : '';
    const filtered = this.filter.value.trim() !== '';
    this.empty.hidden = this.total > 0;
    this.empty.textContent = filtered
      ? l10n.t('No image matches the filter.')
      : l10n.t('No images yet. Images you generate are listed here, newest first.');
  }

  private onVisible(records: IntersectionObserverEntry[]): void {
    for (const record of records) {
      if (!record.isIntersecting) continue;
      const id = (record.target as HTMLElement).dataset.id;
      this.visibility.unobserve(record.target);
      if (!id || this.thumbs.has(id) || this.requested.has(id)) continue;
      this.requested.add(id);
      this.queue.push(id);
    }
    if (this.queue.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      // One message for everything that became visible in this frame.
      requestAnimationFrame(() => {
        this.flushScheduled = false;
        while (this.queue.length > 0) this.events.thumbnails(this.queue.splice(0, 100));
      });
    }
  }
}
