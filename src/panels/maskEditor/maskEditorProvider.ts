// The mask editor as a custom editor (`imageStudio.maskEditor`, read-only: the image file is
// never changed, results are saved beside it). VS Code restores open editors after a reload
// and the page restores its unsaved work from its own state (getState/setState), so no
// retained context is needed. extension.ts registers a tiny provider that calls
// resolveMaskEditor from the features bundle on first use.
import type * as vscode from 'vscode';
import type { FeatureServices } from '../../featureServices';
import { MaskEditorSession } from './maskEditorSession';

/** The custom editor's view type (package.json `customEditors`). */
export const MASK_EDITOR_VIEW_TYPE = 'imageStudio.maskEditor';

/** The open mask editors of this window; built once by the composition root. */
export class MaskEditorRegistry {
  private readonly sessions = new Set<MaskEditorSession>();
  private readonly waiting = new Set<{ uri: string; resolve(session: MaskEditorSession): void }>();

  add(session: MaskEditorSession, panel: vscode.WebviewPanel): void {
    this.sessions.add(session);
    panel.onDidDispose(() => this.sessions.delete(session));
    for (const waiter of [...this.waiting]) {
      if (waiter.uri === session.uri.toString()) {
        this.waiting.delete(waiter);
        waiter.resolve(session);
      }
    }
  }

  /** An open editor on `uri`, if any. */
  openFor(uri: vscode.Uri): MaskEditorSession | undefined {
    return [...this.sessions].reverse().find((session) => session.uri.toString() === uri.toString());
  }

  /** Resolves with the next editor opened on `uri`, or undefined after `timeoutMs`. */
  nextFor(uri: vscode.Uri, timeoutMs: number): Promise<MaskEditorSession | undefined> {
    return new Promise((resolve) => {
      const waiter = {
        uri: uri.toString(),
        resolve: (session: MaskEditorSession) => {
          clearTimeout(timer);
          resolve(session);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.delete(waiter);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.add(waiter);
    });
  }
}

/** Sets up the editor for `uri` in `panel`; the session lives as long as the panel. */
export function resolveMaskEditor(services: FeatureServices, uri: vscode.Uri, panel: vscode.WebviewPanel): void {
  services.maskEditors.add(new MaskEditorSession(services, uri, panel), panel);
}
