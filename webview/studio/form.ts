// The composer: prompt, model and the parameters that model accepts, the live estimate,
// Generate and Cancel. Pickers are rebuilt from the host's model table whenever the
// model changes, so a value the model cannot take is never on offer.
import type { StudioBackground, StudioModel, StudioOutputFormat, StudioParams, StudioStyle } from '../../shared/protocol';
import { STUDIO_LIMITS } from '../../shared/protocol';
import { h, icon } from './dom';
import { fitParams } from './fitParams';
import { caretOnFirstLine, caretOnLastLine, PromptHistory } from './promptHistory';

const CUSTOM = '__custom__';
const GROUP_LABELS: Record<StudioModel['group'], string> = {
  current: 'Current models',
  retiring: 'Retiring',
  legacy: 'Legacy (compatible servers)',
  custom: 'Custom',
};
const BACKGROUND_LABELS: Record<StudioBackground, string> = { auto: 'Auto', opaque: 'Opaque', transparent: 'Transparent' };
const FORMAT_LABELS: Record<StudioOutputFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF (animated)', svg: 'SVG (vector)' };
const STYLE_LABELS: Record<StudioStyle, string> = { vivid: 'Vivid', natural: 'Natural' };

/** What the form tells the page. */
export interface FormEvents {
  /** The prompt or a parameter changed (estimate again, save state). */
  changed(): void;
  generate(): void;
  cancel(): void;
}

export type FormBusy = 'idle' | 'requesting' | 'running';

const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent);
export const GENERATE_SHORTCUT = isMac ? '⌘Enter' : 'Ctrl+Enter';

function field(label: string, control: HTMLElement, extra?: HTMLElement): HTMLElement {
  const id = control.id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, extra);
}

function fillSelect(select: HTMLSelectElement, values: readonly { value: string; label: string; disabled?: string }[], selected: string): void {
  select.replaceChildren(
    ...values.map(({ value, label, disabled }) =>
      h('option', { value, selected: value === selected, disabled: Boolean(disabled), title: disabled }, label),
    ),
  );
  select.value = selected;
}

export class StudioForm {
  readonly element: HTMLElement;
  readonly prompt = h('textarea', {
    id: 'prompt',
    rows: 3,
    maxlength: STUDIO_LIMITS.maxPromptLength,
    placeholder: 'Describe the image you want…',
    'aria-describedby': 'prompt-hint',
    spellcheck: 'true',
  });
  private readonly model = h('select', { id: 'model' });
  private readonly size = h('select', { id: 'size' });
  private readonly customSize = h('input', {
    id: 'custom-size',
    class: 'custom-size',
    type: 'text',
    inputmode: 'numeric',
    placeholder: 'WIDTHxHEIGHT',
    'aria-label': 'Custom size (width x height)',
    pattern: '[1-9][0-9]{0,4}x[1-9][0-9]{0,4}',
    hidden: true,
  });
  private readonly quality = h('select', { id: 'quality' });
  private readonly count = h('input', { id: 'count', type: 'number', min: 1, max: 10, step: 1, value: 1 });
  private readonly background = h('select', { id: 'background' });
  private readonly format = h('select', { id: 'format' });
  private readonly style = h('select', { id: 'style' });
  private readonly backgroundField: HTMLElement;
  private readonly formatField: HTMLElement;
  private readonly styleField: HTMLElement;
  private readonly hint = h('span', { class: 'hint-text' });
  private readonly counter = h('span', { class: 'counter' });
  private readonly estimate = h('span', { class: 'estimate', 'aria-live': 'polite' });
  private readonly problems = h('div', { class: 'problems', role: 'alert' });
  private readonly notes = h('div', { class: 'notes' });
  private readonly generateButton = h('button', { type: 'button', class: 'primary', id: 'generate', title: `Generate (${GENERATE_SHORTCUT})` }, icon('sparkle'), h('span', {}, 'Generate'));
  private readonly cancelButton = h('button', { type: 'button', class: 'secondary', id: 'cancel', hidden: true }, icon('stop-circle'), h('span', {}, 'Cancel'));
  private models: StudioModel[] = [];
  private current: StudioParams | undefined;
  private busy: FormBusy = 'idle';
  private blocked = true;
  private unavailable: string | undefined;
  readonly history: PromptHistory;

