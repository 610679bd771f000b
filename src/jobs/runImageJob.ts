// The one job runner. Every way of making an image (palette, selection, explorer, studio,
// mask editor, agent tools) hands it a request and an observer (its presenter), and it does,
// once for every kind: the key, validation (nothing invalid is sent), the shutdown warning,
// the price and cost confirmation, bounded concurrency, verification of every image, the
// strict composite, saving with one sidecar format, and the typed outcome.
// No `vscode` at run time: what touches the workspace comes in through `JobEnvironment`.
import { randomBytes } from 'node:crypto';
import { verifyImage } from '../imaging/verifyImage';
import { ImageError } from '../imaging/imageErrors';
import { strictComposite } from '../imaging/strictComposite';
import { actualCostPerImage, estimateCost, formatUsd, type RateOverrides } from '../openai/costEstimate';
import { createClient, serverHost, type ReceivedImage, type RequestResult } from '../openai/imagesClient';
import { shutdownWarning } from '../openai/modelCapabilities';
import { InvalidResponseError } from '../openai/responseErrors';
import type { SavedImage } from '../storage/outputWriter';
import type { GroupReport, ImageJobRequest, JobImage, JobObserver, JobOutcome, JobReport, SourceRef } from './imageJob';
import { buildSidecar } from './jobSidecar';
import { planJob, type JobPlan, type RequestGroup } from './planJob';

/** How many images of one response are verified and saved at once (memory stays bounded). */
const IMAGES_AT_ONCE = 4;
const MIME_TYPES: Readonly<Record<string, string>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/** What the runner needs from the extension (fakes in unit tests). */
export interface JobEnvironment {
  /** The stored API key (registered with the log's redaction), or undefined. */
  apiKey(): Promise<string | undefined>;
  logger: { info(message: string): void; warn(message: string): void };
  /** The price table with the person's overrides (read once per job). */
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
export async function runImageJob(
  env: JobEnvironment,
  request: ImageJobRequest,
  observer: JobObserver,
  signal: AbortSignal,
): Promise<JobOutcome> {
  const apiKey = await env.apiKey();
  if (!apiKey) return { kind: 'notSent', reason: 'noKey' };
  const plan = planJob(request);
  if (plan.problems.length > 0) {
    env.logger.warn(`${request.kind}: not sent: ${plan.problems.map((problem) => problem.message).join(' ')}`);
    return { kind: 'notSent', reason: 'invalid', problems: plan.problems };
  }
  for (const dropped of plan.dropped) env.logger.info(`not sent: ${dropped.field} — ${dropped.reason}`);
  const { settings } = request;
  const warning = shutdownWarning(plan.model, env.now(), settings.baseUrl || undefined);
  if (warning) observer.warn?.(warning);

  const rates = env.prices();
  const estimate = estimateCost(plan.costOptions, rates);
  let costLabel = '';
  if (!estimate) {
    env.logger.info(`cost: no price known for ${plan.model}; not estimated`);
  } else {
    env.logger.info(`cost: estimated ${formatUsd(estimate.usd)} — ${estimate.basis}`);
    costLabel = `~${formatUsd(estimate.usd)}`;
    if (env.needsConfirmation(estimate.usd)) {
      const confirmed = (await observer.confirmCost?.({ usd: estimate.usd, label: costLabel, basis: estimate.basis })) ?? false;
      if (!confirmed) {
        env.logger.info('cost: declined; nothing sent');
        return { kind: 'notSent', reason: 'declined' };
      }
    }
  }
  const run = new JobRun(env, request, plan, observer, signal, rates);
  const requested = plan.groups.reduce((sum, group) => sum + group.requested, 0);
  env.logger.info(
    `${request.kind} ${run.jobId}: model=${plan.model} n=${requested} requests=${plan.groups.reduce((sum, group) => sum + group.requests, 0)} ` +
      `stream=${plan.previews} server=${run.server}`,
  );
  observer.started?.({
    jobId: run.jobId,
    model: plan.model,
    count: requested,
    costLabel,
    previews: plan.previews && settings.partialImages > 0,
    preparation: plan.groups.flatMap((group) => group.preparation),
  });
  return run.execute(apiKey, settings.maxConcurrentRequests);
}

/** One job's requests in flight and what they delivered. */
class JobRun {
  readonly jobId: string;
  readonly server: string;
  private readonly started = Date.now();
  private readonly date: Date;
  private readonly groups: GroupReport[];
  /** Index of each group's first image among all the job's images. */
  private readonly offsets: number[];
  private readonly nextInGroup: number[];
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
    let offset = 0;
    this.offsets = plan.groups.map((group) => (offset += group.requested) - group.requested);
    this.nextInGroup = plan.groups.map(() => 0);
  }

  async execute(apiKey: string, concurrency: number): Promise<JobOutcome> {
    const { settings } = this.request;
    const client = createClient({
      apiKey,
      baseUrl: settings.baseUrl || undefined,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      maxRetries: settings.maxRetries,
    });
    const tasks = this.plan.groups.flatMap((group, groupIndex) => Array.from({ length: group.requests }, (_, requestIndex) => ({ groupIndex, requestIndex })));
    await runBounded(tasks.length, Math.max(1, concurrency), async (index) => {
      const { groupIndex, requestIndex } = tasks[index];
      if (this.signal.aborted) return;
      try {
        const group = this.plan.groups[groupIndex];
        const result = await group.send(client, this.signal, (partialIndex, bytes) =>
          this.observer.preview?.(this.offsets[groupIndex] + requestIndex, partialIndex, bytes),
        );
        await this.deliver(groupIndex, group, result);
      } catch (error) {
        this.fail(groupIndex, error);
      }
    });
    return this.outcome();
  }

