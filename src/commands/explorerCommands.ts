// *Create Variations…* and *Edit with Prompt…* on images picked in the Explorer, the image
// preview's title bar or the palette (the active image): thin presenters of `variation` and
// `edit` jobs. Files are checked and prepared for the model before any question that depends
// on them, and before anything is sent.
import * as vscode from 'vscode';
import type { CommandHandler, CommandId } from '../commandIds';
import type { StudioSettings } from '../config/settings';
import type { FeatureServices } from '../featureServices';
import { requireApiKey } from '../feedback/requireApiKey';
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

/**
 * Most files one *Create Variations* job takes: their prepared uploads are held until the
 * job ends (up to 50 MB each for GPT image models), so the selection is bounded.
 */
export const MAX_VARIATION_SOURCES = 20;

export function explorerCommands(services: FeatureServices): Record<'imageStudio.createVariations' | 'imageStudio.editWithPrompt', CommandHandler> {
  return {
    'imageStudio.createVariations': (...args: unknown[]) => createVariations(services, parseInvocation(args)),
    'imageStudio.editWithPrompt': (...args: unknown[]) => editWithPrompt(services, parseInvocation(args)),
  };
}

// ---------------------------------------------------------------------------------------------
// Create Variations…

async function createVariations(services: FeatureServices, invocation: Invocation): Promise<ExplorerCommandResult | undefined> {
  if (!hasImages(services, invocation, 'make variations of')) return undefined;
  if (invocation.uris.length > MAX_VARIATION_SOURCES) {
    void services.notifier.show(
      'warning',
      `Create Variations works on up to ${MAX_VARIATION_SOURCES} images at a time, and ${invocation.uris.length} are selected. Select fewer and run it again.`,
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
  if (!(await requireApiKey(services, 'edit images'))) return undefined;
  const destination = destinationFor(settings, 'var');

  const prepared = await prepareAll(services, invocation.uris, inputTargetFor(settings.model, operation, settings));
  const ready = prepared.filter(isReady);
  if (ready.length === 0) return reportNothingUsable(services, prepared, invocation.skipped);

  const single = ready.length === 1 ? ready[0].input : undefined;
  const answers = invocation.answers;
  const title = `Image Studio: Create Variations of ${single ? single.source.fileName : `${ready.length} images`} (${settings.model})`;
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
        : await askPrompt({ title, model: settings.model, value: settings.variationPrompt, prompt: 'How should the variations differ? Edit the prompt or press Enter.' }));
    if (answer === undefined) return undefined;
    prompt = answer;
  }
  const request: ImageJobRequest = { kind: 'variation', prompt, settings: { ...settings, count: n, size }, destination, sources: ready.map((entry) => entry.input) };
  const what = single ? `${n === 1 ? 'a variation' : `${n} variations`} of ${single.source.fileName}` : `variations of ${ready.length} images`;
  const outcome = await runSourceJob(services, request, `Creating ${what}`, 'imageStudio.createVariations');
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
  if (!(await requireApiKey(services, 'edit images'))) return undefined;
  const destination = destinationFor(settings, 'edit');

  const prepared = await prepareAll(services, invocation.uris, inputTargetFor(settings.model, 'edit', settings));
  const failed = prepared.filter((entry) => entry.error !== undefined);
  if (failed.length > 0) {
    // One request carries every image: with one unusable, nothing is sent at all.
    const reasons = failed.map((entry) => entry.error).join(' ');
    showError(services, `${reasons} Nothing was sent.`, 'edit: refused before sending');
    return commandResult(prepared, undefined, 0);
  }
  const inputs = prepared.filter(isReady).map((entry) => entry.input);
  if (invocation.skipped.length > 0) {
    void services.notifier.show('warning', `Left out of the edit (not PNG, JPEG or WebP images): ${invocation.skipped.map(baseName).join(', ')}.`);
  }
  const names = inputs.length === 1 ? inputs[0].source.fileName : `${inputs.length} images`;
  const title = `Image Studio: Edit ${names} (${settings.model})`;
  const ask =
    inputs.length === 1
      ? 'Describe the change to make.'
      : `Describe the image to make from these ${inputs.length} images (refer to them as you like: "the cat from the first image…").`;
  const prompt = invocation.answers?.prompt ?? (await askPrompt({ title, model: settings.model, prompt: ask }));
  if (prompt === undefined) return undefined;
  const size = invocation.answers?.size ?? editSizeChoices(settings.model, 'edit', firstShape(inputs[0]))[0].size;
  const n = invocation.answers?.n ?? settings.count;
  const request: ImageJobRequest = { kind: 'edit', prompt, settings: { ...settings, count: n, size }, destination, sources: inputs };
  const outcome = await runSourceJob(services, request, `Editing ${names}`, 'imageStudio.editWithPrompt');
  if (outcome?.kind === 'finished' || outcome?.kind === 'failed') await reportSingle(services, outcome, inputs[0].source.fileName, 'edit');
  return commandResult(prepared, outcome, n);
}

// ---------------------------------------------------------------------------------------------
// Shared steps

/**
 * Runs an explorer job under a progress notification. Undefined when nothing was sent (and
 * the person was told why); a cancelled job opens what it finished.
 */
async function runSourceJob(services: FeatureServices, request: ImageJobRequest, what: string, command: CommandId): Promise<RunOutcome | undefined> {
  const outcome = await runWithProgress(services, request, {
    title: (start) => `${what} with ${request.settings.model}${costNote(start.costLabel)}`,
    preview: (index, partialIndex) => `preview ${partialIndex + 1} of image ${index + 1} received…`,
    saved: (image) => `saved ${image.saved ? baseName(image.saved.uri) : ''}`,
  });
  if (outcome.kind === 'notSent') {
    reportNotSent(services, outcome, command, 'edit images');
    return undefined;
  }
  if (outcome.kind === 'cancelled') await openFirst(services, outcome);
  return outcome;
}

/** The output side of the price (input image tokens come on top, as the title says). */
const costNote = (label: string) => (label ? ` (${label} + input images)` : '');

function hasImages(services: FeatureServices, invocation: Invocation, verb: string): boolean {
  if (invocation.uris.length > 0) return true;
  const skipped = invocation.skipped.map(baseName);
  void services.notifier.show(
    'warning',
    skipped.length > 0
      ? `Image Studio can only ${verb} PNG, JPEG and WebP images; ${skipped.join(', ')} ${skipped.length === 1 ? 'is' : 'are'} not one.`
      : `Select a PNG, JPEG or WebP image in the Explorer (or open one) to ${verb}.`,
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
  const reasons = prepared.map((entry) => entry.error).join(' ');
  const skippedNote = skipped.length > 0 ? ` Skipped (not PNG, JPEG or WebP): ${skipped.map(baseName).join(', ')}.` : '';
  showError(services, `${reasons} Nothing was sent.${skippedNote}`, 'variations: refused before sending');
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
  const items: Item[] = Array.from({ length: MAX_N }, (_, index) => ({ label: `${index + 1} variation${index === 0 ? '' : 's'}`, n: index + 1 }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = title;
  pick.placeholder = `How many variations of each image? (1–${MAX_N})`;
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
    choices.map((choice, index) => ({ label: choice.size, description: [index === 0 ? 'default' : '', choice.detail ?? ''].filter(Boolean).join(' — ') })),
    { title, placeHolder: 'Size of the results', ignoreFocusOut: true },
  );
  return picked?.label;
}