  constructor(
    private readonly events: FormEvents,
    savedPrompt: string,
    savedHistory: string[],
  ) {
    this.history = new PromptHistory(savedHistory);
    this.prompt.value = savedPrompt;
    this.backgroundField = field('Background', this.background);
    this.formatField = field('Format', this.format);
    this.styleField = field('Style', this.style);
    this.element = h(
      'section',
      { class: 'composer', 'aria-label': 'New image' },
      h('label', { for: 'prompt', class: 'visually-hidden' }, 'Prompt'),
      this.prompt,
      h('div', { id: 'prompt-hint', class: 'hint' }, this.hint, this.counter),
      h(
        'div',
        { class: 'params' },
        field('Model', this.model),
        field('Size', this.size, this.customSize),
        field('Quality', this.quality),
        field('Images', this.count),
        this.backgroundField,
        this.formatField,
        this.styleField,
      ),
      h('div', { class: 'submit-row' }, h('div', { class: 'estimate-area' }, this.estimate, this.notes, this.problems), this.cancelButton, this.generateButton),
    );
    this.hint.textContent = `${GENERATE_SHORTCUT} to generate · ↑ ↓ for earlier prompts`;
    this.wire();
    this.updateCounter();
    this.autoGrow();
  }

  /** The current parameters (fitted to the model), or undefined before the model table arrives. */
  params(): StudioParams | undefined {
    return this.current;
  }

  /** Installs the model table; keeps `wanted` values where the model accepts them. */
  setCatalog(models: StudioModel[], wanted: StudioParams, problem: string | undefined): void {
    this.models = models;
    this.unavailable = problem;
    const groups = new Map<StudioModel['group'], StudioModel[]>();
    for (const model of models) groups.set(model.group, [...(groups.get(model.group) ?? []), model]);
    this.model.replaceChildren(
      ...[...groups].map(([group, entries]) =>
        h('optgroup', { label: GROUP_LABELS[group] }, ...entries.map((model) => h('option', { value: model.id }, model.note ? `${model.id} — ${model.note}` : model.id))),
      ),
    );
    const model = models.find((entry) => entry.id === wanted.model) ?? models[0];
    if (!model) return;
    this.apply(fitParams(model, wanted));
  }

  /** Fills the form (Run Again) with a prompt and parameters. */
  fill(prompt: string, params: StudioParams): void {
    this.prompt.value = prompt;
    this.history.reset();
    const model = this.models.find((entry) => entry.id === params.model);
    if (model) this.apply(fitParams(model, params));
    else this.showProblems([`${params.model} is not offered here any more; choose another model.`]);
    this.updateCounter();
    this.autoGrow();
  }

  setBusy(busy: FormBusy): void {
    this.busy = busy;
    this.cancelButton.hidden = busy !== 'running';
    this.generateButton.classList.toggle('working', busy !== 'idle');
    this.refreshGenerate();
  }

  showEstimate(label: string | undefined, basis: string | undefined, problems: string[], notes: string[]): void {
    this.estimate.textContent = label ? `Estimated ${label}` : problems.length === 0 ? 'No price known for this model' : '';
    this.estimate.title = basis ?? '';
    this.notes.replaceChildren(...notes.map((note) => h('p', {}, icon('info'), note)));
    this.showProblems(problems);
  }

  showProblems(problems: string[]): void {
    this.problems.replaceChildren(...problems.map((problem) => h('p', {}, icon('error'), problem)));
    this.blocked = problems.length > 0;
    this.refreshGenerate();
  }

  focusPrompt(): void {
    this.prompt.focus();
  }

  private refreshGenerate(): void {
    const empty = this.prompt.value.trim() === '';
    const disabled = this.busy !== 'idle' || empty || this.blocked || this.unavailable !== undefined || !this.current;
    this.generateButton.disabled = disabled;
    this.generateButton.setAttribute('aria-disabled', String(disabled));
    if (this.unavailable) this.generateButton.title = this.unavailable;
    else this.generateButton.title = this.busy === 'running' ? 'A job is running' : `Generate (${GENERATE_SHORTCUT})`;
  }

  private apply(params: StudioParams): void {
    const model = this.models.find((entry) => entry.id === params.model);
    if (!model) return;
    this.current = params;
    this.model.value = model.id;
    const known = model.sizes.includes(params.size);
    const sizes = model.sizes.map((size) => ({ value: size, label: size === 'auto' ? 'Auto' : size.replace('x', ' × ') }));
    if (model.customSize) sizes.push({ value: CUSTOM, label: 'Custom…' });
    fillSelect(this.size, sizes, known ? params.size : CUSTOM);
    this.customSize.hidden = known;
    if (!known) this.customSize.value = params.size;
    this.customSize.title = model.sizeHint ?? '';
    fillSelect(this.quality, model.qualities.map((quality) => ({ value: quality, label: quality[0].toUpperCase() + quality.slice(1) })), params.quality);
    this.quality.disabled = model.qualities.length <= 1;
    this.count.max = String(model.maxN);
    this.count.value = String(params.n);
    this.backgroundField.hidden = model.backgrounds.length === 0;
    fillSelect(
      this.background,
      model.backgrounds.map((value) => ({
        value,
        label: BACKGROUND_LABELS[value],
        disabled: value === 'transparent' && params.outputFormat === 'jpeg' ? 'JPEG has no transparency: choose PNG or WebP first.' : undefined,
      })),
      params.background,
    );
    this.formatField.hidden = model.outputFormats.length === 0;
    fillSelect(
      this.format,
      model.outputFormats.map((value) => ({
        value,
        label: FORMAT_LABELS[value],
        disabled: value === 'jpeg' && params.background === 'transparent' ? 'JPEG has no transparency.' : undefined,
      })),
      params.outputFormat,
    );
    this.styleField.hidden = model.styles.length === 0;
    fillSelect(this.style, model.styles.map((value) => ({ value, label: STYLE_LABELS[value] })), params.style);
    this.prompt.maxLength = Math.min(STUDIO_LIMITS.maxPromptLength, model.maxPromptLength ?? STUDIO_LIMITS.maxPromptLength);
    this.updateCounter();
    this.refreshGenerate();
  }

