import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Services } from '../services';
import type { StudioSettings } from '../config/settings';
import { InvalidParametersError, prepareGeneration, shutdownWarning, type GenerationOptions } from '../openai/modelCapabilities';
import { serverHost, type ClientConfig } from '../openai/imagesClient';
import { actualCostPerImage, formatUsd, type ImageUsage, type RateOverrides } from '../openai/costEstimate';
import { withResultText } from '../imaging/pngText';
import { fileExtensionFor, resolveOutputFolder, saveImage, type SavedImage } from '../storage/outputWriter';
import { sharedThumbnailCache } from '../storage/thumbnailCache';
import { reportFailure } from '../commands/commandRunner';
import { requireApiKey } from '../commands/requireApiKey';
import { confirmEstimatedCost, priceTable } from './costConfirmation';
import { runGenerationJob, type JobImage } from './generationJob';
import { optionsFromSettings } from './optionsFromSettings';

export interface GenerateRequest {
  /** The prompt as the person wrote it (what file names and sidecars use). */
  prompt: string;
  /** Where to save; default: the output folder setting. */
  folder?: vscode.Uri;
  /** Open the first image when done (default true). */
  open?: boolean;
  /** Parameters for this job only (the studio panel's choices), over the settings. */
  settings?: Partial<StudioSettings>;
  /** Cancels the job from elsewhere (e.g. the studio's Cancel button). */
  signal?: AbortSignal;
  /** The id events will carry, so the caller can match them to its job. */
  jobId?: string;
}

/**
 * Generates from a prompt with the current settings, saves every image with its sidecar
 * and opens the first. Returns the saved images (possibly fewer than asked when some
 * requests failed; those failures are reported together), or undefined when nothing was
 * sent: no key, invalid parameters, declined cost.
 */
