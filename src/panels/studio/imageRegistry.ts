// The only way the studio webview can name an image: an opaque id this host issued when it
// listed the image. The webview never sees or sends a path, so a forged message cannot aim
// an action (open, delete, …) at a file the host did not list itself.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { StudioImage } from '../../../shared/protocol';
import type { RateOverrides } from '../../openai/costEstimate';
import { costOf } from './studioCost';
import type { HistoryItem } from './studioHistory';

/** One listed image, looked up by its id. */
export interface RegisteredImage {
  id: string;
  item: HistoryItem;
}

/** Ids for one panel; the same file keeps its id while the panel lives. */
export class ImageRegistry {
  private readonly byId = new Map<string, RegisteredImage>();
  private readonly idByUri = new Map<string, string>();

  /** `rates`: the price table, for images whose sidecar has no cost (per-image-priced models). */
  constructor(private readonly rates: () => RateOverrides) {}

  /** Registers `item` (or refreshes what is known about it) and returns its id. */
  register(item: HistoryItem): string {
    const key = item.uri.toString();
    let id = this.idByUri.get(key);
    if (!id) {
      // 96 random bits: not guessable, so an id is proof the host listed the image.
      id = randomBytes(12).toString('hex');
      this.idByUri.set(key, id);
    }
    this.byId.set(id, { id, item });
    return id;
  }

  /** The image the host listed under `id`, or undefined (never issued, or deleted). */
  get(id: string): RegisteredImage | undefined {
    return this.byId.get(id);
  }

  /** The id of an image already listed, if any. */
  idOf(uri: vscode.Uri): string | undefined {
    return this.idByUri.get(uri.toString());
  }

  remove(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    this.idByUri.delete(entry.item.uri.toString());
  }

  /** The webview's view of a listed image: its id and what a tile shows, no URI. */
  describe(item: HistoryItem): StudioImage {
    const { record } = item;
    const folder = vscode.workspace.getWorkspaceFolder(item.uri);
    const image: StudioImage = {
      id: this.register(item),
      name: record.imageName,
      path: folder ? posix.relative(folder.uri.path, item.uri.path) : vscode.workspace.asRelativePath(item.uri),
      prompt: record.prompt,
      model: record.model,
      width: record.width,
      height: record.height,
      createdAt: record.createdAt,
    };
    if (record.revisedPrompt !== undefined) image.revisedPrompt = record.revisedPrompt;
    if (record.quality !== undefined) image.quality = record.quality;
    const costUsd = costOf(record, record.costUsd === undefined ? this.rates() : undefined);
    if (costUsd !== undefined) image.costUsd = costUsd;
    if (record.origin) image.origin = record.origin;
    if (record.params) image.params = record.params;
    if (record.differences) image.differences = record.differences;
    return image;
  }
}
