// Mask or Annotate: what the pointer draws and which layer Generate sends. Annotate is offered
// only where the chosen model takes markup (elsewhere one line says why), and the page always
// says which layer goes and that the other one is kept.
import * as l10n from '@vscode/l10n';
import { joinOr } from '../../shared/listJoin';
import { formatNumber } from '../../shared/localeFormat';
import type { MaskEditorMode } from '../../shared/protocol';
import { byId } from './dom';
import type { EditPanel } from './editPanel';
import type { MaskHistory } from './maskHistory';

/** What switching modes needs from the editor around it. */
export interface ModeSwitchHost {
  readonly panel: Pick<EditPanel, 'currentModel' | 'modelIds' | 'chooseModel'>;
  readonly history: Pick<MaskHistory, 'shapes' | 'isCertainlyEmpty'>;
  /** The elements whose `data-mode` the page's CSS reads. */
  readonly dataModeElements: readonly HTMLElement[];
  /** Abandons a stroke or shape being drawn: it belongs to the mode being left. */
  stopDrawing(): void;
  /** Hides the comparison, if one is shown: drawing returns to the layer being edited. */
  leaveComparison(): void;
  /** The brush outline shows only where the mask is painted. */
  updateCursor(): void;
  /** A model that takes markup was chosen for Annotate (the estimate is asked for again). */
  modelChosen(): void;
  /** The mode changed (for the saved state). */
  changed(): void;
}

export class ModeSwitch {
  private current: MaskEditorMode = 'mask';
  private readonly maskButton = byId('mode-mask', HTMLButtonElement);
  private readonly annotateButton = byId('mode-annotate', HTMLButtonElement);
  private readonly note = byId('mode-note', HTMLElement);
  private readonly annotationGroup = byId('annotation-group', HTMLElement);
  private readonly sendsLine = byId('sends', HTMLElement);

  constructor(private readonly host: ModeSwitchHost) {
    this.maskButton.addEventListener('click', () => this.setMode('mask'));
    this.annotateButton.addEventListener('click', () => this.setMode('annotate'));
  }

  /** What the pointer draws and Generate sends: the mask, or the annotations as markup. */
  get mode(): MaskEditorMode {
    return this.current;
  }

  /** `pickModel`: asked for from outside (*Edit with Markup…*): a model that takes markup is chosen if the current one does not. */
  setMode(next: MaskEditorMode, pickModel = false): void {
    const panel = this.host.panel;
    if (next === 'annotate' && !panel.currentModel()?.markup && this.current !== 'annotate') {
      const markupModel = pickModel ? panel.modelIds((choice) => choice.markup)[0] : undefined;
      if (!markupModel) {
        this.updateAvailability();
        return;
      }
      panel.chooseModel(markupModel);
      this.host.modelChosen();
    }
    this.host.stopDrawing();
    this.current = next;
    for (const element of this.host.dataModeElements) element.dataset.mode = next;
    this.maskButton.setAttribute('aria-pressed', String(next === 'mask'));
    this.annotateButton.setAttribute('aria-pressed', String(next === 'annotate'));
    this.host.leaveComparison();
    this.host.updateCursor();
    this.updateAvailability();
    this.updateSends();
    this.host.changed();
  }

  /** Annotate is offered only where the model takes markup; elsewhere one line says why. Call when the model changes. */
  updateAvailability(): void {
    const panel = this.host.panel;
    const model = panel.currentModel();
    const takesMarkup = model?.markup === true;
    this.annotateButton.disabled = !takesMarkup && this.current !== 'annotate';
    const offering = panel.modelIds((choice) => choice.markup);
    this.note.hidden = takesMarkup || !model;
    this.note.textContent = takesMarkup
      ? ''
      : offering.length > 0
        ? l10n.t('Annotate needs a model that takes markup: {models}.', { models: joinOr(offering) })
        : l10n.t('Annotate needs a model that takes markup (GPT Image 2.5 or later); none is offered here.');
    this.updateSends();
  }

  /** Says which layer Generate sends, and that the other one is kept. Call when the history changes. */
  updateSends(): void {
    const shapes = this.host.history.shapes().length;
    const painted = !this.host.history.isCertainlyEmpty();
    // An empty, dimmed annotation layer would still be composited over the image with every
    // frame of a mask stroke (a 2048x2048 layer with opacity): out of the page until it holds something.
    this.annotationGroup.hidden = this.current !== 'annotate' && shapes === 0;
    this.sendsLine.textContent =
      this.current === 'annotate'
        ? painted
          ? l10n.t('Generate sends your annotations as markup (no mask). The mask is kept, not sent.')
          : l10n.t('Generate sends your annotations as markup (no mask).')
        : shapes === 0
          ? l10n.t('Generate sends the mask.')
          : shapes === 1
            ? l10n.t('Generate sends the mask. Your 1 annotation is kept, not sent.')
            : l10n.t('Generate sends the mask. Your {count} annotations are kept, not sent.', { count: formatNumber(shapes) });
  }
}
