import type * as vscode from 'vscode';
import type { StudioSettings } from './config/settings';
import type { ApiKeyStore } from './storage/apiKeyStore';
import type { Logger } from './util/logger';
import type { Notifier } from './util/notifier';
import type { GenerationEvents } from './util/generationEvents';

/** What commands and panels share; built once in `activate`. */
export interface Services {
  context: vscode.ExtensionContext;
  logger: Logger;
  notifier: Notifier;
  keys: ApiKeyStore;
  events: GenerationEvents;
  settings(): StudioSettings;
}
