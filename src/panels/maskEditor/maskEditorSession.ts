// One open mask editor: the image it was opened on (and only that image), the webview's
// messages (validated, see maskMessages.ts), Generate (mask checks, upload, request, strict
// composite), and the results held until the person keeps or discards them: in memory, and
// in the extension's storage so a reload or closing the editor loses none (heldResultStore.ts).
// Only Keep writes into the workspace.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { FromMaskEditor, MaskEditorMode, MaskImagePayload, MaskResultPayload, ToMaskEditor } from '../../../shared/protocol';
import type { FeatureServices } from '../../featureServices';
import { describeFailure } from '../../feedback/describeFailure';
import { reportFailure } from '../../feedback/commandRunner';
import { requireApiKeyWarning } from '../../feedback/requireApiKey';
import { ImageError } from '../../imaging/imageErrors';
import { sniffFormat } from '../../imaging/sniffFormat';
import { MaskError } from '../../imaging/maskValidation';
import type { JobImage } from '../../jobs/imageJob';
import { notificationFeedback, notSentMessage } from '../../jobs/jobFeedback';
import { baseName, SourceRefusedError } from '../../jobs/readSource';
import { formatUsd } from '../../openai/costEstimate';
import { InvalidParametersError } from '../../openai/modelCapabilities';
import { fileExtensionFor } from '../../storage/outputWriter';
import { Disposable } from '../../util/disposable';
import { buildWebviewHtml, localResourceRoots } from '../webviewHtml';
import type { HeldResult } from './heldResult';
import type { MaskEditorTestHandle } from './maskEditorRegistry';
import type { HeldResultStore } from './heldResultStore';
import { keepResult } from './keepResult';
import { estimateMaskedEdit } from './maskCost';
import { maskEditorBody } from './maskEditorMarkup';
import { parseMaskEditorMessage, RejectedMessageError } from './maskMessages';
import { defaultMaskSettings, maskModelChoice, maskModelIds } from './maskModels';
import { loadBaseImage, prepareBase, type BaseImage } from './maskSource';
import { maskedEditJob } from './maskUpload';

/** Results held at once per image; beyond this the oldest (unkept first) are let go. */
const MAX_HELD_RESULTS = 24;

export type { MaskEditorTestHandle };

/** The editor's image and how it came to be. */
interface BaseState {
  image: BaseImage;
  revision: number;
  origin: 'source' | 'result';
  /** Prompts of the unsaved edits this image is the result of, oldest first. */
  chain: string[];
}

/** A copy with its own exact ArrayBuffer: posting a view sends its whole buffer (a Node pool slab may hold other data). */
const exact = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

export class MaskEditorSession extends Disposable implements MaskEditorTestHandle {
  readonly posted: ToMaskEditor[] = [];
  private readonly sessionId = randomBytes(8).toString('hex');
  private readonly results = new Map<string, HeldResult>();
  private baseState: Promise<BaseState>;
  private readonly store: HeldResultStore;
  /** The results stored by earlier sessions on this image, put back into `results`. */
  private readonly restored: Promise<void>;
  private running: { requestId: number; controller: AbortController } | undefined;
  private readonly recordPosts: boolean;
  /** The mode *Edit with Markup…* asked for, sent with `init` (every `init`, until the page switches). */
  private mode: MaskEditorMode | undefined;

  get html(): string {
    return this.panel.webview.html;
  }

