// The typed bridge to the host: `acquireVsCodeApi` can be called once per page.
import type { HostToStudio, StudioToHost } from '../../shared/protocol';

/**
 * What the page keeps across hide/show and reloads (getState/setState). Not the form's
 * choices: those the host remembers per workspace, so they outlive the panel too.
 */
export interface StudioViewState {
  v: 1;
  prompt: string;
  promptHistory: string[];
  filter: string;
  scrollTop: number;
  /** History entries loaded when the state was saved (to restore a deep scroll). */
  historyLoaded: number;
  /** The results section folded to its header. */
  resultsCollapsed: boolean;
}

interface VsCodeApi {
  postMessage(message: StudioToHost): void;
  getState(): unknown;
  setState(state: StudioViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function send(message: StudioToHost): void {
  api.postMessage(message);
}

let requestCounter = 0;

/** A fresh id to pair a request with its reply. */
export function nextRequestId(): number {
  return ++requestCounter;
}

/** The saved state, or a fresh one when there is none or it is from another version. */
export function loadState(): StudioViewState {
  const saved = api.getState() as Partial<StudioViewState> | null | undefined;
  const fresh: StudioViewState = { v: 1, prompt: '', promptHistory: [], filter: '', scrollTop: 0, historyLoaded: 0, resultsCollapsed: false };
  if (!saved || saved.v !== 1) return fresh;
  return {
    ...fresh,
    prompt: typeof saved.prompt === 'string' ? saved.prompt : '',
    promptHistory: Array.isArray(saved.promptHistory) ? saved.promptHistory.filter((p): p is string => typeof p === 'string') : [],
    filter: typeof saved.filter === 'string' ? saved.filter : '',
    scrollTop: typeof saved.scrollTop === 'number' ? saved.scrollTop : 0,
    historyLoaded: typeof saved.historyLoaded === 'number' ? saved.historyLoaded : 0,
    resultsCollapsed: saved.resultsCollapsed === true,
  };
}

let pending: StudioViewState | undefined;

/** Saves the state at most once per frame (typing calls this on every key). */
export function saveState(state: StudioViewState): void {
  const first = pending === undefined;
  pending = state;
  if (first) {
    requestAnimationFrame(() => {
      if (pending) api.setState(pending);
      pending = undefined;
    });
  }
}

/** Listens to the host. */
export function onMessage(handler: (message: HostToStudio) => void): void {
  window.addEventListener('message', (event: MessageEvent<HostToStudio>) => handler(event.data));
}
