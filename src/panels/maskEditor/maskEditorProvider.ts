// The mask editor as a custom editor (`imageStudio.maskEditor`, read-only: the image file is
// never changed, results are saved beside it). VS Code restores open editors after a reload
// and the page restores its unsaved work from its own state (getState/setState), so no
// retained context is needed. extension.ts registers a tiny provider that calls
// resolveMaskEditor from the features bundle on first use.
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { MaskEditorSession } from './maskEditorSession';

/** The custom editor's view type (package.json `customEditors`). */
export const MASK_EDITOR_VIEW_TYPE = 'imageStudio.maskEditor';

const sessions = new Set<MaskEditorSession>();
const waiting = new Set<{ uri: string; resolve(session: MaskEditorSession): void }>();

/** Sets up the editor for `uri` in `panel`; the session lives as long as the panel. */
export function resolveMaskEditor(services: Services, uri: vscode.Uri, panel: vscode.WebviewPanel): void {
  const session = new MaskEditorSession(services, uri, panel);
  sessions.add(session);
  panel.onDidDispose(() => sessions.delete(session));
  for (const waiter of [...waiting]) {
    if (waiter.uri === uri.toString()) {
      waiting.delete(waiter);
      waiter.resolve(session);
    }
  }
}

/** An open editor on `uri`, if any. */
export function openMaskEditorFor(uri: vscode.Uri): MaskEditorSession | undefined {
  return [...sessions].reverse().find((session) => session.uri.toString() === uri.toString());
}

/** Resolves with the next editor opened on `uri`, or undefined after `timeoutMs`. */
export function nextMaskEditorFor(uri: vscode.Uri, timeoutMs: number): Promise<MaskEditorSession | undefined> {
  return new Promise((resolve) => {
    const waiter = {
      uri: uri.toString(),
      resolve: (session: MaskEditorSession) => {
        clearTimeout(timer);
        resolve(session);
      },
    };
    const timer = setTimeout(() => {
      waiting.delete(waiter);
      resolve(undefined);
    }, timeoutMs);
    waiting.add(waiter);
  });
}
