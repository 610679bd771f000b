// A few lines instead of a framework: elements with attributes and children, and icons.

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

/** Creates `<tag>` with attributes (`class`, `aria-*`, `data-*`, …; false/undefined skipped) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** A codicon (decorative: the control around it carries the label). */
export function icon(name: string, extra = ''): HTMLElement {
  return h('i', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

/** An icon-only button with a label for screen readers and a tooltip. */
export function iconButton(iconName: string, label: string, attributes: Attributes = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label, ...attributes }, icon(iconName));
}

/** `$0.04`, `$0.166`, `<$0.001`: the same rounding as the host's formatUsd. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0.00';
  if (usd < 0.001) return '<$0.001';
  if (usd < 1) {
    const fixed = usd.toFixed(3);
    return `$${fixed.endsWith('0') ? fixed.slice(0, -1) : fixed}`;
  }
  return `$${usd.toFixed(2)}`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "5 minutes ago", "yesterday", or a date for older images. */
export function formatWhen(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return relative.format(Math.round(seconds / 86400), 'day');
  return new Date(then).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
