import * as vscode from 'vscode';
import { posix } from 'node:path';
import { ensureDirectory, fileExists, writeThenRename } from './diskAccess';
import { temporaryName, writeExclusivelyOnDisk } from './exclusiveDiskWrite';
import { candidateBaseNames } from './fileNames';

/**
 * What is written beside an image (its JSON sidecar), without the two fields the writer adds
 * once the name is known: `image` (the file name) and `createdAt`. The job pipeline owns its
 * format (src/jobs/jobSidecar.ts).
 */
export type SidecarContent = Readonly<Record<string, unknown>>;

export interface SaveRequest {
  folder: vscode.Uri;
  prompt: string;
  extension: ImageExtension;
  bytes: Uint8Array;
  sidecar: SidecarContent;
  date: Date;
  /** Position in a multi-image job, so siblings get `-1`, `-2`... */
  index?: number;
}

export interface SavedImage {
  uri: vscode.Uri;
  sidecarUri: vscode.Uri;
  /** The sidecar as written (so nobody needs to read it back). */
  sidecar: SidecarContent;
}

/** The file extension for an image format as sharp names it (`jpeg` → `jpg`; unknown → `png`). */
/** The extensions results are saved with. */
export type ImageExtension = 'png' | 'jpg' | 'webp' | 'gif' | 'svg';

export function fileExtensionFor(format: string): ImageExtension {
  return format === 'jpeg' ? 'jpg' : format === 'webp' || format === 'gif' || format === 'svg' ? format : 'png';
}

/**
 * Names claimed by saves still in flight in this extension host, generations and results
 * alike (see `saveWithSidecar`). Lower-cased: on Windows and macOS `Cat.png` is `cat.png`.
 */
const claimed = new Set<string>();
const MAX_NAME_ATTEMPTS = 1000;

/**
 * Writes the image and its JSON sidecar into `folder` without ever overwriting a file and
 * without ever leaving a half-written one (see {@link saveWithSidecar}: a hidden temporary
 * file linked into place only if the name is free), and a failure removes what was written.
 * Uses `workspace.fs` so remote workspaces work.
 */
export async function saveImage(request: SaveRequest): Promise<SavedImage> {
  await ensureDirectory(request.folder);
  const createdAt = request.date.toISOString();
  const saved = await saveWithSidecar({
    folder: request.folder,
    candidates: candidateBaseNames(request.prompt, request.date, request.index),
    extension: request.extension,
    bytes: request.bytes,
    isTaken: async (image, sidecar) => (await Promise.all([fileExists(vscode.Uri.joinPath(request.folder, image)), fileExists(vscode.Uri.joinPath(request.folder, sidecar))])).some(Boolean),
    sidecarFor: (image) => ({ ...request.sidecar, image, createdAt }),
  });
  if (!saved) throw new Error(vscode.l10n.t('Could not find a free file name in {folder}.', { folder: request.folder.fsPath }));
  return saved;
}

/** One image and its sidecar, to be saved under the first free name among `candidates`. */
export interface SidecarSave {
  /** Must exist already. */
  folder: vscode.Uri;
  /** Base names (without extension) in order of preference; the first 1000 are tried. */
  candidates: Iterable<string>;
  extension: string;
  bytes: Uint8Array;
  /** Whether a name is known to be taken before trying it (the exclusive write decides anyway). */
  isTaken: (imageName: string, sidecarName: string) => boolean | Promise<boolean>;
  /** The sidecar for the image saved as `imageName` (`cat.var-1.png`). */
  sidecarFor: (imageName: string) => SidecarContent;
}

/**
 * Saves an image as `<base>.<extension>` with a `<base>.json` sidecar under the first
 * candidate both are free for. Never overwrites and never leaves a half-written file: both
 * go through {@link writeExclusively}, and the image is removed again if its sidecar cannot
 * be written. Undefined when no candidate was free.
 */
