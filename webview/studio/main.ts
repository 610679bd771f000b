// The Image Studio webview: composer, results and history. Plain DOM and TypeScript; the
// host owns files, settings and generation, and this page only asks (see shared/protocol.ts).
// First: the page's l10n and number formats, before any other module runs.
import '../common/pageL10n';
import { assertNever, type HostToStudio, type StudioImage, type StudioParams } from '../../shared/protocol';
import { h } from './dom';
import { StudioForm } from './form';
import { parseEmbeddedState } from './embeddedState';
import { HistoryView, PAGE_SIZE } from './historyView';
import { ResultsView } from './results';
import type { TileAction } from './tiles';
import { loadState, nextRequestId, onMessage, saveState, send, type StudioViewState } from './vscodeApi';

const state: StudioViewState = loadState();
const status = h('div', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
let statusTimer: ReturnType<typeof setTimeout> | undefined;
let estimateRequest = 0;
/** What the last estimate asked about (StudioForm.key). */
let estimateKey = '';
let estimateTimer: ReturnType<typeof setTimeout> | undefined;
/** Nothing remembered: the form shows the settings and follows them when they change. */
let followsSettings = true;
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
  state.promptHistory = form.history.list();
  state.historyLoaded = history.loaded;
  saveState({ ...state });
}

/** Estimates the form's values as they are when the (short) debounce ends: every keystroke is followed. */
function requestEstimate(): void {
  clearTimeout(estimateTimer);
  form.estimatePending();
  estimateTimer = setTimeout(() => {
    const reading = form.read();
    // Values typed wrong are not estimated: the form says what is wrong instead.
    if (!reading || reading.problems.length > 0) return;
    estimateRequest = nextRequestId();
    estimateKey = StudioForm.key(reading.params, form.prompt.value);
    send({ type: 'estimate', requestId: estimateRequest, prompt: form.prompt.value, params: reading.params });
  }, 80);
}

/** The person's choices, remembered by the host for the next panel in this workspace. */
function remember(params: StudioParams): void {
  followsSettings = false;
  send({ type: 'rememberChoices', params });
}

function generate(): void {
  // Read from the controls now: a field still being typed in counts as typed.
  const params = form.submittable();
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
    const filled = form.read();
    if (filled && filled.problems.length === 0) remember(filled.params);
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
    chose: remember,
    reset: () => {
      followsSettings = true;
      send({ type: 'forgetChoices' });
    },
    generate,
    cancel: () => send({ type: 'cancel' }),
  },
  state.prompt,
  state.promptHistory,
);
const results = new ResultsView(onTileAction, state.resultsCollapsed, (collapsed) => {
  state.resultsCollapsed = collapsed;
  persist();
});
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
    firstScreen: (tiles, embedded) => {
      // After the next paint: that is when the person sees it.
      requestAnimationFrame(() =>
        setTimeout(() => {
          const ms = Math.round(performance.now());
          document.body.dataset.historyFirstScreenMs = String(ms);
          send({ type: 'metrics', historyFirstScreenMs: ms, historyTiles: tiles, historyEmbedded: embedded });
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
      followsSettings = message.choices === undefined;
      form.setCatalog(message.models, message.choices ?? message.defaults, message.defaults, message.problem);
      if (message.problem) form.showRefusal(message.problem);
      if (message.job) {
        results.show(message.job);
        form.setBusy(message.job.state === 'running' || message.job.state === 'starting' ? 'running' : 'idle');
      }
      requestEstimate();
      return;
    case 'catalog':
      // The settings changed: a form that shows them shows the new ones; the person's own choices stay where still valid.
      form.setCatalog(message.models, (followsSettings ? undefined : form.choices()) ?? message.defaults, message.defaults, message.problem);
      requestEstimate();
      return;
    case 'estimateResult':
      if (message.requestId === estimateRequest) form.showEstimate(estimateKey, message.label, message.basis, message.problems, message.notes);
      return;
    case 'generateAccepted':
      if (message.requestId === generateRequest) form.setBusy('running');
      return;
    case 'generateRefused':
      if (message.requestId !== generateRequest) return;
      generateRequest = undefined;
      form.setBusy('idle');
      results.notStarted(message.message);
      form.showRefusal(message.message);
      return;
    case 'jobStarted':
      results.show(message.job, true);
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

// Two columns on a wide panel (the history beside the composer and results, always in view),
// one on a narrow one (the results collapse to bring the history up); see studio.css.
document.body.append(h('main', { class: 'studio' }, h('div', { class: 'studio-work' }, form.element, status, results.element), history.element));
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
// The first page, when the host put it in the HTML: drawn now, with no round trip. Only for
// what it is, the unfiltered newest entries: a page restored with a filter, or scrolled
// deeper than that page reaches, asks for what it showed.
const embedded = parseEmbeddedState(document.body.dataset.state).history;
if (embedded && state.filter === '' && (state.historyLoaded <= embedded.entries.length || embedded.entries.length === embedded.total)) {
  history.showFirstPage(embedded.total, embedded.entries);
  persist();
} else {
  // Asked for at once, not after `init`: the history does not depend on it (one round trip less).
  history.reload(Math.max(PAGE_SIZE, state.historyLoaded));
}
if (!state.prompt) form.focusPrompt();
