// The open mask editors of this window (tests wait for the one a command opens). Built once
// by the composition root; knows editors only by their test handle, so the services that
// hold it need no session code.
import type * as vscode from 'vscode';
import type { MaskEditorMode, ToMaskEditor } from '../../../shared/protocol';

/** What integration tests use to drive the host side exactly as the webview would. */
export interface MaskEditorTestHandle {
  readonly uri: vscode.Uri;
  /** Handles `message` as if the webview had posted it; resolves when it is fully handled. */
  receive(message: unknown): Promise<void>;
  /** Every message posted to the webview so far. */
  readonly posted: readonly ToMaskEditor[];
  /** The image the editor paints on now. */
  base(): Promise<{ revision: number; width: number; height: number; bytes: Uint8Array }>;
  /** Where a kept result was saved. */
  keptUri(resultId: string): vscode.Uri | undefined;
  /** The page as rendered (tests check its Content Security Policy). */
  readonly html: string;
  /** Switches the page to `mode` (now, or when it is ready). */
  showMode(mode: MaskEditorMode): void;
}

/** The open mask editors of this window; built once by the composition root. */
export class MaskEditorRegistry {
  private readonly sessions = new Set<MaskEditorTestHandle>();
  private readonly waiting = new Set<{ uri: string; resolve(session: MaskEditorTestHandle): void }>();
  /** Modes asked for editors not open yet (*Edit with Markup…*), by URI. */
  private readonly modes = new Map<string, MaskEditorMode>();

  /** Opens the editor on `uri` in `mode`: an open one switches now, the next one starts in it. */
  requestMode(uri: vscode.Uri, mode: MaskEditorMode): void {
    const open = this.openFor(uri);
    if (open) open.showMode(mode);
    else this.modes.set(uri.toString(), mode);
  }

  /** The mode asked for `uri` before its editor opened, once. */
  takeMode(uri: vscode.Uri): MaskEditorMode | undefined {
    const mode = this.modes.get(uri.toString());
    this.modes.delete(uri.toString());
    return mode;
  }

  add(session: MaskEditorTestHandle, panel: vscode.WebviewPanel): void {
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
  openFor(uri: vscode.Uri): MaskEditorTestHandle | undefined {
    return [...this.sessions].reverse().find((session) => session.uri.toString() === uri.toString());
  }

  /** Resolves with the next editor opened on `uri`, or undefined after `timeoutMs`. */
  nextFor(uri: vscode.Uri, timeoutMs: number): Promise<MaskEditorTestHandle | undefined> {
    return new Promise((resolve) => {
      const waiter = {
        uri: uri.toString(),
        resolve: (session: MaskEditorTestHandle) => {
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