export async function generateAndSave(services: Services, request: GenerateRequest): Promise<SavedImage[] | undefined> {
  const settings: StudioSettings = { ...services.settings(), ...request.settings };
  const apiKey = await requireApiKey(services, 'generate images');
  if (!apiKey) return undefined;

  const options = optionsFromSettings(settings, request.prompt);
  const prepared = prepareGeneration(options);
  if (prepared.problems.length > 0) throw new InvalidParametersError(prepared.problems);
  for (const dropped of prepared.dropped) services.logger.info(`not sent: ${dropped.field} — ${dropped.reason}`);
  const folder = request.folder ?? resolveOutputFolder(settings.outputFolder);
  const warning = shutdownWarning(settings.model, new Date(), settings.baseUrl || undefined);
  if (warning) void services.notifier.show('warning', warning);
  const rates = priceTable(services);
  const costLabel = await confirmEstimatedCost(services, options, rates);
  if (costLabel === undefined) return undefined;

  const config: ClientConfig = {
    apiKey,
    baseUrl: settings.baseUrl || undefined,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    maxRetries: settings.maxRetries,
  };
  const job = new JobContext(services, request.prompt, options, rates, serverHost(settings.baseUrl), request.jobId);
  services.logger.info(
    `generate ${job.id}: model=${options.model} size=${options.size} quality=${options.quality} n=${options.n} stream=${Boolean(prepared.body.stream)} server=${job.server}`,
  );
  services.events.fireJobState({ jobId: job.id, state: 'started', prompt: request.prompt, model: options.model, count: job.count });

  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Generating ${job.count > 1 ? `${job.count} images` : 'an image'} with ${options.model}${costLabel ? ` (${costLabel})` : ''}`,
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      const abortFromCaller = () => controller.abort();
      request.signal?.addEventListener('abort', abortFromCaller);
      if (request.signal?.aborted) controller.abort();
      try {
        const outcome = await runGenerationJob(config, options, {
          signal: controller.signal,
          concurrency: settings.maxConcurrentRequests,
          onPartialImage: (imageIndex, partialIndex, bytes) => {
            services.events.firePartialImage({ jobId: job.id, imageIndex, partialIndex, bytes });
            progress.report({ message: `preview ${partialIndex + 1}${job.count > 1 ? ` of image ${imageIndex + 1}` : ''} received…` });
          },
          onImage: async (image, imageIndex) => {
            if (controller.signal.aborted) return;
            await job.save(folder, image, imageIndex);
            progress.report({ message: `saved ${job.saved.length} of ${job.count}` });
          },
        });
        services.logger.info(
          `generate ${job.id}: ${outcome.delivered}/${outcome.requested} image(s) in ${Date.now() - job.started} ms` +
            (job.costUsd > 0 ? `, cost ${formatUsd(job.costUsd)}` : '') +
            (outcome.requestIds.length ? ` (requests ${outcome.requestIds.join(', ')})` : ''),
        );
        services.events.fireJobState({ jobId: job.id, state: 'finished', prompt: request.prompt, model: options.model, count: job.count });
        await job.present(request.open !== false);
        if (outcome.failures.length > 0) {
          const prefix = `${job.saved.length} of ${outcome.requested} images were saved; ${outcome.failures.length} failed. `;
          reportFailure(services, `generate ${job.id} (${outcome.failures.length} of ${outcome.requested} failed)`, outcome.failures[0], prefix);
        }
        return job.saved;
      } catch (error) {
        if (controller.signal.aborted) {
          services.logger.info(`generate ${job.id}: cancelled after ${Date.now() - job.started} ms; kept ${job.saved.length} finished image(s)`);
          services.events.fireJobState({ jobId: job.id, state: 'cancelled', prompt: request.prompt, model: options.model, count: job.count });
          await job.present(request.open !== false);
          return job.saved;
        }
        services.events.fireJobState({ jobId: job.id, state: 'failed', prompt: request.prompt, model: options.model, count: job.count });
        throw error;
      } finally {
        subscription.dispose();
        request.signal?.removeEventListener('abort', abortFromCaller);
      }
    },
  );
}

/** What one job accumulates while it runs. */
class JobContext {
  readonly id: string;
  readonly started = Date.now();
  readonly date = new Date();
  readonly count: number;
  readonly saved: SavedImage[] = [];
  private readonly savedIndexes: number[] = [];
  readonly revisedPrompts: string[] = [];
  costUsd = 0;

  constructor(
    private readonly services: Services,
    readonly prompt: string,
    private readonly options: GenerationOptions,
    private readonly rates: RateOverrides,
    readonly server: string,
    id?: string,
  ) {
    this.id = id ?? randomBytes(4).toString('hex');
    this.count = options.n ?? 1;
  }

  async save(folder: vscode.Uri, image: JobImage, imageIndex: number): Promise<void> {
    const { prompt: sentPrompt, ...parameters } = image.request as unknown as Record<string, unknown>;
    const costUsd = actualCostPerImage(this.options.model, image.usage as ImageUsage | undefined, image.imagesInRequest, this.rates);
    if (costUsd !== undefined) this.costUsd += costUsd;
    if (image.revisedPrompt) this.revisedPrompts.push(image.revisedPrompt);
    const bytes = withResultText(image.bytes, { prompt: this.prompt, model: this.options.model, revisedPrompt: image.revisedPrompt });
    const saved = await saveImage({
      folder,
      prompt: this.prompt,
      extension: fileExtensionFor(image.format),
      bytes,
      date: this.date,
      index: this.count > 1 ? imageIndex : undefined,
      sidecar: {
        generator: 'image-studio',
        version: 1,
        prompt: this.prompt,
        ...(sentPrompt !== this.prompt ? { sentPrompt: String(sentPrompt) } : {}),
        model: this.options.model,
        parameters,
        revisedPrompt: image.revisedPrompt,
        usage: image.usage,
        costUsd,
        requestId: image.requestId,
        server: this.server,
        width: image.width,
        height: image.height,
      },
    });
    if (image.thumbnail) await sharedThumbnailCache(this.services).store(saved.uri, image.thumbnail);
    // Images of one response are saved concurrently: keep them in image order.
    const position = this.savedIndexes.findIndex((index) => index > imageIndex);
    const at = position === -1 ? this.saved.length : position;
    this.saved.splice(at, 0, saved);
    this.savedIndexes.splice(at, 0, imageIndex);
    this.services.events.fireImageSaved({ jobId: this.id, imageIndex, uri: saved.uri, sidecarUri: saved.sidecarUri });
  }

  /** Opens the first image and shows what the person should know about the result. */
  async present(open: boolean): Promise<void> {
    if (this.saved.length === 0) return;
    if (open) await vscode.commands.executeCommand('vscode.open', this.saved[0].uri, { preview: false });
    this.services.logger.info(`saved: ${this.saved.map((image) => vscode.workspace.asRelativePath(image.uri)).join(', ')}`);
    const revised = this.revisedPrompts.find((text) => text !== this.prompt);
    if (revised) void this.services.notifier.show('info', `The model revised your prompt to: "${revised}"`);
  }
}
