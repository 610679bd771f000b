// The composer: prompt, model and the parameters that model accepts, the live estimate,
// Generate and Cancel. Pickers are rebuilt from the host's model table whenever the
// model changes, so a value the model cannot take is never on offer.
// The controls are the only record of what the person chose: `read()` reads every one of
// them when it is called (Generate reads at that moment, whatever was or was not blurred),
// and the estimate follows every keystroke (`input`, not `change`).
// The November 2026 fields follow the model and the format: Complexity where the model plans
// (gpt-image-2 and later); Frames and Frame duration for GIF output only, a note for SVG
// (gifSvgFields).
import * as l10n from '@vscode/l10n';
import type { StudioBackground, StudioComplexity, StudioModel, StudioOutputFormat, StudioParams, StudioStyle } from '../../shared/protocol';
import { STUDIO_COMPLEXITIES, STUDIO_LIMITS } from '../../shared/protocol';
import { chooseParams, fitParams } from '../../shared/studioChoices';
import { backgroundLabel, complexityHelp, complexityLabel, formatLabel, modelLabel, qualityLabel } from '../common/choiceLabels';
import { field, formatNumber, h, icon } from './dom';
import { GifSvgFields } from './gifSvgFields';
import { caretOnFirstLine, caretOnLastLine, PromptHistory } from './promptHistory';

const CUSTOM = '__custom__';
function groupLabel(group: StudioModel['group']): string {
  switch (group) {
    case 'current':
      return l10n.t('Current models');
    case 'retiring':
      return l10n.t('Retiring');
    case 'legacy':
      return l10n.t('Legacy (compatible servers)');
    case 'custom':
      return l10n.t('Custom');
  }
}

function styleLabel(style: StudioStyle): string {
  return style === 'vivid' ? l10n.t('Vivid') : l10n.t('Natural');
}

/** Why a transparent background cannot be chosen with `format`, or undefined when it can. */
function noTransparency(format: StudioOutputFormat): string | undefined {
  switch (format) {
    case 'png':
    case 'webp':
      return undefined;
    case 'jpeg':
      return l10n.t('JPEG has no transparency: choose PNG or WebP first.');
    case 'gif':
      return l10n.t('The service makes transparent images only as PNG or WebP, not GIF: choose PNG or WebP first.');
    case 'svg':
      return l10n.t('The service makes transparent images only as PNG or WebP, not SVG: choose PNG or WebP first.');
  }
}

/** Why `format` cannot be chosen with a transparent background. */
function notTransparent(format: StudioOutputFormat): string | undefined {
  switch (format) {
    case 'png':
    case 'webp':
      return undefined;
    case 'jpeg':
      return l10n.t('JPEG has no transparency.');
    case 'gif':
    case 'svg':
      return l10n.t('Transparent images come only as PNG or WebP: turn transparency off first.');
  }
}

/** What the form tells the page. */
export interface FormEvents {
  /** The prompt or a parameter changed (estimate again, save state). */
  changed(): void;
  /** The person set a parameter (not the prompt); `params` are the form's values now, all valid. */
  chose(params: StudioParams): void;
  /** The person asked for the settings' values back. */
  reset(): void;
  generate(): void;
  cancel(): void;
}

/** The form's values as the controls show them now. */
export interface FormReading {
  /** Every field; a field typed wrong holds its last valid value (see `problems`). */
  params: StudioParams;
  /** What is typed wrong (each a sentence): nothing may be sent while there is any. */
  problems: string[];
}

export type FormBusy = 'idle' | 'requesting' | 'running';

const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent);
export const GENERATE_SHORTCUT = isMac ? '⌘Enter' : 'Ctrl+Enter';

function generateTitle(): string {
  return l10n.t('Generate ({shortcut})', { shortcut: GENERATE_SHORTCUT });
}

