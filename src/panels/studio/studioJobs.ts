// One studio generation at a time: starts it through `generateAndSave` (never a second
// generation path), turns its events into tile updates for the webview, and remembers the
// last job's images in workspace state so the results survive a window reload.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { HostToStudio, StudioImage, StudioJob, StudioJobState, StudioParams } from '../../../shared/protocol';
import type { Services } from '../../services';
import { generateAndSave } from '../../generation/generateAndSave';
import { describeFailure } from '../../commands/describeFailure';
import { reportFailure } from '../../commands/commandRunner';
import { sniffFormat } from '../../imaging/sniffFormat';
import { capabilitiesFor } from '../../openai/modelCapabilities';
import type { ImageSavedEvent, JobStateEvent, PartialImageEvent } from '../../util/generationEvents';
import { parseSidecar } from './historyRecord';
import type { HistoryItem } from './studioHistory';
import { overridesFor } from './studioEstimate';

/** What the job runner needs from its panel. */
export interface JobHost {
  services: Services;
  post(message: HostToStudio): void;
  /** Registers a saved image and returns what the webview may know of it. */
  describe(item: HistoryItem): StudioImage;
  /** The webview URI of a saved image (for the results tiles). */
  srcFor(uri: vscode.Uri): string;
  /** The history item of an image, if it is still in the history. */
  findInHistory(uri: vscode.Uri): Promise<HistoryItem | undefined>;
  /** The file behind an id this panel issued. */
  uriOf(id: string): vscode.Uri | undefined;
  /** A job saved an image: the history is out of date. */
  historyChanged(): void;
}

interface ActiveJob {
  view: StudioJob;
  controller: AbortController;
  /** Saved-image handling runs in order and must finish before the job is reported done. */
  chain: Promise<void>;
  /** The state generation reported last (`cancelled` is only known from events). */
  reported?: JobStateEvent['state'];
  costUsd: number;
}

/** What is kept in workspace state about the last job. */
interface StoredJob {
  jobId: string;
  prompt: string;
  model: string;
  state: StudioJobState;
  message?: string;
  /** One entry per tile: the image's URI, or null for a tile without an image. */
  images: (string | null)[];
}

