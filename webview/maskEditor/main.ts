// The mask editor's page: paint what to change on an image, extend the canvas, describe the
// new image, generate, compare, keep. The mask is data (maskHistory.ts) drawn by
// maskRenderer.ts; the host does everything that needs the network or the disk.
// First: the page's l10n and number formats, before any other module runs.
import '../common/pageL10n';
import * as l10n from '@vscode/l10n';
import { formatNumber } from '../../shared/localeFormat';
import { assertNever, type MaskEditSettings, type MaskExtension, type MaskImagePayload, type ToMaskEditor } from '../../shared/protocol';
import { AnnotateToolbar } from './annotateToolbar';
import { AnnotateTools } from './annotateTools';
import type { AnnotationShape } from './annotationShapes';
import { AnnotationLayer } from './annotations';
import { averageTint } from './averageTint';
import { byId } from './dom';
import { EditPanel } from './editPanel';
import { ExtendPanel } from './extendPanel';
import { bindKeyboardShortcuts } from './keyboardShortcuts';
import { exportMask } from './maskExport';
import { MaskHistory, sameExtension, type MaskOp } from './maskHistory';
import { MaskRenderer } from './maskRenderer';
import { ModeSwitch } from './modeSwitch';
import { extendedSize, type Size } from './outpaintPlan';
import { PaintToolbar } from './paintToolbar';
import { PaintTools } from './paintTools';
import { parsePersistedState, type PersistedState } from './persistedState';
import { ResultsView } from './resultsView';
import { StageLayout } from './stageLayout';
import { Viewport } from './viewport';
import { vscodeApi } from './vscodeApi';

const vscode = vscodeApi<PersistedState>();

// ---- Elements and parts ------------------------------------------------------------------

const viewportElement = byId('viewport', HTMLElement);
const stage = byId('stage', HTMLElement);
const imageCanvas = byId('image-canvas', HTMLCanvasElement);
const maskGroup = byId('mask-group', HTMLElement);
const loading = byId('loading', HTMLElement);
const zoomLabel = byId('zoom-label', HTMLButtonElement);
const undoButton = byId('undo', HTMLButtonElement);
const redoButton = byId('redo', HTMLButtonElement);
const imageInfo = byId('image-info', HTMLElement);
const cursorInfo = byId('cursor-info', HTMLElement);
const maskInfo = byId('mask-info', HTMLElement);
const app = document.querySelector<HTMLElement>('.app') ?? document.body;
const labelInput = byId('annotate-text', HTMLInputElement);

const history = new MaskHistory();
const renderer = new MaskRenderer(byId('mask-canvas', HTMLCanvasElement), byId('stroke-canvas', HTMLCanvasElement));
const viewport = new Viewport(viewportElement, stage);
const annotations = new AnnotationLayer(byId('annotation-canvas', HTMLCanvasElement), byId('annotation-live', HTMLCanvasElement));
const stageLayout = new StageLayout();

/** The image being painted on (undefined until the host sends it). */
let image: Omit<MaskImagePayload, 'bytes'> | undefined;
let sessionId = '';
let saved = parsePersistedState(vscode.getState());
let nextRequestId = 1;
let running: number | undefined;
let latestEstimate = 0;

const baseSize = (): Size => ({ width: image?.width ?? 1, height: image?.height ?? 1 });
const canvasSize = (): Size => extendedSize(baseSize(), history.extensionAt());

const tools = new PaintTools(
  {
    renderer,
    viewport,
    extension: () => history.extensionAt(),
    canPaint: () => image !== undefined && !results.isComparing && modeSwitch.mode === 'mask',
    commit,
    hover: (point) => {
      const text = point ? `${Math.floor(point.x)}, ${Math.floor(point.y)}` : '';
      // Unchanged text is not written again: a write makes the page lay out anew.
      if (cursorInfo.textContent !== text) cursorInfo.textContent = text;
    },
  },
  byId('brush-cursor', HTMLElement),
  byId('selection-path', SVGPathElement),
);

