// The studio's thumbnail cache: WebP files in the extension's global storage, named by a
// hash of the image's URI, modification time and size, so an image that changes gets a
// new thumbnail and an unchanged one is made once, across windows and reloads.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { makeThumbnail, makeThumbnailFromPreview, THUMBNAIL_EDGE } from '../imaging/thumbnail';
import { makeSvgThumbnail } from '../imaging/svg/renderSvgPreview';
import { ensureDirectory, statFile } from './diskAccess';
import { writeReplacing } from './outputWriter';
import type { Logger } from '../util/logger';

/** Images larger than this get no thumbnail (a placeholder icon instead). */
export const MAX_THUMBNAIL_SOURCE_BYTES = 64 * 1024 * 1024;
/** Thumbnails kept; the oldest are removed beyond this (each is ~5–15 KB). */
export const MAX_CACHED_THUMBNAILS = 3000;
const VERSION = 'v1';

/** Makes and finds thumbnails; one per extension host (shared by panels). */
export class ThumbnailCache {
  /** File names known to exist, so a warm cache costs no file system call. */
  private readonly known = new Set<string>();
  /** Thumbnails being made, so two requests for one image make it once. */
  private readonly pending = new Map<string, Promise<vscode.Uri | undefined>>();

  constructor(
    readonly folder: vscode.Uri,
    private readonly logger: Logger,
  ) {}

  /**
   * The thumbnail of `image` (made now if needed), or undefined if it cannot be made. The
   * image's date and size are part of the name, so a changed image gets a new thumbnail.
   */
  async thumbnailFor(image: vscode.Uri): Promise<vscode.Uri | undefined> {
    let stat: Pick<vscode.FileStat, 'mtime' | 'size'>;
    try {
      stat = await statFile(image);
    } catch {
      return undefined; // deleted meanwhile
    }
    const name = thumbnailName(image, stat);
    const target = vscode.Uri.joinPath(this.folder, name);
    if (this.known.has(name)) return target;
    let promise = this.pending.get(name);
    if (!promise) {
      promise = this.make(image, stat.size, target, name).finally(() => this.pending.delete(name));
      this.pending.set(name, promise);
    }
    return promise;
  }

  /**
   * Files `thumbnail` (made by verifyImage from the same decode) as the thumbnail of the
   * just-saved `image`, so the history shows it without decoding the image again. Never
   * throws: without it the history simply makes the thumbnail when it is first shown.
   */
  async store(image: vscode.Uri, thumbnail: Uint8Array): Promise<void> {
    try {
      const stat = await statFile(image);
      const name = thumbnailName(image, stat);
      if (this.known.has(name)) return;
      await this.write(vscode.Uri.joinPath(this.folder, name), thumbnail);
      this.known.add(name);
    } catch (error) {
      this.logger.warn(`studio: thumbnail of ${vscode.workspace.asRelativePath(image)} not stored: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Makes and files the thumbnail of the just-saved `image` from `preview` (a larger WebP the
   * pipeline made while verifying, for an agent's answer; `original` is the image's size), without decoding the image again
   * and without the caller waiting: the history, if it asks meanwhile, gets this thumbnail
   * when it is ready. If the preview cannot be used, the thumbnail is made from the image.
   * Never rejects.
   */
  async storeFromPreview(image: vscode.Uri, preview: Uint8Array, original: { width: number; height: number }): Promise<void> {
    let stat: Pick<vscode.FileStat, 'mtime' | 'size'>;
    try {
      stat = await statFile(image);
    } catch {
      return; // deleted meanwhile: nothing to show
    }
    const name = thumbnailName(image, stat);
    if (this.known.has(name) || this.pending.has(name)) return;
    const target = vscode.Uri.joinPath(this.folder, name);
    const making = makeThumbnailFromPreview(preview, original)
      .then(async (thumbnail) => {
        await this.write(target, thumbnail);
        this.known.add(name);
        return target;
      })
      .catch((error: unknown) => {
        this.logger.warn(`studio: thumbnail of ${vscode.workspace.asRelativePath(image)} not made from its preview (${error instanceof Error ? error.message : String(error)}); making it from the image`);
        return this.make(image, stat.size, target, name);
      })
      .finally(() => this.pending.delete(name));
    this.pending.set(name, making);
    await making;
  }

  /** Removes the oldest thumbnails beyond `MAX_CACHED_THUMBNAILS` (run now and then, not per request). */
  async prune(limit = MAX_CACHED_THUMBNAILS): Promise<number> {
    const fs = vscode.workspace.fs;
    let entries: [string, vscode.FileType][];
    try {
      entries = await fs.readDirectory(this.folder);
    } catch {
      return 0;
    }
    const files = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.webp'));
    if (files.length <= limit) return 0;
    const dated = await Promise.all(
      files.map(async ([name]) => {
        const uri = vscode.Uri.joinPath(this.folder, name);
        const stat = await fs.stat(uri).then((s) => s, () => undefined);
        return { name, uri, mtime: stat?.mtime ?? 0 };
      }),
    );
    dated.sort((a, b) => a.mtime - b.mtime);
    const excess = dated.slice(0, dated.length - limit);
    for (const file of excess) {
      this.known.delete(file.name);
      await fs.delete(file.uri, { useTrash: false }).then(undefined, () => undefined);
    }
    return excess.length;
  }

  private async make(image: vscode.Uri, size: number, target: vscode.Uri, name: string): Promise<vscode.Uri | undefined> {
    const fs = vscode.workspace.fs;
    try {
      await fs.stat(target);
      this.known.add(name);
      return target;
    } catch {
      // not cached yet
    }
    if (size > MAX_THUMBNAIL_SOURCE_BYTES) return undefined;
    try {
      const bytes = await fs.readFile(image);
      // A drawing is sanitized again before it is rendered: the file may have changed since it was saved.
      const thumbnail = /\.svg$/i.test(image.path) ? await makeSvgThumbnail(bytes, vscode.workspace.asRelativePath(image)) : await makeThumbnail(bytes);
      await this.write(target, thumbnail);
      this.known.add(name);
      return target;
    } catch (error) {
      this.logger.warn(`studio: no thumbnail for ${vscode.workspace.asRelativePath(image)}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private async write(target: vscode.Uri, thumbnail: Uint8Array): Promise<void> {
    await ensureDirectory(this.folder);
    // Written beside and renamed: a half-written thumbnail would be shown broken forever.
    await writeReplacing(target, thumbnail);
  }
}

/** The cache file of `image` as it is now: its date and size are in the name. */
export function thumbnailName(image: vscode.Uri, stat: Pick<vscode.FileStat, 'mtime' | 'size'>): string {
  return `${createHash('sha256').update(`${VERSION}|${THUMBNAIL_EDGE}|${image.toString()}|${stat.mtime}|${stat.size}`).digest('hex').slice(0, 40)}.webp`;
}
