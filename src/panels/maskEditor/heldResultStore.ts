// The mask editor's results on disk until they are kept or discarded: each was paid for, so
// a window reload, a crash or closing the editor must not lose it. One folder per source
// image in the workspace's extension storage; an entry is the image bytes plus a JSON file
// with what Keep needs, written beside and renamed (the JSON last, so an entry exists only
// once complete) and checked again when read back.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import type { Logger } from '../../util/logger';
import { verifyImage } from '../../imaging/verifyImage';
import { writeReplacing } from '../../storage/outputWriter';
import type { HeldResult } from './heldResult';

/** Entries not touched for this long are removed (the person has moved on). */
export const HELD_RESULT_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;
const ID = /^[0-9a-f]{24}$/;
const MIME_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
const EXTENSIONS = new Set(['png', 'jpg', 'webp']);

/** What the JSON file of an entry holds: the result without its bytes and in-flight state. */
type StoredResult = Omit<HeldResult, 'bytes' | 'keptUri' | 'saving'> & { keptUri?: string; storedAt: number };

export class HeldResultStore {
  constructor(
    private readonly root: vscode.Uri,
    private readonly logger: Logger,
  ) {}

  /** The folder of `source`'s results: named by a hash, so no path from the workspace leaks into it. */
  folderFor(source: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(this.root, createHash('sha256').update(source.toString()).digest('hex').slice(0, 32));
  }

  /** Writes `held` for `source`; never throws (the result stays usable in memory). */
  async save(source: vscode.Uri, held: HeldResult): Promise<void> {
    try {
      const folder = this.folderFor(source);
      await vscode.workspace.fs.createDirectory(folder);
      await writeReplacing(vscode.Uri.joinPath(folder, `${held.id}.image`), held.bytes);
      await writeReplacing(vscode.Uri.joinPath(folder, `${held.id}.json`), encodeEntry(held, Date.now()));
    } catch (error) {
      // eslint-disable-next-line image-studio/localized-text -- a log line (warn writes to the logger)
      this.warn(`result ${held.id} not stored (it is lost if the window reloads before Keep)`, error);
    }
  }

  /** Records that `held` was kept (it stays listed as kept until discarded or expired). */
  async markKept(source: vscode.Uri, held: HeldResult): Promise<void> {
    try {
      await writeReplacing(vscode.Uri.joinPath(this.folderFor(source), `${held.id}.json`), encodeEntry(held, Date.now()));
    } catch (error) {
      // eslint-disable-next-line image-studio/localized-text -- a log line (warn writes to the logger)
      this.warn(`result ${held.id}: kept state not stored`, error);
    }
  }

  /** Forgets one result. */
  async remove(source: vscode.Uri, id: string): Promise<void> {
    if (!ID.test(id)) return;
    const folder = this.folderFor(source);
    for (const name of [`${id}.json`, `${id}.image`]) await this.delete(folder, name);
  }

  /**
   * The results stored for `source`, oldest first, at most `limit` (the newest). Entries
   * that are incomplete, unreadable, not a valid image or older than {@link HELD_RESULT_DAYS}
   * are removed instead.
   */
  async load(source: vscode.Uri, limit: number, now = Date.now()): Promise<HeldResult[]> {
    const folder = this.folderFor(source);
    let names: string[];
    try {
      names = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
    } catch {
      return []; // nothing stored yet
    }
    const results: { held: HeldResult; storedAt: number }[] = [];
    for (const name of names) {
      const id = name.replace(/\.(json|image)$/, '');
      if (!ID.test(id)) {
        // A leftover `.partial` of an interrupted write, or something that is not ours.
        if (name.endsWith('.partial')) await this.delete(folder, name);
        continue;
      }
      if (!name.endsWith('.json')) {
        if (!names.includes(`${id}.json`)) await this.delete(folder, name); // image whose JSON never landed
        continue;
      }
      const entry = await this.read(folder, id, now);
      if (entry) results.push(entry);
      else await this.remove(source, id);
    }
    results.sort((a, b) => a.storedAt - b.storedAt);
    for (const { held } of results.slice(0, Math.max(0, results.length - limit))) await this.remove(source, held.id);
    return results.slice(-limit).map(({ held }) => held);
  }