  /** Reads the controls, refits to the model and redraws the pickers. */
  private readControls(): void {
    const model = this.models.find((entry) => entry.id === this.model.value);
    if (!model || !this.current) return;
    const size = this.size.value === CUSTOM ? this.customSize.value.trim().toLowerCase().replace(/\s*[x×]\s*/, 'x') || this.current.size : this.size.value;
    const wanted: StudioParams = {
      model: model.id,
      size,
      quality: this.quality.value,
      n: Number.parseInt(this.count.value, 10) || 1,
      background: this.background.value as StudioBackground,
      outputFormat: this.format.value as StudioOutputFormat,
      style: this.style.value as StudioStyle,
    };
    const customChosen = this.size.value === CUSTOM;
    this.apply(fitParams(model, wanted));
    if (customChosen && model.customSize) {
      // Keep "Custom…" selected while the person types, even when the text is not a size yet.
      this.size.value = CUSTOM;
      this.customSize.hidden = false;
    }
    this.events.changed();
  }

  private wire(): void {
    for (const control of [this.model, this.size, this.quality, this.background, this.format, this.style]) {
      control.addEventListener('change', () => {
        this.readControls();
        if (control === this.size && this.size.value === CUSTOM) this.customSize.focus();
      });
    }
    this.count.addEventListener('change', () => this.readControls());
    this.customSize.addEventListener('input', () => {
      const typed = this.customSize.value.trim().toLowerCase().replace(/\s*[x×]\s*/, 'x');
      if (/^[1-9]\d{0,4}x[1-9]\d{0,4}$/.test(typed)) this.readControls();
      else this.showProblems(['Type the size as WIDTHxHEIGHT, for example 1920x1088.']);
    });
    this.prompt.addEventListener('input', () => {
      this.history.reset();
      this.updateCounter();
      this.autoGrow();
      this.refreshGenerate();
      this.events.changed();
    });
    this.prompt.addEventListener('keydown', (event) => this.onPromptKey(event));
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        if (!this.generateButton.disabled) this.events.generate();
      }
    });
    this.generateButton.addEventListener('click', () => this.events.generate());
    this.cancelButton.addEventListener('click', () => this.events.cancel());
  }

  private onPromptKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.isComposing) return;
    const { value, selectionStart, selectionEnd } = this.prompt;
    if (selectionStart !== selectionEnd) return;
    let recalled: string | undefined;
    let caret = 0;
    if (event.key === 'ArrowUp' && caretOnFirstLine(value, selectionStart)) {
      recalled = this.history.older(value);
      caret = 0; // at the start: the next Up goes further back even in a multi-line prompt
    } else if (event.key === 'ArrowDown' && caretOnLastLine(value, selectionStart)) {
      recalled = this.history.newer();
      caret = -1;
    }
    if (recalled === undefined) return;
    event.preventDefault();
    this.prompt.value = recalled;
    const at = caret === -1 ? recalled.length : 0;
    this.prompt.setSelectionRange(at, at);
    this.updateCounter();
    this.autoGrow();
    this.refreshGenerate();
    this.events.changed();
  }

  private updateCounter(): void {
    const length = [...this.prompt.value].length;
    const max = this.models.find((entry) => entry.id === this.current?.model)?.maxPromptLength;
    this.counter.textContent = max ? `${length.toLocaleString()} / ${max.toLocaleString()}` : length > 0 ? length.toLocaleString() : '';
    this.counter.classList.toggle('over', max !== undefined && length > max);
  }

  /** Grows the prompt box with its text, up to a limit (then it scrolls). */
  private autoGrow(): void {
    this.prompt.style.height = 'auto';
    this.prompt.style.height = `${Math.min(this.prompt.scrollHeight + 2, 320)}px`;
  }
}
