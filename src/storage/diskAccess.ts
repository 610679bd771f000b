// The few file operations that saving repeats for every image, done with node:fs where the
// file is on this extension host's own disk (`file:`). `workspace.fs` is VS Code's file
// service: each call is a message to the window and back (measured in code-server: a stat
// ~3 ms through it, ~0.02 ms with node:fs), and an image saved with its sidecar and its
// thumbnail made about ten such calls in a row. Other schemes (and anything node:fs cannot
// do) go through `workspace.fs` as before, so its errors are the ones callers see.
import * as vscode from 'vscode';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';

/** `workspace.fs.createDirectory` (parents included, no error if it exists). */
export async function ensureDirectory(folder: vscode.Uri): Promise<void> {
  if (folder.scheme === 'file') {
    try {
      await mkdir(folder.fsPath, { recursive: true });
      return;
    } catch {
      // Reported by workspace.fs below, in its own words.
    }
  }
  await vscode.workspace.fs.createDirectory(folder);
}

/** A file's date and size as `workspace.fs.stat` gives them (whole milliseconds, as VS Code's disk provider). */
export async function statFile(uri: vscode.Uri): Promise<Pick<vscode.FileStat, 'mtime' | 'size'>> {
  if (uri.scheme === 'file') {
    const found = await stat(uri.fsPath).catch(() => undefined);
    if (found) return { mtime: found.mtime.getTime(), size: found.size };
  }
  return vscode.workspace.fs.stat(uri);
}

/** Whether `uri` exists (anything that cannot be stat'ed counts as not existing). */
export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme === 'file') return stat(uri.fsPath).then(() => true, () => false);
  return Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);
}

/** Writes `bytes` to `temporary` and renames it over `target` (both in one folder). */
export async function writeThenRename(temporary: vscode.Uri, target: vscode.Uri, bytes: Uint8Array): Promise<void> {
  if (target.scheme === 'file' && temporary.scheme === 'file') {
    await writeFile(temporary.fsPath, bytes);
    try {
      await rename(temporary.fsPath, target.fsPath);
    } catch (error) {
      await unlink(temporary.fsPath).catch(() => undefined);
      throw error;
    }
    return;
  }
  await vscode.workspace.fs.writeFile(temporary, bytes);
  await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
}
