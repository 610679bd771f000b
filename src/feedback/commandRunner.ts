import * as vscode from 'vscode';
import type { Services } from '../services';
import { describeFailure } from './describeFailure';

/** The button that runs Set API Key. */
export function setApiKeyLabel(): string {
  return vscode.l10n.t('Set API Key');
}
function openSettingsLabel(): string {
  return vscode.l10n.t('Open Settings');
}
function showLogLabel(): string {
  return vscode.l10n.t('Show Log');
}

/**
 * Wraps a command handler so its failures become one clear notification (what went
 * wrong, what to do) with buttons for the fix, plus a line in the log. Nothing escapes as
 * an unhandled rejection or a raw stack.
 */
export function withFailureReporting(
  services: Services,
  id: string,
  handler: (...args: unknown[]) => unknown,
): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      reportFailure(services, id, error);
      return undefined;
    }
  };
}

/** Shows a failure to the user with its actions, and logs it. Silent for cancellations. */
export function reportFailure(services: Services, context: string, error: unknown, prefix = ''): void {
  const failure = describeFailure(error, services.settings());
  services.logger.error(
    `${context} failed (${failure.kind}${failure.status ? `, HTTP ${failure.status}` : ''}${failure.requestId ? `, request ${failure.requestId}` : ''})`,
    error,
  );
  if (failure.kind === 'cancelled') return;
  const labels: string[] = [];
  for (const action of failure.actions) {
    if (action === 'setApiKey') labels.push(setApiKeyLabel());
    if (action === 'openSettings') labels.push(openSettingsLabel());
    if (action === 'showLog') labels.push(showLogLabel());
  }
  // Not awaited: the command is finished; the toast waits for the person, not the caller.
  void services.notifier.show('error', `${prefix}${failure.message}`, ...labels).then((choice) => runAction(services, choice));
}

function runAction(services: Services, choice: string | undefined): Thenable<unknown> | void {
  if (choice === setApiKeyLabel()) return vscode.commands.executeCommand('imageStudio.setApiKey');
  if (choice === openSettingsLabel()) {
    return vscode.commands.executeCommand('workbench.action.openSettings', '@ext:image-studio.image-studio');
  }
  if (choice === showLogLabel()) services.logger.show();
}
