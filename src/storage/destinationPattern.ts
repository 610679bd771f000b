// Destination patterns for images generated from a selection, in the spirit of VS Code's
// `markdown.copyFiles.destination`: `${documentDirName}/images` and friends. Pure (no
// `vscode` import): works on absolute posix paths (URI paths), so it is unit-tested in Node
// and behaves the same for local, remote and virtual workspaces.

import * as l10n from '@vscode/l10n';
import { posix } from 'node:path';

/** Every variable a pattern may use. */
export const DESTINATION_VARIABLES = [
  'documentDirName',
  'documentRelativeDirName',
  'documentBaseName',
  'documentFileName',
  'documentExtName',
  'documentWorkspaceFolder',
  'workspaceFolder',
] as const;

export type DestinationVariable = (typeof DESTINATION_VARIABLES)[number];
export type DestinationVariables = Readonly<Record<DestinationVariable, string>>;

/** A pattern that cannot be expanded; the message is written for the person who wrote it. */
export class DestinationPatternError extends Error {
  constructor(
    message: string,
    /** The offending variable name, when one is to blame. */
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'DestinationPatternError';
  }
}

const KNOWN = new Set<string>(DESTINATION_VARIABLES);

/**
 * Replaces each `${name}` in `pattern` with its value, in one pass (values are never
 * re-expanded, so a folder named `${x}` is harmless). Backslashes become `/`.
 * Throws `DestinationPatternError` naming an unknown variable or an unclosed `${`.
 */
export function expandDestinationPattern(pattern: string, vars: DestinationVariables): string {
  if (pattern.replace(/\$\{[^}]*\}/g, '').includes('${')) {
    throw new DestinationPatternError(l10n.t('The destination pattern "{pattern}" has a "{open}" without a closing "{close}".', { pattern, open: '${', close: '}' }));
  }
  return pattern
    .replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
      if (!KNOWN.has(name)) {
        throw new DestinationPatternError(
          l10n.t('Unknown variable "{variable}" in the destination pattern "{pattern}". Known variables: {known}.', {
            variable: `\${${name}}`,
            pattern,
            known: DESTINATION_VARIABLES.map((known) => `\${${known}}`).join(', '),
          }),
          name,
        );
      }
      return vars[name as DestinationVariable];
    })
    .replace(/\\/g, '/');
}

/**
 * The variables for a document at `documentPath` (absolute posix path). `documentFolderPath`
 * is its workspace folder, if it is in one; `firstFolderPath` the first workspace folder.
 * Outside any workspace folder, `documentRelativeDirName` and `documentWorkspaceFolder`
 * are the document's own folder, as in `markdown.copyFiles.destination`.
 */
export function destinationVariables(
  documentPath: string,
  documentFolderPath: string | undefined,
  firstFolderPath: string | undefined,
): DestinationVariables {
  const dir = posix.dirname(documentPath);
  const fileName = posix.basename(documentPath);
  const ext = posix.extname(fileName);
  const folder = documentFolderPath?.replace(/\/+$/, '');
  return {
    documentDirName: dir,
    // '.' rather than '' at the root: `${documentRelativeDirName}/images` must stay relative.
    documentRelativeDirName: folder ? posix.relative(folder, dir) || '.' : dir,
    documentBaseName: ext ? fileName.slice(0, -ext.length) : fileName,
    documentFileName: fileName,
    documentExtName: ext.replace(/^\./, ''),
    documentWorkspaceFolder: folder ?? dir,
    workspaceFolder: folder ?? firstFolderPath?.replace(/\/+$/, '') ?? dir,
  };
}

/**
 * An expanded pattern as a normalized absolute posix path: absolute results (`/…`, `C:/…`)
 * as they are, relative ones joined to `basePath`.
 */
export function resolveDestinationPath(expanded: string, basePath: string): string {
  const cleaned = expanded.trim().replace(/\\/g, '/');
  if (cleaned.startsWith('/')) return stripTrailingSlash(posix.normalize(cleaned));
  if (/^[a-zA-Z]:(\/|$)/.test(cleaned)) return stripTrailingSlash(posix.normalize(`/${cleaned}`));
  return stripTrailingSlash(posix.join(basePath, cleaned || '.'));
}

/** The first of `roots` that contains `path` (or is it), ignoring drive-letter case. */
export function containingRoot(path: string, roots: readonly string[]): string | undefined {
  const target = lowerDrive(path);
  return roots.find((root) => {
    const base = lowerDrive(stripTrailingSlash(root));
    return target === base || target.startsWith(`${base}/`);
  });
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

function lowerDrive(path: string): string {
  return path.replace(/^\/([A-Za-z]):/, (_match, drive: string) => `/${drive.toLowerCase()}:`);
}
