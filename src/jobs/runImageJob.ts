// The one job runner. Every way of making an image (palette, selection, explorer, studio,
// mask editor, agent tools) hands it a request and an observer (its presenter), and it does,
// once for every kind: the key, validation (nothing invalid is sent), the shutdown warning,
// the price and cost confirmation, bounded concurrency, verification of every image, the
// strict composite, saving with one sidecar format, and the typed outcome.
// No `vscode` at run time: what touches the workspace comes in through `JobEnvironment`.
import { formatNumber } from '../../shared/localeFormat';
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { verifyImage, type VerifyOptions } from '../imaging/verifyImage';
import { THUMBNAIL_EDGE } from '../imaging/thumbnail';
import { loadSvgSanitizer } from '../imaging/svg/loadSvgSanitizer';
import { renderSvgPreview } from '../imaging/svg/renderSvgPreview';
import { sniffFormat } from '../imaging/sniffFormat';
import { ImageError } from '../imaging/imageErrors';
import { strictComposite } from '../imaging/strictComposite';
import { actualCostPerImage, formatUsd, svgAuthorCost, type RateOverrides } from '../openai/costEstimate';
import { createClient, serverHost, type ReceivedImage, type RequestResult } from '../openai/imagesClient';
import { FORMAT_MIME_TYPES, shutdownWarning } from '../openai/modelCapabilities';
import { InvalidResponseError } from '../openai/responseErrors';
import type { SavedImage } from '../storage/outputWriter';
import type { GroupReport, ImageJobRequest, JobImage, JobObserver, JobOutcome, JobReport, SourceRef } from './imageJob';
import { buildSidecar } from './jobSidecar';
import { resultDifferences } from './compareResult';
import { estimateJob, planJob, type JobPlan, type RequestGroup } from './planJob';

/** How many images of one response are verified and saved at once (memory stays bounded). */
const IMAGES_AT_ONCE = 4;

/** What the runner needs from the extension (fakes in unit tests). */
export interface JobEnvironment {
  /** The stored API key (registered with the log's redaction), or undefined. */
  apiKey(): Promise<string | undefined>;
  logger: { info(message: string): void; warn(message: string): void };
  /** The price table with the person's overrides. */
  prices(): RateOverrides;
  /** Whether an estimate of `usd` must be confirmed first. */
  needsConfirmation(usd: number): boolean;
  /** Writes a verified image where the request says; undefined for a `memory` destination. */
  save(request: ImageJobRequest, image: Omit<JobImage, 'saved'>, context: SaveContext): Promise<SavedImage | undefined>;
  now(): Date;
}

export interface SaveContext {
  /** When the job started (file names and sidecars). */
  date: Date;
  /** Images the job asked for (siblings of one job get `-1`, `-2`…). */
  count: number;
  /** The sources the image was made from (the first names results). */
  sources: readonly SourceRef[];
}

/**
 * Runs one job to its outcome. Never throws for what can go wrong with the request (no key,
 * invalid parameters, API errors, bad images, cancellation): those are the outcome.
 */
export async function runImageJob(env: JobEnvironment, request: ImageJobRequest, observer: JobObserver, signal: AbortSignal): Promise<JobOutcome> {
  const apiKey = await env.apiKey();
  if (!apiKey) return { kind: 'notSent', reason: 'noKey' };
  const plan = planJob(request, env.now());
  if (plan.problems.length > 0) {
    env.logger.warn(`${request.kind}: not sent: ${plan.problems.map((problem) => problem.message).join(' ')}`);
    return { kind: 'notSent', reason: 'invalid', problems: plan.problems };
  }
  for (const dropped of plan.dropped) env.logger.info(`not sent: ${dropped.field} — ${dropped.reason}`);
  const { settings } = request;
  const warning = shutdownWarning(plan.model, env.now(), settings.baseUrl || undefined);
  if (warning) observer.warn?.(warning);

  const rates = env.prices();
  const estimate = estimateJob(plan, rates);
  const costLabel = estimate ? `~${formatUsd(estimate.usd)}` : '';
  env.logger.info(estimate ? `cost: estimated ${formatUsd(estimate.usd)} — ${estimate.basis}` : `cost: no price known for ${plan.model}; not estimated`);
  if (estimate && env.needsConfirmation(estimate.usd) && !(await observer.confirmCost?.({ usd: estimate.usd, label: costLabel, basis: estimate.basis }))) {
    env.logger.info('cost: declined; nothing sent');
    return { kind: 'notSent', reason: 'declined' };
  }
  const run = new JobRun(env, request, plan, observer, signal, rates);
  const count = plan.groups.reduce((sum, group) => sum + group.requested, 0);
  env.logger.info(
    `${request.kind} ${run.jobId}: model=${plan.model} n=${count} requests=${plan.groups.reduce((sum, group) => sum + group.requests, 0)} stream=${plan.previews} server=${run.server}`,
  );
  const preparation = plan.groups.flatMap((group) => group.preparation);
  observer.started?.({ jobId: run.jobId, model: plan.model, count, costLabel, previews: plan.previews && settings.partialImages > 0, preparation });
  return run.execute(apiKey);
}

