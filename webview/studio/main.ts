// The Image Studio webview: composer, results and history. Plain DOM and TypeScript; the
// host owns files, settings and generation, and this page only asks (see shared/protocol.ts).
import { assertNever, type HostToStudio, type StudioImage } from '../../shared/protocol';
import { h } from './dom';
import { StudioForm } from './form';
import { HistoryView, PAGE_SIZE } from './historyView';
import { ResultsView } from './results';
import type { TileAction } from './tiles';
import { loadState, nextRequestId, onMessage, saveState, send, type StudioViewState } from './vscodeApi';

const state: StudioViewState = loadState();
const status = h('div', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
let statusTimer: ReturnType<typeof setTimeout> | undefined;
let estimateRequest = 0;
let estimateTimer: ReturnType<typeof setTimeout> | undefined;
let generateRequest: number | undefined;
const actionRequests = new Map<number, TileAction>();

function announce(text: string, kind: 'info' | 'error' = 'info'): void {
  status.textContent = text;
  status.classList.toggle('error', kind === 'error');
  status.hidden = false;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => (status.hidden = true), 5000);
}

function persist(): void {
  state.prompt = form.prompt.value;
  const params = form.params();
  if (params) state.params = params;
  state.promptHistory = form.history.list();
  state.historyLoaded = history.loaded;
  saveState({ ...state });
}

function requestEstimate(): void {
  clearTimeout(estimateTimer);
  estimateTimer = setTimeout(() => {
    const params = form.params();
    if (!params) return;
    estimateRequest = nextRequestId();
    send({ type: 'estimate', requestId: estimateRequest, prompt: form.prompt.value, params });
  }, 120);
}

function generate(): void {
  const params = form.params();
  const prompt = form.prompt.value.trim();
  if (!params || !prompt || generateRequest !== undefined) return;
  form.history.add(prompt);
  generateRequest = nextRequestId();
  form.setBusy('requesting');
  results.preparing();
  send({ type: 'generate', requestId: generateRequest, prompt, params });
  persist();
}

function onTileAction(image: StudioImage, action: TileAction): void {
  if (action === 'rerun') {
    if (!image.params) return;
    form.fill(image.prompt, image.params);
    persist();
    generate();
    return;
  }
  const requestId = nextRequestId();
  actionRequests.set(requestId, action);
  send({ type: 'imageAction', requestId, id: image.id, action });
}

const form = new StudioForm(
  {
    changed: () => {
      requestEstimate();
      persist();
    },
    generate,
    cancel: () => send({ type: 'cancel' }),
  },
  state.prompt,
  state.promptHistory,
);
const results = new ResultsView(onTileAction);
const history = new HistoryView(
  {
    query: (filter, offset, limit) => {
      const requestId = nextRequestId();
      send({ type: 'historyQuery', requestId, filter, offset, limit });
      return requestId;
    },
    thumbnails: (ids) => send({ type: 'thumbnails', ids }),
    action: onTileAction,
    filterChanged: (filter) => {
      state.filter = filter;
      persist();
    },
    firstScreen: (tiles) => {
      // After the next paint: that is when the person sees it.
      requestAnimationFrame(() =>
        setTimeout(() => {
          const ms = Math.round(performance.now());
          document.body.dataset.historyFirstScreenMs = String(ms);
          send({ type: 'metrics', historyFirstScreenMs: ms, historyTiles: tiles });
          restoreScroll();
        }, 0),
      );
    },
  },
  state.filter,
);

function restoreScroll(): void {
  if (state.scrollTop > 0) document.scrollingElement?.scrollTo({ top: state.scrollTop });
}

function onHostMessage(message: HostToStudio): void {
  switch (message.type) {
    case 'init':
      form.history.merge(message.recentPrompts);
      form.setCatalog(message.models, state.params ?? message.defaults, message.problem);
      if (message.problem) form.showProblems([message.problem]);
      if (message.job) {
        results.show(message.job);
        form.setBusy(message.job.state === 'running' || message.job.state === 'starting' ? 'running' : 'idle');
      }
      requestEstimate();
      return;
    case 'catalog':
      form.setCatalog(message.models, form.params() ?? message.defaults, message.problem);
      requestEstimate();
      return;
    case 'estimateResult':
      if (message.requestId === estimateRequest) form.showEstimate(message.label, message.basis, message.problems, message.notes);
      return;
    case 'generateAccepted':
      if (message.requestId === generateRequest) form.setBusy('running');
      return;
    case 'generateRefused':
      if (message.requestId !== generateRequest) return;
      generateRequest = undefined;
      form.setBusy('idle');
      results.notStarted(message.message);
      form.showProblems([message.message]);
      return;
    case 'jobStarted':
      results.show(message.job);
      form.setBusy('running');
      return;
    case 'partialImage':
      results.partial(message.jobId, message.imageIndex, message.partialIndex, message.bytes, message.mime);
      return;
    case 'imageSaved':
      results.saved(message.jobId, message.imageIndex, message.image, message.src);
      return;
    case 'jobEnded':
      generateRequest = undefined;
      form.setBusy('idle');
      results.ended(message.jobId, message.state, message.message, message.costUsd);
      if (message.state === 'failed' && message.message) announce(message.message, 'error');
      return;
    case 'historyPage':
      history.page(message.requestId, message.offset, message.total, message.entries);
      persist();
      return;
    case 'historyChanged':
      history.reload(history.loaded);
      return;
    case 'thumbnail':
      history.thumbnail(message.id, message.src);
      return;
    case 'actionResult': {
      const action = actionRequests.get(message.requestId);
      actionRequests.delete(message.requestId);
      if (action && message.message) announce(message.message, message.ok ? 'info' : 'error');
      return;
    }
    case 'imageRemoved':
      history.removed(message.id);
      results.removed(message.id);
      return;
    default:
      assertNever(message);
  }
}

document.body.append(h('main', { class: 'studio' }, form.element, status, results.element, history.element));
status.hidden = true;
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener(
  'scroll',
  () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => {
      state.scrollTop = document.scrollingElement?.scrollTop ?? 0;
      persist();
    }, 150);
  },
  { passive: true },
);
onMessage(onHostMessage);
send({ type: 'ready' });
// Asked for at once, not after `init`: the history does not depend on it (one round trip less).
history.reload(Math.max(PAGE_SIZE, state.historyLoaded));
if (!state.prompt) form.focusPrompt();
