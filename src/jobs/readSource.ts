// Reading an image the person (or an agent) named: one policy for every place that reads a
// source — the explorer's commands, the mask editor, later the agent tools. Only a file
// inside a workspace folder, also once links are resolved, and not absurdly large: a link
// in a cloned repository must not make the extension read, upload or write beside a file
// elsewhere on the disk.
import * as vscode from 'vscode';
import { formatBytes } from '../imaging/summarizePreparation';
import { SourceRefusedError } from '../storage/sourceRefusedError';
import { statPickedFile } from '../storage/statPickedFile';
import { workspaceContainment } from '../storage/workspaceContainment';
import type { SourceImage } from './jobSources';
import { containmentRefusal } from './sourcePolicy';

export { SourceRefusedError };

/** Files above this are refused before they are read (no image we can send is this large). */
export const MAX_SOURCE_BYTES = 200 * 1024 * 1024;

export const baseName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/** A source whose checks run when it is loaded, right before preparation. */
export function sourceFor(uri: vscode.Uri): SourceImage {
  return { name: vscode.workspace.asRelativePath(uri), fileName: baseName(uri), uri, load: () => readSource(uri) };
}

/**
 * Reads an image after checking it is a file inside the workspace (also once links are
 * resolved) and not over {@link MAX_SOURCE_BYTES}.
 * @throws SourceRefusedError with a message that names the file and says what to do.
 */
export async function readSource(uri: vscode.Uri): Promise<Uint8Array> {
  const name = baseName(uri);
  const stat = await statPickedFile(uri, name, (message) => new SourceRefusedError(message));
  await checkInsideWorkspace(uri, stat);
  if (stat.size > MAX_SOURCE_BYTES) {
    throw new SourceRefusedError(
      vscode.l10n.t('{file} is {size}, more than the {limit} Image Studio reads. Downscale or re-export it and try again.', {
        file: name,
        size: formatBytes(stat.size),
        limit: formatBytes(MAX_SOURCE_BYTES),
      }),
    );
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  // It may have grown since the stat.
  if (bytes.length > MAX_SOURCE_BYTES) {
    throw new SourceRefusedError(vscode.l10n.t('{file} is more than the {limit} Image Studio reads.', { file: name, limit: formatBytes(MAX_SOURCE_BYTES) }));
  }
  return bytes;
}

/**
 * Images are read, and results written beside them, only inside a workspace folder. On a
 * file system that cannot say where a link points (remote), a link is refused: it cannot
 * be checked. `stat` is read when not given.
 * @throws {SourceRefusedError}
 */
export async function checkInsideWorkspace(uri: vscode.Uri, stat?: vscode.FileStat): Promise<void> {
  const name = baseName(uri);
  const containment = await workspaceContainment(uri);
  // Only a file system that cannot resolve links needs to know whether this is one.
  const type = containment.kind === 'unresolvable' ? (stat ?? (await statPickedFile(uri, name, (message) => new SourceRefusedError(message)))).type : 0;
  const refusal = containmentRefusal(containment, name, (type & vscode.FileType.SymbolicLink) !== 0);
  if (refusal) throw new SourceRefusedError(refusal);
}