const annotateTools = new AnnotateTools({
  layer: annotations,
  viewport,
  extension: () => history.extensionAt(),
  imageSize: baseSize,
  canDraw: () => image !== undefined && !results.isComparing && modeSwitch.mode === 'annotate',
  labelText: () => labelInput.value,
  needText: () => {
    panel.setStatus(l10n.t('Type the label in the Label text box first, then click where it goes.'), 'error');
    labelInput.focus();
  },
  commit: (shape: AnnotationShape) => {
    annotations.commit(shape);
    commit({ kind: 'annotate', shape }, true);
  },
});

const panel = new EditPanel({
  changed: () => {
    scheduleEstimate();
    scheduleSave();
    modeSwitch.updateAvailability();
  },
  generate: () => void generate(),
  cancel: () => running !== undefined && vscode.postMessage({ type: 'cancel', requestId: running }),
});

const results = new ResultsView(viewport, {
  keep: (resultId) => vscode.postMessage({ type: 'keep', resultId }),
  discard: (resultId) => vscode.postMessage({ type: 'discard', resultId }),
  // The current strokes belong to the old image; the status line says the mask starts afresh.
  editAgain: (resultId) => vscode.postMessage({ type: 'editAgain', resultId }),
  openKept: (resultId) => vscode.postMessage({ type: 'openKept', resultId }),
  comparing: (on) => {
    maskGroup.hidden = on;
    viewportElement.classList.toggle('comparing', on);
    tools.updateCursor();
  },
});

const extendPanel = new ExtendPanel({
  base: baseSize,
  extension: () => history.extensionAt(),
  model: () => panel.currentModel(),
  apply: (extension) => commit({ kind: 'extend', extension }, false),
});

const modeSwitch = new ModeSwitch({
  panel,
  history,
  dataModeElements: [app, viewportElement],
  stopDrawing: () => {
    tools.cancel();
    annotateTools.cancel();
  },
  leaveComparison: () => {
    if (results.isComparing) results.select(undefined);
  },
  updateCursor: () => tools.updateCursor(),
  modelChosen: scheduleEstimate,
  changed: scheduleSave,
});

const paintToolbar = new PaintToolbar({ tools, renderer, viewportElement, maskGroup, changed: scheduleSave });
const annotateToolbar = new AnnotateToolbar({ tools: annotateTools, viewportElement, changed: scheduleSave });

// ---- Mask operations ------------------------------------------------------------------

/** Records an operation (drawing it unless it is already drawn) as one undo step. */
function commit(op: MaskOp, drawn: boolean): void {
  const before = history.extensionAt();
  renderer.forgetAfter(history.cursor);
  history.push(op);
  if (!drawn) renderer.apply(op);
  renderer.maybeCheckpoint(history.cursor);
  afterChange(before);
}

function undo(): void {
  if (tools.busy || annotateTools.busy || !history.canUndo) return;
  const before = history.extensionAt();
  history.undo();
  replayLayers();
  afterChange(before);
}

function redo(): void {
  if (tools.busy || annotateTools.busy || !history.canRedo) return;
  const before = history.extensionAt();
  history.redo();
  replayLayers();
  afterChange(before);
}

/** Both layers as the history says now (the mask skips annotations, the annotations skip the mask). */
function replayLayers(): void {
  renderer.replay(history.ops, history.cursor);
  annotations.replay(history.shapes());
}

function afterChange(extensionBefore: MaskExtension): void {
  const extension = history.extensionAt();
  if (!sameExtension(extension, extensionBefore)) {
    layout({ x: extension.left - extensionBefore.left, y: extension.top - extensionBefore.top });
    if (extendPanel.isOpen) extendPanel.sync();
    scheduleEstimate();
  }
  undoButton.disabled = !history.canUndo;
  redoButton.disabled = !history.canRedo;
  scheduleCoverage();
  modeSwitch.updateSends();
  scheduleSave();
}

/** Sizes and places the stage's layers for the current canvas. */
function layout(shift?: { x: number; y: number }): void {
  viewport.setContent(stageLayout.apply(baseSize(), history.extensionAt()), shift);
  describeImage();
}

