// The API key store against a fake SecretStorage: one read, then the copy in memory until
// the key changes (here, or in another window as SecretStorage reports it).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { ApiKeyStore } from '../../src/storage/apiKeyStore';

const SECRET_ID = 'imageStudio.apiKey';

/** A SecretStorage in memory that counts reads; `external` changes it as another window would. */
class FakeSecrets {
  readonly values = new Map<string, string>();
  reads = 0;
  /** When set, stores wait for it (to interleave a read with a change). */
  gate?: Promise<void>;
  failNextRead = false;
  /** Whether this window hears of its own changes (VS Code 1.80 did not: microsoft/vscode#187247). */
  hearsOwnChanges = true;
  private readonly listeners = new Set<(event: vscode.SecretStorageChangeEvent) => void>();

  readonly onDidChange = (listener: (event: vscode.SecretStorageChangeEvent) => void): vscode.Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  async get(key: string): Promise<string | undefined> {
    this.reads++;
    const value = this.values.get(key);
    if (this.failNextRead) {
      this.failNextRead = false;
      throw new Error('keychain locked');
    }
    return value;
  }

  async store(key: string, value: string): Promise<void> {
    if (this.gate) await this.gate;
    this.values.set(key, value);
    if (this.hearsOwnChanges) this.fire(key);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    if (this.hearsOwnChanges) this.fire(key);
  }

  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }

  /** Another window stores `value` (undefined: deletes it); only the event reaches this one. */
  external(key: string, value: string | undefined): void {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    this.fire(key);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private fire(key: string): void {
    for (const listener of this.listeners) listener({ key });
  }
}

function storeWith(secrets: FakeSecrets, environment: NodeJS.ProcessEnv = {}): ApiKeyStore {
  return new ApiKeyStore(secrets as unknown as vscode.SecretStorage, environment);
}

describe('ApiKeyStore', () => {
  it('reads SecretStorage once, however often and however many at once ask', async () => {
    const secrets = new FakeSecrets();
    secrets.values.set(SECRET_ID, 'sk-stored-1');
    const keys = storeWith(secrets);
    assert.deepEqual(await Promise.all([keys.get(), keys.get(), keys.hasStoredKey()]), ['sk-stored-1', 'sk-stored-1', true]);
    assert.equal(await keys.get(), 'sk-stored-1');
    assert.equal(secrets.reads, 1);
  });

  it('reads again after a change another window made, and after its own set and clear', async () => {
    const secrets = new FakeSecrets();
    secrets.values.set(SECRET_ID, 'sk-first-key');
    const keys = storeWith(secrets);
    assert.equal(await keys.get(), 'sk-first-key');
    secrets.external(SECRET_ID, 'sk-from-another-window');
    assert.equal(await keys.get(), 'sk-from-another-window');
    secrets.external('someOtherSecret', 'x'); // another secret: the copy stays
    assert.equal(await keys.get(), 'sk-from-another-window');
    assert.equal(secrets.reads, 2);
    secrets.hearsOwnChanges = false; // its own set and clear must not depend on the event
    await keys.set('  sk-typed-here \n');
    assert.equal(await keys.get(), 'sk-typed-here');
    await keys.clear();
    assert.equal(await keys.get(), undefined);
    assert.equal(await keys.hasStoredKey(), false);
    secrets.external(SECRET_ID, undefined);
    assert.equal(await keys.get(), undefined);
  });

  it('never keeps a value read while a set was under way', async () => {
    const secrets = new FakeSecrets();
    secrets.values.set(SECRET_ID, 'sk-old-key-1');
    secrets.hearsOwnChanges = false;
    const keys = storeWith(secrets);
    let open!: () => void;
    secrets.gate = new Promise((resolve) => (open = resolve));
    const setting = keys.set('sk-new-key-2');
    assert.equal(await keys.get(), 'sk-old-key-1'); // read while the store is still writing
    secrets.gate = undefined;
    open();
    await setting;
    assert.equal(await keys.get(), 'sk-new-key-2');
  });

  it('does not remember a failed read', async () => {
    const secrets = new FakeSecrets();
    secrets.values.set(SECRET_ID, 'sk-stored-1');
    const keys = storeWith(secrets);
    secrets.failNextRead = true;
    await assert.rejects(keys.get(), /keychain locked/);
    assert.equal(await keys.get(), 'sk-stored-1');
    assert.equal(secrets.reads, 2);
  });

  it('falls back to OPENAI_API_KEY when nothing is stored, without calling it stored', async () => {
    const secrets = new FakeSecrets();
    const keys = storeWith(secrets, { OPENAI_API_KEY: ' sk-from-environment ' });
    assert.equal(await keys.get(), 'sk-from-environment');
    assert.equal(await keys.hasStoredKey(), false);
    secrets.external(SECRET_ID, 'sk-stored-later');
    assert.equal(await keys.get(), 'sk-stored-later');
  });

  it('stops listening when disposed', () => {
    const secrets = new FakeSecrets();
    const keys = storeWith(secrets);
    assert.equal(secrets.listenerCount, 1);
    keys.dispose();
    assert.equal(secrets.listenerCount, 0);
  });
});
