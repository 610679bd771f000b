// The messages between the extension host and its webviews: one discriminated union per
// direction and per webview, imported by both sides. The host treats every message from a
// webview as untrusted input and validates it: the webview → host unions are inferred from
// their schemas (messageSchemas.ts, imported here as types only, so the webview bundles
// stay free of the schema library), and the limits come from messageLimits.ts.
// Bytes travel as Uint8Array (structured clone), never as number arrays or base64 JSON.

import type { InferOutput } from 'valibot';
import type * as schemas from './messageSchemas';

export { MASK_LIMITS, STUDIO_COMPLEXITIES, STUDIO_GIF_LIMITS, STUDIO_IMAGE_ACTIONS, STUDIO_LIMITS } from './messageLimits';

/** Pairs a webview's request with the host's reply. */
export type RequestId = number;

/** Exhaustiveness check for `switch` statements over message unions. */
export function assertNever(value: never, what = 'message'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

// ---- Studio panel (issue 4) -------------------------------------------------------------
// The studio never sees a path it could send back: every image it shows carries an opaque
// id the host issued (the host keeps id → file), and the host refuses ids it did not issue.

/** An image id issued by the host for one panel's lifetime (24 lowercase hex digits). */
export type StudioImageId = string;

export type StudioBackground = InferOutput<typeof schemas.backgroundSchema>;
export type StudioOutputFormat = InferOutput<typeof schemas.studioOutputFormatSchema>;
export type StudioStyle = InferOutput<typeof schemas.studioStyleSchema>;
/** How much the model plans the picture (`default`: nothing sent, the service decides). */
export type StudioComplexity = InferOutput<typeof schemas.studioComplexitySchema>;

/** What the form edits; the host checks it against the model before anything is sent. */
export type StudioParams = InferOutput<typeof schemas.studioParamsSchema>;

/** One entry of the model picker, with only the values that model accepts. */
export interface StudioModel {
  id: string;
  group: 'current' | 'retiring' | 'legacy' | 'custom';
  /** Shown beside the name, e.g. "shuts down 2026-12-01". */
  note?: string;
  /** Sizes for the picker, most useful first. */
  sizes: string[];
  /** Whether any `WxH` within the model's limits is accepted (a "Custom…" entry). */
  customSize: boolean;
  /** The limits of custom sizes in words, for the input's hint. */
  sizeHint?: string;
  qualities: string[];
  /** Empty: the model has no background control. */
  backgrounds: StudioBackground[];
  /** Empty: the model always returns PNG. */
  outputFormats: StudioOutputFormat[];
  /** Empty: the model has no style parameter. */
  styles: StudioStyle[];
  /** Whether the model takes `complexity` (planning effort, independent of quality). */
  complexity: boolean;
  /** The sizes a GIF is made at; empty when the model makes no GIF. */
  gifSizes: string[];
  maxN: number;
  /** In characters; absent when unknown. */
  maxPromptLength?: number;
  /** Values to preselect when the current one does not fit this model. */
  defaults: { size?: string; quality?: string; background?: StudioBackground; outputFormat?: StudioOutputFormat; style?: StudioStyle };
}

/**
 * How an image was made, as its sidecar says: what a tile shows and "Run Again" reuses.
 * The host reads it from the sidecar (`HistoryRecord`) and lists it (`StudioImage`).
 */
export interface StudioImageDetails {
  prompt: string;
  revisedPrompt?: string;
  model: string;
  width: number;
  height: number;
  quality?: string;
  costUsd?: number;
  /** ISO date, as the sidecar has it. */
  createdAt: string;
  /** Set for images made from another image (their prompt alone does not re-create them). */
  origin?: 'variation' | 'edit';
  /** The form values that made it, for "Run Again"; absent for variations and edits. */
  params?: StudioParams;
  /** How it differs from what was asked (size, format, transparency, frames): shown on its tile. */
  differences?: string[];
}

/** An image the host listed (a result or a history entry). Paths are for display only. */
export interface StudioImage extends StudioImageDetails {
  id: StudioImageId;
  /** File name, e.g. `a-lighthouse-20261121-101500.png`. */
  name: string;
  /** Workspace-relative path, for display and tooltips. */
  path: string;
}

export type StudioJobState = 'starting' | 'running' | 'finished' | 'cancelled' | 'failed' | 'notSent';

/** One tile of the results area: nothing yet, a streamed preview, or the saved image. */
export interface StudioTile {
  partial?: { bytes: Uint8Array; mime: string; index: number };
  image?: StudioImage;
  /** Webview URI of the saved image (results show the full image; history shows thumbnails). */
  src?: string;
}

/** The job whose tiles the results area shows. */
export interface StudioJob {
  jobId: string;
  prompt: string;
  model: string;
  count: number;
  state: StudioJobState;
  /** Whether streamed previews will come (the settings allow it and the model can stream). */
  previews: boolean;
  tiles: StudioTile[];
  /** What went wrong or why nothing was sent. */
  message?: string;
}

export type StudioImageAction = InferOutput<typeof schemas.studioImageActionSchema>;

/** Messages from the studio webview (untrusted: validated by src/panels/studio/studioMessages.ts). */
export type StudioToHost = InferOutput<typeof schemas.studioToHostSchema>;

/** History tiles per page: more than one screen on a large monitor. Also the size of the page embedded in the HTML. */
export const STUDIO_HISTORY_PAGE = 60;

/**
 * What the host puts in the studio page's HTML (its escaped `data-state`; read and checked by
 * webview/studio/embeddedState.ts), so the page draws its first screen without a round trip.
 */
export interface StudioPageState {
  /**
   * The first page of the unfiltered history, as a `historyPage` reply to a query at offset 0
   * would carry it; present only when the host had the folder scanned when it built the page.
   * Later pages, filters and changes come by message.
   */
  history?: { total: number; entries: StudioImage[] };
}

/** Messages from the host to the studio webview. */
export type HostToStudio =
  | {
      type: 'init';
      models: StudioModel[];
      /** The settings' values (not yet fitted to the model: the form does that). */
      defaults: StudioParams;
      /**
       * The person's last choices in this workspace, each still valid for the models offered
       * now (a stale one replaced by the settings' value); absent when none are remembered.
       */
      choices?: StudioParams;
      /** Recent distinct prompts from history, newest first, for Up/Down. */
      recentPrompts: string[];
      /** The running job, or the last one (restored after a reload). */
      job?: StudioJob;
      /** Why nothing can be generated here (no folder open, folder outside the workspace). */
      problem?: string;
    }
  | { type: 'catalog'; models: StudioModel[]; defaults: StudioParams; problem?: string }
  | {
      type: 'estimateResult';
      requestId: RequestId;
      /** e.g. "~$0.042"; absent when no price is known. */
      label?: string;
      basis?: string;
      /** Why these parameters cannot be sent (each a sentence). */
      problems: string[];
      /** Worth knowing but not blocking (a model shutting down). */
      notes: string[];
    }
  | { type: 'generateAccepted'; requestId: RequestId; jobId: string }
  | { type: 'generateRefused'; requestId: RequestId; message: string }
  | { type: 'jobStarted'; job: StudioJob }
  | { type: 'partialImage'; jobId: string; imageIndex: number; partialIndex: number; bytes: Uint8Array; mime: string }
  | { type: 'imageSaved'; jobId: string; imageIndex: number; image: StudioImage; src: string }
  | { type: 'jobEnded'; jobId: string; state: StudioJobState; message?: string; costUsd?: number }
  | { type: 'historyPage'; requestId: RequestId; offset: number; total: number; entries: StudioImage[] }
  /** The output folder changed on disk: queries made before this are stale. */
  | { type: 'historyChanged'; total: number }
  /** A thumbnail's webview URI, or none when it could not be made. */
  | { type: 'thumbnail'; id: StudioImageId; src?: string }
  | { type: 'actionResult'; requestId: RequestId; ok: boolean; message?: string }
  | { type: 'imageRemoved'; id: StudioImageId };

// ---- Mask editor (issue 6) --------------------------------------------------------------
// The mask editor is a custom editor (`imageStudio.maskEditor`) on one image. Geometry is in
// pixels of the image as the editor shows it ("base": the source, upright, at most 3840 px),
// and the canvas may be extended on any side for outpainting. The mask travels once, at
// Generate, as a PNG of the extended size whose alpha is 255 − coverage (the API's
// convention: transparent = edit); everything else is small JSON.

/** Pixels added on each side of the base image (outpainting). Whole, non-negative numbers. */
export type MaskExtension = InferOutput<typeof schemas.maskExtensionSchema>;

export type MaskOutputFormat = InferOutput<typeof schemas.outputFormatSchema>;
export type MaskBackground = InferOutput<typeof schemas.backgroundSchema>;

/** The request choices the editor sends with Generate (and for the cost estimate). */
export type MaskEditSettings = InferOutput<typeof schemas.maskEditSettingsSchema>;

/** What the editor needs to know about a model that can edit. */
export interface MaskModelChoice {
  id: string;
  /** Extra words for the picker, e.g. "shuts down Dec 1, 2026". */
  detail?: string;
  /** Sizes to offer, the default first. */
  sizes: string[];
  qualities: string[];
  /** Empty: the model has no output format choice (returns PNG). */
  outputFormats: MaskOutputFormat[];
  /** Empty: the model has no background choice. */
  backgrounds: MaskBackground[];
  maxN: number;
  maxPromptLength?: number;
  /** dall-e-2: the (extended) image must be square. */
  squareOnly: boolean;
  /**
   * Shapes the canvas can be extended to (width/height ratios), e.g. the model's sizes or
   * common ratios within its limits; used by the outpainting presets.
   */
  aspects: { label: string; ratio: number }[];
  /** Flexible-size models: both sides of a size must be multiples of this. */
  multipleOf?: number;
  /** The model takes a markup overlay (Annotate mode). */
  markup: boolean;
  /** Whether the model takes `complexity` (planning effort, independent of quality): the picker is shown. */
  complexity: boolean;
}

/** What the editor paints: the mask (what to change) or annotations sent as markup (how to change it). */
export type MaskEditorMode = 'mask' | 'annotate';

/** The image the editor paints on. */
export interface MaskImagePayload {
  /** Changes whenever the host replaces the image (Edit again): a stale mask is refused. */
  revision: number;
  /** `result`: an unsaved result being edited again (not restorable after a reload). */
  origin: 'source' | 'result';
  /** PNG with alpha, `width` x `height`. */
  bytes: Uint8Array;
  width: number;
  height: number;
  /** The source's file name, e.g. `cat.png`. */
  name: string;
  /** What was done to the file to edit it, e.g. "downscaled 6000x4000 → 3840x2560". */
  note?: string;
}

/** One result of a Generate, held by the host until it is kept or discarded. */
export interface MaskResultPayload {
  resultId: string;
  bytes: Uint8Array;
  mimeType: string;
  width: number;
  height: number;
  /** Pixels outside the mask were restored from the original. */
  composited: boolean;
  /** The prompt that made it (for the tooltip). */
  prompt: string;
  model: string;
  /** e.g. "$0.042". */
  costLabel?: string;
  /** File name once kept. */
  keptAs?: string;
}

/** Host → mask editor. */
export type ToMaskEditor =
  | {
      type: 'init';
      /** Differs after every window reload: saved state from another session is re-checked. */
      sessionId: string;
      image: MaskImagePayload;
      models: MaskModelChoice[];
      settings: MaskEditSettings;
      results: MaskResultPayload[];
      /** A Generate still running (the panel was hidden and shown again). */
      running?: RequestId;
      /** The mode to start in (*Edit with Markup…*); absent: the page's own (saved) choice. */
      mode?: MaskEditorMode;
    }
  /** Switch to a mode (*Edit with Markup…* on an editor already open). */
  | { type: 'mode'; mode: MaskEditorMode }
  | { type: 'image'; image: MaskImagePayload }
  | { type: 'estimate'; requestId: RequestId; label: string; basis?: string }
  | { type: 'progress'; requestId: RequestId; message: string }
  /** A streamed partial image of the running Generate (the model's output, before any composite). */
  | { type: 'preview'; requestId: RequestId; partialIndex: number; bytes: Uint8Array; mimeType: string }
  | { type: 'result'; requestId: RequestId; result: MaskResultPayload }
  | { type: 'done'; requestId: RequestId; outcome: 'finished' | 'failed' | 'cancelled'; message?: string }
  | { type: 'kept'; resultId: string; fileName: string }
  | { type: 'discarded'; resultId: string }
  | { type: 'error'; requestId?: RequestId; message: string };

/** Mask editor → host (untrusted: validated by src/panels/maskEditor/maskMessages.ts). */
export type FromMaskEditor = InferOutput<typeof schemas.fromMaskEditorSchema>;
