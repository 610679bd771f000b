import * as vscode from 'vscode';
import { askGeneratePrompt } from './commands/promptInput';
import { COMMAND_IDS, GET_STARTED_COMMAND_ID, isGenerateArgs, type CommandHandler, type CommandId } from './commandIds';
import { openWalkthrough } from './commands/walkthrough';
import { readSettings } from './config/settings';
import type { Services } from './services';
import { ApiKeyStore } from './storage/apiKeyStore';
import { Logger } from './util/logger';
import { Notifier } from './feedback/notifier';
import type { FeatureServices } from './featureServices';
import { registerAgentTools } from './agent/registerAgentTools';

/** What `activate` returns in the extension's own test runs (never in normal use). */
export interface TestingApi {
  services: Services;
  /** The features bundle's services (loads it if no command has yet). */
  features(): FeatureServices;
  /** The MCP server definition provider, as VS Code calls it. */
  mcpProvider: vscode.McpServerDefinitionProvider;
}

type Features = import('./features').Features;
type FeaturesModule = typeof import('./features');

/**
 * Composition root: builds the services and registers every command. The handlers live
 * in dist/features.js, required on the first command, so activation stays small.
 */
export function activate(context: vscode.ExtensionContext): TestingApi | undefined {
  // eslint-disable-next-line image-studio/localized-text -- the product name, as the Output channel's name
  const logger = new Logger('Image Studio');
  const services: Services = {
    context,
    logger,
    notifier: new Notifier(),
    keys: new ApiKeyStore(context.secrets),
    settings: () => readSettings(),
  };
  context.subscriptions.push(services.keys);
  let features: Features | undefined;
  const loadFeatures = (): Features => {
    if (!features) {
      // A plain require of a sibling file that esbuild leaves alone (see esbuild.mjs).
      features = new (require('./features.js') as FeaturesModule).Features(services);
      context.subscriptions.push(features);
    }
    return features;
  };
  const handlerFor = (id: CommandId): CommandHandler => loadFeatures().handlers[id];
  // Generate Image… from the palette: the prompt box needs only the settings and the model
  // table, so it comes first, and the features bundle loads once the box is on screen, while
  // the person types. (Not right after asking: the extension host compresses its messages to
  // the window off the main thread, so a synchronous require queued behind the request, even
  // on a timer, still held the box back until it finished.)
  const generate: CommandHandler = async (...args) => {
    if (isGenerateArgs(args[0])) return handlerFor('imageStudio.generate')(...args);
    const prompt = await askGeneratePrompt(services.settings().model, () => {
      try {
        loadFeatures();
      } catch (error) {
        // Reported when the prompt is submitted, which loads the bundle again.
        logger.error('the features bundle failed to load', error);
      }
    });
    return prompt ? handlerFor('imageStudio.generate')({ prompt }) : undefined;
  };
  context.subscriptions.push(
    logger,
    ...COMMAND_IDS.map((id) =>
      vscode.commands.registerCommand(id, id === 'imageStudio.generate' ? generate : (...args: unknown[]) => handlerFor(id)(...args)),
    ),
    vscode.commands.registerCommand(GET_STARTED_COMMAND_ID, () => openWalkthrough(context.extension.id)),
    // Restores the studio after a reload; the panel code loads only when there is one.
    vscode.window.registerWebviewPanelSerializer('imageStudio.studio', {
      deserializeWebviewPanel: (panel, state: unknown) => loadFeatures().restoreStudioPanel(panel, state),
    }),
  );
  // Agent mode's image tools and the MCP server: their code loads on the first call.
  const agentTools = registerAgentTools(context, () => loadFeatures().agent);
  context.subscriptions.push(agentTools.disposable);
  // The mask editor is a custom editor (Edit with Mask…, Reopen Editor With…); VS Code
  // restores it after a reload. Its code loads from the features bundle when one opens.
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(
      'imageStudio.maskEditor',
      {
        openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
        resolveCustomEditor: (document, panel) => loadFeatures().resolveMaskEditor(document.uri, panel),
      },
      { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true },
    ),
  );
  return context.extensionMode === vscode.ExtensionMode.Test ? { services, features: () => loadFeatures().services, mcpProvider: agentTools.mcpProvider } : undefined;
}

export function deactivate(): void {}
