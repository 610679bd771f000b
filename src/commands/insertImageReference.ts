// After *Generate Image from Selection*: where the images are saved, and the reference
// (`![alt](path)` / `<img>`) written back into the document the selection came from.
// Generation takes seconds to minutes, during which the person may switch editors, edit
// or close the document; so everything here works from what was captured when the
// command started, never from the active editor.

import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { StudioSettings } from '../config/settings';
import { altTextFromPrompt, buildImageReference, imageReferenceSyntax, relativeImagePath } from '../editor/imageReference';
import {
  containingRoot,
  DestinationPatternError,
  destinationVariables,
  expandDestinationPattern,
  resolveDestinationPath,
} from '../storage/destinationPattern';
import { OutputFolderError, resolveOutputFolder } from '../storage/outputWriter';
import type { Notifier } from '../feedback/notifier';

/** The document and selection a command started from. */
export interface SelectionTarget {
  readonly uri: vscode.Uri;
  readonly range: vscode.Range;
  /** The selected text when captured: if it changes, the selection is not clobbered. */
  readonly originalText: string;
  readonly languageId: string;
}

export type InsertMode = StudioSettings['insertAfterGeneration'];
export type InsertOutcome = 'inserted' | 'replaced' | 'skipped' | 'unsupportedLanguage';

/** The copy offer's buttons (localized; compared with the choice in the same language). */
export const copyMarkdownLabel = () => vscode.l10n.t('Copy Markdown');
export const copyPathLabel = () => vscode.l10n.t('Copy Path');

/** Captures the editor's document and primary selection; call it when the command starts. */
export function captureSelectionTarget(editor: vscode.TextEditor): SelectionTarget {
  const { document, selection } = editor;
  const range = new vscode.Range(selection.start, selection.end);
  return { uri: document.uri, range, originalText: document.getText(range), languageId: document.languageId };
}

/**
 * The folder to save images generated from `target` into: `imageStudio.selectionImageDestination`
 * expanded for the document (relative results are relative to its workspace folder), or
 * the output folder when the pattern is empty or the document has no file path (untitled).
 * Throws `OutputFolderError` (shown with an Open Settings action) for unknown variables and
 * for folders outside every workspace folder: a cloned repository's settings must not aim
 * writes at the rest of the disk.
 */
export function selectionOutputFolder(target: SelectionTarget, settings: StudioSettings): vscode.Uri {
  const pattern = settings.selectionImageDestination.trim();
  if (!pattern || target.uri.scheme === 'untitled') return resolveOutputFolder(settings.outputFolder);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    throw new OutputFolderError(vscode.l10n.t('Open a folder or workspace first: generated images are saved into it.'));
  }
  const documentFolder = vscode.workspace.getWorkspaceFolder(target.uri);
  const vars = destinationVariables(target.uri.path, documentFolder?.uri.path, folders[0].uri.path);
  let expanded: string;
  try {
    expanded = expandDestinationPattern(pattern, vars);
  } catch (error) {
    if (error instanceof DestinationPatternError) {
      throw new OutputFolderError(`Check "imageStudio.selectionImageDestination": ${error.message}`);
    }
    throw error;
  }
  const base = documentFolder ?? folders[0];
  const path = resolveDestinationPath(expanded, base.uri.path);
  // Only folders on the same file system as the document count (remote, virtual...).
  const candidates = folders.filter((folder) => folder.uri.scheme === target.uri.scheme && folder.uri.authority === target.uri.authority);
  const root = containingRoot(path, candidates.map((folder) => folder.uri.path));
  const folder = candidates.find((candidate) => candidate.uri.path === root);
  if (!folder) {
    throw new OutputFolderError(
      vscode.l10n.t(
        'The image destination "{pattern}" resolves to "{path}", which is outside the workspace. Set "{setting}" to a folder inside it, such as "{example}", or leave it empty to use "{outputFolder}".',
        { pattern, path, setting: 'imageStudio.selectionImageDestination', example: '${documentDirName}/images', outputFolder: 'imageStudio.outputFolder' },
      ),
    );
  }
  return folder.uri.with({ path });
}

/**
 * Writes one reference per image into the captured document, as one undoable edit:
 * `insertAfter` puts them on new lines after the selection, `replace` replaces it. If the
 * selected text changed meanwhile, they go after the end of its original line instead.
 * Works when another editor is active and when the document was closed (it is then saved,
 * so the edit does not sit unseen in a hidden buffer). For languages without image syntax,
 * nothing is inserted; given a `notifier`, the person is offered to copy a reference.
 */
