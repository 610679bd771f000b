// Keyboard use of a grid of tiles with one tab stop (a "roving tabindex", as VS Code's
// lists do): Tab enters the grid at the current tile and then reaches that tile's buttons;
// arrow keys, Home and End move between tiles.

/** Makes the tiles in `list` keyboard-navigable. Call `refresh` after tiles change. */
export class GridKeys {
  private active: HTMLElement | undefined;

  constructor(private readonly list: HTMLElement) {
    list.addEventListener('keydown', (event) => this.onKey(event));
    list.addEventListener('focusin', (event) => {
      const tile = (event.target as HTMLElement).closest<HTMLElement>('.tile');
      if (tile && this.list.contains(tile)) this.activate(tile);
    });
  }

  /** Keeps exactly one tile in the tab order (the active one, else the first). */
  refresh(): void {
    if (this.active && !this.list.contains(this.active)) this.active = undefined;
    const target = this.active ?? this.tiles()[0];
    if (target) this.activate(target);
  }

  private tiles(): HTMLElement[] {
    return [...this.list.querySelectorAll<HTMLElement>(':scope > .tile')];
  }

  private activate(tile: HTMLElement): void {
    if (this.active === tile && tile.tabIndex === 0) return;
    if (this.active) setTabbable(this.active, false);
    this.active = tile;
    setTabbable(tile, true);
  }

  private columns(tiles: HTMLElement[]): number {
    const top = tiles[0]?.offsetTop;
    let count = 0;
    for (const tile of tiles) {
      if (tile.offsetTop !== top) break;
      count++;
    }
    return Math.max(1, count);
  }

  private onKey(event: KeyboardEvent): void {
    const current = event.target as HTMLElement;
    if (!current.classList.contains('tile') || event.altKey || event.ctrlKey || event.metaKey) return;
    const tiles = this.tiles();
    const index = tiles.indexOf(current);
    if (index < 0) return;
    const step: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: this.columns(tiles),
      ArrowUp: -this.columns(tiles),
      Home: -index,
      End: tiles.length - 1 - index,
    };
    const delta = step[event.key];
    if (delta === undefined) return;
    event.preventDefault();
    const next = tiles[Math.min(tiles.length - 1, Math.max(0, index + delta))];
    if (next && next !== current) {
      this.activate(next);
      next.focus();
      next.scrollIntoView({ block: 'nearest' });
    }
  }
}

function setTabbable(tile: HTMLElement, tabbable: boolean): void {
  tile.tabIndex = tabbable ? 0 : -1;
  for (const button of tile.querySelectorAll<HTMLElement>('button')) button.tabIndex = tabbable ? 0 : -1;
}