function describeImage(): void {
  if (!image) return;
  const base = baseSize();
  const size = canvasSize();
  const extended = size.width !== base.width || size.height !== base.height;
  const dimensions = extended
    ? l10n.t('{width}x{height} → canvas {canvasWidth}x{canvasHeight}', {
        width: base.width,
        height: base.height,
        canvasWidth: size.width,
        canvasHeight: size.height,
      })
    : `${base.width}x${base.height}`;
  const parts = [image.name, dimensions, image.origin === 'result' ? l10n.t('editing a result') : '', image.note ?? ''];
  imageInfo.textContent = parts.filter(Boolean).join(' · ');
}

/** Inverts the mask (once an image is shown). */
function invertMask(): void {
  if (image) commit({ kind: 'invert' }, false);
}

/** Clears the mask (once an image is shown). */
function clearMask(): void {
  if (image) commit({ kind: 'clear' }, false);
}

// ---- Buttons and keys -------------------------------------------------------------------

byId('invert', HTMLButtonElement).addEventListener('click', invertMask);
byId('clear', HTMLButtonElement).addEventListener('click', clearMask);
undoButton.addEventListener('click', undo);
redoButton.addEventListener('click', redo);
byId('zoom-in', HTMLButtonElement).addEventListener('click', () => viewport.step(1));
byId('zoom-out', HTMLButtonElement).addEventListener('click', () => viewport.step(-1));
byId('zoom-fit', HTMLButtonElement).addEventListener('click', () => viewport.fit());
zoomLabel.addEventListener('click', () => viewport.actualSize());
viewport.onChange(() => {
  zoomLabel.textContent = formatNumber(viewport.zoom, { style: 'percent', maximumFractionDigits: 0 });
  scheduleSave();
});

bindKeyboardShortcuts({
  viewport,
  paintTools: tools,
  paintToolbar,
  annotateTools,
  results,
  extendPanel,
  mode: () => modeSwitch.mode,
  undo,
  redo,
  invertMask,
  clearMask,
});

// ---- Saved state, estimate, coverage ----------------------------------------------------

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleSave(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, 150);
  // Shown on the page while a save waits, for tests that must know their change was saved
  // (set once: this runs on every frame of a pan or zoom).
  if (!document.body.hasAttribute('data-save-pending')) document.body.dataset.savePending = 'true';
}

function saveNow(): void {
  clearTimeout(saveTimer);
  delete document.body.dataset.savePending;
  if (!image) return;
  const state: PersistedState = {
    version: 1,
    image: { sessionId, revision: image.revision, origin: image.origin, width: image.width, height: image.height },
    ops: history.ops.slice(),
    cursor: history.cursor,
    prompt: panel.prompt,
    settings: panel.settings(),
    tool: tools.tool,
    brushSize: tools.size,
    hardness: tools.hardness,
    overlay: renderer.overlay,
    view: { zoom: viewport.zoom, x: viewport.x, y: viewport.y },
    mode: modeSwitch.mode,
    annotate: { tool: annotateTools.tool, color: annotateTools.color, width: annotateTools.width },
  };
  vscode.setState(state);
  saved = state;
}
// A hidden editor's page is discarded: save what is pending first.
document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && saveNow());
window.addEventListener('pagehide', saveNow);

let estimateTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleEstimate(): void {
  clearTimeout(estimateTimer);
  estimateTimer = setTimeout(() => {
    if (!image || !panel.currentModel()) return;
    latestEstimate = nextRequestId++;
    vscode.postMessage({ type: 'estimate', requestId: latestEstimate, prompt: panel.prompt, settings: panel.settings(), extension: history.extensionAt() });
  }, 300);
}

let coverageTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleCoverage(): void {
  clearTimeout(coverageTimer);
  coverageTimer = setTimeout(() => {
    if (!image) return;
    const coverage = renderer.coverageEstimate();
    const steps = history.cursor;
    const percent = (value: number) => formatNumber(value, { style: 'percent', maximumFractionDigits: 0 });
    const area = coverage < 0.01 ? `<${percent(0.01)}` : percent(coverage);
    maskInfo.textContent =
      coverage === 0
        ? l10n.t('Nothing selected yet: paint what to change')
        : steps === 1
          ? l10n.t('Area to edit ≈ {area} · 1 step', { area })
          : l10n.t('Area to edit ≈ {area} · {steps} steps', { area, steps: formatNumber(steps) });
  }, 200);
}

