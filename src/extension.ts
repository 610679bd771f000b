import * as vscode from 'vscode';
import { readSettings } from './config/settings';
import { registerApiKeyCommands } from './commands/apiKeyCommands';
import { registerGenerateCommands } from './commands/generateImage';
import type { Services } from './services';
import { ApiKeyStore } from './storage/apiKeyStore';
import { Logger } from './util/logger';
import { Notifier } from './util/notifier';

/** What `activate` returns in the extension's own test runs (never in normal use). */
export interface TestingApi {
  services: Services;
}

/** Composition root: builds the services and registers the features; nothing else. */
export function activate(context: vscode.ExtensionContext): TestingApi | undefined {
  const logger = new Logger('Image Studio');
  const services: Services = {
    context,
    logger,
    notifier: new Notifier(),
    keys: new ApiKeyStore(context.secrets),
    settings: () => readSettings(),
  };
  context.subscriptions.push(logger, registerApiKeyCommands(services), registerGenerateCommands(services));
  return context.extensionMode === vscode.ExtensionMode.Test ? { services } : undefined;
}

export function deactivate(): void {}
