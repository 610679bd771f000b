// The one sidecar builder: what is kept beside every image the extension saves, whatever
// made it (a prompt, references, a variation, the mask editor), so its prompt, parameters,
// usage and cost are never lost. The studio's history reads it back (historyRecord.ts).
// Pure: no `vscode` import.
import type { ImageUsage } from '../openai/imagesClient';

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

/** What a sidecar is made from. */
export interface SidecarFields {
  operation: JobOperation;
  endpoint: JobEndpoint;
  prompt: string;
  /** The prompt as sent, when it differs (the "as-is" prefix). */
  sentPrompt?: string;
  model: string;
  /** What was sent besides the prompt and the files. */
  parameters: Record<string, unknown>;
  revisedPrompt?: string;
  usage?: ImageUsage;
  costUsd?: number;
  requestId?: string;
  /** The server's host, e.g. `api.openai.com`. */
  server: string;
  width: number;
  height: number;
  /** Workspace-relative paths of the images it was made from (first = the one it is named after). */
  sources?: readonly string[];
  /** What was done to each source before upload. */
  preparation?: readonly string[];
  mask?: MaskSidecar;
  /** Prompts of earlier unsaved mask edits this one continues. */
  editedFrom?: readonly string[];
}

/** The sidecar object, without `image` and `createdAt` (the writer adds them with the name). */
export type JobSidecar = Record<string, unknown> & { generator: 'image-studio'; version: 1; prompt: string; model: string };

/**
 * One format for every kind. A generation's sidecar has no `operation` (the history offers
 * "Run Again" for those); images made from sources name them (`source`, and `sources` when
 * there were several) with their `preparation`.
 */
export function buildSidecar(fields: SidecarFields): JobSidecar {
  const fromSources = fields.operation !== 'generate';
  const sources = fields.sources ?? [];
  return {
    generator: 'image-studio',
    version: 1,
    ...(fromSources ? { operation: fields.operation, endpoint: fields.endpoint } : {}),
    prompt: fields.prompt,
    ...(fields.sentPrompt !== undefined && fields.sentPrompt !== fields.prompt ? { sentPrompt: fields.sentPrompt } : {}),
    model: fields.model,
    parameters: fields.parameters,
    ...(fields.revisedPrompt !== undefined ? { revisedPrompt: fields.revisedPrompt } : {}),
    ...(fields.usage !== undefined ? { usage: fields.usage } : {}),
    ...(fields.costUsd !== undefined ? { costUsd: fields.costUsd } : {}),
    ...(fields.requestId !== undefined ? { requestId: fields.requestId } : {}),
    server: fields.server,
    width: fields.width,
    height: fields.height,
    ...(fromSources && sources.length > 0 ? { source: sources[0] } : {}),
    ...(sources.length > 1 ? { sources: [...sources] } : {}),
    ...(fromSources ? { preparation: [...(fields.preparation ?? [])] } : {}),
    ...(fields.mask ? { mask: fields.mask } : {}),
    ...(fields.editedFrom && fields.editedFrom.length > 0 ? { editedFrom: [...fields.editedFrom] } : {}),
  };
}
