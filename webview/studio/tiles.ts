// One tile: an image (streamed preview, saved result or history thumbnail), what made it,
// and its actions. Results and history use the same tile so they look and work alike.
import * as l10n from '@vscode/l10n';
import type { StudioImage, StudioImageAction } from '../../shared/protocol';
import { formatNumber, formatUsd, formatWhen, h, icon, iconButton } from './dom';

/** What a tile's buttons ask for; `rerun` stays in the page (it fills the form). */
export type TileAction = StudioImageAction | 'rerun';

interface ActionButton {
  action: TileAction;
  icon: string;
  label: string;
}

/** The tile's buttons, labelled in the display language (built when a tile is). */
function actions(): readonly ActionButton[] {
  return [
    { action: 'open', icon: 'go-to-file', label: l10n.t('Open') },
    { action: 'reveal', icon: 'list-tree', label: l10n.t('Reveal in Explorer') },
    { action: 'copyPath', icon: 'copy', label: l10n.t('Copy Path') },
    { action: 'copyMarkdown', icon: 'markdown', label: l10n.t('Copy as Markdown') },
    { action: 'insert', icon: 'insert', label: l10n.t('Insert into Editor') },
    { action: 'rerun', icon: 'debug-rerun', label: l10n.t('Run Again with the Same Settings') },
    { action: 'createVariations', icon: 'versions', label: l10n.t('Create Variations…') },
    { action: 'editWithMask', icon: 'paintcan', label: l10n.t('Edit with Mask…') },
    { action: 'delete', icon: 'trash', label: l10n.t('Delete…') },
  ];
}

/** A tile element with the parts that change after it is made. */
export interface Tile {
  element: HTMLLIElement;
  img: HTMLImageElement;
  /** The image shown, once saved. */
  image?: StudioImage;
}

/** A tile still waiting for its image (results while generating); `streaming`: previews will come. */
export function pendingTile(index: number, count: number, streaming = false): Tile {
  const img = h('img', { alt: '', decoding: 'async', hidden: true });
  const element = h(
    'li',
    {
      // eslint-disable-next-line image-studio/localized-text -- CSS classes
      class: 'tile pending',
      tabindex: -1,
      'aria-label': l10n.t('Image {index} of {count}: waiting', { index: formatNumber(index + 1), count: formatNumber(count) }),
      'aria-busy': 'true',
    },
    h(
      'div',
      { class: 'tile-image' },
      img,
      h('span', { class: 'tile-wait' }, icon('loading', 'codicon-modifier-spin'), streaming ? l10n.t('Waiting for a preview…') : l10n.t('Generating…')),
    ),
  );
  return { element, img };
}

/** Shows a streamed preview (a blob: URL) in a pending tile. */
export function showPreview(tile: Tile, url: string, partialIndex: number): void {
  const previous = tile.img.src;
  tile.img.src = url;
  tile.img.hidden = false;
  tile.element.classList.add('has-preview');
  const seen = Number(tile.element.dataset.previews ?? '0') + 1;
  tile.element.dataset.previews = String(seen);
  tile.element.setAttribute('aria-label', l10n.t('Preview {index}: the image is still being made', { index: formatNumber(partialIndex + 1) }));
  const wait = tile.element.querySelector('.tile-wait');
  if (wait) wait.replaceChildren(icon('loading', 'codicon-modifier-spin'), l10n.t('Preview {index}', { index: formatNumber(partialIndex + 1) }));
  if (previous.startsWith('blob:')) URL.revokeObjectURL(previous);
}

/** Marks a pending tile that will get no image (cancelled or failed). */
export function markMissing(tile: Tile, text: string): void {
  tile.element.classList.remove('pending');
  tile.element.classList.add('missing');
  tile.element.removeAttribute('aria-busy');
  tile.element.setAttribute('aria-label', text);
  const wait = tile.element.querySelector('.tile-wait');
  if (wait) wait.replaceChildren(icon('circle-slash'), text);
}

/**
 * A tile for a saved image. `src` is shown at once when given (results); otherwise the
 * image stays a placeholder until `setThumbnail` (history loads them lazily).
 */
export function imageTile(image: StudioImage, src: string | undefined, onAction: (image: StudioImage, action: TileAction) => void): Tile {
  const img = h('img', { alt: image.prompt.slice(0, 300), decoding: 'async', draggable: 'false', hidden: !src });
  if (src) img.src = src;
  img.addEventListener('error', () => {
    img.hidden = true;
    element.classList.add('no-thumbnail');
  });
  const size = image.width && image.height ? `${image.width}×${image.height}` : '';
  const facts = [size, image.model, image.quality && image.quality !== 'auto' ? image.quality : '', image.costUsd !== undefined ? formatUsd(image.costUsd) : '']
    .filter(Boolean)
    .join(' · ');
  const revised = image.revisedPrompt && image.revisedPrompt.trim() !== image.prompt.trim() ? image.revisedPrompt : undefined;
  const toolbar = h('div', { class: 'tile-actions', role: 'toolbar', 'aria-label': l10n.t('Image actions') });
  for (const button of actions()) {
    if (button.action === 'rerun' && !image.params) continue;
    const control = iconButton(button.icon, button.label, { 'data-action': button.action, tabindex: -1 });
    control.addEventListener('click', (event) => {
      event.stopPropagation();
      onAction(image, button.action);
    });
    toolbar.append(control);
  }
  const element = h(
    'li',
    {
      class: 'tile',
      tabindex: -1,
      'data-id': image.id,
      'aria-label': `${image.prompt.slice(0, 200)}. ${facts}`,
      title: `${image.path}\n\n${image.prompt.slice(0, 1000)}`,
    },
    h('div', { class: 'tile-image' }, img, h('span', { class: 'tile-placeholder' }, icon('file-media'))),
    h(
      'div',
      { class: 'tile-body' },
      h('p', { class: 'tile-prompt' }, image.prompt),
      revised && h('p', { class: 'tile-revised', title: revised }, h('span', { class: 'tile-label' }, l10n.t('Revised:')), ' ', revised),
      // No silent downgrades: what differs from what was asked is on the tile itself.
      image.differences?.length ? h('p', { class: 'tile-differences', role: 'note', title: image.differences.join('\n') }, icon('warning'), ' ', image.differences.join(' ')) : undefined,
      h(
        'p',
        { class: 'tile-facts' },
        image.origin && h('span', { class: 'tile-origin' }, image.origin === 'variation' ? l10n.t('Variation') : l10n.t('Edit')),
        facts,
        h('span', { class: 'tile-when' }, formatWhen(image.createdAt)),
      ),
    ),
    toolbar,
  );
  element.addEventListener('dblclick', () => onAction(image, 'open'));
  element.addEventListener('keydown', (event) => {
    if (event.target !== element) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      onAction(image, 'open');
    } else if (event.key === 'Delete' || (event.key === 'Backspace' && event.metaKey)) {
      event.preventDefault();
      onAction(image, 'delete');
    }
  });
  return { element, img, image };
}

/** Shows a thumbnail in a history tile (or the placeholder if there is none). */
export function setThumbnail(tile: Tile, src: string | undefined): void {
  if (src) {
    tile.img.src = src;
    tile.img.hidden = false;
  } else {
    tile.element.classList.add('no-thumbnail');
  }
}
