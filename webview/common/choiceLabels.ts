// The names pickers show for the request values the host sends (the values themselves go
// back unchanged). Used by the mask editor's side panel; the studio's form
// (webview/studio/form.ts) has the same words, so both share one translation per word.
// Functions, not constants: the page's l10n is set up at start.
import * as l10n from '@vscode/l10n';
import type { StudioBackground, StudioComplexity, StudioOutputFormat } from '../../shared/protocol';

/** A model in a picker: its id, and what the host notes about it (retiring, legacy…). */
export function modelLabel(id: string, note: string | undefined): string {
  return note ? l10n.t('{model} — {note}', { model: id, note }) : id;
}

/** A size: `auto` in words, `WxH` as it is (short: the panel is narrow). */
export function sizeLabel(size: string): string {
  return size === 'auto' ? l10n.t('Auto') : size;
}

/** The picker's name of a quality; a value the table adds later shows capitalized. */
export function qualityLabel(quality: string): string {
  switch (quality) {
    case 'auto':
      return l10n.t('Auto');
    case 'low':
    case 'medium':
    case 'high':
      return levelLabel(quality);
    case 'xhigh':
      return l10n.t('Extra high');
    case 'max':
      return l10n.t('Max');
    case 'standard':
      return l10n.t('Standard');
    case 'hd':
      return 'HD';
    default:
      return quality.charAt(0).toUpperCase() + quality.slice(1);
  }
}

export function backgroundLabel(background: StudioBackground): string {
  switch (background) {
    case 'auto':
      return l10n.t('Auto');
    case 'opaque':
      return l10n.t('Opaque');
    case 'transparent':
      return l10n.t('Transparent');
  }
}

export function formatLabel(format: StudioOutputFormat): string {
  switch (format) {
    case 'png':
      return 'PNG';
    case 'jpeg':
      return 'JPEG';
    case 'webp':
      return 'WebP';
    case 'gif':
      return l10n.t('GIF (animated)');
    case 'svg':
      return l10n.t('SVG (vector)');
  }
}

/** `default`: nothing is sent, the service decides. */
export function complexityLabel(complexity: StudioComplexity): string {
  switch (complexity) {
    case 'default':
      return l10n.t('Default');
    default:
      return levelLabel(complexity);
  }
}

/** Low, Medium, High: the words quality and complexity share. */
function levelLabel(level: 'low' | 'medium' | 'high'): string {
  switch (level) {
    case 'low':
      return l10n.t('Low');
    case 'medium':
      return l10n.t('Medium');
    case 'high':
      return l10n.t('High');
  }
}

export function complexityHelp(): string {
  return l10n.t('How much the model plans the picture before rendering it; independent of quality. High for crowded scenes, text and exact layouts; slower.');
}
