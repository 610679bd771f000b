// *Create Variations…* and *Edit with Prompt…* on images picked in the Explorer, the image
// preview's title bar or the palette (the active image). Files are checked (inside the
// workspace, links included; not absurdly large) and prepared for the model before any
// question that depends on them, and before anything is sent.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandHandler } from '../commandIds';
import type { StudioSettings } from '../config/settings';
import { capabilitiesFor, InvalidParametersError, MAX_N } from '../openai/modelCapabilities';
import {
  editSizeChoices,
  imageCountProblem,
  prepareEditParameters,
  prepareVariationParameters,
  type EditOptions,
  type SizeChoice,
} from '../openai/editRequests';
import {
  inputTargetFor,
  prepareSource,
  variationOperationFor,
  type EditJobRequest,
  type PreparedSource } from '../generation/editJob';
import { ImageError } from '../imaging/imageErrors';
import type { PrepareTarget } from '../imaging/prepareTypes';
import { resolveOutputFolder, type SavedImage } from '../storage/outputWriter';
import { ExplorerJob } from './explorerJob';
import { requireApiKey } from './requireApiKey';
import { baseName, parseInvocation, sourceFor, SourceRefusedError, type Invocation } from './explorerSources';

/** Files above this are refused before they are read (no image we can send is this large). */
export const MAX_SOURCE_BYTES = 200 * 1024 * 1024;
/**
 * Most files one *Create Variations* job takes: their prepared uploads are held until the
 * job ends (up to 50 MB each for GPT image models), so the selection is bounded.
 */
export const MAX_VARIATION_SOURCES = 20;
/** Answers a caller (a test, a keybinding, another extension) may give instead of the pickers. */
export interface ExplorerCommandArgs {
  n?: number;
  size?: string;
  prompt?: string;
}

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


export function explorerCommands(
  services: Services,
): Record<'imageStudio.createVariations' | 'imageStudio.editWithPrompt', CommandHandler> {
  return {
    'imageStudio.createVariations': (...args: unknown[]) => createVariations(services, parseInvocation(args)),
    'imageStudio.editWithPrompt': (...args: unknown[]) => editWithPrompt(services, parseInvocation(args)),
  };
}

// ---------------------------------------------------------------------------------------------
// Create Variations…

async function createVariations(services: Services, invocation: Invocation): Promise<ExplorerCommandResult | undefined> {
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
  const early =
    operation === 'variation'
      ? prepareVariationParameters({ model: settings.model }).problems
      : prepareEditParameters({ ...editSettings(settings), prompt: settings.variationPrompt }).problems.filter(
          (problem) => problem.field !== 'prompt', // asked for below
        );
  if (early.length > 0) throw new InvalidParametersError(early);
  const apiKey = await requireApiKey(services, 'edit images');
  if (!apiKey) return undefined;
  const folderFor = destination(settings);

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
  let prompt: string | undefined;
  if (operation === 'edit') {
    prompt = answers?.prompt ?? (answers ? settings.variationPrompt : await askPrompt(title, settings.model, settings.variationPrompt, 'How should the variations differ? Edit the prompt or press Enter.'));
    if (prompt === undefined) return undefined;
  }
  const request: EditJobRequest =
    operation === 'variation'
      ? { operation, options: { model: settings.model, n, size } }
      : { operation, options: { ...editSettings(settings), prompt: prompt ?? '', n, size } };

  const job = new ExplorerJob(services, settings, apiKey, request, 'var', folderFor);
  const outcomes = await job.run(
    single
      ? `Creating ${n === 1 ? 'a variation' : `${n} variations`} of ${single.source.fileName} with ${settings.model}`
      : `Creating variations of ${ready.length} images with ${settings.model}`,
    ready.map((entry) => [entry]),
  );
  if (!outcomes) return job.result(prepared);
  if (prepared.length === 1 && invocation.skipped.length === 0) {
    await job.reportSingle(outcomes[0], 'variation');
  } else {
    await job.reportSummary(prepared, outcomes, invocation.skipped);
  }
  return job.result(prepared);
}

// ---------------------------------------------------------------------------------------------
// Edit with Prompt…

