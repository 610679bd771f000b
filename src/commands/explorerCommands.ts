// *Create Variations…* and *Edit with Prompt…* on images picked in the Explorer, the image
// preview's title bar or the palette (the active image): thin presenters of `variation` and
// `edit` jobs. Files are checked and prepared for the model before any question that depends
// on them, and before anything is sent.
import * as vscode from 'vscode';
import type { CommandHandler, CommandId } from '../commandIds';
import type { StudioSettings } from '../config/settings';
import type { FeatureServices } from '../featureServices';
import { requireApiKey, type KeyPurpose } from '../feedback/requireApiKey';
import type { ImageJobRequest, JobDestination } from '../jobs/imageJob';
import { reportNotSent } from '../jobs/jobFeedback';
import { inputTargetFor, variationOperationFor, type PreparedSource } from '../jobs/jobSources';
import { editOptionsFrom } from '../jobs/planJob';
import { baseName } from '../jobs/readSource';
import { capabilitiesFor, InvalidParametersError, MAX_N } from '../openai/modelCapabilities';
import { editSizeChoices, imageCountProblem, prepareEditParameters, prepareVariationParameters, type SizeChoice } from '../openai/editRequests';
import { resolveOutputFolder } from '../storage/outputWriter';
import { commandResult, openFirst, reportSingle, reportSummary, type ExplorerCommandResult, type RunOutcome } from './explorerReport';
import { isReady, parseInvocation, prepareAll, type Invocation, type Prepared } from './explorerSources';
import { runWithProgress } from './progressPresenter';
import { askPrompt } from './promptInput';
import { joinSentences } from '../../shared/localeFormat';
import { joinNames } from '../../shared/listJoin';

/**
 * Most files one *Create Variations* job takes: their prepared uploads are held until the
 * job ends (up to 50 MB each for GPT image models), so the selection is bounded.
 */
export const MAX_VARIATION_SOURCES = 20;

/** The key requireApiKey words its warning for (a KeyPurpose, not text shown as is). */
// eslint-disable-next-line image-studio/localized-text -- a KeyPurpose value; feedback/requireApiKey words the warning
const EDIT_IMAGES = 'edit images' satisfies KeyPurpose;

export function explorerCommands(services: FeatureServices): Record<'imageStudio.createVariations' | 'imageStudio.editWithPrompt', CommandHandler> {
  return {
    'imageStudio.createVariations': (...args: unknown[]) => createVariations(services, parseInvocation(args)),
    'imageStudio.editWithPrompt': (...args: unknown[]) => editWithPrompt(services, parseInvocation(args)),
  };
}

// ---------------------------------------------------------------------------------------------
// Create Variations…

async function createVariations(services: FeatureServices, invocation: Invocation): Promise<ExplorerCommandResult | undefined> {
  if (!hasImages(services, invocation, 'variations')) return undefined;
  if (invocation.uris.length > MAX_VARIATION_SOURCES) {
    void services.notifier.show(
      'warning',
      vscode.l10n.t('Create Variations works on up to {max} images at a time, and {count} are selected. Select fewer and run it again.', {
        max: MAX_VARIATION_SOURCES,
        count: invocation.uris.length,
      }),
    );
    return undefined;
  }
  const settings = services.settings();
  const operation = variationOperationFor(settings.model) ?? 'edit';
  // Checked before the pickers, so nobody answers three questions to learn the model cannot.
  const early =
    operation === 'variation'
      ? prepareVariationParameters({ model: settings.model }).problems
      : prepareEditParameters({ ...editOptionsFrom(settings), prompt: settings.variationPrompt }).problems.filter(
          (problem) => problem.field !== 'prompt', // asked for below
        );
  if (early.length > 0) throw new InvalidParametersError(early);
  if (!(await requireApiKey(services, EDIT_IMAGES))) return undefined;
  const destination = destinationFor(settings, 'var');

  const prepared = await prepareAll(services, invocation.uris, inputTargetFor(settings.model, operation, settings));
  const ready = prepared.filter(isReady);
  if (ready.length === 0) return reportNothingUsable(services, prepared, invocation.skipped);

  const single = ready.length === 1 ? ready[0].input : undefined;
  const answers = invocation.answers;
  const title = single
    ? vscode.l10n.t('Image Studio: Create Variations of {file} ({model})', { file: single.source.fileName, model: settings.model })
    : vscode.l10n.t('Image Studio: Create Variations of {count} images ({model})', { count: ready.length, model: settings.model });
  // A caller that answers anything is not asked the rest: defaults fill in.
  const n = answers ? (answers.n ?? settings.count) : await askCount(title, settings.count);
  if (n === undefined) return undefined;
  const sizes = editSizeChoices(settings.model, operation, firstShape(single));
  const size = answers ? (answers.size ?? sizes[0].size) : await askSize(title, sizes);
  if (size === undefined) return undefined;
  let prompt = '';
  if (operation === 'edit') {
    const answer =
      answers?.prompt ??
      (answers
        ? settings.variationPrompt
        : await askPrompt({ title, model: settings.model, value: settings.variationPrompt, prompt: vscode.l10n.t('How should the variations differ? Edit the prompt or press Enter.') }));
    if (answer === undefined) return undefined;
    prompt = answer;
  }
  const request: ImageJobRequest = { kind: 'variation', prompt, settings: { ...settings, count: n, size }, destination, sources: ready.map((entry) => entry.input) };
  const task = single
    ? n === 1
      ? vscode.l10n.t('Creating a variation of {file}', { file: single.source.fileName })
      : vscode.l10n.t('Creating {count} variations of {file}', { count: n, file: single.source.fileName })
    : vscode.l10n.t('Creating variations of {count} images', { count: ready.length });
  const outcome = await runSourceJob(services, request, task, 'imageStudio.createVariations');
  if (outcome?.kind === 'finished' || outcome?.kind === 'failed') {
    if (prepared.length === 1 && invocation.skipped.length === 0) await reportSingle(services, outcome, ready[0].input.source.fileName, 'variation');
    else await reportSummary(services, prepared, outcome, invocation.skipped);
  }
  return commandResult(prepared, outcome, n);
}

