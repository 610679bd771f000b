// The scanned history of the output folder, kept once per extension host so that a new
// studio panel reuses the last scan instead of reading every sidecar again. Its watcher and
// the job pipeline's save event outlive the panels, so what is kept is marked stale on every
// change even while no studio is open. Only the current output folder is kept; the first
// panel makes it, never activation. Built by the composition root (features.ts).
import * as vscode from 'vscode';
import { posix } from 'node:path';
import type { SavedImage } from '../../storage/outputWriter';
import { Disposable } from '../../util/disposable';
import { StudioHistory } from './studioHistory';

/** Files whose changes change the history (temporary `.partial` files do not). */
const HISTORY_FILE = /\.(json|png|jpe?g|webp|gif|svg)$/i;

/** One output folder's history and its watcher. */
class WatchedHistory extends Disposable {
  readonly history: StudioHistory;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fired after the history was marked stale (a file changed or an image was saved). */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly folder: vscode.Uri,
    savedImages: vscode.Event<SavedImage>,
  ) {
    super();
    this.history = new StudioHistory(folder);
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(historyPattern(folder)));
    const invalidate = () => {
      this.history.invalidate();
      this.changed.fire();
    };
    // Any path: a folder deleted or moved in whole is one event, not one per sidecar.
    this.register(watcher.onDidCreate(invalidate));
    this.register(watcher.onDidChange((uri) => HISTORY_FILE.test(uri.path) && invalidate()));
    this.register(watcher.onDidDelete(invalidate));
    this.register(savedImages(invalidate));
  }

  override dispose(): void {
    this.history.invalidate();
    super.dispose();
  }
}

export class StudioHistories extends Disposable {
  private current: WatchedHistory | undefined;

  constructor(private readonly savedImages: vscode.Event<SavedImage>) {
    super();
    this.register({ dispose: () => this.current?.dispose() });
  }

  /** The history of `folder` and the event that says it went stale. */
  historyOf(folder: vscode.Uri): { history: StudioHistory; onDidChange: vscode.Event<void> } {
    if (this.current?.folder.toString() !== folder.toString()) {
      this.current?.dispose();
      this.current = new WatchedHistory(folder, this.savedImages);
    }
    return this.current;
  }
}

/**
 * What to watch: everything below the output folder (filtered by `HISTORY_FILE`). Based at
 * the workspace folder when possible, because the output folder may not exist yet (the
 * first save makes it) and may be deleted and made again.
 */
function historyPattern(folder: vscode.Uri): vscode.RelativePattern {
  const root = vscode.workspace.getWorkspaceFolder(folder);
  const relative = root ? posix.relative(root.uri.path, folder.path) : '';
  // Folder names with glob characters would be read as patterns: watch from the folder then.
  if (!root || relative === '' || /[*?{}[\]!]/.test(relative)) return new vscode.RelativePattern(folder, '**');
  return new vscode.RelativePattern(root, `${relative}/**`);
}
