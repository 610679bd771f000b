// Which files *Create Variations…* and *Edit with Prompt…* act on, and the checks before
// any byte is read: inside the workspace (links resolved), a file, not absurdly large.
import * as vscode from 'vscode';
import type { SourceImage } from '../generation/editJob';
import { formatBytes } from '../imaging/summarizePreparation';
import { assertNever } from '../../shared/protocol';
import { statPickedFile } from '../storage/statPickedFile';
import { workspaceContainment } from '../storage/workspaceContainment';
import { MAX_SOURCE_BYTES, type ExplorerCommandArgs } from './explorerCommands';

/** A file refused before reading: outside the workspace, too large, not a file. */
export class SourceRefusedError extends Error {
  override readonly name = 'SourceRefusedError';
}

export const IMAGE_FILE = /\.(png|jpe?g|webp)$/i;
// ---------------------------------------------------------------------------------------------
// Which files

export interface Invocation {
  uris: vscode.Uri[];
  /** Selected files that are not PNG, JPEG or WebP images. */
  skipped: vscode.Uri[];
  answers?: ExplorerCommandArgs;
}

/**
 * The Explorer passes `(clicked, selection)`, the editor title `(resource, {groupId…})`,
 * the palette nothing (then the active editor's resource is used); a caller may add an
 * {@link ExplorerCommandArgs} object.
 */
export function parseInvocation(args: unknown[]): Invocation {
  const [first, second] = args;
  let uris: vscode.Uri[] = [];
  if (Array.isArray(second) && second.length > 0 && second.every((item) => item instanceof vscode.Uri)) {
    uris = second as vscode.Uri[];
  } else if (first instanceof vscode.Uri) {
    uris = [first];
  } else {
    const active = activeResource();
    if (active) uris = [active];
  }
  const unique = [...new Map(uris.map((uri) => [uri.toString(), uri])).values()];
  return {
    uris: unique.filter((uri) => IMAGE_FILE.test(uri.path)),
    skipped: unique.filter((uri) => !IMAGE_FILE.test(uri.path)),
    answers: args.find(isExplorerCommandArgs),
  };
}

export function isExplorerCommandArgs(value: unknown): value is ExplorerCommandArgs {
  if (typeof value !== 'object' || value === null || value instanceof vscode.Uri || Array.isArray(value)) return false;
  const candidate = value as Record<string, unknown>;
  return (
    ('n' in candidate || 'size' in candidate || 'prompt' in candidate) &&
    (candidate.n === undefined || typeof candidate.n === 'number') &&
    (candidate.size === undefined || typeof candidate.size === 'string') &&
    (candidate.prompt === undefined || typeof candidate.prompt === 'string')
  );
}

/** The resource of the active editor: VS Code's image preview is a custom editor. */
export function activeResource(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

export const baseName = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/** A source whose checks run when it is loaded, right before preparation. */
export function sourceFor(uri: vscode.Uri): SourceImage {
  return { name: vscode.workspace.asRelativePath(uri), fileName: baseName(uri), load: () => readSource(uri) };
}

/**
 * Reads an image the person picked, after checking it is a file inside the workspace
 * (also once links are resolved) and not over {@link MAX_SOURCE_BYTES}.
 * @throws SourceRefusedError with a message that names the file and says what to do.
 */
export async function readSource(uri: vscode.Uri): Promise<Uint8Array> {
  const name = baseName(uri);
  const stat = await statPickedFile(uri, name, (message) => new SourceRefusedError(message));
  await checkInsideWorkspace(uri, name, stat);
  if (stat.size > MAX_SOURCE_BYTES) {
    throw new SourceRefusedError(
      `${name} is ${formatBytes(stat.size)}, more than the ${formatBytes(MAX_SOURCE_BYTES)} Image Studio reads. Downscale or re-export it and try again.`,
    );
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  // It may have grown since the stat.
  if (bytes.length > MAX_SOURCE_BYTES) {
    throw new SourceRefusedError(`${name} is more than the ${formatBytes(MAX_SOURCE_BYTES)} Image Studio reads.`);
  }
  return bytes;
}

/**
 * Images are read, and results written beside them, only inside a workspace folder: a
 * link (or a linked folder) in a cloned repository must not make the extension read, and
 * upload, a file from elsewhere on the disk.
 */
export async function checkInsideWorkspace(uri: vscode.Uri, name: string, stat: vscode.FileStat): Promise<void> {
  const containment = await workspaceContainment(uri);
  switch (containment.kind) {
    case 'inside':
      return;
    case 'outside':
      throw new SourceRefusedError(
        `${name} is not inside the open workspace. Image Studio reads images, and saves what it makes from them, only inside the workspace: copy the image into it first.`,
      );
    case 'unresolved':
      throw new SourceRefusedError(`${name} could not be read: it is a link to a file that does not exist.`);
    case 'linkedOutside':
      throw new SourceRefusedError(
        `${name} is a symbolic link to ${containment.target}, outside the workspace. Image Studio does not read files outside the workspace through links; copy the image into the workspace instead.`,
      );
    case 'unresolvable':
      // Remote file systems do not say where a link points, so it cannot be checked.
      if (stat.type & vscode.FileType.SymbolicLink) {
        throw new SourceRefusedError(
          `${name} is a symbolic link, and this file system does not tell where it points, so Image Studio does not read it. Copy the image into the workspace instead.`,
        );
      }
      return;
    default:
      assertNever(containment, 'containment');
  }
}
