// Shared set-up for tests that run inside the real extension host.
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { startEndpoint, type Endpoint } from '../endpoint/server';

export const EXTENSION_ID = 'image-studio.image-studio';
/** A unique value: any place it shows up other than the Authorization header is a leak. */
export const CANARY_KEY = `sk-test-canary-${Date.now().toString(36)}-do-not-leak`;

export async function activateExtension(): Promise<TestingApi> {
  const extension = vscode.extensions.getExtension<TestingApi | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await extension.activate();
  if (!api) throw new Error('the extension did not return its testing API (not in test mode?)');
  return api;
}

export interface Harness {
  api: TestingApi;
  endpoint: Endpoint;
  workspace: vscode.Uri;
  /** Files below the output folder, relative, sorted. */
  outputFiles(): Promise<string[]>;
  dispose(): Promise<void>;
}

/**
 * Starts a local endpoint, points the extension at it, stores the canary key. Every other
 * `imageStudio.*` setting starts at its default, whatever an earlier suite left.
 */
export async function setUpHarness(): Promise<Harness> {
  const api = await activateExtension();
  const endpoint = await startEndpoint();
  await resetSettings();
  const config = vscode.workspace.getConfiguration('imageStudio');
  await config.update('baseUrl', endpoint.url, vscode.ConfigurationTarget.Global);
  await config.update('maxRetries', 2, vscode.ConfigurationTarget.Global);
  await api.services.keys.set(CANARY_KEY);
  const workspace = vscode.workspace.workspaceFolders![0].uri;
  const output = vscode.Uri.joinPath(workspace, 'images');
  return {
    api,
    endpoint,
    workspace,
    outputFiles: async () => {
      try {
        const entries = await vscode.workspace.fs.readDirectory(output);
        return entries.map(([name]) => name).sort();
      } catch {
        return [];
      }
    },
    dispose: async () => {
      await endpoint.close();
    },
  };
}

/** A suite's harness (usable once the suite's `before` hooks ran) and what its tests left. */
export interface SuiteHarness extends Omit<Harness, 'dispose'> {
  /** Whether the harness was set up (false in `after` hooks when set-up failed). */
  readonly ready: boolean;
  /** `path: errors` of every request the endpoint found invalid, collected after each test. */
  readonly invalid: string[];
}

/**
 * The hooks every suite starts with: the harness set up before the suite (generously
 * timed: the first activation loads sharp) and disposed after it; before each test the
 * endpoint reset and shown notifications forgotten; after each, the requests the endpoint
 * found invalid collected. Call it first inside `describe`, so the suite's own hooks run
 * after these.
 */
export function useHarness(): SuiteHarness {
  let current: Harness | undefined;
  const harness = (): Harness => {
    if (!current) throw new Error('the harness is used before its suite was set up');
    return current;
  };
  const invalid: string[] = [];
  before(async function () {
    this.timeout(120_000);
    current = await setUpHarness();
  });
  after(async () => {
    await current?.dispose();
  });
  beforeEach(() => {
    harness().endpoint.reset();
    harness().api.services.notifier.shown.length = 0;
  });
  afterEach(() => {
    invalid.push(...harness().endpoint.invalidRequests().map((r) => `${r.path}: ${r.validationErrors.join('; ')}`));
  });
  return {
    get ready() {
      return current !== undefined;
    },
    get api() {
      return harness().api;
    },
    get endpoint() {
      return harness().endpoint;
    },
    get workspace() {
      return harness().workspace;
    },
    outputFiles: () => harness().outputFiles(),
    invalid,
  };
}

/** Removes generated files between tests. */
export async function clearOutput(workspace: vscode.Uri): Promise<void> {
  await deleteQuietly(vscode.Uri.joinPath(workspace, 'images'));
}

/**
 * Deletes a file or folder (recursively; nothing if it does not exist) after closing the
 * editors that show it or anything in it. VS Code's image preview re-reads its file when
 * the file changes, and when the file is gone that read fails in the workbench ("An
 * unknown error occurred" from its `workspace.fs.stat`, "Webview.loadLocalResource -
 * Error using fileReader" from its re-render). Editors with unsaved changes stay open
 * (closing them would ask to save); no preview has any.
 */
export async function deleteQuietly(uri: vscode.Uri): Promise<void> {
  await closeEditorsUnder(uri);
  await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
}

/** Closes the tabs (without unsaved changes) that show `uri` or a file below it. */
export async function closeEditorsUnder(uri: vscode.Uri): Promise<void> {
  const target = uri.toString();
  const shows = (tab: vscode.Tab) => {
    const shown = (tab.input as { uri?: unknown } | undefined)?.uri;
    if (!(shown instanceof vscode.Uri)) return false;
    const text = shown.toString();
    return text === target || text.startsWith(`${target}/`);
  };
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => !tab.isDirty && shows(tab));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

/** Removes every `imageStudio.*` setting from the user and workspace settings. */
export async function resetSettings(): Promise<void> {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { configuration: { properties: Record<string, unknown> } } };
  const config = vscode.workspace.getConfiguration('imageStudio');
  for (const key of Object.keys(manifest.contributes.configuration.properties)) {
    const name = key.slice('imageStudio.'.length);
    const set = config.inspect(name);
    if (set?.globalValue !== undefined) await config.update(name, undefined, vscode.ConfigurationTarget.Global);
    if (set?.workspaceValue !== undefined) await config.update(name, undefined, vscode.ConfigurationTarget.Workspace);
  }
}

export async function setSetting(name: string, value: unknown, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
  await vscode.workspace.getConfiguration('imageStudio').update(name, value, target);
}

/** Waits until `condition` holds (the UI and the file system settle asynchronously). */
export { waitFor } from '../harness/poll';
