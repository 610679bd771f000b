// The images a job starts from: what each endpoint accepts (as a preparation target) and a
// source prepared for it. No `vscode` at run time: reading a picked file is readSource.ts.
import type * as vscode from 'vscode';
import { prepareInputImage, summarizePreparation, type PreparedImage, type PrepareTarget } from '../imaging/prepareInputImage';
import { capabilitiesFor } from '../openai/modelCapabilities';

const MB = 1024 * 1024;

/** Which endpoint makes variations and edits from sources. */
export type EditOperation = 'edit' | 'variation';

/**
 * How *Create Variations* works on `model`: dall-e-2 has the variations endpoint; GPT image
 * models (and unknown models, which are assumed to follow the current API) make variations
 * as edits with a prompt; undefined when the model can do neither (dall-e-3).
 */
export function variationOperationFor(model: string): EditOperation | undefined {
  const caps = capabilitiesFor(model);
  if (caps.family === 'dall-e-2') return 'variation';
  return caps.edits.supported ? 'edit' : undefined;
}

/** How to reach the shape an endpoint needs (the `squareMode` and `padColor` settings). */
export interface ShapeSettings {
  squareMode: 'pad' | 'crop';
  padColor: 'transparent' | 'edge';
}

/**
 * What the endpoint accepts for `model`, as a preparation target. dall-e-2 (edits and
 * variations): a square PNG under 4 MB, at most 1024 px (its largest output), with alpha
 * for edits (without a mask, its transparent areas are what gets edited). GPT image and
 * unknown models: PNG, JPEG or WebP under 50 MB, aspect between 1:3 and 3:1, at most 3840 px.
 * Limits are one byte under the documented size because the service wants files *smaller*.
 */
export function inputTargetFor(model: string, operation: EditOperation, shape: ShapeSettings): PrepareTarget {
  const caps = capabilitiesFor(model);
  const common = { squareMode: shape.squareMode, padColor: shape.padColor };
  if (operation === 'variation' || caps.edits.squareOnly) {
    return {
      ...common,
      formats: ['png'],
      maxBytes: (caps.edits.maxBytes || 4 * MB) - 1,
      square: true,
      maxSide: 1024,
      requireAlpha: operation === 'edit',
    };
  }
  return {
    ...common,
    formats: caps.edits.inputFormats.length > 0 ? [...caps.edits.inputFormats] : ['png', 'jpeg', 'webp'],
    maxBytes: (caps.edits.maxBytes ?? 50 * MB) - 1,
    square: false,
    aspect: { min: 1 / 3, max: 3 },
    maxSide: 3840,
  };
}

/** A source image, read only when it is prepared (so a big selection is never all in memory). */
export interface SourceImage {
  /** How messages and sidecars name it: workspace-relative, e.g. `photos/cat.png`. */
  name: string;
  /** File name, for the upload name and error messages, e.g. `cat.png`. */
  fileName: string;
  /** Where it is; results are saved beside it. */
  uri: vscode.Uri;
  load(): Promise<Uint8Array>;
}

/** A source and its upload. */
export interface PreparedSource {
  source: SourceImage;
  prepared: PreparedImage;
  /** One line for the UI and the log, e.g. "cat.png, 1024x1024 PNG, 1.2 MB: converted JPEG → PNG". */
  summary: string;
}

/**
 * Reads and prepares one source for `target`. Nothing is sent.
 * @throws {ImageError} when the file is not an image the endpoint can take (message names it).
 */
export async function prepareSource(source: SourceImage, target: PrepareTarget): Promise<PreparedSource> {
  const bytes = await source.load();
  const prepared = await prepareInputImage(bytes, source.fileName, target);
  return { source, prepared, summary: summarizePreparation(prepared) };
}
