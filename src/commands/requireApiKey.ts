// The API key, read from SecretStorage when a job starts (never cached), or a kind warning
// that offers to set it. Every command and panel that sends a request starts here.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { SET_API_KEY_LABEL } from './commandRunner';

/**
 * The stored API key, registered with the log so no line ever shows it. Without a key,
 * warns "Set your API key to `purpose`…" with a button that runs Set API Key, and resolves
 * to undefined: the caller stops before anything is sent.
 */
export async function requireApiKey(services: Services, purpose: 'generate images' | 'edit images'): Promise<string | undefined> {
  const apiKey = await services.keys.get();
  if (!apiKey) {
    void services.notifier
      .show('warning', `Set your API key to ${purpose}. It is kept in VS Code's secret storage.`, SET_API_KEY_LABEL)
      .then((choice) => (choice === SET_API_KEY_LABEL ? vscode.commands.executeCommand('imageStudio.setApiKey') : undefined));
    return undefined;
  }
  services.logger.addSecret(apiKey);
  return apiKey;
}
