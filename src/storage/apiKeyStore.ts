import * as vscode from 'vscode';

const SECRET_ID = 'imageStudio.apiKey';

/**
 * The API key, kept in VS Code's SecretStorage and nowhere else. Read at request time;
 * never cached in settings, files or webviews. When nothing is stored, the
 * `OPENAI_API_KEY` environment variable of the extension host is used (read-only; the
 * extension never writes it anywhere), so `npm start` and CI machines work without typing.
 */
export class ApiKeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly environment: NodeJS.ProcessEnv = process.env,
  ) {}

  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(SECRET_ID);
    if (stored) return stored;
    const fromEnvironment = this.environment.OPENAI_API_KEY?.trim();
    return fromEnvironment || undefined;
  }

  async hasStoredKey(): Promise<boolean> {
    return Boolean(await this.secrets.get(SECRET_ID));
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(SECRET_ID, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_ID);
  }
}

/** Plausibility check for the input box: catches pasted whitespace or a wrong value early. */
export function validateApiKeyInput(value: string): string | undefined {
  const key = value.trim();
  if (!key) return vscode.l10n.t('Paste your API key (it starts with "sk-" for OpenAI).');
  if (/\s/.test(key)) return vscode.l10n.t('The key contains spaces or line breaks; paste only the key.');
  if (key.length < 8) return vscode.l10n.t('That is too short to be an API key.');
  return undefined;
}
