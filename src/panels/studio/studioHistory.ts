// The studio's history: every image this workspace generated, found through the JSON
// sidecars in the output folder (and its direct subfolders), newest first. Scanned once
// and kept until the folder changes; queries (filter + page) are answered from memory.
import * as vscode from 'vscode';
import { posix } from 'node:path';
import { compareNewestFirst, matchesFilter, MAX_SIDECAR_BYTES, parseSidecar, type HistoryRecord } from './historyRecord';

/** One image of the history with where it lives. */
export interface HistoryItem {
  record: HistoryRecord;
  uri: vscode.Uri;
  sidecarUri: vscode.Uri;
}

/** At most this many sidecars are read (a folder of more is not a history, it is an archive). */
export const MAX_SIDECARS = 5000;
/** Files read at once while scanning. */
const READ_CONCURRENCY = 32;

/**
 * Reads the sidecars under `folder` (the folder itself and one level below, nothing
 * deeper) and returns the images they describe that exist, newest first. Unreadable,
 * malformed and foreign JSON files are skipped.
 */
export async function scanHistory(folder: vscode.Uri): Promise<HistoryItem[]> {
  const fs = vscode.workspace.fs;
  // null: no excludes; this is our own folder, and files.exclude is about the Explorer.
  const sidecars = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '{*.json,*/*.json}'), null, MAX_SIDECARS);
  // Which images exist: one listing per folder instead of a stat per image (200 stats
  // cost more than the whole rest of the scan). Sizes and dates are read per thumbnail.
  const folders = new Map<string, Promise<Set<string>>>();
  const namesIn = (dir: vscode.Uri): Promise<Set<string>> => {
    const key = dir.toString();
    let names = folders.get(key);
    if (!names) {
      names = Promise.resolve(fs.readDirectory(dir)).then(
        (entries) => new Set(entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => name)),
        () => new Set<string>(),
      );
      folders.set(key, names);
    }
    return names;
  };
  const items: HistoryItem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < sidecars.length) {
      const sidecarUri = sidecars[next++];
      try {
        const bytes = await fs.readFile(sidecarUri);
        if (bytes.byteLength > MAX_SIDECAR_BYTES) continue;
        const record = parseSidecar(new TextDecoder().decode(bytes), posix.basename(sidecarUri.path));
        if (!record) continue;
        const dir = vscode.Uri.joinPath(sidecarUri, '..');
        if (!(await namesIn(dir)).has(record.imageName)) continue;
        items.push({ record, uri: vscode.Uri.joinPath(dir, record.imageName), sidecarUri });
      } catch {
        // deleted meanwhile or unreadable: not part of the history
      }
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  return items.sort((a, b) => compareNewestFirst(a.record, b.record));
}

/** The history of one output folder, scanned lazily and rescanned after `invalidate()`. */
export class StudioHistory {
  private scan: Promise<HistoryItem[]> | undefined;
  /** What the current scan found, once it is over (none while scanning or after a change). */
  private scanned: HistoryItem[] | undefined;
  private generation = 0;
  /** How long the last scan took, for the log. */
  lastScanMs = 0;

  /** One history per folder: a changed output folder setting gets a new history. */
  constructor(private readonly folder: vscode.Uri | undefined) {
    // No output folder: nothing to scan, the history is known to be empty.
    if (!folder) this.scanned = [];
  }

  invalidate(): void {
    this.scan = undefined;
    if (this.folder) this.scanned = undefined;
    this.generation++;
  }

  /**
   * One page of the unfiltered history now, without waiting: undefined while the folder has
   * not been scanned since it last changed. For a panel's first screen, built before its page
   * can ask (see StudioPanel).
   */
  firstPageNow(limit: number): { total: number; items: HistoryItem[] } | undefined {
    const items = this.scanned;
    return items && { total: items.length, items: items.slice(0, limit) };
  }

  /** Every item, newest first. */
  items(): Promise<HistoryItem[]> {
    if (!this.scan) {
      const folder = this.folder;
      const started = Date.now();
      const generation = this.generation;
      this.scan = (folder ? scanHistory(folder) : Promise.resolve([])).then(
        (items) => {
          this.lastScanMs = Date.now() - started;
          if (this.generation === generation) this.scanned = items;
          return items;
        },
        () => {
          // A failed scan is retried on the next query rather than cached.
          if (this.generation === generation) this.scan = undefined;
          return [];
        },
      );
    }
    return this.scan;
  }

  /** One page of the items matching `filter`, and how many match in all. */
  async query(filter: string, offset: number, limit: number): Promise<{ total: number; items: HistoryItem[] }> {
    const matching = (await this.items()).filter((item) => matchesFilter(item.record, filter));
    return { total: matching.length, items: matching.slice(offset, offset + limit) };
  }

  /** The item for `uri`, if it is part of the history. */
  async find(uri: vscode.Uri): Promise<HistoryItem | undefined> {
    const key = uri.toString();
    return (await this.items()).find((item) => item.uri.toString() === key);
  }

  /** Distinct prompts, newest first, for the prompt box's Up/Down. */
  async recentPrompts(limit: number): Promise<string[]> {
    const prompts: string[] = [];
    for (const item of await this.items()) {
      if (item.record.origin) continue;
      if (!prompts.includes(item.record.prompt)) prompts.push(item.record.prompt);
      if (prompts.length >= limit) break;
    }
    return prompts;
  }
}
