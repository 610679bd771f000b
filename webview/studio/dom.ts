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
  // eslint-disable-next-line image-studio/localized-text -- CSS classes
  return h('i', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

/** A labelled field of a form: `label` for `control` (its tooltip too), then `extra`. */
export function field(label: string, control: HTMLElement, extra?: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: control.id, title: control.title || undefined }, label), control, extra);
}

/** An icon-only button with a label for screen readers and a tooltip. */
export function iconButton(iconName: string, label: string, attributes: Attributes = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label, ...attributes }, icon(iconName));
}

// Prices and times in the display language's formats, the same functions as the host's.
export { formatNumber, formatUsd, formatWhen } from '../../shared/localeFormat';
