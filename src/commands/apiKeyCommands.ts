import * as vscode from 'vscode';
import type { Services } from '../services';
import { validateApiKeyInput } from '../storage/apiKeyStore';
import type { CommandHandler } from '../commandIds';

/** *Set API Key…* and *Clear API Key*: the key goes to SecretStorage and nowhere else. */
export function apiKeyCommands(services: Services): Record<'imageStudio.setApiKey' | 'imageStudio.clearApiKey', CommandHandler> {
  return {
    'imageStudio.setApiKey': async () => {
      const key = await vscode.window.showInputBox({
        title: vscode.l10n.t('Image Studio: Set API Key'),
        prompt: vscode.l10n.t("Your OpenAI API key (or the key of your OpenAI-compatible server). It is kept in VS Code's secret storage."),
        placeHolder: 'sk-…',
        password: true,
        ignoreFocusOut: true,
        validateInput: validateApiKeyInput,
      });
      if (key === undefined) return false;
      await services.keys.set(key);
      services.logger.info('API key stored in secret storage.');
      void services.notifier.show('info', vscode.l10n.t("API key saved in VS Code's secret storage."));
      return true;
    },
    'imageStudio.clearApiKey': async () => {
      await services.keys.clear();
      services.logger.info('API key removed from secret storage.');
      void services.notifier.show('info', vscode.l10n.t('API key removed.'));
    },
  };
}
