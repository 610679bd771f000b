// The "Extend…" panel: pixels to add on each side, or a shape the chosen model makes (with
// the image anchored where the person wants it), applied as one undoable step.
import * as l10n from '@vscode/l10n';
import type { MaskExtension, MaskModelChoice } from '../../shared/protocol';
import { formatNumber } from '../../shared/localeFormat';
import { byId, setOptions } from './dom';
import { NO_EXTENSION, sameExtension } from './maskHistory';
import { extendedSize, extensionProblem, extensionToAspect, roundExtension, type Anchor, type Size } from './outpaintPlan';

export interface ExtendPanelHost {
  base(): Size;
  extension(): MaskExtension;
  model(): MaskModelChoice | undefined;
  apply(extension: MaskExtension): void;
}

const SIDES = ['left', 'top', 'right', 'bottom'] as const;

export class ExtendPanel {
  private readonly panel = byId('extend-panel', HTMLElement);
  private readonly toggleButton = byId('extend-toggle', HTMLButtonElement);
  private readonly inputs = Object.fromEntries(SIDES.map((side) => [side, byId(`extend-${side}`, HTMLInputElement)])) as Record<
    (typeof SIDES)[number],
    HTMLInputElement
  >;
  private readonly aspect = byId('extend-aspect', HTMLSelectElement);
  private readonly anchor = byId('extend-anchor', HTMLSelectElement);
  private readonly round = byId('extend-round', HTMLInputElement);
  private readonly result = byId('extend-result', HTMLElement);

  constructor(private readonly host: ExtendPanelHost) {
    this.toggleButton.addEventListener('click', () => this.toggle());
    for (const input of Object.values(this.inputs)) {
      input.addEventListener('input', () => {
        this.aspect.value = '';
        this.describe();
      });
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') this.applyNow();
      });
    }
    this.aspect.addEventListener('change', () => this.fromAspect());
    this.anchor.addEventListener('change', () => this.fromAspect());
    this.round.addEventListener('change', () => this.describe());
    byId('extend-apply', HTMLButtonElement).addEventListener('click', () => this.applyNow());
    byId('extend-reset', HTMLButtonElement).addEventListener('click', () => {
      this.fill(NO_EXTENSION);
      this.applyNow();
    });
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  toggle(open = this.panel.hidden): void {
    this.panel.hidden = !open;
    this.toggleButton.setAttribute('aria-expanded', String(open));
    if (open) {
      this.sync();
      this.inputs.right.focus();
    }
  }

  /** Shows the extension in effect and the shapes of the current model. */
  sync(): void {
    const model = this.host.model();
    setOptions(
      this.aspect,
      [{ value: '', label: l10n.t('Custom') }, ...(model?.aspects ?? []).map((aspect) => ({ value: String(aspect.ratio), label: aspect.label }))],
      '',
    );
    const multiple = model?.multipleOf;
    this.round.disabled = !multiple;
    this.round.checked = Boolean(multiple);
    byId('extend-multiple', HTMLElement).textContent = l10n.t('Round to multiples of {multiple}', { multiple: formatNumber(multiple ?? 16) });
    this.fill(this.host.extension());
  }

  private values(): MaskExtension {
    const read = (side: (typeof SIDES)[number]) => {
      const value = Number(this.inputs[side].value);
      return Number.isFinite(value) ? Math.round(value) : -1;
    };
    return { left: read('left'), top: read('top'), right: read('right'), bottom: read('bottom') };
  }

  /** The extension that Apply would use (rounded to the model's multiple when asked). */
  private planned(): MaskExtension {
    const values = this.values();
    const multiple = this.host.model()?.multipleOf;
    if (!this.round.checked || !multiple || extensionProblem(this.host.base(), values)) return values;
    return roundExtension(this.host.base(), values, multiple, this.anchor.value as Anchor);
  }

  private fill(extension: MaskExtension): void {
    for (const side of SIDES) this.inputs[side].value = String(extension[side]);
    this.describe();
  }

  private fromAspect(): void {
    const ratio = Number(this.aspect.value);
    if (!this.aspect.value || !(ratio > 0)) return;
    const multiple = this.round.checked ? (this.host.model()?.multipleOf ?? 1) : 1;
    this.fill(extensionToAspect(this.host.base(), ratio, this.anchor.value as Anchor, multiple));
  }

  private describe(): void {
    const base = this.host.base();
    const planned = this.planned();
    const problem = extensionProblem(base, planned);
    if (problem) {
      this.result.textContent = problem;
      this.result.classList.add('error');
      return;
    }
    const size = extendedSize(base, planned);
    this.result.classList.remove('error');
    this.result.textContent = sameExtension(planned, NO_EXTENSION)
      ? l10n.t('Canvas: {width}x{height} (the image as it is)', { width: size.width, height: size.height })
      : l10n.t('Canvas: {width}x{height} (image {imageWidth}x{imageHeight} + new area, which the model paints)', {
          width: size.width,
          height: size.height,
          imageWidth: base.width,
          imageHeight: base.height,
        });
  }

  private applyNow(): void {
    const planned = this.planned();
    if (extensionProblem(this.host.base(), planned)) {
      this.describe();
      return;
    }
    this.fill(planned);
    if (!sameExtension(planned, this.host.extension())) this.host.apply(planned);
  }
}