// ---------------------------------------------------------------------------------------------
// Edit with Prompt…

async function editWithPrompt(services: FeatureServices, invocation: Invocation): Promise<ExplorerCommandResult | undefined> {
  if (!hasImages(services, invocation, 'edit')) return undefined;
  const settings = services.settings();
  const caps = capabilitiesFor(settings.model);
  const early = prepareEditParameters({ ...editOptionsFrom(settings), prompt: '' }).problems.filter((problem) => problem.field !== 'prompt');
  const countProblem = caps.edits.supported ? imageCountProblem(caps, 'edit', invocation.uris.length) : undefined;
  if (countProblem) early.push(countProblem);
  if (early.length > 0) throw new InvalidParametersError(early);
  if (!(await requireApiKey(services, EDIT_IMAGES))) return undefined;
  const destination = destinationFor(settings, 'edit');

  const prepared = await prepareAll(services, invocation.uris, inputTargetFor(settings.model, 'edit', settings));
  const failed = prepared.filter((entry) => entry.error !== undefined);
  if (failed.length > 0) {
    // One request carries every image: with one unusable, nothing is sent at all.
    const reasons = joinSentences(failed.flatMap((entry) => entry.error ?? []));
    // eslint-disable-next-line image-studio/localized-text -- the log line's context, for developers
    showError(services, vscode.l10n.t('{reasons} Nothing was sent.', { reasons }), 'edit: refused before sending');
    return commandResult(prepared, undefined, 0);
  }
  const inputs = prepared.filter(isReady).map((entry) => entry.input);
  if (invocation.skipped.length > 0) {
    void services.notifier.show('warning', vscode.l10n.t('Left out of the edit (not PNG, JPEG or WebP images): {files}.', { files: joinNames(invocation.skipped.map(baseName)) }));
  }
  const one = inputs.length === 1 ? inputs[0].source.fileName : undefined;
  const title = one
    ? vscode.l10n.t('Image Studio: Edit {file} ({model})', { file: one, model: settings.model })
    : vscode.l10n.t('Image Studio: Edit {count} images ({model})', { count: inputs.length, model: settings.model });
  const ask = one
    ? vscode.l10n.t('Describe the change to make.')
    : vscode.l10n.t('Describe the image to make from these {count} images (refer to them as you like: "the cat from the first image…").', { count: inputs.length });
  const prompt = invocation.answers?.prompt ?? (await askPrompt({ title, model: settings.model, prompt: ask }));
  if (prompt === undefined) return undefined;
  const size = invocation.answers?.size ?? editSizeChoices(settings.model, 'edit', firstShape(inputs[0]))[0].size;
  const n = invocation.answers?.n ?? settings.count;
  const request: ImageJobRequest = { kind: 'edit', prompt, settings: { ...settings, count: n, size }, destination, sources: inputs };
  const task = one ? vscode.l10n.t('Editing {file}', { file: one }) : vscode.l10n.t('Editing {count} images', { count: inputs.length });
  const outcome = await runSourceJob(services, request, task, 'imageStudio.editWithPrompt');
  if (outcome?.kind === 'finished' || outcome?.kind === 'failed') await reportSingle(services, outcome, inputs[0].source.fileName, 'edit');
  return commandResult(prepared, outcome, n);
}

// ---------------------------------------------------------------------------------------------
// Shared steps

/**
 * Runs an explorer job under a progress notification. Undefined when nothing was sent (and
 * the person was told why); a cancelled job opens what it finished.
 */
