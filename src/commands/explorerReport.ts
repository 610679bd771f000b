// What *Create Variations…* and *Edit with Prompt…* tell the person when their job is over:
// one source's images (or its failure, with the actions that fix it), or one line per source.
import * as vscode from 'vscode';
import type { FeatureServices } from '../featureServices';
import { describeFailure } from '../feedback/describeFailure';
import { reportFailure } from '../feedback/commandRunner';
import type { GroupReport, JobOutcome } from '../jobs/imageJob';
import { baseName } from '../jobs/readSource';
import type { SavedImage } from '../storage/outputWriter';
import type { Prepared } from './explorerSources';
import { joinClauses, joinNames } from '../../shared/listJoin';

/** A localized list of file names ("a.png, b.png"). */

/** How one source image went. */
export interface SourceResult {
  /** Workspace-relative path. */
  source: string;
  saved: SavedImage[];
  requested: number;
  /** What went wrong, in words for people, when something did. */
  error?: string;
}

/** What both commands return (for tests and callers). */
export interface ExplorerCommandResult {
  saved: SavedImage[];
  sources: SourceResult[];
}

/** A job that was sent. */
export type RunOutcome = Exclude<JobOutcome, { kind: 'notSent' }>;

/** A group's saved images in name order (var-1, var-2, …, var-10), whatever order they finished in. */
export function savedInGroup(group: GroupReport | undefined): SavedImage[] {
  return (group?.images ?? [])
    .flatMap((image) => (image.saved ? [image.saved] : []))
    .sort((a, b) => a.uri.path.localeCompare(b.uri.path, 'en', { numeric: true }));
}

/** Opens the first saved image. */
export async function openFirst(services: FeatureServices, outcome: RunOutcome): Promise<void> {
  const all = outcome.groups.flatMap(savedInGroup);
  if (all.length === 0) return;
  await vscode.commands.executeCommand('vscode.open', all[0].uri, { preview: false });
  services.logger.info(`saved: ${all.map((image) => vscode.workspace.asRelativePath(image.uri)).join(', ')}`);
}

/** One source (or one edit): its images, or its failure with the actions that fix it. */
export async function reportSingle(services: FeatureServices, outcome: RunOutcome, fileName: string, kind: 'variation' | 'edit'): Promise<void> {
  const group = outcome.groups[0];
  const saved = savedInGroup(group);
  if (saved.length === 0 && group.failures.length > 0) throw group.failures[0];
  await openFirst(services, outcome);
  const names = joinNames(saved.map((image) => baseName(image.uri)));
  const count = saved.length;
  if (group.failures.length > 0) {
    const failed = group.failures.length;
    const requested = group.requested;
    const prefix =
      kind === 'variation'
        ? count === 1
          ? vscode.l10n.t('Saved a variation of {file} ({names}); {failed} of {requested} failed.', { file: fileName, names, failed, requested })
          : vscode.l10n.t('Saved {count} variations of {file} ({names}); {failed} of {requested} failed.', { count, file: fileName, names, failed, requested })
        : count === 1
          ? vscode.l10n.t('Saved an edited image ({names}); {failed} of {requested} failed.', { names, failed, requested })
          : vscode.l10n.t('Saved {count} edited images ({names}); {failed} of {requested} failed.', { count, names, failed, requested });
    reportFailure(services, `${kind} (${failed} failed)`, group.failures[0], `${prefix} `);
    return;
  }
  const message =
    kind === 'variation'
      ? count === 1
        ? vscode.l10n.t('Saved a variation of {file}: {names}.', { file: fileName, names })
        : vscode.l10n.t('Saved {count} variations of {file}: {names}.', { count, file: fileName, names })
      : count === 1
        ? vscode.l10n.t('Saved an edited image: {names}.', { names })
        : vscode.l10n.t('Saved {count} edited images: {names}.', { count, names });
  void services.notifier.show('info', message);
}

/** Several sources: one line each, e.g. "cat.png: 3 variations; dog.jpg: failed — looks damaged…". */
export async function reportSummary(services: FeatureServices, prepared: Prepared[], outcome: RunOutcome, skipped: vscode.Uri[]): Promise<void> {
  await openFirst(services, outcome);
  const groups = outcome.groups;
  const preparedOk = prepared.filter((entry) => entry.input !== undefined);
  const allRequestsFailed = outcome.images.length === 0 && preparedOk.length === prepared.length && groups.every((group) => group.failures.length > 0);
  if (allRequestsFailed) {
    // The same failure everywhere (a rejected key, no credit): say it once, with its fix.
    // eslint-disable-next-line image-studio/localized-text -- the log line's context, for developers
    reportFailure(services, 'variations (every request failed)', groups[0].failures[0], `${vscode.l10n.t('No variations were made.')} `);
    return;
  }
  const reason = (error: unknown) => describeFailure(error, services.settings()).message;
  let groupIndex = 0;
  let failed = skipped.length > 0;
  const lines: string[] = [];
  for (const entry of prepared) {
    const fileName = baseName(entry.uri);
    if (entry.error !== undefined) {
      failed = true;
      lines.push(vscode.l10n.t('{file}: failed — {reason}', { file: fileName, reason: withoutName(entry.error, fileName) }));
      continue;
    }
    const group = groups[groupIndex++];
    const count = savedInGroup(group).length;
    const made = count === 1 ? vscode.l10n.t('1 variation') : vscode.l10n.t('{count} variations', { count });
    if (group.failures.length > 0) failed = true;
    if (group.failures.length === 0) lines.push(vscode.l10n.t('{file}: {made}', { file: fileName, made }));
    else if (count === 0) lines.push(vscode.l10n.t('{file}: failed — {reason}', { file: fileName, reason: reason(group.failures[0]) }));
    else lines.push(vscode.l10n.t('{file}: {made} ({failed} failed — {reason})', { file: fileName, made, failed: group.failures.length, reason: reason(group.failures[0]) }));
  }
  for (const uri of skipped) lines.push(vscode.l10n.t('{file}: skipped — not a PNG, JPEG or WebP image', { file: baseName(uri) }));
  // Reasons are sentences; inside the list their final full stops would read ".;".
  const message = vscode.l10n.t('{lines}.', { lines: joinClauses(lines.map((line) => line.replace(/[.。]$/, ''))) });
  services.logger[failed ? 'warn' : 'info'](`variations: ${message}`);
  const showLog = vscode.l10n.t('Show Log');
  void services.notifier.show(failed ? 'warning' : 'info', message, ...(failed ? [showLog] : [])).then((choice) => {
    if (choice === showLog) services.logger.show();
  });
}

/** Per source: what it gave (for tests and callers). */
export function commandResult(prepared: Prepared[], outcome: RunOutcome | undefined, requested: number): ExplorerCommandResult {
  let groupIndex = 0;
  const sources = prepared.map((entry): SourceResult => {
    if (entry.input === undefined) return { source: entry.name, saved: [], requested: 0, error: entry.error };
    const saved = savedInGroup(outcome?.groups[groupIndex]);
    groupIndex++;
    return { source: entry.name, saved, requested };
  });
  return { saved: sources.flatMap((source) => source.saved), sources };
}

/** "dog.jpg looks damaged (…)" → "looks damaged (…)" where the file is named already. */
export function withoutName(message: string, fileName: string): string {
  return message.startsWith(`${fileName} `) ? message.slice(fileName.length + 1) : message;
}
