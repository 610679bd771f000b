// Typed lookups of the page's static markup (src/panels/maskEditor/maskEditorMarkup.ts): a
// missing element is a bug, reported at start-up rather than as a null later.

/** The element with `id`, which must be an instance of `type`. */
export function byId<T extends HTMLElement | SVGElement>(id: string, type: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  // eslint-disable-next-line image-studio/localized-text -- a bug in the page's own markup, for developers
  if (!(element instanceof type)) throw new Error(`mask editor markup: #${id} is missing or not a ${type.name}`);
  return element;
}

/** Shows which of `buttons` is pressed (a toggle group: the ones `isPressed` picks). */
export function showPressed(buttons: readonly HTMLButtonElement[], isPressed: (button: HTMLButtonElement) => boolean): void {
  for (const button of buttons) button.setAttribute('aria-pressed', String(isPressed(button)));
}

/** Replaces the options of `select`, keeping `value` selected when it is among them. */
export function setOptions(select: HTMLSelectElement, options: { value: string; label: string }[], value: string): void {
  select.replaceChildren(
    ...options.map((option) => {
      const element = document.createElement('option');
      element.value = option.value;
      element.textContent = option.label;
      return element;
    }),
  );
  select.value = options.some((option) => option.value === value) ? value : (options[0]?.value ?? '');
}

/** True when keys typed now belong to a text field, not to the editor's shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button'].includes(target.type))
  );
}
