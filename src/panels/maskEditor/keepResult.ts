// Keep: the one place the mask editor writes. The result goes beside the source (or into the
// output folder, per `imageStudio.variationsDestination`) as `cat.edit-N.png`, never
// overwriting, with the sidecar the job pipeline built for it, saved the pipeline's way.
import * as vscode from 'vscode';
import type { FeatureServices } from '../../featureServices';
import { checkInsideWorkspace, sourceFor } from '../../jobs/readSource';
import { resolveOutputFolder } from '../../storage/outputWriter';
import type { HeldResult } from './heldResult';

/**
 * Saves `held` and returns where. The prompt also goes into the PNG itself, so it survives
 * a lost sidecar.
 * @throws {SourceRefusedError} when the source is no longer inside the workspace.
 */
export async function keepResult(services: FeatureServices, source: vscode.Uri, held: HeldResult): Promise<vscode.Uri> {
  await checkInsideWorkspace(source);
  const settings = services.settings();
  const outputFolder = settings.variationsDestination === 'outputFolder' ? resolveOutputFolder(settings.outputFolder) : undefined;
  const saved = await services.jobs.save(
    { kind: 'besideSource', label: 'edit', folderFor: (uri) => outputFolder ?? vscode.Uri.joinPath(uri, '..') },
    { bytes: held.bytes, format: held.mimeType.replace('image/', ''), index: 0, sidecar: held.sidecar },
    { date: new Date(), count: 1, sources: [sourceFor(source)] },
  );
  if (!saved) throw new Error(vscode.l10n.t('The result was not saved.'));
  services.logger.info(`mask edit: kept ${vscode.workspace.asRelativePath(saved.uri)} (from ${vscode.workspace.asRelativePath(source)})`);
  return saved.uri;
}
