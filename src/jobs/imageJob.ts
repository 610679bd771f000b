// What a job is, whoever starts it: the request (one union for every way an image is made),
// the observer through which the job reports to its presenter, and the typed outcome.
// Types only: no `vscode` at run time, so the runner is unit-tested in plain Node.
import type * as vscode from 'vscode';
import type { StudioSettings } from '../config/settings';
import type { EditInputImage } from '../openai/editRequests';
import type { ImageUsage } from '../openai/imagesClient';
import type { ParameterProblem } from '../openai/modelCapabilities';
import type { SavedImage } from '../storage/outputWriter';
import type { ResultLabel } from '../storage/variationNames';
import type { PreparedSource, SourceImage } from './jobSources';
import type { JobSidecar, MaskSidecar } from './jobSidecar';

/** A source as sidecars and result names need it. */
export type SourceRef = Pick<SourceImage, 'name' | 'fileName' | 'uri'>;

/** Where a job's images go. */
export type JobDestination =
  /** Into `folder`, named after the prompt (`lighthouse-20261206-101500.png`). */
  | { kind: 'folder'; folder: vscode.Uri }
  /** Named after the (first) source, `cat.var-1.png`, in the folder `folderFor` gives for it. */
  | { kind: 'besideSource'; label: ResultLabel; folderFor(source: vscode.Uri): vscode.Uri }
  /** Nowhere yet: the presenter holds the images (the mask editor, until Keep). */
  | { kind: 'memory' };

interface JobBase {
  /** The prompt as the person wrote it (file names, sidecars, PNG text). */
  prompt: string;
  /** The settings this job runs with (the settings plus the presenter's choices). */
  settings: StudioSettings;
  destination: JobDestination;
  /** The id the job's reports carry; a presenter that names the job before it starts sets it. */
  jobId?: string;
}

/** A picture from a prompt (`/images/generations`). */
export interface GenerateJob extends JobBase {
  kind: 'generate';
}

/** One new image from one or more reference images (`/images/edits`, one request). */
export interface EditJob extends JobBase {
  kind: 'edit';
  sources: readonly PreparedSource[];
  n: number;
  size: string;
}

/**
 * Variations of each source, one request per source: `/images/variations` on DALL·E 2,
 * an edit with `prompt` on models that make variations as edits.
 */
export interface VariationJob extends JobBase {
  kind: 'variation';
  sources: readonly PreparedSource[];
  n: number;
  size: string;
}

/** The mask editor's edit: the (extended) image and its mask, shaped for the model already. */
export interface MaskedEditJob extends JobBase {
  kind: 'maskedEdit';
  /** The file the editor was opened on: results are named after it and saved beside it. */
  source: SourceRef;
  /** What was done to the image before upload ("downscaled to 1024x1024 for …"). */
  preparation: string[];
  /** Prompts of the earlier unsaved edits this one continues. */
  editedFrom: string[];
  image: EditInputImage;
  mask: EditInputImage;
  n: number;
  size: string;
  quality: string;
  outputFormat: StudioSettings['outputFormat'];
  background: StudioSettings['background'];
  /** Put every pixel outside the mask back from `original` (PNG result). */
  strictComposite?: StrictCompositeInput;
  /** How the mask was made, for the sidecar. */
  maskRecord: MaskSidecar;
}

export interface StrictCompositeInput {
  original: Uint8Array;
  coverage: Uint8Array;
  width: number;
  height: number;
  featherPx: number;
}

export type ImageJobRequest = GenerateJob | EditJob | VariationJob | MaskedEditJob;
export type ImageJobKind = ImageJobRequest['kind'];

/** What the person is asked before a job above the cost threshold is sent. */
export interface CostQuestion {
  usd: number;
  /** "~$0.04" */
  label: string;
  /** How the estimate was made, one line. */
  basis: string;
}

/** The job is validated, priced and (if needed) confirmed: its requests go out now. */
export interface JobStart {
  jobId: string;
  model: string;
  /** Images asked for in all. */
  count: number;
  /** "~$0.04", or "" when no price is known. */
  costLabel: string;
  /** Whether streamed previews will come. */
  previews: boolean;
  /** One line per prepared source ("cat.png, 1024x1024 PNG, 1.2 MB: converted JPEG → PNG"). */
  preparation: string[];
}

/** One verified image of a job, saved (or held, for a `memory` destination). */
export interface JobImage {
  /** Position among all images of the job, in request order. */
  index: number;
  /** Which source group it belongs to (variations: one group per source; otherwise 0). */
  group: number;
  bytes: Buffer;
  /** As sharp names it: png, jpeg, webp. */
  format: string;
  mimeType: string;
  width: number;
  height: number;
  /** Whether the strict composite replaced the model's pixels outside the mask. */
  composited: boolean;
  revisedPrompt?: string;
  usage?: ImageUsage;
  /** This image's share of its request's cost, when known. */
  costUsd?: number;
  requestId?: string;
  /** What was sent besides the prompt and the files (the sidecar's `parameters`). */
  parameters: Record<string, unknown>;
  /** The prompt as sent, when it differs from the person's (the "as-is" prefix). */
  sentPrompt?: string;
  /** The studio's thumbnail, made while verifying. */
  thumbnail?: Buffer;
  /** Where it was saved; absent for a `memory` destination. */
  saved?: SavedImage;
  /** The sidecar written beside it (or that Keep will write). */
  sidecar: JobSidecar;
}

/** Everything the job reports on the way. Only `image` is required. */
export interface JobObserver {
  /**
   * The estimate is above `imageStudio.confirmCostAboveUsd`: resolve true to send. Without
   * it the job is not sent (a presenter that cannot ask must not spend).
   */
  confirmCost?(question: CostQuestion): Promise<boolean>;
  /** Something the person should know before the job runs (a model shutting down). */
  warn?(message: string): void;
  started?(start: JobStart): void;
  /** A streamed preview of image `index` (low fidelity; its final image replaces it). */
  preview?(index: number, partialIndex: number, bytes: Buffer): void;
  /** A step worth telling ("Restoring every pixel outside the mask…"). */
  progress?(message: string): void;
  /** An image is verified and saved (or held); the job waits for this before going on. */
  image(image: JobImage): void | Promise<void>;
}

export type NotSentReason = 'noKey' | 'invalid' | 'declined';

/** How one source group went (variations: per source; other kinds have one group). */
export interface GroupReport {
  requested: number;
  images: JobImage[];
  /** Requests (or images) that failed, in the order they failed. */
  failures: unknown[];
}

export interface JobReport {
  jobId: string;
  model: string;
  requested: number;
  /** Every image delivered, in index order. */
  images: JobImage[];
  groups: GroupReport[];
  /** Every failure, in the order they happened. */
  failures: unknown[];
  /** Sum of the known per-image costs. */
  costUsd: number;
  durationMs: number;
}

export type JobOutcome =
  /** Nothing was sent. `problems` for `invalid`. */
  | { kind: 'notSent'; reason: NotSentReason; problems?: ParameterProblem[] }
  /** At least one image was delivered, or nothing failed (failures may be partial). */
  | ({ kind: 'finished' } & JobReport)
  /** Cancelled through the signal; the images finished before are kept. */
  | ({ kind: 'cancelled' } & JobReport)
  /** Nothing was delivered; `error` is the first failure. */
  | ({ kind: 'failed'; error: unknown } & JobReport);
