// The image a mask editor works on: read once when the editor opens (checked to be a file
// inside the workspace, also through links, and not absurdly large), then made into the
// editor's base: upright, 8-bit sRGB with alpha, at most 3840 px, as a PNG in memory.
import * as vscode from 'vscode';
import { assertNever } from '../../../shared/protocol';
import { prepareInputImage } from '../../imaging/prepareInputImage';
import { statPickedFile } from '../../storage/statPickedFile';
import { workspaceContainment } from '../../storage/workspaceContainment';

/** Files above this are refused before they are read (no image we can edit is this large). */
export const MAX_SOURCE_BYTES = 200 * 1024 * 1024;
/** Longest side the editor works at: the longest side GPT image models make. */
export const MAX_BASE_SIDE = 3840;

/** A file the editor refuses to read; `message` names it and says what to do. */
export class SourceRefusedError extends Error {
  override readonly name = 'SourceRefusedError';
}

/** The editor's base image. */
export interface BaseImage {
  /** RGBA PNG. */
  bytes: Buffer;
  width: number;
  height: number;
  /** e.g. "downscaled 6000x4000 → 3840x2560"; empty when the file was used as it is. */
  note: string;
}

export const baseName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/**
 * Results are saved beside the source, and the source is uploaded: both only inside a
 * workspace folder, so a link in a cloned repository cannot make the extension read, send
 * or write beside a file elsewhere on the disk.
 * @throws {SourceRefusedError}
 */
export async function checkInsideWorkspace(uri: vscode.Uri): Promise<void> {
  const name = baseName(uri);
  const containment = await workspaceContainment(uri);
  switch (containment.kind) {
    case 'inside':
    case 'unresolvable': // remote: its file system is trusted as it is
      return;
    case 'outside':
      throw new SourceRefusedError(
        `${name} is not inside the open workspace. Image Studio edits images, and saves results beside them, only inside the workspace: copy the image into it first.`,
      );
    case 'unresolved':
      throw new SourceRefusedError(`${name} could not be read: it no longer exists or is a link to nothing.`);
    case 'linkedOutside':
      throw new SourceRefusedError(`${name} is a link to ${containment.target}, outside the workspace. Copy the image into the workspace instead.`);
    default:
      assertNever(containment, 'containment');
  }
}

/**
 * Reads `uri` and makes it the editor's base image.
 * @throws {SourceRefusedError} outside the workspace, a folder, missing or too large.
 * @throws {ImageError} not an image, damaged, too many pixels, too small.
 */
export async function loadBaseImage(uri: vscode.Uri): Promise<BaseImage> {
  const name = baseName(uri);
  await checkInsideWorkspace(uri);
  const stat = await statPickedFile(uri, name, (message) => new SourceRefusedError(message));
  if (stat.size > MAX_SOURCE_BYTES) {
    throw new SourceRefusedError(`${name} is more than ${MAX_SOURCE_BYTES / 1024 / 1024} MB, too large to edit. Downscale it first.`);
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  return prepareBase(bytes, name);
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
  const steps = prepared.steps.filter((step) => !/^(converted .* → PNG|added an alpha channel|removed EXIF metadata)$/.test(step));
  const note = [...steps, ...prepared.warnings].join('; ');
  return { bytes: prepared.bytes, width: prepared.width, height: prepared.height, note };
}
