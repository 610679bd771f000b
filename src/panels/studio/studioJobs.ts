// The studio's presenter of a `generate` job, one at a time: what the job reports becomes
// tile updates for the webview (no progress notification: the tiles are the progress), and
// the last job's images are remembered in workspace state so the results survive a reload.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { HostToStudio, StudioImage, StudioJob, StudioJobState, StudioParams } from '../../../shared/protocol';
import type { FeatureServices } from '../../featureServices';
import { describeFailure } from '../../feedback/describeFailure';
import { reportFailure } from '../../feedback/commandRunner';
import { requireApiKeyWarning } from '../../feedback/requireApiKey';
import type { JobImage, JobOutcome } from '../../jobs/imageJob';
import { notificationFeedback, notSentMessage } from '../../jobs/jobFeedback';
import { sniffFormat } from '../../imaging/sniffFormat';
import { fileExists } from '../../storage/diskAccess';
import type { SavedImage } from '../../storage/outputWriter';
import { formatNumber } from '../../../shared/localeFormat';
import { recordFromSidecar } from './historyRecord';
import type { HistoryItem } from './studioHistory';
import { overridesFor } from './studioEstimate';

/** What the job presenter needs from its panel. */
export interface JobHost {
  services: FeatureServices;
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
  /** The output folder (checked by the panel before a job starts). */
  outputFolder(): vscode.Uri;
}

interface ActiveJob {
  view: StudioJob;
  controller: AbortController;
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

export class StudioJobs {
  private active: ActiveJob | undefined;
  private last: StudioJob | undefined;
  /** The panel closed: a running job goes on and saves, but nothing is shown any more. */
  private detached = false;

  constructor(private readonly host: JobHost) {}

  get running(): boolean {
    return this.active !== undefined;
  }

  /** The running job, else the last one (restored from workspace state after a reload). */
  async current(): Promise<StudioJob | undefined> {
    if (this.active) return this.active.view;
    this.last = this.last ? await this.withoutDeleted(this.last) : await this.restore();
    return this.last;
  }

  /** `view` without the images deleted since (outside the studio): the page must not load a missing file. */
  private async withoutDeleted(view: StudioJob): Promise<StudioJob> {
    await Promise.all(
      view.tiles.map(async (tile) => {
        const uri = tile.image ? this.host.uriOf(tile.image.id) : undefined;
        const exists = uri ? await vscode.workspace.fs.stat(uri).then(() => true, () => false) : true;
        if (!exists) {
          delete tile.image;
          delete tile.src;
        }
      }),
    );
    return view;
  }

  /**
   * Generates `params.n` images of `prompt`; resolves when the job is over (saved,
   * cancelled, failed or not sent). The caller has validated the parameters.
   */
  async start(requestId: number, prompt: string, params: StudioParams): Promise<void> {
    const { services } = this.host;
    const job: ActiveJob = {
      view: { jobId: randomBytes(6).toString('hex'), prompt, model: params.model, count: params.n, state: 'starting', previews: false, tiles: [] },
      controller: new AbortController(),
      costUsd: 0,
    };
    this.active = job;
    this.host.post({ type: 'generateAccepted', requestId, jobId: job.view.jobId });
    let outcome: JobOutcome | undefined;
    let failure: unknown;
    try {
      outcome = await services.jobs.run(
        {
          kind: 'generate',
          prompt,
          settings: { ...services.settings(), ...overridesFor(params) },
          destination: { kind: 'folder', folder: this.host.outputFolder() },
          jobId: job.view.jobId,
        },
        {
          ...notificationFeedback(services),
          started: (start) => {
            job.view = { ...job.view, jobId: start.jobId, model: start.model, count: start.count, previews: start.previews, state: 'running' };
            job.view.tiles = Array.from({ length: start.count }, () => ({}));
            this.host.post({ type: 'jobStarted', job: job.view });
          },
          preview: (index, partialIndex, bytes) => this.onPreview(job, index, partialIndex, bytes),
          image: (image) => this.onImage(job, image),
        },
        job.controller.signal,
      );
    } catch (error) {
      failure = error;
    }
    const { state, message } = this.ending(outcome, failure, job);
    job.view.state = state;
    if (message) job.view.message = message;
    // Previews are only worth keeping while their final image is on its way.
    for (const tile of job.view.tiles) delete tile.partial;
    this.active = undefined;
    if (state !== 'notSent') {
      this.last = job.view;
      await this.store(job.view);
    }
    this.host.post({ type: 'jobEnded', jobId: job.view.jobId, state, ...(message ? { message } : {}), ...(job.costUsd > 0 ? { costUsd: job.costUsd } : {}) });
  }

