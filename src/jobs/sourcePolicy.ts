// The one containment policy for images the extension reads (and writes beside): pure, so
// every case is unit-tested. readSource.ts applies it to a picked file.
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
      return `${name} is not inside the open workspace. Image Studio reads images, and saves what it makes from them, only inside the workspace: copy the image into it first.`;
    case 'unresolved':
      return `${name} could not be read: it no longer exists or is a link to a file that does not exist.`;
    case 'linkedOutside':
      return `${name} is a symbolic link to ${containment.target}, outside the workspace. Image Studio does not read files outside the workspace through links; copy the image into the workspace instead.`;
    case 'unresolvable':
      return isSymbolicLink
        ? `${name} is a symbolic link, and this file system does not tell where it points, so Image Studio does not read it. Copy the image into the workspace instead.`
        : undefined;
  }
}
