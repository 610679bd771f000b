// The second bundle (dist/features.js), loaded on the first command rather than at
// activation, and its composition root: builds the long-lived services every feature shares
// (the job runner, thumbnail cache, held results, history, editor registry) once, and hands
// the handlers back to extension.ts.
// First: the bundle's l10n follows VS Code's display language before any other module runs.
import './util/hostL10n';
import * as vscode from 'vscode';
import type { CommandHandler, CommandId } from './commandIds';
import type { FeatureServices } from './featureServices';
import type { Services } from './services';
import { withFailureReporting } from './feedback/commandRunner';
import { ImageJobs } from './jobs/imageJobs';
import type { SavedImage } from './storage/outputWriter';
import { ThumbnailCache } from './storage/thumbnailCache';
import { apiKeyCommands } from './commands/apiKeyCommands';
import { chooseModelCommands } from './commands/chooseModel';
import { explorerCommands } from './commands/explorerCommands';
import { generateCommands } from './commands/generateImage';
import { HeldResultStore, HELD_RESULT_DAYS } from './panels/maskEditor/heldResultStore';
import { maskEditorCommands } from './panels/maskEditor/maskEditorCommands';
import { resolveMaskEditor } from './panels/maskEditor/maskEditorProvider';
import { MaskEditorRegistry } from './panels/maskEditor/maskEditorRegistry';
import { studioCommands, restoreStudioPanel } from './panels/studio/studioCommands';
import { StudioHistories } from './panels/studio/studioHistories';
import { Disposable } from './util/disposable';
import { AgentTools } from './agent/agentTools';

/** What extension.ts gets from this bundle. */
export class Features extends Disposable {
  readonly services: FeatureServices;
  readonly handlers: Record<CommandId, CommandHandler>;
  /** The image tools agents call (language-model tools and the MCP server). */
  readonly agent: AgentTools;

  constructor(base: Services) {
    super();
    const { context, logger } = base;
    const savedImages = this.register(new vscode.EventEmitter<SavedImage>());
    const thumbnails = new ThumbnailCache(vscode.Uri.joinPath(context.globalStorageUri, 'thumbnails'), logger);
    const heldResults = new HeldResultStore(vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'mask-results'), logger);
    this.services = {
      ...base,
      jobs: new ImageJobs(base, { thumbnails, savedImages }),
      thumbnails,
      onDidSaveImage: savedImages.event,
      heldResults,
      histories: this.register(new StudioHistories(savedImages.event)),
      maskEditors: new MaskEditorRegistry(),
    };
    // Once per session, in the background: both stores are small and trimming is cheap.
    void thumbnails.prune().then((removed) => removed && logger.info(`studio: removed ${removed} old thumbnails`));
    void heldResults
      .prune()
      .then((removed) => removed && logger.info(`mask editor: removed stored results of ${removed} image(s) not opened for ${HELD_RESULT_DAYS} days`));

    const services = this.services;
    const handlers: Record<CommandId, CommandHandler> = {
      ...apiKeyCommands(services),
      ...chooseModelCommands(services),
      ...generateCommands(services),
      ...explorerCommands(services),
      ...studioCommands(services),
      ...maskEditorCommands(services),
    };
    for (const id of Object.keys(handlers) as CommandId[]) {
      handlers[id] = withFailureReporting(services, id, handlers[id]);
    }
    this.handlers = handlers;
    this.agent = this.register(new AgentTools(services));
  }

  restoreStudioPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    return restoreStudioPanel(this.services, panel, state);
  }

  resolveMaskEditor(uri: vscode.Uri, panel: vscode.WebviewPanel): void {
    resolveMaskEditor(this.services, uri, panel);
  }
}