  /** The job's final state and the line under its tiles; failures are also notified with their fix. */
  private ending(outcome: JobOutcome | undefined, failure: unknown, job: ActiveJob): { state: StudioJobState; message?: string } {
    const { services } = this.host;
    const failed = (error: unknown) => {
      // eslint-disable-next-line image-studio/localized-text -- the log line's context (Output channel, English)
      reportFailure(services, `studio generate ${job.view.jobId}`, error);
      return { state: 'failed' as const, message: describeFailure(error, services.settings()).message };
    };
    if (!outcome) return failed(failure);
    switch (outcome.kind) {
      case 'notSent':
        // eslint-disable-next-line image-studio/localized-text -- a KeyPurpose value, not text: requireApiKeyWarning words the warning
        if (outcome.reason === 'noKey') requireApiKeyWarning(services, 'generate images');
        return { state: 'notSent', message: outcome.reason === 'declined' ? vscode.l10n.t('Nothing was sent.') : notSentMessage(outcome) };
      case 'failed':
        return failed(outcome.error);
      case 'cancelled': {
        const kept = outcome.images.length;
        const message =
          kept === 0
            ? vscode.l10n.t('Cancelled.')
            : kept === 1
              ? vscode.l10n.t('Cancelled. 1 finished image was kept.')
              : vscode.l10n.t('Cancelled. {count} finished images were kept.', { count: formatNumber(kept) });
        return { state: 'cancelled', message };
      }
      case 'finished': {
        if (outcome.failures.length === 0) return { state: 'finished' };
        const saved = formatNumber(outcome.images.length);
        const requested = formatNumber(outcome.requested);
        const summary = vscode.l10n.t('{saved} of {requested} images were saved; {failed} failed.', { saved, requested, failed: formatNumber(outcome.failures.length) });
        // eslint-disable-next-line image-studio/localized-text -- the log line's context (Output channel, English)
        reportFailure(services, `studio generate ${job.view.jobId} (${outcome.failures.length} of ${outcome.requested} failed)`, outcome.failures[0], `${summary} `);
        return { state: 'finished', message: vscode.l10n.t('{saved} of {requested} images were saved; see the notification for what failed.', { saved, requested }) };
      }
    }
  }

  private onPreview(job: ActiveJob, index: number, partialIndex: number, bytes: Buffer): void {
    const tile = job.view.tiles[index];
    if (this.detached || this.active !== job || !tile || tile.image) return;
    const mime = MIME[sniffFormat(bytes)];
    if (!mime) return; // not an image format the webview may show
    // A copy with its own buffer: the bytes may be a view into a larger pool.
    const copy = new Uint8Array(bytes);
    tile.partial = { bytes: copy, mime, index: partialIndex };
    this.host.post({ type: 'partialImage', jobId: job.view.jobId, imageIndex: index, partialIndex, bytes: copy, mime });
  }

  /** A saved image: its tile, from the sidecar as it was written (nothing is read back). */
  private onImage(job: ActiveJob, image: JobImage): void {
    if (this.detached) return;
    const item = image.saved ? historyItemOf(image.saved) : undefined;
    const tile = job.view.tiles[image.index];
    if (!item || !tile) return;
    const described = this.host.describe(item);
    tile.image = described;
    tile.src = this.host.srcFor(item.uri);
    delete tile.partial;
    job.costUsd += described.costUsd ?? 0;
    this.host.post({ type: 'imageSaved', jobId: job.view.jobId, imageIndex: image.index, image: described, src: tile.src });
    this.host.historyChanged();
  }

  /** The panel is closing: stop presenting (a running job still finishes and saves). */
  detach(): void {
    this.detached = true;
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
        // The history learns of a deletion from the file watcher, a moment later: a file
        // deleted just before the panel opened may still be listed, and a tile for it would
        // make the page load a missing file.
        if (!item || !(await fileExists(item.uri))) return {};
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

/** The history item of a freshly saved image, from the sidecar as it was written. */
function historyItemOf(saved: SavedImage): HistoryItem | undefined {
  const record = recordFromSidecar(saved.sidecar, posix.basename(saved.sidecarUri.path));
  return record ? { record, uri: saved.uri, sidecarUri: saved.sidecarUri } : undefined;
}
