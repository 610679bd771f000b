// Types only: no `vscode` at run time, so the unit tests run it against a fake SecretStorage.
import type * as vscode from 'vscode';

const SECRET_ID = 'imageStudio.apiKey';

/**
 * The API key, kept in VS Code's SecretStorage and nowhere else on disk. When nothing is
 * stored, the `OPENAI_API_KEY` environment variable of the extension host is used
 * (read-only; the extension never writes it anywhere), so `npm start` and CI machines work
 * without typing.
 *
 * The stored key is read once and then kept in this extension host's memory (where every
 * request holds it anyway), never in settings, files or webviews: each SecretStorage read
 * is a round trip to the window (~4–5 ms), and an agent's tool call made two of them. The
 * copy is dropped when this store changes the key and when SecretStorage reports a change
 * (another window set or cleared it).
 */
export class ApiKeyStore implements vscode.Disposable {
  /** The stored key as last read (a promise, so calls at once share one read); undefined: read again. */
  private stored: Promise<string | undefined> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly environment: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_ID) this.stored = undefined;
    });
  }

  async get(): Promise<string | undefined> {
    const stored = await this.storedKey();
    if (stored) return stored;
    const fromEnvironment = this.environment.OPENAI_API_KEY?.trim();
    return fromEnvironment || undefined;
  }

  async hasStoredKey(): Promise<boolean> {
    return Boolean(await this.storedKey());
  }

  async set(key: string): Promise<void> {
    this.stored = undefined;
    try {
      await this.secrets.store(SECRET_ID, key.trim());
    } finally {
      this.stored = undefined;
    }
  }

  async clear(): Promise<void> {
    this.stored = undefined;
    try {
      await this.secrets.delete(SECRET_ID);
    } finally {
      this.stored = undefined;
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private storedKey(): Promise<string | undefined> {
    if (this.stored) return this.stored;
    const reading: Promise<string | undefined> = Promise.resolve(this.secrets.get(SECRET_ID)).catch((error: unknown) => {
      // A failed read is not remembered: the next call asks SecretStorage again.
      if (this.stored === reading) this.stored = undefined;
      throw error;
    });
    this.stored = reading;
    return reading;
  }
}
