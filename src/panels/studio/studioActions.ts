// What the buttons on a studio tile do. Every action receives an image the host listed
// (looked up by id in `ImageRegistry`), never a path from the webview.
import * as vscode from 'vscode';
import { posix } from 'node:path';
import { assertNever, type StudioImageAction } from '../../../shared/protocol';
import type { Services } from '../../services';
import { copyableReference } from '../../commands/insertImageReference';
import { altTextFromPrompt, buildImageReference, imageReferenceSyntax, relativeImagePath } from '../../editor/imageReference';
import type { RegisteredImage } from './imageRegistry';
import { placeOnLine } from './placeOnLine';

/** What the panel lends to actions. */
export interface ActionContext {
  services: Services;
  /** The text editor to insert into: the last one used before the studio took focus. */
  targetEditor(): vscode.TextEditor | undefined;
  /** Where images open: a group beside the studio, so the studio stays visible. */
  openColumn(): vscode.ViewColumn;
}

/** How an action went, for the panel's status line. */
export interface ActionOutcome {
  ok: boolean;
  message?: string;
  /** The image and its sidecar are gone (deleted). */
  removed?: boolean;
}

function moveToTrashLabel(): string {
  return vscode.l10n.t('Move to Trash');
}

function deletePermanentlyLabel(): string {
  return vscode.l10n.t('Delete Permanently');
}

/** Runs `action` on `image`. Failures come back as an outcome with a message, not a throw. */
export async function runImageAction(context: ActionContext, action: StudioImageAction, image: RegisteredImage): Promise<ActionOutcome> {
  const { uri } = image.item;
  const name = image.item.record.imageName;
  switch (action) {
    case 'open':
      await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: context.openColumn(), preview: true });
      return { ok: true };
    case 'reveal':
      await vscode.commands.executeCommand('revealInExplorer', uri);
      return { ok: true };
    case 'copyPath':
      await vscode.env.clipboard.writeText(copyableReference([{ uri }], image.item.record.prompt, 'path'));
      return { ok: true, message: vscode.l10n.t('Copied the path of {name}.', { name }) };
    case 'copyMarkdown':
      await vscode.env.clipboard.writeText(copyableReference([{ uri }], image.item.record.prompt, 'markdown'));
      return { ok: true, message: vscode.l10n.t('Copied a Markdown reference to {name}.', { name }) };
    case 'insert':
      return insertReference(context, image);
    case 'createVariations':
      return handOff(context, 'imageStudio.createVariations', vscode.l10n.t('Create Variations'), uri);
    case 'editWithMask':
      return handOff(context, 'imageStudio.editWithMask', vscode.l10n.t('Edit with Mask'), uri);
    case 'delete':
      return deleteImage(context, image);
    default:
      // eslint-disable-next-line image-studio/localized-text -- names the switch in an internal invariant error that cannot happen
      return assertNever(action, 'image action');
  }
}

/**
 * Writes a reference to the image at the selection of the target editor: the syntax of its
 * language (Markdown, HTML, JSX), Markdown for any other text; the path relative to the
 * document (to the workspace for untitled documents).
 */
async function insertReference(context: ActionContext, image: RegisteredImage): Promise<ActionOutcome> {
  const editor = context.targetEditor();
  if (!editor) {
    return { ok: false, message: vscode.l10n.t('Open the Markdown file (or other text file) to insert into, then choose Insert again.') };
  }
  const { document, selection } = editor;
  const imageUri = image.item.uri;
  const syntax = imageReferenceSyntax(document.languageId) ?? 'markdown';
  const path =
    document.uri.scheme === 'untitled' || document.uri.scheme !== imageUri.scheme || document.uri.authority !== imageUri.authority
      ? copyableReference([{ uri: imageUri }], '', 'path')
      : relativeImagePath(document.uri.path, imageUri.path);
  const reference = buildImageReference(syntax, path, altTextFromPrompt(image.item.record.prompt));
  const line = document.lineAt(selection.start.line).text;
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, selection, placeOnLine(reference, line, selection.isEmpty ? selection.start.character : -1, eol));
  if (!(await vscode.workspace.applyEdit(edit))) {
    return { ok: false, message: vscode.l10n.t('Could not insert into {file}.', { file: posix.basename(document.uri.path) }) };
  }
  // Show where it went, beside the studio, which keeps the focus for the next action.
  await vscode.window.showTextDocument(document, { viewColumn: context.openColumn(), preserveFocus: true, preview: false });
  return { ok: true, message: vscode.l10n.t('Inserted a reference to {image} into {file}.', { image: image.item.record.imageName, file: posix.basename(document.uri.path) }) };
}

/**
 * Runs another command of the extension on the image. Not awaited to the end: those
 * commands ask questions and generate for minutes, and report their own outcome.
 */
function handOff(context: ActionContext, command: string, title: string, uri: vscode.Uri): ActionOutcome {
  vscode.commands.executeCommand(command, uri).then(undefined, (error: unknown) => {
    context.services.logger.error(`studio: ${command} failed`, error);
    const missing = error instanceof Error && /not found/i.test(error.message);
    void context.services.notifier.show(
      'error',
      missing
        ? vscode.l10n.t('{command} is not available in this version of Image Studio.', { command: title })
        : vscode.l10n.t('{command} failed: {reason}', { command: title, reason: error instanceof Error ? error.message : String(error) }),
    );
  });
  return { ok: true };
}

/** Moves the image and its sidecar to the trash after a modal confirmation. */
async function deleteImage(context: ActionContext, image: RegisteredImage): Promise<ActionOutcome> {
  const { uri, sidecarUri, record } = image.item;
  const sidecarName = posix.basename(sidecarUri.path);
  const moveToTrash = moveToTrashLabel();
  const choice = await context.services.notifier.confirm(
    vscode.l10n.t('Delete "{name}"?', { name: record.imageName }),
    vscode.l10n.t('The image and its sidecar ({sidecar}) are moved to the trash.', { sidecar: sidecarName }),
    moveToTrash,
  );
  if (choice !== moveToTrash) return { ok: false };
  const fs = vscode.workspace.fs;
  try {
    await fs.delete(uri, { useTrash: true });
    await fs.delete(sidecarUri, { useTrash: true }).then(undefined, (error: unknown) => ignoreMissing(error));
  } catch (error) {
    if (isMissing(error)) return { ok: true, removed: true };
    // Remote and virtual file systems may have no trash: say so and ask again.
    context.services.logger.warn(`studio: trash unavailable for ${record.imageName}: ${error instanceof Error ? error.message : String(error)}`);
    const deletePermanently = deletePermanentlyLabel();
    const again = await context.services.notifier.confirm(
      vscode.l10n.t('"{name}" cannot be moved to the trash here. Delete it permanently?', { name: record.imageName }),
      vscode.l10n.t('The image and its sidecar ({sidecar}) will be deleted. This cannot be undone.', { sidecar: sidecarName }),
      deletePermanently,
    );
    if (again !== deletePermanently) return { ok: false };
    await fs.delete(uri, { useTrash: false });
    await fs.delete(sidecarUri, { useTrash: false }).then(undefined, (error: unknown) => ignoreMissing(error));
  }
  context.services.logger.info(`studio: deleted ${vscode.workspace.asRelativePath(uri)} and its sidecar`);
  return { ok: true, removed: true, message: vscode.l10n.t('Deleted {name}.', { name: record.imageName }) };
}

function isMissing(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
}

function ignoreMissing(error: unknown): void {
  if (!isMissing(error)) throw error;
}
