// *Edit with Mask…* (Explorer, the image preview's title bar, the palette, the studio panel):
// opens the image in the mask editor, a custom editor beside VS Code's own image preview.
import * as vscode from 'vscode';
import type { MaskEditorMode } from '../../../shared/protocol';
import type { CommandHandler } from '../../commandIds';
import type { FeatureServices } from '../../featureServices';
import { MASK_EDITOR_VIEW_TYPE } from './maskEditorProvider';
import type { MaskEditorTestHandle } from './maskEditorSession';

const IMAGE_FILE = /\.(png|jpe?g|webp)$/i;

/** The command's handler by id (spread into the features bundle's handler table). */
export function maskEditorCommands(services: FeatureServices): Record<'imageStudio.editWithMask' | 'imageStudio.editWithMarkup', CommandHandler> {
  return {
    'imageStudio.editWithMask': (...args: unknown[]) => editWithMask(services, args, 'mask'),
    'imageStudio.editWithMarkup': (...args: unknown[]) => editWithMask(services, args, 'annotate'),
  };
}

/**
 * The image to edit: the Explorer and the editor title pass it first; the palette passes
 * nothing (then the active editor's file, e.g. the image preview's, is used).
 */
function targetOf(args: unknown[]): vscode.Uri | undefined {
  if (args[0] instanceof vscode.Uri) return args[0];
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri;
  return undefined;
}

/**
 * Opens the mask editor on the image. In the extension's own tests it resolves to the
 * editor's test handle, so the host side can be driven without the page.
 */
async function editWithMask(services: FeatureServices, args: unknown[], mode: MaskEditorMode): Promise<MaskEditorTestHandle | undefined> {
  const uri = targetOf(args);
  if (!uri || !IMAGE_FILE.test(uri.path)) {
    void services.notifier.show(
      'warning',
      uri
        ? vscode.l10n.t('The mask editor opens PNG, JPEG and WebP images; {file} is not one.', { file: uri.path.slice(uri.path.lastIndexOf('/') + 1) })
        : mode === 'annotate'
          ? vscode.l10n.t('Select a PNG, JPEG or WebP image in the Explorer (or open one) to edit it with markup.')
          : vscode.l10n.t('Select a PNG, JPEG or WebP image in the Explorer (or open one) to edit it with a mask.'),
    );
    return undefined;
  }
  // *Edit with Markup…* opens in Annotate mode (an open editor switches to it); *Edit with Mask…* keeps the page's own choice.
  if (mode === 'annotate') services.maskEditors.requestMode(uri, mode);
  const testing = services.context.extensionMode === vscode.ExtensionMode.Test;
  const opening = testing ? services.maskEditors.nextFor(uri, 30_000) : undefined;
  await vscode.commands.executeCommand('vscode.openWith', uri, MASK_EDITOR_VIEW_TYPE, { preview: false });
  if (!opening) return undefined;
  // Already open: VS Code only revealed it, so no new editor will resolve.
  return (await Promise.race([opening, delay(2000).then(() => services.maskEditors.openFor(uri))])) ?? (await opening);
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