  /** Verifies, finishes and saves the images of one response, a few at a time. */
  private async deliver(groupIndex: number, group: RequestGroup, result: RequestResult): Promise<void> {
    // Indexes in response order, taken before any await.
    const first = this.nextInGroup[groupIndex];
    this.nextInGroup[groupIndex] += result.images.length;
    await runBounded(result.images.length, IMAGES_AT_ONCE, async (position) => {
      let delivered: JobImage;
      try {
        this.signal.throwIfAborted();
        const image = await this.finish(groupIndex, group, result, result.images[position], this.offsets[groupIndex] + first + position);
        this.signal.throwIfAborted();
        const saved = await this.env.save(this.request, image, {
          date: this.date,
          count: this.plan.groups.length === 1 ? group.requested : 1,
          sources: group.sources,
        });
        delivered = saved ? { ...image, saved } : image;
        insertByIndex(this.groups[groupIndex].images, delivered);
        insertByIndex(this.images, delivered);
      } catch (error) {
        this.fail(groupIndex, error);
        return;
      }
      // The image is made and saved: a presenter that cannot show it (its panel closed) does not unmake it.
      try {
        await this.observer.image(delivered);
      } catch (error) {
        this.env.logger.warn(`${this.request.kind} ${this.jobId}: image ${delivered.index + 1} could not be shown: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  private async finish(groupIndex: number, group: RequestGroup, result: RequestResult, received: ReceivedImage, index: number): Promise<Omit<JobImage, 'saved'>> {
    const { request, plan } = this;
    const verified = await verifyReceived(received.bytes, request.destination.kind !== 'memory');
    let { width, height, format } = verified;
    let bytes = received.bytes;
    const composite = request.kind === 'maskedEdit' ? request.strictComposite : undefined;
    if (composite) {
      this.observer.progress?.('Restoring every pixel outside the mask…');
      ({ bytes, width, height } = await strictComposite({ ...composite, result: received.bytes }));
      format = 'png';
    }
    const { revisedPrompt } = received;
    const { usage, requestId } = result;
    const costUsd = actualCostPerImage(plan.model, usage, result.images.length, this.rates);
    const sidecar = buildSidecar({
      ...plan.extras,
      operation: plan.operation,
      endpoint: plan.endpoint,
      prompt: request.prompt,
      sentPrompt: group.sentPrompt || undefined,
      model: plan.model,
      parameters: group.parameters,
      revisedPrompt,
      usage,
      costUsd,
      requestId,
      server: this.server,
      width,
      height,
      sources: group.sources.map((source) => source.name),
      preparation: group.preparation,
    });
    const mimeType = MIME_TYPES[format] ?? 'image/png';
    return { index, group: groupIndex, bytes, format, mimeType, width, height, composited: Boolean(composite), revisedPrompt, usage, costUsd, requestId, thumbnail: verified.thumbnail, sidecar };
  }

  private fail(groupIndex: number, error: unknown): void {
    if (this.signal.aborted) return; // a cancellation is not a failure
    this.groups[groupIndex].failures.push(error);
    this.failures.push(error);
  }

  private outcome(): JobOutcome {
    const report: JobReport = {
      jobId: this.jobId,
      model: this.plan.model,
      requested: this.groups.reduce((sum, group) => sum + group.requested, 0),
      images: this.images,
      groups: this.groups,
      failures: this.failures,
      costUsd: this.images.reduce((sum, image) => sum + (image.costUsd ?? 0), 0),
      durationMs: Date.now() - this.started,
    };
    const kind = this.request.kind;
    const requestIds = [...new Set(this.images.flatMap((image) => (image.requestId ? [image.requestId] : [])))];
    const summary =
      `${kind} ${this.jobId}: ${report.images.length}/${report.requested} image(s) in ${report.durationMs} ms` +
      (report.costUsd > 0 ? `, cost ${formatUsd(report.costUsd)}` : '') +
      (requestIds.length ? ` (requests ${requestIds.join(', ')})` : '');
    if (this.signal.aborted) {
      this.env.logger.info(`${summary}; cancelled, kept ${report.images.length} finished image(s)`);
      return { kind: 'cancelled', ...report };
    }
    this.env.logger.info(this.failures.length > 0 ? `${summary}; ${this.failures.length} failed` : summary);
    if (report.images.length === 0 && this.failures.length > 0) return { kind: 'failed', error: this.failures[0], ...report };
    return { kind: 'finished', ...report };
  }
}

/** API output must decode fully as an image before anything is written. */
async function verifyReceived(bytes: Buffer, thumbnail: boolean) {
  try {
    return await verifyImage(bytes, undefined, { thumbnail });
  } catch (error) {
    if (error instanceof ImageError) {
      throw new InvalidResponseError(`The server sent data that is not a valid image (${error.code}).`);
    }
    throw error;
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
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
