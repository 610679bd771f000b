// The one-click way off a model that no longer answers: the job was refused before anything
// was sent, and the notification offers its successor. The switch writes `imageStudio.model`
// where the person set it (folder, workspace or user settings), so it takes effect at once
// and nothing else changes.
import * as vscode from 'vscode';
import type { Services } from '../services';

/** The successor a refusal names, if the refusal is about a retired model. */
export function successorIn(problems: readonly { successor?: string }[]): string | undefined {
  return problems.find((problem) => problem.successor)?.successor;
}

/** Shows `message` with a "Switch to <successor>" button; resolves true when the model was switched. */
export async function offerModelSwitch(services: Services, message: string, successor: string): Promise<boolean> {
  const label = vscode.l10n.t('Switch to {model}', { model: successor });
  const choice = await services.notifier.show('error', message, label);
  if (choice !== label) return false;
  await switchModel(successor);
  services.logger.info(`settings: imageStudio.model switched to ${successor}`);
  void services.notifier.show('info', vscode.l10n.t('Image Studio now uses {model}. Run the command again to make the image.', { model: successor }));
  return true;
}

/** Sets `imageStudio.model` to `model` in the most specific settings that name a model now. */
export function switchModel(model: string): Thenable<void> {
  return updateSetting('model', model);
}

/**
 * Updates `imageStudio.<name>` where it is defined now (folder beats workspace beats user),
 * else in the user settings: a choice made in a picker changes what is in effect.
 */
export function updateSetting(name: string, value: unknown): Thenable<void> {
  const config = vscode.workspace.getConfiguration('imageStudio');
  const inspected = config.inspect(name);
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  return config.update(name, value, target);
}