  constructor(
    private readonly services: FeatureServices,
    readonly uri: vscode.Uri,
    private readonly panel: vscode.WebviewPanel,
  ) {
    super();
    this.recordPosts = services.context.extensionMode === vscode.ExtensionMode.Test;
    const extensionUri = services.context.extensionUri;
    // The page loads only the bundle and media: image bytes come by message, never by URL.
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri) };
    // The tab: without a title VS Code names a custom editor after its file, exactly like the
    // image preview of the same file beside it. VS Code shows a custom editor's panel title in
    // its tab when one is set (CustomEditorInput.getName); older versions keep the file name.
    panel.title = vscode.l10n.t('{file} (Mask Editor)', { file: baseName(uri) });
    panel.webview.html = buildWebviewHtml({
      webview: panel.webview,
      extensionUri,
      title: vscode.l10n.t('Mask editor: {file}', { file: baseName(uri) }),
      script: 'maskEditor',
      styles: ['maskEditor.css'],
      body: maskEditorBody(),
    });
    this.mode = services.maskEditors.takeMode(uri);
    this.baseState = loadBaseImage(uri).then((image) => ({ image, revision: 1, origin: 'source' as const, chain: [] }));
    // Keep the rejection handled until `ready` reports it.
    this.baseState.catch(() => undefined);
    this.store = services.heldResults;
    this.restored = this.store.load(uri, MAX_HELD_RESULTS).then((held) => {
      for (const result of held) this.results.set(result.id, result);
      if (held.length > 0) services.logger.info(`mask editor ${baseName(uri)}: ${held.length} earlier result(s) restored`);
    }, (error) => services.logger.warn(`mask editor ${baseName(uri)}: earlier results could not be read: ${error instanceof Error ? error.message : String(error)}`));
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this.register(panel.onDidDispose(() => this.dispose()));
  }

  /** Handles one message from the page (or a test); never throws. */
  async receive(raw: unknown): Promise<void> {
    let message: FromMaskEditor;
    try {
      message = parseMaskEditorMessage(raw);
    } catch (error) {
      if (!(error instanceof RejectedMessageError)) throw error;
      this.services.logger.warn(`mask editor ${baseName(this.uri)}: refused a message from the webview: ${error.message}`);
      this.post({ type: 'error', message: vscode.l10n.t('The editor sent a request Image Studio could not accept; nothing was done. Reopen the editor if this repeats.') });
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.services.logger.error(`mask editor ${baseName(this.uri)}: ${message.type} failed`, error);
      this.post({ type: 'error', message: this.describe(error) });
    }
  }

  private async handle(message: FromMaskEditor): Promise<void> {
    // Result ids the page names may be restored ones.
    await this.restored;
    switch (message.type) {
      case 'ready':
        return this.sendInit();
      case 'estimate': {
        const base = await this.baseState;
        const estimate = estimateMaskedEdit(this.services, message.prompt, message.settings, base.image, message.extension);
        this.post({ type: 'estimate', requestId: message.requestId, ...estimate });
        return;
      }
      case 'generate':
        return this.generate(message);
      case 'cancel':
        if (this.running?.requestId === message.requestId) this.running.controller.abort();
        return;
      case 'keep':
        return this.keep(message.resultId);
      case 'discard':
        if (this.results.delete(message.resultId)) {
          await this.store.remove(this.uri, message.resultId);
          this.post({ type: 'discarded', resultId: message.resultId });
        }
        return;
      case 'editAgain':
        return this.editAgain(message.resultId);
      case 'openKept': {
        const held = this.results.get(message.resultId);
        if (held?.keptUri) await vscode.commands.executeCommand('vscode.open', held.keptUri, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        return;
      }
    }
  }

  private async sendInit(): Promise<void> {
    let base: BaseState;
    try {
      base = await this.baseState;
    } catch (error) {
      this.services.logger.warn(`mask editor: could not open ${baseName(this.uri)}: ${error instanceof Error ? error.message : String(error)}`);
      this.post({ type: 'error', message: this.describe(error) });
      return;
    }
    const settings = this.services.settings();
    const size = { width: base.image.width, height: base.image.height, name: baseName(this.uri) };
    const models = maskModelIds(settings).map((id) => maskModelChoice(id, size));
    this.post({
      type: 'init',
      sessionId: this.sessionId,
      image: this.imagePayload(base),
      models,
      settings: defaultMaskSettings(settings, models),
      results: [...this.results.values()].map((held) => this.resultPayload(held)),
      ...(this.running ? { running: this.running.requestId } : {}),
      ...(this.mode ? { mode: this.mode } : {}),
    });
    this.mode = undefined;
  }

  showMode(mode: MaskEditorMode): void {
    this.mode = mode;
    this.post({ type: 'mode', mode });
    this.panel.reveal(undefined, false);
  }

  private imagePayload(base: BaseState): MaskImagePayload {
    return {
      revision: base.revision,
      origin: base.origin,
      bytes: exact(base.image.bytes),
      width: base.image.width,
      height: base.image.height,
      name: baseName(this.uri),
      ...(base.image.note ? { note: base.image.note } : {}),
    };
  }

  private resultPayload(held: HeldResult): MaskResultPayload {
    return {
      resultId: held.id,
      bytes: exact(held.bytes),
      mimeType: held.mimeType,
      width: held.width,
      height: held.height,
      composited: held.composited,
      prompt: held.prompt,
      model: held.model,
      ...(held.costLabel ? { costLabel: held.costLabel } : {}),
      ...(held.keptUri ? { keptAs: baseName(held.keptUri) } : {}),
    };
  }

  private async generate(message: Extract<FromMaskEditor, { type: 'generate' }>): Promise<void> {
    const { requestId } = message;
    const done = (outcome: 'finished' | 'cancelled' | 'failed', text?: string) =>
      this.post({ type: 'done', requestId, outcome, ...(text !== undefined ? { message: text } : {}) });
    if (this.running) return done('failed', vscode.l10n.t('An edit is already running. Wait for it, or cancel it first.'));
    const base = await this.baseState;
    if (message.revision !== base.revision) return done('failed', vscode.l10n.t('The image changed since this mask was painted. Check the mask and generate again.'));
    const controller = new AbortController();
    this.running = { requestId, controller };
    const progress = (text: string) => this.post({ type: 'progress', requestId, message: text });
    const name = baseName(this.uri);
    try {
      const request = await maskedEditJob(this.services, {
        source: this.uri,
        base: base.image,
        chain: base.chain,
        prompt: message.prompt,
        choice: message.settings,
        extension: message.extension,
        ...(message.mask ? { mask: message.mask } : {}),
        ...(message.markup ? { markup: message.markup } : {}),
        progress,
      });
      const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Image Studio: editing {file}', { file: name }) }, () =>
        this.services.jobs.run(
          request,
          {
            ...notificationFeedback(this.services),
            started: (start) =>
              progress(
                start.costLabel
                  ? vscode.l10n.t('Sending to {model} ({cost})…', { model: start.model, cost: start.costLabel })
                  : vscode.l10n.t('Sending to {model}…', { model: start.model }),
              ),
            preview: (_index, partialIndex, bytes) => {
              progress(vscode.l10n.t('Preview {index} of {count} received…', { index: partialIndex + 1, count: this.services.settings().partialImages }));
              this.post({ type: 'preview', requestId, partialIndex, bytes: exact(bytes), mimeType: mimeOf(bytes) });
            },
            progress,
            image: async (image) => {
              const held = heldFrom(image, message.prompt, base.chain);
              await this.hold(held);
              this.post({ type: 'result', requestId, result: this.resultPayload(held) });
            },
          },
          controller.signal,
        ),
      );
      switch (outcome.kind) {
        case 'notSent':
          // eslint-disable-next-line image-studio/localized-text -- a KeyPurpose (requireApiKey.ts words the sentence)
          if (outcome.reason === 'noKey') requireApiKeyWarning(this.services, 'edit images');
          return done(outcome.reason === 'declined' ? 'cancelled' : 'failed', notSentMessage(outcome));
        case 'cancelled':
          this.services.logger.info(`mask edit ${name}: cancelled`);
          return done('cancelled', vscode.l10n.t('Cancelled. Nothing was saved.'));
        case 'failed':
          throw outcome.error;
        case 'finished':
          if (outcome.failures.length > 0) throw outcome.failures[0];
          return done('finished');
      }
    } catch (error) {
      this.services.logger.error(`mask edit ${name} failed`, error);
      done('failed', this.describe(error));
      // Failures of the service (key, quota, network) also get a notification with its fix.
      // eslint-disable-next-line image-studio/localized-text -- the context of a log line
      if (!isInputError(error)) reportFailure(this.services, `mask edit ${name}`, error);
    } finally {
      if (this.running?.requestId === requestId) this.running = undefined;
    }
  }

  private async hold(held: HeldResult): Promise<void> {
    this.results.set(held.id, held);
    // Stored before the page shows it: once shown, a reload must bring it back.
    await this.store.save(this.uri, held);
    while (this.results.size > MAX_HELD_RESULTS) {
      const oldest = [...this.results.values()].find((entry) => !entry.keptUri) ?? [...this.results.values()][0];
      this.results.delete(oldest.id);
      await this.store.remove(this.uri, oldest.id);
      this.post({ type: 'discarded', resultId: oldest.id });
    }
  }

  private async keep(resultId: string): Promise<void> {
    const held = this.results.get(resultId);
    if (!held) {
      this.post({ type: 'error', message: vscode.l10n.t('That result is no longer held (it was discarded). Generate again.') });
      return;
    }
    // Two clicks must not save twice.
    held.saving ??= keepResult(this.services, this.uri, held).then(async (uri) => {
      held.keptUri = uri;
      await this.store.markKept(this.uri, held);
      return uri;
    });
    try {
      const uri = await held.saving;
      this.post({ type: 'kept', resultId, fileName: baseName(uri) });
    } catch (error) {
      held.saving = undefined;
      throw error;
    }
  }

  private async editAgain(resultId: string): Promise<void> {
    const held = this.results.get(resultId);
    if (!held) {
      this.post({ type: 'error', message: vscode.l10n.t('That result is no longer held. Generate again.') });
      return;
    }
    if (this.running) {
      this.post({ type: 'error', message: vscode.l10n.t('Wait for the running edit to finish (or cancel it) before editing a result again.') });
      return;
    }
    const previous = await this.baseState;
    const image = await prepareBase(held.bytes, baseName(this.uri));
    const next: BaseState = {
      image,
      revision: previous.revision + 1,
      origin: 'result',
      chain: [...held.chain, held.prompt],
    };
    this.baseState = Promise.resolve(next);
    this.post({ type: 'image', image: this.imagePayload(next) });
  }

  async base(): Promise<{ revision: number; width: number; height: number; bytes: Uint8Array }> {
    const { image, revision } = await this.baseState;
    return { revision, width: image.width, height: image.height, bytes: image.bytes };
  }

  keptUri(resultId: string): vscode.Uri | undefined {
    return this.results.get(resultId)?.keptUri;
  }

  private post(message: ToMaskEditor): void {
    if (this.recordPosts) this.posted.push(message);
    if (this.isDisposed) return;
    // A hidden editor's page is gone (no retained context): it asks again with `ready`.
    void this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  private describe(error: unknown): string {
    if (error instanceof RejectedMessageError) return error.message;
    return describeFailure(error, this.services.settings()).message;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.running?.controller.abort();
    this.results.clear();
    super.dispose();
  }
}

const MIME_TYPES: Readonly<Record<string, string>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
const mimeOf = (bytes: Buffer): string => MIME_TYPES[sniffFormat(bytes)] ?? 'image/png';

/** A result of the pipeline, held until Keep or Discard. */
function heldFrom(image: JobImage, prompt: string, chain: string[]): HeldResult {
  return {
    id: randomBytes(12).toString('hex'),
    bytes: image.bytes,
    mimeType: image.mimeType,
    fileExtension: fileExtensionFor(image.format),
    width: image.width,
    height: image.height,
    composited: image.composited,
    prompt,
    model: image.sidecar.model,
    ...(image.costUsd !== undefined ? { costUsd: image.costUsd, costLabel: formatUsd(image.costUsd) } : {}),
    chain,
    sidecar: image.sidecar,
  };
}

/** Errors about what the person asked for, whose messages are already written for them. */
function isInputError(error: unknown): boolean {
  return (
    error instanceof MaskError ||
    error instanceof ImageError ||
    error instanceof SourceRefusedError ||
    error instanceof InvalidParametersError ||
    error instanceof RejectedMessageError
  );
}