/** `1920 x 1088`, `1920×1088` → `1920x1088`. */
const normalizeSize = (text: string) => text.trim().toLowerCase().replace(/\s*[x×]\s*/, 'x');
const SIZE = /^[1-9]\d{0,4}x[1-9]\d{0,4}$/;

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
    placeholder: l10n.t('Describe the image you want…'),
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
    'aria-label': l10n.t('Custom size (width x height)'),
    pattern: '[1-9][0-9]{0,4}x[1-9][0-9]{0,4}',
    hidden: true,
  });
  private readonly quality = h('select', { id: 'quality' });
  private readonly count = h('input', { id: 'count', type: 'number', min: 1, max: 10, step: 1, value: 1 });
  private readonly background = h('select', { id: 'background' });
  private readonly format = h('select', { id: 'format' });
  private readonly style = h('select', { id: 'style' });
  private readonly complexity = h('select', { id: 'complexity', title: complexityHelp(), 'aria-describedby': 'complexity-help' });
  private readonly backgroundField: HTMLElement;
  private readonly formatField: HTMLElement;
  private readonly styleField: HTMLElement;
  private readonly complexityField: HTMLElement;
  private readonly gifSvg = new GifSvgFields();
  private readonly hint = h('span', { class: 'hint-text' });
  private readonly counter = h('span', { class: 'counter' });
  private readonly estimate = h('span', { class: 'estimate', 'aria-live': 'polite' });
  private readonly problems = h('div', { class: 'problems', role: 'alert' });
  private readonly notes = h('div', { class: 'notes' });
  private readonly generateButton = h(
    'button',
    { type: 'button', class: 'primary', id: 'generate', title: generateTitle() },
    icon('sparkle'),
    h('span', {}, l10n.t('Generate')),
  );
  private readonly cancelButton = h('button', { type: 'button', class: 'secondary', id: 'cancel', hidden: true }, icon('stop-circle'), h('span', {}, l10n.t('Cancel')));
  private readonly resetButton = h(
    'button',
    { type: 'button', class: 'link-button', id: 'reset-choices', title: l10n.t('Model, size, quality and the rest as your imageStudio settings have them') },
    icon('discard'),
    h('span', {}, l10n.t('Reset to settings')),
  );
  private models: StudioModel[] = [];
  /** The settings' values (not fitted), for "Reset to settings" and stale choices. */
  private defaults: StudioParams | undefined;
  /** The last valid values read from the controls (for refitting when the model list changes). */
  private current: StudioParams | undefined;
  private busy: FormBusy = 'idle';
  /** What is typed wrong in the fields now. */
  private localProblems: string[] = [];
  /** The host's problems and the values (and prompt) they are about: they block only those. */
  private hostProblems: { key: string; problems: string[] } = { key: '', problems: [] };
  private unavailable: string | undefined;
  readonly history: PromptHistory;

  constructor(
    private readonly events: FormEvents,
    savedPrompt: string,
    savedHistory: string[],
  ) {
    this.history = new PromptHistory(savedHistory);
    this.prompt.value = savedPrompt;
    this.backgroundField = field(l10n.t('Background'), this.background);
    this.formatField = field(l10n.t('Format'), this.format);
    this.styleField = field(l10n.t('Style'), this.style);
    this.complexityField = field(l10n.t('Complexity'), this.complexity, h('span', { id: 'complexity-help', class: 'visually-hidden' }, complexityHelp()));
    this.element = h(
      'section',
      { class: 'composer', 'aria-label': l10n.t('New image') },
      h('label', { for: 'prompt', class: 'visually-hidden' }, l10n.t('Prompt')),
      this.prompt,
      h('div', { id: 'prompt-hint', class: 'hint' }, this.hint, this.counter),
      h(
        'div',
        { class: 'params' },
        field(l10n.t('Model'), this.model),
        field(l10n.t('Size'), this.size, this.customSize),
        field(l10n.t('Quality'), this.quality),
        this.complexityField,
        field(l10n.t('Images'), this.count),
        this.backgroundField,
        this.formatField,
        this.gifSvg.frameCountField,
        this.gifSvg.frameDurationField,
        this.styleField,
        // eslint-disable-next-line image-studio/localized-text -- CSS classes
        h('div', { class: 'field reset-field' }, this.resetButton),
      ),
      h('div', { class: 'submit-row' }, h('div', { class: 'estimate-area' }, this.estimate, this.gifSvg.note, this.notes, this.problems), this.cancelButton, this.generateButton),
    );
    this.hint.textContent = l10n.t('{shortcut} to generate · ↑ ↓ for earlier prompts', { shortcut: GENERATE_SHORTCUT });
    this.wire();
    this.updateCounter();
    this.autoGrow();
  }

  /**
   * Every field as the controls show it at this moment (nothing cached from an earlier
   * event), with what is typed wrong; undefined before the model table arrives.
   */
  read(): FormReading | undefined {
    const model = this.models.find((entry) => entry.id === this.model.value);
    if (!model || !this.current) return undefined;
    const problems: string[] = [];
    const outputFormat = this.format.value as StudioOutputFormat;
    // GIF output has no custom size: a size typed for another format is not read (fitParams picks a GIF size).
    const gif = outputFormat === 'gif' && model.gifSizes.length > 0;
    let size = this.size.value;
    if (gif && (size === CUSTOM || !size)) size = this.current.size;
    else if (size === CUSTOM || !size) {
      size = normalizeSize(this.customSize.value);
      if (!SIZE.test(size)) {
        problems.push(l10n.t('Type the size as WIDTHxHEIGHT, for example 1920x1088.'));
        size = this.current.size;
      }
    }
    const typed = this.count.value.trim();
    let n = Number(typed);
    if (!/^\d{1,3}$/.test(typed) || n < 1 || n > model.maxN) {
      problems.push(l10n.t('Type the number of images as a whole number from 1 to {max}.', { max: formatNumber(model.maxN) }));
      n = this.current.n;
    }
    // The frames count only for a GIF (see GifSvgFields.read).
    const { frameCount, frameDurationMs } = this.gifSvg.read(gif, this.current, problems);
    const wanted: StudioParams = {
      model: model.id,
      size,
      quality: this.quality.value,
      n,
      background: this.background.value as StudioBackground,
      outputFormat,
      style: this.style.value as StudioStyle,
      complexity: this.complexity.value as StudioComplexity,
      frameCount,
      frameDurationMs,
    };
    return { params: fitParams(model, wanted), problems };
  }

  /** The last valid values (to refit when the model list changes), or undefined before the model table arrives. */
  choices(): StudioParams | undefined {
    return this.current;
  }

  /** What an estimate of `params` for `prompt` is about (to tell a current answer from a stale one). */
  static key(params: StudioParams, prompt: string): string {
    return JSON.stringify([
      params.model,
      params.size,
      params.quality,
      params.n,
      params.background,
      params.outputFormat,
      params.style,
      params.complexity,
      params.frameCount,
      params.frameDurationMs,
      prompt,
    ]);
  }

  /** Whether the host said these very values (and prompt) cannot be sent. */
  refusedByHost(params: StudioParams, prompt: string): boolean {
    return this.hostProblems.problems.length > 0 && this.hostProblems.key === StudioForm.key(params, prompt);
  }

  /**
   * Installs the model table and the settings' values, and shows `wanted` (each field kept
   * where the model accepts it, else the settings' value for that field).
   */
  setCatalog(models: StudioModel[], wanted: StudioParams, defaults: StudioParams, problem: string | undefined): void {
    this.models = models;
    this.defaults = defaults;
    this.unavailable = problem;
    const groups = new Map<StudioModel['group'], StudioModel[]>();
    for (const model of models) groups.set(model.group, [...(groups.get(model.group) ?? []), model]);
    this.model.replaceChildren(
      ...[...groups].map(([group, entries]) =>
        h('optgroup', { label: groupLabel(group) }, ...entries.map((model) => h('option', { value: model.id }, modelLabel(model.id, model.note)))),
      ),
    );
    const params = chooseParams(models, wanted, defaults);
    if (!params) return;
    this.localProblems = [];
    this.apply(params);
    this.renderProblems();
  }

  /** Fills the form (Run Again) with a prompt and parameters. */
  fill(prompt: string, params: StudioParams): void {
    this.prompt.value = prompt;
    this.history.reset();
    const model = this.models.find((entry) => entry.id === params.model);
    if (model) {
      this.localProblems = [];
      this.apply(fitParams(model, params));
      this.renderProblems();
    } else this.showRefusal(l10n.t('{model} is not offered here any more; choose another model.', { model: params.model }));
    this.updateCounter();
    this.autoGrow();
  }

  /**
   * The values to send now, read from the controls at this moment, or undefined when nothing
   * may be sent (a job is running, no prompt, a field typed wrong, values the host refused).
   */
  submittable(): StudioParams | undefined {
    const reading = this.read();
    if (!reading || this.busy !== 'idle' || this.unavailable !== undefined || this.prompt.value.trim() === '') return undefined;
    if (reading.problems.length > 0) {
      this.localProblems = reading.problems;
      this.renderProblems();
      return undefined;
    }
    if (this.refusedByHost(reading.params, this.prompt.value)) return undefined;
    return reading.params;
  }

  setBusy(busy: FormBusy): void {
    this.busy = busy;
    this.cancelButton.hidden = busy !== 'running';
    this.generateButton.classList.toggle('working', busy !== 'idle');
    this.refreshGenerate();
  }

  /** The host's estimate of the values and prompt `key` names (see `key`). */
  showEstimate(key: string, label: string | undefined, basis: string | undefined, problems: string[], notes: string[]): void {
    this.estimate.textContent = label ? l10n.t('Estimated {cost}', { cost: label }) : problems.length === 0 ? l10n.t('No price known for this model') : '';
    this.estimate.title = basis ?? '';
    this.estimate.classList.remove('stale');
    this.notes.replaceChildren(...notes.map((note) => h('p', {}, icon('info'), note)));
    this.hostProblems = { key, problems };
    this.renderProblems();
  }

  /** The estimate on show is for earlier values: an answer for these is on its way. */
  estimatePending(): void {
    this.estimate.classList.add('stale');
  }

  /** Why the host did not start a job, or why nothing can be generated here; shown until the next change. */
  showRefusal(message: string): void {
    this.hostProblems = { key: '', problems: [message] };
    this.renderProblems();
  }

  private renderProblems(): void {
    const problems = [...this.localProblems, ...(this.localProblems.length > 0 ? [] : this.hostProblems.problems)];
    this.problems.replaceChildren(...problems.map((problem) => h('p', {}, icon('error'), problem)));
    if (this.localProblems.length > 0) {
      // No estimate for values that cannot be sent.
      this.estimate.textContent = '';
      this.estimate.title = '';
    }
    this.refreshGenerate();
  }

  focusPrompt(): void {
    this.prompt.focus();
  }

  private refreshGenerate(): void {
    const empty = this.prompt.value.trim() === '';
    const blocked = this.localProblems.length > 0 || (this.current !== undefined && this.refusedByHost(this.current, this.prompt.value));
    const disabled = this.busy !== 'idle' || empty || blocked || this.unavailable !== undefined || !this.current;
    this.generateButton.disabled = disabled;
    this.generateButton.setAttribute('aria-disabled', String(disabled));
    if (this.unavailable) this.generateButton.title = this.unavailable;
    else this.generateButton.title = this.busy === 'running' ? l10n.t('A job is running') : generateTitle();
  }

  private apply(params: StudioParams): void {
    const model = this.models.find((entry) => entry.id === params.model);
    if (!model) return;
    this.current = params;
    this.model.value = model.id;
    // A GIF is made at a few sizes only (fitParams chose one of them): no "Custom…".
    const gif = params.outputFormat === 'gif' && model.gifSizes.length > 0;
    const offered = gif ? model.gifSizes : model.sizes;
    const known = offered.includes(params.size);
    const sizes = offered.map((size) => ({ value: size, label: size === 'auto' ? l10n.t('Auto') : size.replace('x', ' × ') }));
    if (model.customSize && !gif) sizes.push({ value: CUSTOM, label: l10n.t('Custom…') });
    fillSelect(this.size, sizes, known ? params.size : CUSTOM);
    this.size.title = gif ? l10n.t('GIF output is made at these sizes only.') : '';
    this.customSize.hidden = known;
    if (!known) this.customSize.value = params.size;
    this.customSize.title = model.sizeHint ?? '';
    fillSelect(this.quality, model.qualities.map((quality) => ({ value: quality, label: qualityLabel(quality) })), params.quality);
    this.quality.disabled = model.qualities.length <= 1;
    this.complexityField.hidden = !model.complexity;
    fillSelect(
      this.complexity,
      STUDIO_COMPLEXITIES.map((value) => ({ value, label: complexityLabel(value) })),
      params.complexity ?? 'default',
    );
    this.count.max = String(model.maxN);
    this.count.value = String(params.n);
    this.backgroundField.hidden = model.backgrounds.length === 0;
    fillSelect(
      this.background,
      model.backgrounds.map((value) => ({
        value,
        label: backgroundLabel(value),
        disabled: value === 'transparent' ? noTransparency(params.outputFormat) : undefined,
      })),
      params.background,
    );
    this.formatField.hidden = model.outputFormats.length === 0;
    fillSelect(
      this.format,
      model.outputFormats.map((value) => ({
        value,
        label: formatLabel(value),
        disabled: params.background === 'transparent' ? notTransparent(value) : undefined,
      })),
      params.outputFormat,
    );
    this.gifSvg.show(gif, params);
    this.styleField.hidden = model.styles.length === 0;
    fillSelect(this.style, model.styles.map((value) => ({ value, label: styleLabel(value) })), params.style);
    this.prompt.maxLength = Math.min(STUDIO_LIMITS.maxPromptLength, model.maxPromptLength ?? STUDIO_LIMITS.maxPromptLength);
    this.updateCounter();
    this.refreshGenerate();
  }

  /**
   * A parameter changed: reads every control, and when `redraw` (a picker changed, or a typed
   * field was left) refits the pickers to the model. Typing in a field only reads it: the
   * text stays as typed (no caret jumps), and what is typed wrong is shown, not replaced.
   */
  private touched(redraw: boolean): void {
    let reading = this.read();
    if (!reading) return;
    if (redraw) {
      const typed = {
        count: this.count.value,
        size: this.customSize.value,
        custom: this.size.value === CUSTOM,
        frames: this.gifSvg.typed(),
      };
      this.apply(reading.params);
      if (reading.problems.length > 0) {
        // What is typed wrong stays as typed (with its problem), not replaced by an older value.
        this.count.value = typed.count;
        this.gifSvg.retype(typed.frames);
        const model = this.models.find((entry) => entry.id === this.model.value);
        if (typed.custom && model?.customSize && !(reading.params.outputFormat === 'gif' && model.gifSizes.length > 0)) {
          this.size.value = CUSTOM;
          this.customSize.hidden = false;
          this.customSize.value = typed.size;
        }
        reading = this.read() ?? reading;
      }
    }
    if (reading.problems.length === 0) this.current = reading.params;
    this.gifSvg.showNote(reading.params);
    this.localProblems = reading.problems;
    this.renderProblems();
    this.updateCounter();
    this.events.changed();
    if (reading.problems.length === 0) this.events.chose(reading.params);
  }

  /** "Reset to settings": the settings' values, each fitted to the model. */
  private reset(): void {
    const params = this.defaults && chooseParams(this.models, this.defaults, this.defaults);
    if (!params) return;
    this.localProblems = [];
    this.apply(params);
    this.renderProblems();
    this.events.reset();
    this.events.changed();
  }

  private wire(): void {
    for (const control of [this.model, this.size, this.quality, this.complexity, this.background, this.format, this.style]) {
      control.addEventListener('change', () => {
        const custom = control === this.size && this.size.value === CUSTOM;
        // "Custom…" starts from the size shown, so there is something valid to edit.
        if (custom && !this.customSize.value.trim() && this.current && SIZE.test(this.current.size)) this.customSize.value = this.current.size;
        this.touched(true);
        if (custom) this.customSize.focus();
      });
    }
    for (const control of [this.count, this.customSize, ...this.gifSvg.inputs]) {
      control.addEventListener('input', () => this.touched(false));
      control.addEventListener('change', () => this.touched(true));
    }
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
        // Decided by the page on the controls' values now, not on the button's last state.
        this.events.generate();
      }
    });
    this.generateButton.addEventListener('click', () => this.events.generate());
    this.cancelButton.addEventListener('click', () => this.events.cancel());
    this.resetButton.addEventListener('click', () => this.reset());
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
    this.counter.textContent = max ? `${formatNumber(length)} / ${formatNumber(max)}` : length > 0 ? formatNumber(length) : '';
    this.counter.classList.toggle('over', max !== undefined && length > max);
  }

  /** Grows the prompt box with its text, up to a limit (then it scrolls). */
  private autoGrow(): void {
    this.prompt.style.height = 'auto';
    this.prompt.style.height = `${Math.min(this.prompt.scrollHeight + 2, 320)}px`;
  }
}
