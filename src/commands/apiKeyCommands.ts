import * as vscode from 'vscode';
import type { Services } from '../services';
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

/** Plausibility check for the input box: catches pasted whitespace or a wrong value early. */
export function validateApiKeyInput(value: string): string | undefined {
  const key = value.trim();
  if (!key) return vscode.l10n.t('Paste your API key (it starts with "sk-" for OpenAI).');
  if (/\s/.test(key)) return vscode.l10n.t('The key contains spaces or line breaks; paste only the key.');
  if (key.length < 8) return vscode.l10n.t('That is too short to be an API key.');
  return undefined;
}