async function editWithPrompt(services: Services, invocation: Invocation): Promise<ExplorerCommandResult | undefined> {
  if (!hasImages(services, invocation, 'edit')) return undefined;
  const settings = services.settings();
  const caps = capabilitiesFor(settings.model);
  const early = prepareEditParameters({ ...editSettings(settings), prompt: '' }).problems.filter((problem) => problem.field !== 'prompt');
  const countProblem = caps.edits.supported ? imageCountProblem(caps, 'edit', invocation.uris.length) : undefined;
  if (countProblem) early.push(countProblem);
  if (early.length > 0) throw new InvalidParametersError(early);
  const apiKey = await requireApiKey(services, 'edit images');
  if (!apiKey) return undefined;
  const folderFor = destination(settings);

  const prepared = await prepareAll(services, invocation.uris, inputTargetFor(settings.model, 'edit', settings));
  const failed = prepared.filter((entry) => entry.error !== undefined);
  if (failed.length > 0) {
    // One request carries every image: with one unusable, nothing is sent at all.
    const reasons = failed.map((entry) => entry.error).join(' ');
    showError(services, `${reasons} Nothing was sent.`, 'edit: refused before sending');
    return { saved: [], sources: prepared.map((entry) => ({ source: entry.name, saved: [], requested: 0, error: entry.error })) };
  }
  const ready = prepared.filter(isReady);
  const inputs = ready.map((entry) => entry.input);
  if (invocation.skipped.length > 0) {
    void services.notifier.show('warning', `Left out of the edit (not PNG, JPEG or WebP images): ${invocation.skipped.map(baseName).join(', ')}.`);
  }
  const names = inputs.length === 1 ? inputs[0].source.fileName : `${inputs.length} images`;
  const title = `Image Studio: Edit ${names} (${settings.model})`;
  const ask = inputs.length === 1 ? 'Describe the change to make.' : `Describe the image to make from these ${inputs.length} images (refer to them as you like: "the cat from the first image…").`;
  const prompt = invocation.answers?.prompt ?? (await askPrompt(title, settings.model, '', ask));
  if (prompt === undefined) return undefined;
  const size = invocation.answers?.size ?? editSizeChoices(settings.model, 'edit', firstShape(inputs[0]))[0].size;
  const n = invocation.answers?.n ?? settings.count;
  const request: EditJobRequest = { operation: 'edit', options: { ...editSettings(settings), prompt, n, size } };

  const job = new ExplorerJob(services, settings, apiKey, request, 'edit', folderFor);
  const outcomes = await job.run(`Editing ${names} with ${settings.model}`, [ready]);
  if (outcomes) await job.reportSingle(outcomes[0], 'edit');
  return job.result(prepared);
}

// ---------------------------------------------------------------------------------------------
// Shared steps

function hasImages(services: Services, invocation: Invocation, verb: string): boolean {
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

/** The settings every edit shares (model, quality, output, streaming). */
function editSettings(settings: StudioSettings): Omit<EditOptions, 'images' | 'prompt'> {
  return {
    model: settings.model,
    quality: settings.quality,
    outputFormat: settings.outputFormat,
    background: settings.background,
    stream: settings.stream || undefined,
    partialImages: settings.stream ? settings.partialImages : undefined,
  };
}

/** Where results of `source` go; the output folder is resolved (and checked) before anything is sent. */
function destination(settings: StudioSettings): (source: vscode.Uri) => vscode.Uri {
  if (settings.variationsDestination === 'outputFolder') {
    const folder = resolveOutputFolder(settings.outputFolder);
    return () => folder;
  }
  return (source) => vscode.Uri.joinPath(source, '..');
}

export interface Prepared {
  uri: vscode.Uri;
  name: string;
  input?: PreparedSource;
  /** Why the file cannot be used (names the file). */
  error?: string;
}

export type Ready = Prepared & { input: PreparedSource };

const isReady = (entry: Prepared): entry is Ready => entry.input !== undefined;

/**
 * Reads and prepares every file (one at a time: bounded memory), with a status-bar
 * progress. Files that cannot be used get a reason; nothing is sent here.
 */
async function prepareAll(services: Services, uris: readonly vscode.Uri[], target: PrepareTarget): Promise<Prepared[]> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Preparing images' }, async (progress) => {
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
        const message = error instanceof vscode.FileSystemError ? `${source.fileName} could not be read (${error.code}).` : error.message;
        services.logger.warn(`refused ${source.name}: ${message}`);
        results.push({ uri, name: source.name, error: message });
      }
    }
    const warnings = results.flatMap((entry) => (entry.input?.prepared.warnings.length ? [`${entry.input.source.fileName}: ${entry.input.prepared.warnings.join('; ')}.`] : []));
    if (warnings.length > 0) {
      services.logger.warn(`preparation warnings: ${warnings.join(' ')}`);
      void services.notifier.show('warning', warnings.join(' '));
    }
    return results;
  });
}

function reportNothingUsable(services: Services, prepared: Prepared[], skipped: vscode.Uri[]): ExplorerCommandResult {
  const reasons = prepared.map((entry) => entry.error).join(' ');
  const skippedNote = skipped.length > 0 ? ` Skipped (not PNG, JPEG or WebP): ${skipped.map(baseName).join(', ')}.` : '';
  showError(services, `${reasons} Nothing was sent.${skippedNote}`, 'variations: refused before sending');
  return { saved: [], sources: prepared.map((entry) => ({ source: entry.name, saved: [], requested: 0, error: entry.error })) };
}

function showError(services: Services, message: string, context: string): void {
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

async function askPrompt(title: string, model: string, value: string, prompt: string): Promise<string | undefined> {
  const maxLength = capabilitiesFor(model).maxPromptLength;
  const answer = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (!text.trim()) return 'Describe what you want first.';
      const length = [...text].length; // characters, not UTF-16 units
      if (maxLength && length > maxLength) return `The prompt is ${length} characters; ${model} accepts at most ${maxLength}.`;
      return undefined;
    },
  });
  return answer?.trim() || undefined;
}
