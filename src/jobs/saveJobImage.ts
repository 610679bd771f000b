// Saving one finished image, whoever made it: into the output folder named after the prompt,
// or beside its source named after it (`cat.var-1.png`). Exclusive (never overwrites, never
// half-written), with the job's sidecar, the prompt in the PNG itself (in case the sidecar is
// lost), and the thumbnail made while verifying (or from its preview) filed for the studio's history.
import * as vscode from 'vscode';
import { fileExtensionFor, saveImage, type SavedImage } from '../storage/outputWriter';
import type { ThumbnailCache } from '../storage/thumbnailCache';
import { saveResult } from '../storage/variationWriter';
import type { JobDestination } from './imageJob';
import type { JobSidecar } from './jobSidecar';
import { withJobText } from './resultText';
import type { SaveContext } from './runImageJob';

/** What saving needs from the extension. */
export interface SaveServices {
  thumbnails: ThumbnailCache;
  /** Fired after each save (the studio's history goes stale). */
  savedImages: vscode.EventEmitter<SavedImage>;
}

export interface ImageToSave {
  bytes: Buffer;
  format: string;
  index: number;
  revisedPrompt?: string;
  thumbnail?: Buffer;
  /** A larger WebP preview made while verifying; the thumbnail is made from it when there is none. */
  preview?: Buffer;
  /** The image's size (the thumbnail made from the preview gets the image's proportions). */
  width?: number;
  height?: number;
  sidecar: JobSidecar;
}

/** Saves `image` where `destination` says; undefined for a `memory` destination. */
export async function saveJobImage(
  services: SaveServices,
  destination: JobDestination,
  image: ImageToSave,
  context: SaveContext,
): Promise<SavedImage | undefined> {
  if (destination.kind === 'memory') return undefined;
  const { prompt } = image.sidecar;
  const sources = context.sources;
  const bytes = withJobText(image, sources);
  const extension = fileExtensionFor(image.format);
  let saved: SavedImage;
  if (destination.kind === 'folder') {
    saved = await saveImage({
      folder: destination.folder,
      prompt,
      extension,
      bytes,
      date: context.date,
      index: context.count > 1 ? image.index : undefined,
      sidecar: image.sidecar,
    });
  } else {
    const first = sources[0];
    // eslint-disable-next-line image-studio/localized-text -- internal invariant: planJob gives every beside-source job its sources
    if (!first) throw new Error('An image saved beside its source needs a source.');
    saved = await saveResult({
      folder: destination.folderFor(first.uri),
      sourceFileName: first.fileName,
      label: destination.label,
      extension,
      bytes,
      date: context.date,
      sidecar: image.sidecar,
    });
  }
  if (image.thumbnail) await services.thumbnails.store(saved.uri, image.thumbnail);
  // Not waited for: whoever asked for the preview is waiting for this save to return.
  else if (image.preview && image.width && image.height) void services.thumbnails.storeFromPreview(saved.uri, image.preview, { width: image.width, height: image.height });
  services.savedImages.fire(saved);
  return saved;
}