const LAST_JOB_KEY = 'imageStudio.studio.lastJob';
const STATES: readonly StudioJobState[] = ['finished', 'cancelled', 'failed'];
const MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export class StudioJobs implements vscode.Disposable {
  private active: ActiveJob | undefined;
  private last: StudioJob | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly host: JobHost) {
    const events = host.services.events;
    this.subscriptions = [
      events.onDidChangeJobState((event) => this.onJobState(event)),
      events.onDidReceivePartialImage((event) => this.onPartial(event)),
      events.onDidSaveImage((event) => this.onSaved(event)),
    ];
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  /** The running job, else the last one (restored from workspace state after a reload). */
  async current(): Promise<StudioJob | undefined> {
    if (this.active) return this.active.view;
    this.last ??= await this.restore();
    return this.last;
  }

  /**
   * Generates `params.n` images of `prompt`; resolves when the job is over (saved,
   * cancelled, failed or not sent). The caller has validated the parameters.
   */
  async start(requestId: number, prompt: string, params: StudioParams): Promise<void> {
    const { services } = this.host;
    const jobId = randomBytes(6).toString('hex');
    const settings = services.settings();
    const previews = settings.stream && settings.partialImages > 0 && capabilitiesFor(params.model).streaming;
    const job: ActiveJob = {
      view: { jobId, prompt, model: params.model, count: params.n, state: 'starting', previews, tiles: [] },
      controller: new AbortController(),
      chain: Promise.resolve(),
      costUsd: 0,
    };
    this.active = job;
    this.host.post({ type: 'generateAccepted', requestId, jobId });
    let state: StudioJobState;
    let message: string | undefined;
    try {
      const saved = await generateAndSave(services, {
        prompt,
        settings: overridesFor(params),
        signal: job.controller.signal,
        jobId,
        open: false,
      });
      await job.chain;
      if (saved === undefined) {
        state = 'notSent';
        message = (await services.keys.get())
          ? 'Nothing was sent.'
          : 'Set your API key first (Image Studio: Set API Key…). It is kept in VS Code’s secret storage.';
      } else if (job.reported === 'cancelled') {
        state = 'cancelled';
        message = saved.length > 0 ? `Cancelled. ${saved.length} finished image${saved.length === 1 ? ' was' : 's were'} kept.` : 'Cancelled.';
      } else {
        state = 'finished';
        if (saved.length < job.view.count) message = `${saved.length} of ${job.view.count} images were saved; see the notification for what failed.`;
      }
    } catch (error) {
      await job.chain;
      state = 'failed';
      message = describeFailure(error, services.settings()).message;
      reportFailure(services, `studio generate ${jobId}`, error);
    }
    job.view.state = state;
    if (message) job.view.message = message;
    // Previews are only worth keeping while their final image is on its way.
    for (const tile of job.view.tiles) delete tile.partial;
    this.active = undefined;
    if (state !== 'notSent') {
      this.last = job.view;
      await this.store(job.view);
    }
    this.host.post({ type: 'jobEnded', jobId, state, ...(message ? { message } : {}), ...(job.costUsd > 0 ? { costUsd: job.costUsd } : {}) });
  }

  /** Cancels the running job (its finished images are kept). */
  cancel(): void {
    this.active?.controller.abort();
  }

  /** Drops a deleted image from the results. */
  async removed(id: string): Promise<void> {
    const view = this.active?.view ?? this.last;
    if (!view) return;
    let changed = false;
    for (const tile of view.tiles) {
      if (tile.image?.id === id) {
        delete tile.image;
        delete tile.src;
        changed = true;
      }
    }
    if (changed && view === this.last) await this.store(view);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private jobFor(jobId: string): ActiveJob | undefined {
    return this.active?.view.jobId === jobId ? this.active : undefined;
  }

  private onJobState(event: JobStateEvent): void {
    const job = this.jobFor(event.jobId);
    if (!job) return;
    job.reported = event.state;
    if (event.state !== 'started') return;
    job.view.state = 'running';
    job.view.model = event.model;
    job.view.count = event.count;
    job.view.tiles = Array.from({ length: event.count }, () => ({}));
    this.host.post({ type: 'jobStarted', job: job.view });
  }

  private onPartial(event: PartialImageEvent): void {
    const job = this.jobFor(event.jobId);
    const tile = job?.view.tiles[event.imageIndex];
    if (!job || !tile || tile.image) return;
    const mime = MIME[sniffFormat(event.bytes)];
    if (!mime) return; // not an image format the webview may show
    // A copy with its own buffer: the event's bytes may be a view into a larger pool.
    const bytes = new Uint8Array(event.bytes);
    tile.partial = { bytes, mime, index: event.partialIndex };
    this.host.post({ type: 'partialImage', jobId: event.jobId, imageIndex: event.imageIndex, partialIndex: event.partialIndex, bytes, mime });
  }

  private onSaved(event: ImageSavedEvent): void {
    const job = this.jobFor(event.jobId);
    if (!job) return;
    job.chain = job.chain.then(async () => {
      const item = await readItem(event.uri, event.sidecarUri);
      const tile = job.view.tiles[event.imageIndex];
      if (!item || !tile) return;
      const image = this.host.describe(item);
      tile.image = image;
      tile.src = this.host.srcFor(item.uri);
      delete tile.partial;
      job.costUsd += image.costUsd ?? 0;
      this.host.post({ type: 'imageSaved', jobId: event.jobId, imageIndex: event.imageIndex, image, src: tile.src });
      this.host.historyChanged();
    }).catch((error: unknown) => this.host.services.logger.error('studio: could not show a saved image', error));
  }

  private async store(view: StudioJob): Promise<void> {
    const stored: StoredJob = {
      jobId: view.jobId,
      prompt: view.prompt,
      model: view.model,
      state: view.state,
      ...(view.message ? { message: view.message } : {}),
      images: view.tiles.map((tile) => (tile.image ? (this.host.uriOf(tile.image.id)?.toString() ?? null) : null)),
    };
    await this.host.services.context.workspaceState.update(LAST_JOB_KEY, stored);
  }

  /** The last job from workspace state; only images still in the history come back. */
  private async restore(): Promise<StudioJob | undefined> {
    const stored = this.host.services.context.workspaceState.get<StoredJob>(LAST_JOB_KEY);
    if (!stored || !Array.isArray(stored.images) || typeof stored.prompt !== 'string') return undefined;
    const tiles = await Promise.all(
      stored.images.slice(0, 10).map(async (value) => {
        if (typeof value !== 'string') return {};
        const item = await this.host.findInHistory(vscode.Uri.parse(value, true)).catch(() => undefined);
        if (!item) return {};
        return { image: this.host.describe(item), src: this.host.srcFor(item.uri) };
      }),
    );
    // Only the images still there: a tile for a deleted one would be noise after a reload.
    const kept = tiles.filter((tile) => 'image' in tile);
    if (kept.length === 0) return undefined;
    return {
      jobId: String(stored.jobId),
      prompt: stored.prompt,
      model: String(stored.model),
      count: kept.length,
      previews: false,
      state: STATES.includes(stored.state) ? stored.state : 'finished',
      ...(stored.message ? { message: String(stored.message) } : {}),
      tiles: kept,
    };
  }
}

/** The history item for a freshly saved image, from its sidecar. */
async function readItem(uri: vscode.Uri, sidecarUri: vscode.Uri): Promise<HistoryItem | undefined> {
  const fs = vscode.workspace.fs;
  const record = parseSidecar(new TextDecoder().decode(await fs.readFile(sidecarUri)), posix.basename(sidecarUri.path));
  return record ? { record, uri, sidecarUri } : undefined;
}
