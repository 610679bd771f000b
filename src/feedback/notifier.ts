import * as vscode from 'vscode';
import { redactSecrets } from '../util/redact';

export type Severity = 'info' | 'warning' | 'error';

export interface ShownMessage {
  severity: Severity;
  message: string;
  actions: string[];
}

/**
 * Shows notifications. One place, so every message is redacted and so integration
 * tests can read what a person would have seen (toasts are not readable from the API).
 */
export class Notifier {
  readonly shown: ShownMessage[] = [];

  show(severity: Severity, message: string, ...actions: string[]): Thenable<string | undefined> {
    const safe = redactSecrets(message);
    this.shown.push({ severity, message: safe, actions });
    if (this.shown.length > 200) this.shown.shift();
    switch (severity) {
      case 'info':
        return vscode.window.showInformationMessage(safe, ...actions);
      case 'warning':
        return vscode.window.showWarningMessage(safe, ...actions);
      case 'error':
        return vscode.window.showErrorMessage(safe, ...actions);
    }
  }

  /** A modal question (the job waits for the answer); resolves to the chosen action. */
  confirm(message: string, detail: string, action: string): Thenable<string | undefined> {
    const safe = redactSecrets(message);
    this.shown.push({ severity: 'warning', message: safe, actions: [action] });
    return vscode.window.showWarningMessage(safe, { modal: true, detail: redactSecrets(detail) }, action);
  }
}
