// The side panel: prompt, model and the parameters edits take, strict composite, the cost
// estimate, Generate/Cancel and the status line. Pickers offer only what the chosen model
// accepts (the host checks again before sending).
import * as l10n from '@vscode/l10n';
import type { MaskBackground, MaskEditSettings, MaskModelChoice, MaskOutputFormat, StudioComplexity } from '../../shared/protocol';
import { STUDIO_COMPLEXITIES } from '../../shared/protocol';
import { formatNumber } from '../../shared/localeFormat';
import { backgroundLabel, complexityHelp, complexityLabel, formatLabel, modelLabel, qualityLabel, sizeLabel } from '../common/choiceLabels';
import { byId, setOptions } from './dom';
import type { Size } from './outpaintPlan';

export interface EditPanelEvents {
  /** A choice or the prompt changed (for the estimate and the saved state). */
  changed(): void;
  generate(): void;
  cancel(): void;
}

/** The status shown when the prompt is missing (a function: the page's l10n is set up at start). */
const promptMissing = () => l10n.t('Write a prompt that describes the whole new image.');

export class EditPanel {
  private models: MaskModelChoice[] = [];
  private running = false;
  private readonly promptBox = byId('prompt', HTMLTextAreaElement);
  private readonly model = byId('model', HTMLSelectElement);
  private readonly size = byId('size', HTMLSelectElement);
  private readonly quality = byId('quality', HTMLSelectElement);
  private readonly complexity = byId('complexity', HTMLSelectElement);
  private readonly count = byId('count', HTMLInputElement);
  private readonly format = byId('format', HTMLSelectElement);
  private readonly background = byId('background', HTMLSelectElement);
  private readonly strict = byId('strict', HTMLInputElement);
  private readonly feather = byId('feather', HTMLInputElement);
  private readonly cost = byId('cost', HTMLElement);
  private readonly generateButton = byId('generate', HTMLButtonElement);
  private readonly cancelButton = byId('cancel', HTMLButtonElement);
  private readonly status = byId('status', HTMLElement);