/** One job's requests in flight and what they delivered. */
class JobRun {
  readonly jobId: string;
  readonly server: string;
  private readonly started = Date.now();
  private readonly date: Date;
  private readonly groups: GroupReport[];
  /** Index of each group's first image among all the job's images. */
  private readonly offsets: number[] = [];
  /** The next index for images beyond what their request asked for (after every requested one). */
  private surplus = 0;
  private readonly images: JobImage[] = [];
  private readonly failures: unknown[] = [];

  constructor(
    private readonly env: JobEnvironment,
    private readonly request: ImageJobRequest,
    private readonly plan: JobPlan,
    private readonly observer: JobObserver,
    private readonly signal: AbortSignal,
    private readonly rates: RateOverrides,
  ) {
    this.jobId = request.jobId ?? randomBytes(6).toString('hex');
    this.server = serverHost(request.settings.baseUrl);
    this.date = env.now();
    this.groups = plan.groups.map((group) => ({ requested: group.requested, images: [], failures: [] }));
    for (const group of plan.groups) {
      this.offsets.push(this.surplus);
      this.surplus += group.requested;
    }
  }

  async execute(apiKey: string): Promise<JobOutcome> {
    const { settings } = this.request;
    const client = createClient({ apiKey, baseUrl: settings.baseUrl || undefined, timeoutMs: settings.requestTimeoutSeconds * 1000, maxRetries: settings.maxRetries });
    const tasks = this.plan.groups.flatMap((group, groupIndex) => Array.from({ length: group.requests }, (_, requestIndex) => ({ group, groupIndex, requestIndex })));
    await runBounded(tasks.length, Math.max(1, settings.maxConcurrentRequests), async (taskIndex) => {
      const { group, groupIndex, requestIndex } = tasks[taskIndex];
      if (this.signal.aborted) return;
      try {
        const result = await group.send(client, this.signal, (partial, bytes) => this.observer.preview?.(this.offsets[groupIndex] + requestIndex, partial, bytes));
        // Indexes in request order, whichever request answers first: request k of a group split
        // into one-image requests makes image k, the index its previews were reported under.
        // Images beyond what the request asked for go after every requested image.
        const perRequest = group.requested / group.requests;
        const first = this.offsets[groupIndex] + requestIndex * perRequest;
        const indexes = result.images.map((_, position) => (position < perRequest ? first + position : this.surplus++));
        await runBounded(result.images.length, IMAGES_AT_ONCE, (position) => this.deliver(groupIndex, group, result, result.images[position], indexes[position]));
      } catch (error) {
        this.fail(groupIndex, error);
      }
    });
    return this.outcome();
  }

