// Keep: the one place the mask editor writes. The result goes beside the source (or into the
// output folder, per `imageStudio.variationsDestination`) as `cat.edit-N.png`, never
// overwriting, with a sidecar linking the source, prompt, model, parameters and the mask.
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { withResultText } from '../../imaging/pngText';
import { resolveOutputFolder } from '../../storage/outputWriter';
import { saveResult, type ResultSidecar } from '../../storage/variationWriter';
import type { HeldResult } from './maskEditJob';
import { baseName, checkInsideWorkspace } from './maskSource';

/** What the mask editor adds to the edit sidecar. */
interface MaskSidecarFields {
  /** How the mask was made and applied. */
  mask: HeldResult['mask'];
  /** Prompts of earlier unsaved edits this result continues ("Edit again from this result"). */
  editedFrom?: string[];
}

/**
 * Saves `held` and returns where. The prompt also goes into the PNG itself, so it survives
 * a lost sidecar.
 * @throws {SourceRefusedError} when the source is no longer inside the workspace.
 */
export async function keepResult(services: Services, source: vscode.Uri, held: HeldResult): Promise<vscode.Uri> {
  await checkInsideWorkspace(source);
  const settings = services.settings();
  const folder =
    settings.variationsDestination === 'outputFolder' ? resolveOutputFolder(settings.outputFolder) : vscode.Uri.joinPath(source, '..');
  const bytes = withResultText(held.bytes, { prompt: held.prompt, model: held.model });
  const sidecar: Omit<ResultSidecar, 'image' | 'createdAt'> & MaskSidecarFields = {
    generator: 'image-studio',
    version: 1,
    operation: 'edit',
    endpoint: '/images/edits',
    prompt: held.prompt,
    model: held.model,
    parameters: held.parameters,
    source: vscode.workspace.asRelativePath(source, false),
    preparation: held.mask.uploadedSize.width !== held.mask.canvas.width ? [`downscaled to ${held.mask.uploadedSize.width}x${held.mask.uploadedSize.height} for ${held.model}`] : [],
    ...(held.usage ? { usage: held.usage } : {}),
    ...(held.costUsd !== undefined ? { costUsd: held.costUsd } : {}),
    ...(held.requestId ? { requestId: held.requestId } : {}),
    server: held.server,
    width: held.width,
    height: held.height,
    mask: held.mask,
    ...(held.chain.length > 0 ? { editedFrom: held.chain } : {}),
  };
  const saved = await saveResult({
    folder,
    sourceFileName: baseName(source),
    label: 'edit',
    extension: held.fileExtension,
    bytes,
    sidecar,
    date: new Date(),
  });
  services.logger.info(`mask edit: kept ${vscode.workspace.asRelativePath(saved.uri)} (from ${vscode.workspace.asRelativePath(source)})`);
  return saved.uri;
}
