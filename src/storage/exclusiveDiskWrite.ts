// The exclusive write on a local disk, without `vscode`: the extension's saves use it for
// `file:` folders (outputWriter.ts), and the bench, which runs outside VS Code, saves with it too.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** File systems without hard links (FAT, some network mounts) answer `link()` with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** A hidden sibling name for a file being written (`.partial`: the history ignores it). */
export function temporaryName(): string {
  return `.image-studio-${randomBytes(6).toString('hex')}.partial`;
}

/**
 * Writes `bytes` to a temporary sibling, then links it into place, which fails atomically when
 * `target` exists (a check-then-rename is not atomic under concurrent jobs); an exclusive copy
 * where there are no hard links. False if the name is taken.
 */
export async function writeExclusivelyOnDisk(target: string, bytes: Uint8Array): Promise<boolean> {
  const temporary = join(dirname(target), temporaryName());
  await writeFile(temporary, bytes, { flag: 'wx' });
  try {
    try {
      await link(temporary, target);
    } catch (error) {
      if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      await copyFile(temporary, target, constants.COPYFILE_EXCL);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