// ---- Generate -----------------------------------------------------------------------------

async function generate(): Promise<void> {
  if (!image || running !== undefined) return;
  const problem = panel.problem(canvasSize());
  if (problem) {
    panel.setStatus(problem, 'error');
    return;
  }
  const annotating = modeSwitch.mode === 'annotate';
  if (annotating) {
    const model = panel.currentModel();
    if (model && !model.markup) {
      panel.setStatus(l10n.t('{model} does not take markup. Choose a model that does, or switch to Mask.', { model: model.id }), 'error');
      return;
    }
    if (history.shapes().length === 0) {
      panel.setStatus(l10n.t('Nothing is drawn yet: draw an arrow, a shape or a label on the image (or switch to Mask).'), 'error');
      return;
    }
    if (!sameExtension(history.extensionAt(), { left: 0, top: 0, right: 0, bottom: 0 })) {
      panel.setStatus(
        l10n.t('Annotations guide an edit of the image as it is: remove the canvas extension (Extend… › Remove extension) or switch to Mask.'),
        'error',
      );
      return;
    }
  } else if (history.isCertainlyEmpty()) {
    panel.setStatus(l10n.t('Nothing is selected to edit: paint the area to change.'), 'error');
    return;
  }
  tools.cancel();
  annotateTools.cancel();
  const requestId = nextRequestId++;
  running = requestId;
  panel.setRunning(true);
  panel.setStatus(annotating ? l10n.t('Preparing the annotations…') : l10n.t('Preparing the mask…'), 'progress');
  saveNow();
  try {
    // Exactly one layer goes: the API takes a mask or a markup, never both.
    const layer = annotating ? { markup: await annotations.exportPng() } : { mask: await exportMask(renderer.mask) };
    vscode.postMessage({
      type: 'generate',
      requestId,
      revision: image.revision,
      prompt: panel.prompt.trim(),
      settings: panel.settings(),
      extension: history.extensionAt(),
      ...layer,
    });
  } catch (error) {
    running = undefined;
    panel.setRunning(false);
    const reason = error instanceof Error ? error.message : String(error);
    panel.setStatus(
      annotating ? l10n.t('The annotations could not be prepared: {reason}', { reason }) : l10n.t('The mask could not be prepared: {reason}', { reason }),
      'error',
    );
  }
}

// ---- Messages from the host ---------------------------------------------------------------

