// The one containment policy for images the extension reads (and writes beside): pure, so
// every case is unit-tested. readSource.ts applies it to a picked file.
import * as l10n from '@vscode/l10n';
import type { Containment } from '../storage/workspaceContainment';

/**
 * Why `name` may not be read, or undefined when it may. Only files inside a workspace
 * folder, links resolved; on a file system that cannot say where a link points (remote), a
 * link is refused, since it cannot be checked.
 */
export function containmentRefusal(containment: Containment, name: string, isSymbolicLink: boolean): string | undefined {
  switch (containment.kind) {
    case 'inside':
      return undefined;
    case 'outside':
      return l10n.t('{file} is not inside the open workspace. Image Studio reads images, and saves what it makes from them, only inside the workspace: copy the image into it first.', { file: name });
    case 'unresolved':
      return l10n.t('{file} could not be read: it no longer exists or is a link to a file that does not exist.', { file: name });
    case 'linkedOutside':
      return l10n.t('{file} is a symbolic link to {target}, outside the workspace. Image Studio does not read files outside the workspace through links; copy the image into the workspace instead.', { file: name, target: containment.target });
    case 'unresolvable':
      return isSymbolicLink
        ? l10n.t('{file} is a symbolic link, and this file system does not tell where it points, so Image Studio does not read it. Copy the image into the workspace instead.', { file: name })
        : undefined;
  }
}