  /** Removes the folders of images whose newest entry is older than {@link HELD_RESULT_DAYS} (images never reopened). */
  async prune(now = Date.now()): Promise<number> {
    let folders: [string, vscode.FileType][];
    try {
      folders = await vscode.workspace.fs.readDirectory(this.root);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const [name, type] of folders) {
      if (type !== vscode.FileType.Directory) continue;
      const folder = vscode.Uri.joinPath(this.root, name);
      const entries = await vscode.workspace.fs.readDirectory(folder).then((list) => list, () => []);
      const times = await Promise.all(entries.map(([entry]) => vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, entry)).then((stat) => stat.mtime, () => 0)));
      if (times.every((time) => now - time > HELD_RESULT_DAYS * DAY_MS)) {
        await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(() => removed++, () => undefined);
      }
    }
    return removed;
  }

  private async read(folder: vscode.Uri, id: string, now: number): Promise<{ held: HeldResult; storedAt: number } | undefined> {
    try {
      const stored = decodeEntry(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, `${id}.json`)), id);
      if (!stored || now - stored.storedAt > HELD_RESULT_DAYS * DAY_MS) return undefined;
      const bytes = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, `${id}.image`)));
      // eslint-disable-next-line image-studio/localized-text -- names the image in an error that only reaches the log (below)
      const verified = await verifyImage(bytes, 'A stored mask editor result');
      if (verified.width !== stored.width || verified.height !== stored.height) return undefined;
      const { keptUri, storedAt, ...fields } = stored;
      return { held: { ...fields, bytes, ...(keptUri ? { keptUri: vscode.Uri.parse(keptUri) } : {}) }, storedAt };
    } catch (error) {
      // eslint-disable-next-line image-studio/localized-text -- a log line (warn writes to the logger)
      this.warn(`stored result ${id} could not be read back; removed`, error);
      return undefined;
    }
  }

  private async delete(folder: vscode.Uri, name: string): Promise<void> {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, name), { useTrash: false }).then(undefined, () => undefined);
  }

  private warn(what: string, error: unknown): void {
    this.logger.warn(`mask editor: ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function encodeEntry(held: HeldResult, storedAt: number): Uint8Array {
  const { bytes: _bytes, keptUri, saving: _saving, ...fields } = held;
  const stored: StoredResult = { ...fields, ...(keptUri ? { keptUri: keptUri.toString() } : {}), storedAt };
  return new TextEncoder().encode(JSON.stringify(stored));
}

/** The entry if it has the shape this file writes (it is read back from disk, so checked). */
function decodeEntry(bytes: Uint8Array, id: string): StoredResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  const isSize = (size: unknown) =>
    typeof size === 'object' && size !== null && Number.isInteger((size as { width?: unknown }).width) && Number.isInteger((size as { height?: unknown }).height);
  const sidecar = entry.sidecar as Record<string, unknown> | undefined;
  const mask = (typeof sidecar === 'object' && sidecar !== null ? sidecar.mask : undefined) as Record<string, unknown> | undefined;
  const valid =
    entry.id === id &&
    typeof entry.mimeType === 'string' && MIME_TYPES.has(entry.mimeType) &&
    typeof entry.fileExtension === 'string' && EXTENSIONS.has(entry.fileExtension) &&
    Number.isInteger(entry.width) && Number.isInteger(entry.height) &&
    typeof entry.composited === 'boolean' &&
    typeof entry.prompt === 'string' && typeof entry.model === 'string' &&
    Array.isArray(entry.chain) && entry.chain.every((prompt) => typeof prompt === 'string') &&
    typeof entry.storedAt === 'number' &&
    (entry.keptUri === undefined || typeof entry.keptUri === 'string') &&
    (entry.costLabel === undefined || typeof entry.costLabel === 'string') &&
    (entry.costUsd === undefined || typeof entry.costUsd === 'number') &&
    typeof sidecar === 'object' && sidecar !== null &&
    sidecar.generator === 'image-studio' && sidecar.version === 1 && sidecar.prompt === entry.prompt && sidecar.model === entry.model &&
    typeof sidecar.parameters === 'object' && sidecar.parameters !== null &&
    typeof mask === 'object' && mask !== null && isSize(mask.canvas) && isSize(mask.uploadedSize);
  return valid ? (entry as unknown as StoredResult) : undefined;
}