  /** Verifies, finishes (composite, sidecar) and saves one image, then shows it. */
  private async deliver(groupIndex: number, group: RequestGroup, result: RequestResult, received: ReceivedImage, index: number): Promise<void> {
    let image: JobImage;
    try {
      this.signal.throwIfAborted();
      const finished = await this.finish(groupIndex, group, result, received, index);
      this.signal.throwIfAborted();
      const saved = await this.env.save(this.request, finished, { date: this.date, count: this.plan.groups.length === 1 ? group.requested : 1, sources: group.sources });
      image = { ...finished, saved };
      insertByIndex(this.groups[groupIndex].images, image);
      insertByIndex(this.images, image);
    } catch (error) {
      return this.fail(groupIndex, error);
    }
    // The image is made and saved: a presenter that cannot show it (its panel closed) does not unmake it.
    try {
      await this.observer.image(image);
    } catch (error) {
      this.env.logger.warn(`${this.request.kind} ${this.jobId}: image ${index + 1} could not be shown: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async finish(groupIndex: number, group: RequestGroup, result: RequestResult, received: ReceivedImage, index: number): Promise<Omit<JobImage, 'saved'>> {
    const { request, plan } = this;
    const sent = group.parameters;
    const checked = await checkReceived(received.bytes, sent, {
      // A job that asks for a preview at least the thumbnail's size (an agent's answer, which
      // waits for this) gets the studio's thumbnail made from that preview once the image is
      // saved, in the background (saveJobImage); the others get it from this decode.
      thumbnail: request.destination.kind !== 'memory' && (request.previewEdge ?? 0) < THUMBNAIL_EDGE,
      previewEdge: request.previewEdge,
      checkTransparency: sent.background === 'transparent',
    });
    if (checked.removed.length > 0) this.env.logger.warn(`${request.kind} ${this.jobId}: image ${index + 1}: the SVG was sanitized before saving; removed: ${checked.removed.join(', ')}`);
    let { width, height, format, bytes } = checked;
    const composite = request.kind === 'maskedEdit' ? request.strictComposite : undefined;
    if (composite) {
      this.observer.progress?.(l10n.t('Restoring every pixel outside the mask…'));
      ({ bytes, width, height } = await strictComposite({ ...composite, result: received.bytes }));
      format = 'png';
    }
    const { revisedPrompt } = received;
    const { usage, svgUsage, requestId } = result;
    const cost = costOf(plan.model, result, sent, this.rates);
    // A composite is the extension's own PNG of the source's size: only the model's result is compared.
    const differences = composite
      ? []
      : resultDifferences(sent, { format, width, height, frames: checked.frames, frameDurationsMs: checked.frameDurationsMs, usesTransparency: checked.usesTransparency, answered: result.answered });
    const sidecar = buildSidecar({
      ...plan.extras,
      operation: plan.operation,
      endpoint: plan.endpoint,
      prompt: request.prompt,
      sentPrompt: group.sentPrompt || undefined,
      model: plan.model,
      parameters: sent,
      revisedPrompt,
      usage,
      svgUsage,
      costUsd: cost.usd,
      costNote: cost.note,
      requestId,
      server: this.server,
      width,
      height,
      ...(checked.frames > 1 ? { frames: checked.frames, frameDurationsMs: checked.frameDurationsMs } : {}),
      sanitized: checked.removed,
      differences,
      sources: group.sources.map((source) => source.name),
      preparation: group.preparation,
    });
    for (const difference of differences) this.env.logger.warn(`${request.kind} ${this.jobId}: image ${index + 1}: ${difference}`);
    const mimeType = (FORMAT_MIME_TYPES as Readonly<Record<string, string>>)[format] ?? 'image/png';
    // A composite replaced pixels: a preview of the model's own would show what was not kept.
    const preview = composite ? undefined : checked.preview;
    return {
      index, group: groupIndex, bytes, format, mimeType, width, height, composited: Boolean(composite), differences, revisedPrompt, usage,
      costUsd: cost.usd, requestId, thumbnail: checked.thumbnail, ...(preview ? { preview } : {}), sidecar,
    };
  }

  private fail(groupIndex: number, error: unknown): void {
    if (this.signal.aborted) return; // a cancellation is not a failure
    this.groups[groupIndex].failures.push(error);
    this.failures.push(error);
  }

  private outcome(): JobOutcome {
    const { images, failures, groups } = this;
    const requested = groups.reduce((sum, group) => sum + group.requested, 0);
    const costUsd = images.reduce((sum, image) => sum + (image.costUsd ?? 0), 0);
    const report: JobReport = { jobId: this.jobId, model: this.plan.model, requested, images, groups, failures, costUsd, durationMs: Date.now() - this.started };
    const requestIds = [...new Set(images.flatMap((image) => image.requestId ?? []))];
    const summary =
      // eslint-disable-next-line image-studio/localized-text -- a log line (Output channel), English for developers
      `${this.request.kind} ${this.jobId}: ${images.length}/${requested} image(s) in ${report.durationMs} ms` +
      (costUsd > 0 ? `, cost ${formatUsd(costUsd)}` : '') +
      (requestIds.length ? ` (requests ${requestIds.join(', ')})` : '');
    if (this.signal.aborted) {
      this.env.logger.info(`${summary}; cancelled, kept ${images.length} finished image(s)`);
      return { kind: 'cancelled', ...report };
    }
    this.env.logger.info(failures.length > 0 ? `${summary}; ${failures.length} failed` : summary);
    return images.length === 0 && failures.length > 0 ? { kind: 'failed', error: failures[0], ...report } : { kind: 'finished', ...report };
  }
}

/**
 * One image's share of its request's cost: the image's (from `usage`, or the per-image price
 * of what was sent) and the SVG author's tokens. `note` says what is not counted.
 */
function costOf(model: string, result: RequestResult, sent: Record<string, unknown>, rates: RateOverrides): { usd?: number; note?: string } {
  const share = Math.max(1, result.images.length);
  const image = actualCostPerImage(model, result.usage, share, rates, sent);
  if (!result.svgUsage) return { usd: image };
  const author = svgAuthorCost(result.svgUsage, rates);
  if (author === undefined) {
    const tokens = result.svgUsage.total_tokens;
    const values = { tokens: tokens === undefined ? l10n.t('unknown') : formatNumber(tokens), model: result.svgUsage.model ?? '', setting: 'imageStudio.prices' };
    const note = result.svgUsage.model
      ? l10n.t('The SVG author\'s {tokens} tokens are not counted: no price is known for {model} (add it to {setting} as kind "text").', values)
      : l10n.t('The SVG author\'s {tokens} tokens are not counted: no price is known for the SVG author (add it to {setting} as kind "text").', values);
    return { usd: image, note };
  }
  return { usd: (image ?? 0) + author / share };
}

const RASTERS: ReadonlySet<string> = new Set(['png', 'jpeg', 'webp', 'gif']);

/** A received result, checked: its bytes as they will be saved, and what they are. */
interface CheckedResult {
  bytes: Buffer;
  format: string;
  width: number;
  height: number;
  frames: number;
  frameDurationsMs?: number[];
  usesTransparency?: boolean;
  thumbnail?: Buffer;
  preview?: Buffer;
  /** What the SVG sanitizer removed (empty for rasters). */
  removed: string[];
}

/**
 * API output is checked before anything is written: a raster must decode fully; an SVG
 * (asked for, and not a raster) is sanitized (no scripts, handlers, external references),
 * and only the sanitized text is kept, rendered for the thumbnail and the preview.
 */
async function checkReceived(bytes: Buffer, sent: Record<string, unknown>, options: VerifyOptions): Promise<CheckedResult> {
  try {
    // Asked for SVG and not a raster: the drawing (a raster that came instead is verified, and reported as a difference).
    if (sent.output_format === 'svg' && !RASTERS.has(sniffFormat(bytes))) {
      const { sanitizeSvg } = loadSvgSanitizer();
      const clean = await sanitizeSvg(bytes);
      const previews = await renderSvgPreview(clean.svg, { thumbnail: options.thumbnail, previewEdge: options.previewEdge });
      return { bytes: Buffer.from(clean.svg, 'utf8'), format: 'svg', width: clean.width, height: clean.height, frames: 1, removed: clean.removed, ...previews };
    }
    const verified = await verifyImage(bytes, undefined, options);
    return { ...verified, bytes, removed: [] };
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    const values = { code: error.code, message: error.message };
    throw new InvalidResponseError(
      sent.output_format === 'svg'
        ? l10n.t('The server sent data that is not a drawing that can be saved safely ({code}): {message}', values)
        : l10n.t('The server sent data that is not a valid image ({code}): {message}', values),
    );
  }
}

function insertByIndex(list: JobImage[], image: JobImage): void {
  const position = list.findIndex((entry) => entry.index > image.index);
  list.splice(position === -1 ? list.length : position, 0, image);
}

/** Runs `task(0..count-1)` with at most `limit` in flight. */
export async function runBounded(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