async function showImage(payload: MaskImagePayload, restore: PersistedState | undefined): Promise<void> {
  const bitmap = await createImageBitmap(new Blob([payload.bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  imageCanvas.width = bitmap.width;
  imageCanvas.height = bitmap.height;
  const ctx = imageCanvas.getContext('2d');
  ctx?.clearRect(0, 0, bitmap.width, bitmap.height);
  ctx?.drawImage(bitmap, 0, 0);
  renderer.setTint(averageTint(bitmap));
  bitmap.close();
  const { bytes: _bytes, ...info } = payload;
  image = info;
  renderer.setBase({ width: payload.width, height: payload.height });
  annotations.setBase({ width: payload.width, height: payload.height });
  const sameImage =
    restore !== undefined &&
    ((restore.image.sessionId === sessionId && restore.image.revision === payload.revision) ||
      (restore.image.origin === 'source' && payload.origin === 'source' && restore.image.width === payload.width && restore.image.height === payload.height));
  if (restore && sameImage) {
    history.reset(restore.ops, restore.cursor);
    replayLayers();
  } else {
    history.reset();
    if (restore?.image.origin === 'result' && restore.ops.length > 0) {
      panel.setStatus(
        l10n.t('After the reload the editor starts again from the original image; your results are still listed below (Edit again continues from one).'),
        'info',
      );
    }
  }
  layout();
  if (restore?.view && sameImage) viewport.restore(restore.view);
  else viewport.fit();
  loading.hidden = true;
  afterChange(history.extensionAt());
}

async function onMessage(message: ToMaskEditor): Promise<void> {
  switch (message.type) {
    case 'init': {
      sessionId = message.sessionId;
      const restore = saved;
      const settings: MaskEditSettings =
        restore?.settings && message.models.some((model) => model.id === restore.settings?.model)
          ? // A state saved before the Complexity picker existed takes the host's (the settings') complexity.
            { complexity: message.settings.complexity, ...restore.settings }
          : message.settings;
      panel.setModels(message.models, settings);
      if (restore) {
        panel.prompt = restore.prompt;
        paintToolbar.setTool(restore.tool);
        paintToolbar.setBrushSize(restore.brushSize);
        paintToolbar.setHardness(restore.hardness);
        paintToolbar.setOverlay(restore.overlay);
        if (restore.annotate) {
          annotateToolbar.setTool(restore.annotate.tool);
          annotateToolbar.setColor(restore.annotate.color);
          annotateToolbar.setWidth(restore.annotate.width);
        }
      }
      // A brush about 1/24 of the image: big enough to see, small enough to be precise.
      if (!restore) paintToolbar.setBrushSize(Math.max(8, Math.min(300, Math.round(Math.max(message.image.width, message.image.height) / 24))));
      await showImage(message.image, restore);
      modeSwitch.setMode(message.mode ?? restore?.mode ?? 'mask', message.mode !== undefined);
      results.clear();
      for (const result of message.results) results.add(result, false);
      if (message.running !== undefined) {
        running = message.running;
        panel.setRunning(true);
        panel.setStatus(l10n.t('Generating…'), 'progress');
      }
      scheduleEstimate();
      return;
    }
    case 'image':
      results.select(undefined);
      await showImage(message.image, undefined);
      panel.setStatus(l10n.t('Editing the result again: paint the next change. Keep it first if you want this step saved too.'), 'info');
      scheduleEstimate();
      return;
    case 'mode':
      modeSwitch.setMode(message.mode, true);
      return;
    case 'estimate':
      if (message.requestId === latestEstimate) panel.setCost(message.label, message.basis);
      return;
    case 'progress':
      if (message.requestId === running) panel.setStatus(message.message, 'progress');
      return;
    case 'preview':
      if (message.requestId === running) results.showPreview(message.bytes, message.mimeType, message.partialIndex);
      return;
    case 'result':
      results.clearPreview();
      results.add(message.result);
      panel.setStatus(l10n.t('Compare with the slider, then keep or discard.'), 'info');
      return;
    case 'done':
      if (message.requestId !== running) return;
      running = undefined;
      results.clearPreview();
      panel.setRunning(false);
      if (message.outcome === 'finished') panel.setStatus(l10n.t('Done: compare with the slider, then keep or discard.'), 'info');
      else panel.setStatus(
          message.message ?? (message.outcome === 'cancelled' ? l10n.t('Cancelled.') : l10n.t('The edit failed.')),
          message.outcome === 'failed' ? 'error' : 'info',
        );
      return;
    case 'kept':
      results.markKept(message.resultId, message.fileName);
      panel.setStatus(l10n.t('Saved as {file}.', { file: message.fileName }), 'info');
      return;
    case 'discarded':
      results.remove(message.resultId);
      return;
    case 'error':
      if (!image) {
        loading.textContent = message.message;
        loading.classList.add('error');
        // Nothing can be edited: no tools, no Generate, no empty pickers that look usable.
        app.classList.add('refused');
      } else {
        panel.setStatus(message.message, 'error');
      }
      return;
    default:
      assertNever(message);
  }
}

window.addEventListener('message', (event: MessageEvent<ToMaskEditor>) => {
  onMessage(event.data).catch((error: unknown) => panel.setStatus(l10n.t('Something went wrong in the editor: {error}', { error: String(error) }), 'error'));
});

paintToolbar.setTool('brush');
paintToolbar.setHardness(0.8);
annotateToolbar.setTool('arrow');
annotateToolbar.setColor('#ff1f1f');
annotateToolbar.setWidth('thin');
vscode.postMessage({ type: 'ready' });