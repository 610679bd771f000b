import * as vscode from 'vscode';
import { saveWithSidecar, type ImageExtension, type SavedImage, type SidecarContent } from './outputWriter';
import { candidateResultBaseNames, type ResultLabel } from './variationNames';

export interface SaveResultRequest {
  folder: vscode.Uri;
  /** The source's file name (`cat.png`): results are named after it (`cat.var-1.png`). */
  sourceFileName: string;
  label: ResultLabel;
  extension: ImageExtension;
  bytes: Uint8Array;
  sidecar: SidecarContent;
  date: Date;
}

/**
 * Saves an image made from a source beside it (or in `folder`) as `cat.var-N.png` with a
 * `cat.var-N.json` sidecar, N continuing after the highest number already there. Never
 * overwrites and never leaves a half-written file (see `saveWithSidecar`).
 */
export async function saveResult(request: SaveResultRequest): Promise<SavedImage> {
  const fs = vscode.workspace.fs;
  await fs.createDirectory(request.folder);
  const existing = (await fs.readDirectory(request.folder)).map(([name]) => name);
  const taken = new Set(existing.map((name) => name.toLowerCase()));
  const createdAt = request.date.toISOString();
  const saved = await saveWithSidecar({
    folder: request.folder,
    candidates: candidateResultBaseNames(request.sourceFileName, request.label, existing),
    extension: request.extension,
    bytes: request.bytes,
    // Case-insensitive: on Windows and macOS `Cat.var-1.PNG` is the same file.
    isTaken: (image, sidecar) => taken.has(image.toLowerCase()) || taken.has(sidecar.toLowerCase()),
    sidecarFor: (image) => ({ ...request.sidecar, image, createdAt }),
  });
  if (!saved) {
    throw new Error(vscode.l10n.t('Could not find a free file name for a result of {file} in {folder}.', { file: request.sourceFileName, folder: request.folder.fsPath }));
  }
  return saved;
}
