// Which files *Create Variations…* and *Edit with Prompt…* act on (the Explorer's selection,
// the image preview's title bar, the palette's active image), and preparing each for the
// model before any question that depends on them. Reading goes through the one source
// policy (jobs/readSource.ts).
import * as vscode from 'vscode';
import { prepareSource, type PreparedSource } from '../jobs/jobSources';
import { SourceRefusedError, sourceFor } from '../jobs/readSource';
import { ImageError } from '../imaging/imageErrors';
import type { PrepareTarget } from '../imaging/prepareTypes';
import type { FeatureServices } from '../featureServices';
import { joinSentences } from '../../shared/localeFormat';
import { joinClauses } from '../../shared/listJoin';

export const IMAGE_FILE = /\.(png|jpe?g|webp)$/i;

/** Answers a caller (a test, a keybinding, another extension) may give instead of the pickers. */
export interface ExplorerCommandArgs {
  n?: number;
  size?: string;
  prompt?: string;
}

export interface Invocation {
  uris: vscode.Uri[];
  /** Selected files that are not PNG, JPEG or WebP images. */
  skipped: vscode.Uri[];
  answers?: ExplorerCommandArgs;
}

/**
 * The Explorer passes `(clicked, selection)`, the editor title `(resource, {groupId…})`,
 * the palette nothing (then the active editor's resource is used); a caller may add an
 * {@link ExplorerCommandArgs} object.
 */
export function parseInvocation(args: unknown[]): Invocation {
  const [first, second] = args;
  let uris: vscode.Uri[] = [];
  if (Array.isArray(second) && second.length > 0 && second.every((item) => item instanceof vscode.Uri)) {
    uris = second as vscode.Uri[];
  } else if (first instanceof vscode.Uri) {
    uris = [first];
  } else {
    const active = activeResource();
    if (active) uris = [active];
  }
  const unique = [...new Map(uris.map((uri) => [uri.toString(), uri])).values()];
  return {
    uris: unique.filter((uri) => IMAGE_FILE.test(uri.path)),
    skipped: unique.filter((uri) => !IMAGE_FILE.test(uri.path)),
    answers: args.find(isExplorerCommandArgs),
  };
}

export function isExplorerCommandArgs(value: unknown): value is ExplorerCommandArgs {
  if (typeof value !== 'object' || value === null || value instanceof vscode.Uri || Array.isArray(value)) return false;
  const candidate = value as Record<string, unknown>;
  return (
    ('n' in candidate || 'size' in candidate || 'prompt' in candidate) &&
    (candidate.n === undefined || typeof candidate.n === 'number') &&
    (candidate.size === undefined || typeof candidate.size === 'string') &&
    (candidate.prompt === undefined || typeof candidate.prompt === 'string')
  );
}

/** The resource of the active editor: VS Code's image preview is a custom editor. */
export function activeResource(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/** One picked file: its upload, or why it cannot be used. */
export interface Prepared {
  uri: vscode.Uri;
  name: string;
  input?: PreparedSource;
  /** Why the file cannot be used (names the file). */
  error?: string;
}

export type Ready = Prepared & { input: PreparedSource };

export const isReady = (entry: Prepared): entry is Ready => entry.input !== undefined;

/**
 * Reads and prepares every file (one at a time: bounded memory), with a status-bar
 * progress. Files that cannot be used get a reason; nothing is sent here.
 */
export async function prepareAll(services: FeatureServices, uris: readonly vscode.Uri[], target: PrepareTarget): Promise<Prepared[]> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Preparing images') }, async (progress) => {
    const results: Prepared[] = [];
    for (const uri of uris) {
      const source = sourceFor(uri);
      progress.report({ message: source.fileName });
      try {
        const input = await prepareSource(source, target);
        services.logger.info(`prepared ${source.name}: ${input.summary}`);
        results.push({ uri, name: source.name, input });
      } catch (error) {
        if (!(error instanceof ImageError || error instanceof SourceRefusedError || error instanceof vscode.FileSystemError)) throw error;
        const message = error instanceof vscode.FileSystemError ? vscode.l10n.t('{file} could not be read ({code}).', { file: source.fileName, code: error.code }) : error.message;
        services.logger.warn(`refused ${source.name}: ${message}`);
        results.push({ uri, name: source.name, error: message });
      }
    }
    const warnings = results.flatMap((entry) => (entry.input?.prepared.warnings.length ? [vscode.l10n.t('{file}: {warnings}.', { file: entry.input.source.fileName, warnings: joinClauses(entry.input.prepared.warnings) })] : []));
    if (warnings.length > 0) {
      services.logger.warn(`preparation warnings: ${warnings.join(' ')}`);
      void services.notifier.show('warning', joinSentences(warnings));
    }
    return results;
  });
}
