// Whether a file the person picked lies inside a workspace folder, links resolved. Images
// are read, uploaded and written beside only there: a link (or a linked folder) in a
// cloned repository must not make the extension reach a file elsewhere on the disk.
import * as vscode from 'vscode';
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';

/** Where a file stands against the workspace; each caller words its own refusal. */
export type Containment =
  /** In a workspace folder, also once links are resolved (local disks). */
  | { kind: 'inside' }
  /** Not in any workspace folder. */
  | { kind: 'outside' }
  /** The file, or the file a link points to, does not exist. */
  | { kind: 'unresolved' }
  /** A link (or inside a linked folder) whose target is outside its workspace folder. */
  | { kind: 'linkedOutside'; target: string }
  /** In a workspace folder on a file system that cannot say where links point (remote). */
  | { kind: 'unresolvable' };

/**
 * Checks `uri` against the workspace folders; on local disks both the file and the folder
 * are resolved with `realpath`, so links count by where they point.
 */
export async function workspaceContainment(uri: vscode.Uri): Promise<Containment> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return { kind: 'outside' };
  if (uri.scheme !== 'file' || folder.uri.scheme !== 'file') return { kind: 'unresolvable' };
  let real: string;
  let root: string;
  try {
    [real, root] = await Promise.all([realpath(uri.fsPath), realpath(folder.uri.fsPath)]);
  } catch {
    return { kind: 'unresolved' };
  }
  const path = relative(root, real);
  return path.startsWith('..') || isAbsolute(path) ? { kind: 'linkedOutside', target: real } : { kind: 'inside' };
}