export async function saveWithSidecar(save: SidecarSave): Promise<SavedImage | undefined> {
  let attempts = 0;
  for (const base of save.candidates) {
    if (++attempts > MAX_NAME_ATTEMPTS) break;
    const imageName = `${base}.${save.extension}`;
    const sidecarName = `${base}.json`;
    const uri = vscode.Uri.joinPath(save.folder, imageName);
    const sidecarUri = vscode.Uri.joinPath(save.folder, sidecarName);
    const key = uri.toString().toLowerCase();
    // Two jobs in this host may pick the same name at once: claim it before any await.
    if (claimed.has(key)) continue;
    claimed.add(key);
    try {
      if (await save.isTaken(imageName, sidecarName)) continue;
      const sidecar = save.sidecarFor(imageName);
      const sidecarBytes = new TextEncoder().encode(`${JSON.stringify(sidecar, null, 2)}\n`);
      if (!(await writeExclusively(uri, save.bytes))) continue;
      try {
        if (!(await writeExclusively(sidecarUri, sidecarBytes))) {
          await removeQuietly(uri);
          continue;
        }
      } catch (error) {
        await removeQuietly(uri);
        throw error;
      }
      return { uri, sidecarUri, sidecar };
    } finally {
      claimed.delete(key);
    }
  }
  return undefined;
}

async function removeQuietly(uri: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
}

/**
 * Writes to a temporary sibling, then moves it into place only if the target does not
 * exist. False if the name is taken. On local disks this is `link()`, which fails
 * atomically when the target exists (a check-then-rename is not atomic under concurrent
 * jobs); other file systems (remote workspaces) use `workspace.fs.rename` without overwrite.
 */
export async function writeExclusively(target: vscode.Uri, bytes: Uint8Array): Promise<boolean> {
  if (target.scheme === 'file') return writeExclusivelyOnDisk(target.fsPath, bytes);
  const fs = vscode.workspace.fs;
  const folder = vscode.Uri.joinPath(target, '..');
  const temporary = vscode.Uri.joinPath(folder, temporaryName());
  await fs.writeFile(temporary, bytes);
  try {
    await fs.rename(temporary, target, { overwrite: false });
    return true;
  } catch (error) {
    await fs.delete(temporary, { useTrash: false }).then(undefined, () => undefined);
    if (error instanceof vscode.FileSystemError && error.code === 'FileExists') return false;
    throw error;
  }
}


/**
 * Writes to a temporary sibling, then renames it over `target`: whoever reads `target`
 * sees the old bytes or the new ones, never a half-written file.
 */
export async function writeReplacing(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
  await writeThenRename(vscode.Uri.joinPath(target, '..', temporaryName()), target, bytes);
}


/**
 * The output folder as a URI inside the first workspace folder. Paths that would leave
 * the workspace (`..`, absolute paths elsewhere) are refused: a cloned repository's
 * workspace settings must not be able to aim writes at the rest of the disk.
 */
export function resolveOutputFolder(setting: string): vscode.Uri {
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0];
  if (!workspaceFolder) {
    throw new OutputFolderError(vscode.l10n.t('Open a folder or workspace first: generated images are saved into it.'));
  }
  const root = workspaceFolder.uri;
  const cleaned = setting.trim().replace(/\\/g, '/');
  const isAbsolute = cleaned.startsWith('/') || /^[a-zA-Z]:\//.test(cleaned);
  const target = isAbsolute
    ? root.with({ path: posix.normalize(cleaned.startsWith('/') ? cleaned : `/${cleaned}`) })
    : root.with({ path: posix.join(root.path, cleaned || '.') });
  const rootPath = root.path.replace(/\/+$/, '');
  if (target.path !== rootPath && !target.path.startsWith(`${rootPath}/`)) {
    throw new OutputFolderError(
      vscode.l10n.t('The output folder "{folder}" is outside the workspace. Set "{setting}" to a folder inside it, such as "images".', { folder: setting, setting: 'imageStudio.outputFolder' }),
    );
  }
  return target;
}

export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}
