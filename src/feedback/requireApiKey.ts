// The API key, read from SecretStorage when a job starts (never cached), or a kind warning
// that offers to set it.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { setApiKeyLabel } from './commandRunner';

export type KeyPurpose = 'generate images' | 'edit images';

/**
 * The stored API key, registered with the log so no line ever shows it. Without a key,
 * warns (see {@link requireApiKeyWarning}) and resolves to undefined: the caller stops
 * before asking anything more.
 */
export async function requireApiKey(services: Services, purpose: KeyPurpose): Promise<string | undefined> {
  const apiKey = await services.keys.get();
  if (!apiKey) {
    requireApiKeyWarning(services, purpose);
    return undefined;
  }
  services.logger.addSecret(apiKey);
  return apiKey;
}

/** "Set your API key to `purpose`…" with a button that runs Set API Key. */
export function requireApiKeyWarning(services: Services, purpose: KeyPurpose): void {
  const label = setApiKeyLabel();
  const message =
    // eslint-disable-next-line image-studio/localized-text -- a KeyPurpose value, not text
    purpose === 'edit images'
      ? vscode.l10n.t("Set your API key to edit images. It is kept in VS Code's secret storage.")
      : vscode.l10n.t("Set your API key to generate images. It is kept in VS Code's secret storage.");
  void services.notifier
    .show('warning', message, label)
    .then((choice) => (choice === label ? vscode.commands.executeCommand('imageStudio.setApiKey') : undefined));
}
