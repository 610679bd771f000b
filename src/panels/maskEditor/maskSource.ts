// The image a mask editor works on: read once when the editor opens (through the one source
// policy, jobs/readSource.ts: inside the workspace, links resolved, not absurdly large), then made into the
// editor's base: upright, 8-bit sRGB with alpha, at most 3840 px, as a PNG in memory.
import type * as vscode from 'vscode';
import { prepareInputImage } from '../../imaging/prepareInputImage';
import { baseName, readSource } from '../../jobs/readSource';

/** Longest side the editor works at: the longest side GPT image models make. */
export const MAX_BASE_SIDE = 3840;

/** The editor's base image. */
export interface BaseImage {
  /** RGBA PNG. */
  bytes: Buffer;
  width: number;
  height: number;
  /** e.g. "downscaled 6000x4000 → 3840x2560"; empty when the file was used as it is. */
  note: string;
}

/**
 * Reads `uri` and makes it the editor's base image.
 * @throws {SourceRefusedError} outside the workspace, a folder, missing or too large.
 * @throws {ImageError} not an image, damaged, too many pixels, too small.
 */
export async function loadBaseImage(uri: vscode.Uri): Promise<BaseImage> {
  return prepareBase(await readSource(uri), baseName(uri));
}

/**
 * Any image bytes as a base: what the editor shows is exactly what will be uploaded and
 * what the strict composite restores from. Also used for "Edit again from this result".
 */
export async function prepareBase(bytes: Uint8Array, name: string): Promise<BaseImage> {
  const prepared = await prepareInputImage(bytes, name, {
    formats: ['png'],
    maxBytes: 50 * 1024 * 1024 - 1,
    square: false,
    maxSide: MAX_BASE_SIDE,
    requireAlpha: true,
  });
  // PNG → PNG with alpha is routine; only say what a person would want to know.
  const steps = prepared.steps.filter((step) => !prepared.routineSteps.includes(step));
  const note = [...steps, ...prepared.warnings].join('; ');
  return { bytes: prepared.bytes, width: prepared.width, height: prepared.height, note };
}
