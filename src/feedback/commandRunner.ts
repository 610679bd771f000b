import * as vscode from 'vscode';
import type { Services } from '../services';
import { describeFailure } from './describeFailure';

export const SET_API_KEY_LABEL = 'Set API Key';
const OPEN_SETTINGS_LABEL = 'Open Settings';
const SHOW_LOG_LABEL = 'Show Log';

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
    if (action === 'setApiKey') labels.push(SET_API_KEY_LABEL);
    if (action === 'openSettings') labels.push(OPEN_SETTINGS_LABEL);
    if (action === 'showLog') labels.push(SHOW_LOG_LABEL);
  }
  // Not awaited: the command is finished; the toast waits for the person, not the caller.
  void services.notifier.show('error', `${prefix}${failure.message}`, ...labels).then((choice) => runAction(services, choice));
}

function runAction(services: Services, choice: string | undefined): Thenable<unknown> | void {
  if (choice === SET_API_KEY_LABEL) return vscode.commands.executeCommand('imageStudio.setApiKey');
  if (choice === OPEN_SETTINGS_LABEL) {
    return vscode.commands.executeCommand('workbench.action.openSettings', '@ext:image-studio.image-studio');
  }
  if (choice === SHOW_LOG_LABEL) services.logger.show();
}