async function runSourceJob(services: FeatureServices, request: ImageJobRequest, task: string, command: CommandId): Promise<RunOutcome | undefined> {
  const model = request.settings.model;
  const outcome = await runWithProgress(services, request, {
    // The output side of the price (input image tokens come on top, as the title says).
    title: (start) =>
      start.costLabel
        ? vscode.l10n.t('{task} with {model} ({cost} + input images)', { task, model, cost: start.costLabel })
        : vscode.l10n.t('{task} with {model}', { task, model }),
    preview: (index, partialIndex) => vscode.l10n.t('preview {partial} of image {image} received…', { partial: partialIndex + 1, image: index + 1 }),
    saved: (image) => vscode.l10n.t('saved {file}', { file: image.saved ? baseName(image.saved.uri) : '' }),
  });
  if (outcome.kind === 'notSent') {
    reportNotSent(services, outcome, command, EDIT_IMAGES);
    return undefined;
  }
  if (outcome.kind === 'cancelled') await openFirst(services, outcome);
  return outcome;
}

function hasImages(services: FeatureServices, invocation: Invocation, command: 'variations' | 'edit'): boolean {
  if (invocation.uris.length > 0) return true;
  const skipped = invocation.skipped.map(baseName);
  const files = joinNames(skipped);
  const variations = command === 'variations';
  void services.notifier.show(
    'warning',
    skipped.length === 0
      ? variations
        ? vscode.l10n.t('Select a PNG, JPEG or WebP image in the Explorer (or open one) to make variations of.')
        : vscode.l10n.t('Select a PNG, JPEG or WebP image in the Explorer (or open one) to edit.')
      : skipped.length === 1
        ? variations
          ? vscode.l10n.t('Image Studio can only make variations of PNG, JPEG and WebP images; {files} is not one.', { files })
          : vscode.l10n.t('Image Studio can only edit PNG, JPEG and WebP images; {files} is not one.', { files })
        : variations
          ? vscode.l10n.t('Image Studio can only make variations of PNG, JPEG and WebP images; {files} are not one.', { files })
          : vscode.l10n.t('Image Studio can only edit PNG, JPEG and WebP images; {files} are not one.', { files }),
  );
  return false;
}

/** Where results go; the output folder is resolved (and checked) before anything is sent. */
function destinationFor(settings: StudioSettings, label: 'var' | 'edit'): JobDestination {
  if (settings.variationsDestination === 'outputFolder') {
    const folder = resolveOutputFolder(settings.outputFolder);
    return { kind: 'besideSource', label, folderFor: () => folder };
  }
  return { kind: 'besideSource', label, folderFor: (source) => vscode.Uri.joinPath(source, '..') };
}

function reportNothingUsable(services: FeatureServices, prepared: Prepared[], skipped: vscode.Uri[]): ExplorerCommandResult {
  const reasons = joinSentences(prepared.flatMap((entry) => entry.error ?? []));
  const message =
    skipped.length > 0
      ? vscode.l10n.t('{reasons} Nothing was sent. Skipped (not PNG, JPEG or WebP): {files}.', { reasons, files: joinNames(skipped.map(baseName)) })
      : vscode.l10n.t('{reasons} Nothing was sent.', { reasons });
  // eslint-disable-next-line image-studio/localized-text -- the log line's context, for developers
  showError(services, message, 'variations: refused before sending');
  return commandResult(prepared, undefined, 0);
}

function showError(services: FeatureServices, message: string, context: string): void {
  services.logger.error(`${context}: ${message}`);
  void services.notifier.show('error', message);
}

/** The source's shape for the size picker. */
function firstShape(input: PreparedSource | undefined): { width: number; height: number; name: string } | undefined {
  return input ? { ...input.prepared.original, name: input.source.fileName } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Questions

async function askCount(title: string, initial: number): Promise<number | undefined> {
  type Item = vscode.QuickPickItem & { n: number };
  const items: Item[] = Array.from({ length: MAX_N }, (_, index) => ({ label: index === 0 ? vscode.l10n.t('1 variation') : vscode.l10n.t('{count} variations', { count: index + 1 }), n: index + 1 }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = title;
  pick.placeholder = vscode.l10n.t('How many variations of each image? (1–{max})', { max: MAX_N });
  pick.items = items;
  pick.activeItems = [items[Math.min(MAX_N, Math.max(1, Math.round(initial))) - 1]];
  pick.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let chosen: number | undefined;
    pick.onDidAccept(() => {
      chosen = (pick.selectedItems[0] ?? pick.activeItems[0])?.n;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

async function askSize(title: string, choices: readonly SizeChoice[]): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    choices.map((choice, index) => ({ label: choice.size, description: [index === 0 ? vscode.l10n.t('default') : '', choice.detail ?? ''].filter(Boolean).join(' — ') })),
    { title, placeHolder: vscode.l10n.t('Size of the results'), ignoreFocusOut: true },
  );
  return picked?.label;
}
