// The one sidecar builder: what is kept beside every image the extension saves, whatever
// made it, so its prompt, parameters, usage and cost are never lost. The studio's history
// reads it back (historyRecord.ts). Pure: no `vscode` import.
import type { ImageUsage, SvgUsage } from '../openai/imagesClient';

export type JobOperation = 'generate' | 'edit' | 'variation';
export type JobEndpoint = '/images/generations' | '/images/edits' | '/images/variations';

/** How the mask editor made and applied its mask. */
export interface MaskSidecar {
  extension: { top: number; right: number; bottom: number; left: number };
  canvas: { width: number; height: number };
  uploadedSize: { width: number; height: number };
  selectedPixels: number;
  wholeImage: boolean;
  strictComposite: boolean;
  featherPx: number;
}

/** What the mask editor adds: its mask, and the prompts of the unsaved edits this one continues. */
export interface SidecarExtras {
  mask?: MaskSidecar;
  editedFrom?: string[];
  /** A mask file given with an edit (an agent tool's), workspace-relative. */
  maskSource?: string;
  /** A markup overlay given with an edit, workspace-relative. */
  markupSource?: string;
}

export interface SidecarFields extends SidecarExtras {
  operation: JobOperation;
  endpoint: JobEndpoint;
  prompt: string;
  /** The prompt as sent (kept only when it differs, e.g. the "as-is" prefix). */
  sentPrompt?: string;
  model: string;
  /** What was sent besides the prompt and the files. */
  parameters: Record<string, unknown>;
  revisedPrompt?: string;
  usage?: ImageUsage;
  /** The SVG author's tokens (SVG results), billed apart from `usage`. */
  svgUsage?: SvgUsage;
  costUsd?: number;
  /** Why `costUsd` is not the whole cost, when it is not (an SVG author without a known price). */
  costNote?: string;
  requestId?: string;
  /** The server's host, e.g. `api.openai.com`. */
  server: string;
  width: number;
  height: number;
  /** An animation's frames and each frame's delay (GIF results). */
  frames?: number;
  frameDurationsMs?: readonly number[];
  /** What the SVG sanitizer removed before the file was written. */
  sanitized?: readonly string[];
  /** How the result differs from what was asked (see compareResult.ts); absent when it does not. */
  differences?: readonly string[];
  /** Workspace-relative paths of the images it was made from (the first names it). */
  sources: readonly string[];
  /** What was done to the sources before upload. */
  preparation: readonly string[];
}

/** The sidecar object, without `image` and `createdAt` (the writer adds them with the name). */
export type JobSidecar = Record<string, unknown> & { generator: 'image-studio'; version: 1; prompt: string; model: string };

/**
 * One format for every kind. A generation's has no `operation` (the history offers "Run
 * Again" for those); images made from sources name them (`source`, and `sources` when there
 * were several) with their `preparation`. Absent values are left out.
 */
export function buildSidecar(fields: SidecarFields): JobSidecar {
  const { operation, sources, preparation, editedFrom } = fields;
  const fromSources = operation !== 'generate';
  const sidecar = {
    generator: 'image-studio' as const,
    version: 1 as const,
    operation: fromSources ? operation : undefined,
    endpoint: fromSources ? fields.endpoint : undefined,
    prompt: fields.prompt,
    sentPrompt: fields.sentPrompt !== fields.prompt ? fields.sentPrompt : undefined,
    model: fields.model,
    parameters: fields.parameters,
    revisedPrompt: fields.revisedPrompt,
    usage: fields.usage,
    svgUsage: fields.svgUsage,
    costUsd: fields.costUsd,
    costNote: fields.costNote,
    requestId: fields.requestId,
    server: fields.server,
    width: fields.width,
    height: fields.height,
    frames: fields.frames,
    frameDurationsMs: fields.frameDurationsMs?.length ? [...fields.frameDurationsMs] : undefined,
    sanitized: fields.sanitized?.length ? [...fields.sanitized] : undefined,
    differences: fields.differences?.length ? [...fields.differences] : undefined,
    source: fromSources ? sources[0] : undefined,
    sources: sources.length > 1 ? [...sources] : undefined,
    preparation: fromSources ? [...preparation] : undefined,
    mask: fields.mask,
    maskSource: fields.maskSource,
    markupSource: fields.markupSource,
    editedFrom: editedFrom?.length ? [...editedFrom] : undefined,
  };
  // Absent values are left out (JSON would drop them anyway; the object is compared in tests).
  return Object.fromEntries(Object.entries(sidecar).filter(([, value]) => value !== undefined)) as JobSidecar;
}
