import type * as vscode from 'vscode';
import type { StudioSettings } from './config/settings';
import type { ApiKeyStore } from './storage/apiKeyStore';
import type { Logger } from './util/logger';
import type { Notifier } from './feedback/notifier';

/** What everything shares; built once in `activate` (the features bundle adds its own, see featureServices.ts). */
export interface Services {
  context: vscode.ExtensionContext;
  logger: Logger;
  notifier: Notifier;
  keys: ApiKeyStore;
  settings(): StudioSettings;
}
