// The first check on a file the person picked, before any byte is read: it is still there
// and it is not a folder. Each caller refuses with its own error type.
import * as vscode from 'vscode';

/**
 * The stat of `uri`; throws `refuse(message)` when it no longer exists (or cannot be
 * opened) or is a folder. `name` is how the messages call it, e.g. `cat.png`.
 */
export async function statPickedFile(uri: vscode.Uri, name: string, refuse: (message: string) => Error): Promise<vscode.FileStat> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    throw refuse(vscode.l10n.t('{file} could not be read: it no longer exists or cannot be opened.', { file: name }));
  }
  if (stat.type & vscode.FileType.Directory) throw refuse(vscode.l10n.t('{file} is a folder, not an image.', { file: name }));
  return stat;
}
