import * as vscode from 'vscode';
import { writeExclusively, type ImageSidecar, type SavedImage } from './outputWriter';
import { candidateResultBaseNames, type ResultLabel } from './variationNames';

/** The sidecar of an image made from other images: the generation sidecar plus its origin. */
export interface ResultSidecar extends ImageSidecar {
  /** What the person asked for (GPT image models make variations as edits). */
  operation: 'variation' | 'edit';
  /** The API endpoint that made it. */
  endpoint: '/images/edits' | '/images/variations';
  /** Workspace-relative path of the (first) source image. */
  source: string;
  /** Every source, when an edit used several. */
  sources?: string[];
  /** What was done to each source before upload ("converted JPEG → PNG, …"). */
  preparation: string[];
}

export interface SaveResultRequest {
  folder: vscode.Uri;
  /** The source's file name (`cat.png`): results are named after it (`cat.var-1.png`). */
  sourceFileName: string;
  label: ResultLabel;
  extension: 'png' | 'jpg' | 'webp';
  bytes: Uint8Array;
  sidecar: Omit<ResultSidecar, 'image' | 'createdAt'>;
  date: Date;
}

/** Names claimed by saves still in flight in this extension host. */
const claimed = new Set<string>();
const MAX_NAME_ATTEMPTS = 1000;

/**
 * Saves an image made from a source beside it (or in `folder`) as `cat.var-N.png` with a
 * `cat.var-N.json` sidecar, N continuing after the highest number already there. Never
 * overwrites and never leaves a half-written file: both are written with
 * `writeExclusively` (a temporary file moved into place only if the name is free), and the
 * image is removed again if its sidecar cannot be written.
 */
export async function saveResult(request: SaveResultRequest): Promise<SavedImage> {
  const fs = vscode.workspace.fs;
  await fs.createDirectory(request.folder);
  const existing = (await fs.readDirectory(request.folder)).map(([name]) => name);
  const taken = new Set(existing.map((name) => name.toLowerCase()));
  const createdAt = request.date.toISOString();
  let attempts = 0;
  for (const base of candidateResultBaseNames(request.sourceFileName, request.label, existing)) {
    if (++attempts > MAX_NAME_ATTEMPTS) break;
    const imageName = `${base}.${request.extension}`;
    // Case-insensitive: on Windows and macOS `Cat.var-1.PNG` is the same file.
    if (taken.has(imageName.toLowerCase()) || taken.has(`${base}.json`.toLowerCase())) continue;
    const uri = vscode.Uri.joinPath(request.folder, imageName);
    const sidecarUri = vscode.Uri.joinPath(request.folder, `${base}.json`);
    const key = uri.toString().toLowerCase();
    // Several images of one job are saved at once: claim a name before writing it.
    if (claimed.has(key)) continue;
    claimed.add(key);
    try {
      const sidecar: ResultSidecar = { ...request.sidecar, image: imageName, createdAt };
      const sidecarBytes = new TextEncoder().encode(`${JSON.stringify(sidecar, null, 2)}\n`);
      if (!(await writeExclusively(uri, request.bytes))) continue;
      try {
        if (!(await writeExclusively(sidecarUri, sidecarBytes))) {
          await fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
          continue;
        }
      } catch (error) {
        await fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
        throw error;
      }
      return { uri, sidecarUri };
    } finally {
      claimed.delete(key);
    }
  }
  throw new Error(`Could not find a free file name for a result of ${request.sourceFileName} in ${request.folder.fsPath}.`);
}