  constructor(events: EditPanelEvents) {
    this.model.addEventListener('change', () => {
      this.applyModel(this.settings());
      events.changed();
    });
    for (const control of [this.size, this.quality, this.complexity, this.count, this.format, this.background, this.feather]) {
      control.addEventListener('change', () => events.changed());
    }
    this.strict.addEventListener('change', () => {
      byId('feather-field', HTMLElement).classList.toggle('disabled', !this.strict.checked);
      this.feather.disabled = !this.strict.checked;
      events.changed();
    });
    this.background.addEventListener('change', () => this.updateHints());
    this.promptBox.addEventListener('input', () => {
      // An error about the prompt is stale once the person writes one.
      if (this.status.classList.contains('error') && this.prompt.trim() && this.status.textContent === promptMissing()) this.setStatus('');
      events.changed();
    });
    this.generateButton.addEventListener('click', () => events.generate());
    this.cancelButton.addEventListener('click', () => events.cancel());
    // Ctrl/Cmd+Enter in the prompt generates, as in chat boxes.
    this.promptBox.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        events.generate();
      }
    });
  }

  get prompt(): string {
    return this.promptBox.value;
  }

  set prompt(value: string) {
    this.promptBox.value = value;
  }

  /** The models the host offers, and the choices to show (saved ones, or the host's defaults). */
  setModels(models: MaskModelChoice[], settings: MaskEditSettings): void {
    this.models = models;
    setOptions(
      this.model,
      models.map((model) => ({ value: model.id, label: modelLabel(model.id, model.detail) })),
      settings.model,
    );
    this.applyModel(settings);
    this.strict.checked = settings.strictComposite;
    this.feather.value = String(settings.featherPx);
    this.feather.disabled = !settings.strictComposite;
  }

  /** The ids of the offered models that pass `test`. */
  modelIds(test: (model: MaskModelChoice) => boolean): string[] {
    return this.models.filter(test).map((model) => model.id);
  }

  /** Chooses `id` (one of the offered models), keeping the other choices where they fit. */
  chooseModel(id: string): void {
    const previous = this.settings();
    this.model.value = id;
    this.applyModel(previous);
  }

  /** The model chosen now. */
  currentModel(): MaskModelChoice | undefined {
    return this.models.find((model) => model.id === this.model.value);
  }

  /** The choices as the host receives them. */
  settings(): MaskEditSettings {
    const model = this.currentModel();
    const n = Math.round(Number(this.count.value));
    const feather = Math.round(Number(this.feather.value));
    return {
      model: this.model.value,
      size: this.size.value || 'auto',
      quality: this.quality.value || 'auto',
      n: Number.isFinite(n) ? Math.max(1, Math.min(model?.maxN ?? 10, n)) : 1,
      outputFormat: (this.format.value || 'png') as MaskOutputFormat,
      background: (this.background.value || 'auto') as MaskBackground,
      // A model without complexity is sent none (its picker is hidden), as in the studio.
      complexity: model?.complexity ? ((this.complexity.value || 'default') as StudioComplexity) : 'default',
      strictComposite: this.strict.checked,
      featherPx: Number.isFinite(feather) ? Math.max(0, Math.min(32, feather)) : 2,
    };
  }

  /** Why Generate cannot be pressed now, if it cannot. */
  problem(canvas: Size): string | undefined {
    const model = this.currentModel();
    if (!model) return l10n.t('Choose a model.');
    const prompt = this.prompt.trim();
    if (!prompt) return promptMissing();
    const length = [...prompt].length;
    if (model.maxPromptLength && length > model.maxPromptLength) {
      return l10n.t('The prompt is {length} characters; {model} takes at most {max}.', {
        length: formatNumber(length),
        model: model.id,
        max: formatNumber(model.maxPromptLength),
      });
    }
    if (model.squareOnly && canvas.width !== canvas.height) {
      return l10n.t('{model} edits square images only; this canvas is {width}x{height}. Extend it to 1:1 or choose a GPT image model.', {
        model: model.id,
        width: canvas.width,
        height: canvas.height,
      });
    }
    return undefined;
  }

  setCost(label: string, basis?: string): void {
    this.cost.textContent = label ? l10n.t('Estimated cost: {cost}', { cost: label }) : '';
    this.cost.title = basis ?? '';
  }

  /** Generate ↔ Cancel while a request runs. */
  setRunning(running: boolean): void {
    this.running = running;
    this.generateButton.hidden = running;
    this.cancelButton.hidden = !running;
    this.generateButton.disabled = false;
  }

  get isRunning(): boolean {
    return this.running;
  }

  setStatus(text: string, kind: 'info' | 'error' | 'progress' = 'info'): void {
    this.status.textContent = text;
    this.status.className = `status ${kind}`;
  }

  /** Fills the pickers for the chosen model, keeping what still applies. */
  private applyModel(previous: MaskEditSettings): void {
    const model = this.currentModel();
    if (!model) return;
    // Short labels: the side panel is narrow (the explanation is the picker's tooltip).
    setOptions(this.size, model.sizes.map((size) => ({ value: size, label: sizeLabel(size) })), previous.size);
    this.size.title = model.sizes.includes('auto') ? l10n.t('Auto: the result follows the shape of the image') : '';
    setOptions(this.quality, model.qualities.map((quality) => ({ value: quality, label: qualityLabel(quality) })), previous.quality);
    setOptions(
      this.complexity,
      STUDIO_COMPLEXITIES.map((complexity) => ({ value: complexity, label: complexityLabel(complexity) })),
      previous.complexity ?? 'default',
    );
    this.complexity.title = complexityHelp();
    setOptions(this.format, model.outputFormats.map((format) => ({ value: format, label: formatLabel(format) })), previous.outputFormat);
    setOptions(this.background, model.backgrounds.map((background) => ({ value: background, label: backgroundLabel(background) })), previous.background);
    byId('complexity-field', HTMLElement).hidden = !model.complexity;
    byId('format-field', HTMLElement).hidden = model.outputFormats.length === 0;
    byId('background-field', HTMLElement).hidden = model.backgrounds.length === 0;
    this.count.max = String(model.maxN);
    this.count.value = String(Math.max(1, Math.min(model.maxN, previous.n)));
    this.promptBox.maxLength = model.maxPromptLength ?? 32_000;
    this.updateHints();
  }

  private updateHints(): void {
    // With strict composite the kept file is a PNG whatever the model returns, so the
    // pixels outside the mask stay exact; the format picker says so.
    this.format.title = this.strict.checked ? l10n.t('With strict composite, results are saved as PNG so kept pixels stay exact.') : '';
  }
}
