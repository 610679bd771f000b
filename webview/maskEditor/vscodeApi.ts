// The webview side of VS Code's messaging and state API, typed for the mask editor.
import type { FromMaskEditor } from '../../shared/protocol';

interface VsCodeApi<State> {
  postMessage(message: FromMaskEditor): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

/** The API object; VS Code allows acquiring it once per page. */
export function vscodeApi<State>(): VsCodeApi<State> {
  return acquireVsCodeApi<State>();
}
