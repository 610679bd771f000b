import * as vscode from 'vscode';
import type { Services } from '../services';
import { validateApiKeyInput } from '../storage/apiKeyStore';
import { registerCommand } from './commandRunner';

/** *Set API Key…* and *Clear API Key*: the key goes to SecretStorage and nowhere else. */
export function registerApiKeyCommands(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand(services, 'imageStudio.setApiKey', async () => {
      const key = await vscode.window.showInputBox({
        title: 'Image Studio: Set API Key',
        prompt: 'Your OpenAI API key (or the key of your OpenAI-compatible server). It is kept in VS Code\'s secret storage.',
        placeHolder: 'sk-…',
        password: true,
        ignoreFocusOut: true,
        validateInput: validateApiKeyInput,
      });
      if (key === undefined) return false;
      await services.keys.set(key);
      services.logger.info('API key stored in secret storage.');
      void services.notifier.show('info', 'API key saved in VS Code\'s secret storage.');
      return true;
    }),
    registerCommand(services, 'imageStudio.clearApiKey', async () => {
      await services.keys.clear();
      services.logger.info('API key removed from secret storage.');
      void services.notifier.show('info', 'API key removed.');
    }),
  );
}