export async function insertImageReferences(
  target: SelectionTarget,
  images: readonly { uri: vscode.Uri }[],
  prompt: string,
  mode: InsertMode,
  notifier?: Pick<Notifier, 'show'>,
): Promise<InsertOutcome> {
  if (mode === 'off' || images.length === 0) return 'skipped';
  const syntax = imageReferenceSyntax(target.languageId);
  if (!syntax) {
    if (notifier) offerToCopy(notifier, target, images, prompt);
    return 'unsupportedLanguage';
  }
  const document = await findDocument(target.uri);
  if (!document) return 'skipped';
  const alt = altTextFromPrompt(prompt);
  const references = images.map((image) => buildImageReference(syntax, linkPath(target.uri, image.uri), alt));
  const plan = planEdit(document, target, mode, references);

  const hidden = !isShownInTab(document.uri);
  const wasDirty = document.isDirty;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, plan.range, plan.text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(vscode.l10n.t('Could not insert the image reference into {file}.', { file: posix.basename(document.uri.path) }));
  }
  if (hidden && !wasDirty && !document.isUntitled) await document.save();
  return plan.outcome;
}

/**
 * What "Copy Markdown" / "Copy Path" put on the clipboard: paths relative to the workspace
 * folder, since where the text will be pasted is unknown (a source file's own relative
 * paths usually resolve from the workspace root, not from the file).
 */
export function copyableReference(images: readonly { uri: vscode.Uri }[], prompt: string, kind: 'markdown' | 'path'): string {
  const alt = altTextFromPrompt(prompt);
  return images
    .map((image) => workspaceRelativePath(image.uri))
    .map((path) => (kind === 'path' ? path : buildImageReference('markdown', path, alt)))
    .join('\n');
}

function offerToCopy(notifier: Pick<Notifier, 'show'>, target: SelectionTarget, images: readonly { uri: vscode.Uri }[], prompt: string): void {
  const language = target.languageId;
  const message =
    images.length === 1
      ? vscode.l10n.t('The image was saved. Image references are inserted only in Markdown, HTML and JSX/TSX, not {language}.', { language })
      : vscode.l10n.t('{count} images were saved. Image references are inserted only in Markdown, HTML and JSX/TSX, not {language}.', { count: images.length, language });
  const copyMarkdown = copyMarkdownLabel();
  const copyPath = copyPathLabel();
  // Not awaited: the command is done; the toast waits for the person.
  void notifier.show('info', message, copyMarkdown, copyPath).then((choice) => {
    if (choice === copyMarkdown) return vscode.env.clipboard.writeText(copyableReference(images, prompt, 'markdown'));
    if (choice === copyPath) return vscode.env.clipboard.writeText(copyableReference(images, prompt, 'path'));
    return undefined;
  });
}

interface EditPlan {
  range: vscode.Range;
  text: string;
  outcome: 'inserted' | 'replaced';
}

function planEdit(document: vscode.TextDocument, target: SelectionTarget, mode: InsertMode, references: string[]): EditPlan {
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const range = target.range;
  const unchanged = document.validateRange(range).isEqual(range) && document.getText(range) === target.originalText;
  if (unchanged && mode === 'replace') {
    const indent = indentationOf(document.lineAt(range.start.line).text);
    // A whole-line selection ends with its line break: keep it, or the next line joins ours.
    const trailingBreak = /\r?\n$/.exec(target.originalText)?.[0] ?? '';
    return { range, text: references.join(`${eol}${indent}`) + trailingBreak, outcome: 'replaced' };
  }
  // A selection ending at column 0 ends on the line before (triple-click selects the break).
  const lastLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  const line = document.lineAt(Math.min(lastLine, document.lineCount - 1));
  const indent = indentationOf(line.text);
  const text = references.map((reference) => `${eol}${indent}${reference}`).join('');
  return { range: new vscode.Range(line.range.end, line.range.end), text, outcome: 'inserted' };
}

function indentationOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** The open document, or the file reopened if it was closed; undefined if it is gone. */
async function findDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const key = uri.toString();
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === key && !document.isClosed);
  if (open) return open;
  // A closed untitled document's text is gone; opening its URI would make a new empty one.
  if (uri.scheme === 'untitled') return undefined;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined; // deleted or moved during generation
  }
}

function isShownInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputText) return input.uri.toString() === key;
      if (input instanceof vscode.TabInputTextDiff) return input.modified.toString() === key;
      return false;
    }),
  );
}

/** The path to write in the document: relative to it, or to the workspace if it has no path. */
function linkPath(documentUri: vscode.Uri, imageUri: vscode.Uri): string {
  if (documentUri.scheme === 'untitled') return workspaceRelativePath(imageUri);
  if (documentUri.scheme !== imageUri.scheme || documentUri.authority !== imageUri.authority) return imageUri.path;
  return relativeImagePath(documentUri.path, imageUri.path);
}

function workspaceRelativePath(imageUri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(imageUri);
  return folder ? posix.relative(folder.uri.path, imageUri.path) : imageUri.path;
}
