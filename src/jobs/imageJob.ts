// What a job is, whoever starts it: the request (one union for every way an image is made),
// the observer through which the job reports to its presenter, and the typed outcome.
// Types only: the runner is unit-tested in plain Node.
import type * as vscode from 'vscode';
import type { StudioSettings } from '../config/settings';
import type { EditInputImage, MarkupImage } from '../openai/editRequests';
import type { ImageUsage } from '../openai/imagesClient';
import type { ParameterProblem } from '../openai/modelCapabilities';
import type { SavedImage } from '../storage/outputWriter';
import type { ResultLabel } from '../storage/variationNames';
import type { JobSidecar, MaskSidecar } from './jobSidecar';
import type { PreparedSource, SourceImage } from './jobSources';

/** Where a job's images go. */
export type JobDestination =
  /** Into `folder`, named after the prompt (`lighthouse-20261206-101500.png`). */
  | { kind: 'folder'; folder: vscode.Uri }
  /** Named after the (first) source (`cat.var-1.png`), in the folder `folderFor` gives for it. */
  | { kind: 'besideSource'; label: ResultLabel; folderFor(source: vscode.Uri): vscode.Uri }
  /** Nowhere yet: the presenter holds the images (the mask editor, until Keep). */
  | { kind: 'memory' };

/** A source as sidecars and result names need it. */
export type SourceRef = Pick<SourceImage, 'name' | 'fileName' | 'uri'>;

interface JobBase {
  /** The prompt as the person wrote it (file names, sidecars, PNG text). */
  prompt: string;
  /** Every choice the job runs with: the settings with the presenter's choices over them (`count` is n). */
  settings: StudioSettings;
  destination: JobDestination;
  /** The id the job's reports carry, for a presenter that names the job before it starts. */
  jobId?: string;
  /**
   * Also a WebP preview of each image, at most this many pixels on its longest side, made
   * from the decode that verifies it (`JobImage.preview`): for a presenter that hands one
   * on (the agent tools' image part), without decoding the image again.
   */
  previewEdge?: number;
}

export type ImageJobRequest =
  /** A picture from a prompt (`/images/generations`). */
  | (JobBase & { kind: 'generate' })
  /** One request making new images from every source (`/images/edits`). */
  | (JobBase & { kind: 'edit'; sources: readonly PreparedSource[]; mask?: EditMask; markup?: EditMarkup })
  /** One request per source: `/images/variations` on DALL·E 2, an edit elsewhere. */
  | (JobBase & { kind: 'variation'; sources: readonly PreparedSource[] })
  | MaskedEditJob;

/** A mask file given with an edit (an agent tool's): the API applies it to the first source. */
export interface EditMask {
  /** A PNG of the first source's uploaded size; transparent pixels mark what to edit. */
  image: EditInputImage;
  /** Workspace-relative, for the sidecar. */
  name: string;
}

/** A markup overlay given with an edit: arrows, circles and notes drawn over the first source to guide the change. */
export interface EditMarkup {
  /** A PNG of the first source's uploaded size with transparent pixels. */
  image: MarkupImage;
  /** Workspace-relative, for the sidecar. */
  name: string;
}

/** What the mask editor's edit is steered by: a mask (Mask mode) or a markup overlay (Annotate mode), never both. */
export type MaskedEditGuide =
  | {
      mask: EditInputImage;
      markup?: undefined;
      /** Put every pixel outside the mask back from `original` (the result becomes a PNG). */
      strictComposite?: { original: Uint8Array; coverage: Uint8Array; width: number; height: number; featherPx: number };
      /** For the sidecar: how the mask was made. */
      maskRecord: MaskSidecar;
    }
  | { markup: EditMarkup; mask?: undefined; strictComposite?: undefined; maskRecord?: undefined };

/** The mask editor's edit: the (extended) image and its mask or markup, shaped for the model already. */
export type MaskedEditJob = JobBase &
  MaskedEditGuide & {
    kind: 'maskedEdit';
    /** The file the editor was opened on: results are named after it and saved beside it. */
    source: SourceRef;
    image: EditInputImage;
    /** For the sidecar: what was done to the image, and the unsaved edits this continues. */
    preparation: string[];
    editedFrom: string[];
  };

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
  /** Position among all the job's images, in request order. */
  index: number;
  /** Its source group (variations: one per source; other kinds have one). */
  group: number;
  bytes: Buffer;
  /** As sharp names it: png, jpeg, webp, gif; or svg. */
  format: string;
  mimeType: string;
  width: number;
  height: number;
  /** Whether the strict composite replaced the model's pixels outside the mask. */
  composited: boolean;
  /** How it differs from what was asked (size, format, transparency, frames), one sentence each; empty when it does not. */
  differences: string[];
  revisedPrompt?: string;
  usage?: ImageUsage;
  /** This image's share of its request's cost, when known. */
  costUsd?: number;
  requestId?: string;
  /** The studio's thumbnail, made while verifying. */
  thumbnail?: Buffer;
  /** The preview the request asked for (`previewEdge`), made while verifying; absent for animations and composited results. */
  preview?: Buffer;
  /** The sidecar written beside it (or that Keep will write). */
  sidecar: JobSidecar;
  /** Where it was saved; absent for a `memory` destination. */
  saved?: SavedImage;
}

/** Everything the job reports on the way. Only `image` is required. */
export interface JobObserver {
  /** The estimate is above the threshold: resolve true to send. Without it the job is not sent. */
  confirmCost?(question: CostQuestion): Promise<boolean>;
  /** Something to know before the job runs (a model shutting down). */
  warn?(message: string): void;
  started?(start: JobStart): void;
  /** A streamed preview of image `index` (its final image replaces it). */
  preview?(index: number, partialIndex: number, bytes: Buffer): void;
  /** A step worth telling ("Restoring every pixel outside the mask…"). */
  progress?(message: string): void;
  /** An image is verified and saved (or held); the job waits for this before going on. */
  image(image: JobImage): void | Promise<void>;
}

/** How one source group went. */
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
  failures: unknown[];
  /** Sum of the known per-image costs. */
  costUsd: number;
  durationMs: number;
}

export type JobOutcome =
  /** Nothing was sent; `problems` for `invalid`. */
  | { kind: 'notSent'; reason: 'noKey' | 'invalid' | 'declined'; problems?: ParameterProblem[] }
  /** Something was delivered, or nothing failed (failures may be partial). */
  | ({ kind: 'finished' } & JobReport)
  /** Cancelled through the signal; images finished before are kept. */
  | ({ kind: 'cancelled' } & JobReport)
  /** Nothing was delivered; `error` is the first failure. */
  | ({ kind: 'failed'; error: unknown } & JobReport);
