// *Generate Image…* (palette) and *Generate Image from Selection* (editor): thin presenters
// of a `generate` job under a progress notification.
import * as vscode from 'vscode';
import { isGenerateArgs, type CommandHandler } from '../commandIds';
import type { FeatureServices } from '../featureServices';
import { reportFailure } from '../feedback/commandRunner';
import { reportNotSent } from '../jobs/jobFeedback';
import type { JobImage } from '../jobs/imageJob';
import { resolveOutputFolder, type SavedImage } from '../storage/outputWriter';
import { captureSelectionTarget, insertImageReferences, selectionOutputFolder } from './insertImageReference';
import { runWithProgress } from './progressPresenter';
import { askGeneratePrompt, selectedText } from './promptInput';

export interface GenerateRequest {
  /** The prompt as the person wrote it. */
  prompt: string;
  /** Where to save; default: the output folder setting. */
  folder?: vscode.Uri;
  /** Open the first image when done (default true). */
  open?: boolean;
  /** Cancels the job from elsewhere. */
  signal?: AbortSignal;
}

export function generateCommands(services: FeatureServices): Record<'imageStudio.generate' | 'imageStudio.generateFromSelection', CommandHandler> {
  return {
    // From the palette, extension.ts asks first (before this bundle loads) and passes the
    // prompt; the box here is for callers that reach this handler without one.
    'imageStudio.generate': async (args?: unknown) => {
      const given = isGenerateArgs(args) ? args.prompt.trim() : undefined;
      const prompt = given || (await askGeneratePrompt(services.settings().model));
      if (!prompt) return undefined;
      return generateWithProgress(services, { prompt });
    },
    'imageStudio.generateFromSelection': async () => {
      const editor = vscode.window.activeTextEditor;
      const text = selectedText();
      if (!editor || !text) {
        void services.notifier.show('warning', vscode.l10n.t('Select the text that describes the image first.'));
        return undefined;
      }
      // Captured now: the person may switch editors while the image is generated.
      const target = captureSelectionTarget(editor);
      const settings = services.settings();
      const folder = selectionOutputFolder(target, settings);
      const mode = settings.insertAfterGeneration;
      const saved = await generateWithProgress(services, { prompt: text, folder, open: mode === 'off' });
      if (saved && saved.length > 0) {
        const outcome = await insertImageReferences(target, saved, text, mode, services.notifier);
        services.logger.info(`selection: ${outcome} ${saved.length} image reference(s) in ${vscode.workspace.asRelativePath(target.uri)}`);
      }
      return saved;
    },
  };
}

/**
 * Generates from `prompt` with the current settings, saves every image with its sidecar and
 * opens the first. Returns the saved images (fewer than asked when some requests failed;
 * those failures are reported together), or undefined when nothing was sent.
 * @throws the failure when nothing could be made (the command wrapper reports it).
 */
export async function generateWithProgress(services: FeatureServices, request: GenerateRequest): Promise<SavedImage[] | undefined> {
  const settings = services.settings();
  const folder = request.folder ?? resolveOutputFolder(settings.outputFolder);
  let savedCount = 0;
  const outcome = await runWithProgress(
    services,
    { kind: 'generate', prompt: request.prompt, settings, destination: { kind: 'folder', folder } },
    {
      title: (start) => generatingTitle(start.count, start.model, start.costLabel),
      preview: (index, partialIndex) =>
        settings.count > 1
          ? vscode.l10n.t('preview {partial} of image {image} received…', { partial: partialIndex + 1, image: index + 1 })
          : vscode.l10n.t('preview {partial} received…', { partial: partialIndex + 1 }),
      saved: () => vscode.l10n.t('saved {saved} of {count}', { saved: ++savedCount, count: settings.count }),
      signal: request.signal,
    },
  );
  if (outcome.kind === 'notSent') {
    // eslint-disable-next-line image-studio/localized-text -- a KeyPurpose value; feedback/requireApiKey words the warning
    reportNotSent(services, outcome, 'imageStudio.generate', 'generate images');
    return undefined;
  }
  if (outcome.kind === 'failed') throw outcome.error;
  const saved = savedOf(outcome.images);
  await present(services, request.prompt, outcome.images, request.open !== false);
  if (outcome.kind === 'finished' && outcome.failures.length > 0) {
    const prefix = vscode.l10n.t('{saved} of {requested} images were saved; {failed} failed.', { saved: saved.length, requested: outcome.requested, failed: outcome.failures.length });
    // eslint-disable-next-line image-studio/localized-text -- the log line's context, for developers
    reportFailure(services, `generate ${outcome.jobId} (${outcome.failures.length} of ${outcome.requested} failed)`, outcome.failures[0], `${prefix} `);
  }
  return saved;
}

/** The progress notification's title: what is generated, with which model, at what estimate. */
function generatingTitle(count: number, model: string, cost: string): string {
  if (count > 1) {
    return cost
      ? vscode.l10n.t('Generating {count} images with {model} ({cost})', { count, model, cost })
      : vscode.l10n.t('Generating {count} images with {model}', { count, model });
  }
  return cost ? vscode.l10n.t('Generating an image with {model} ({cost})', { model, cost }) : vscode.l10n.t('Generating an image with {model}', { model });
}

export const savedOf = (images: readonly JobImage[]): SavedImage[] => images.flatMap((image) => (image.saved ? [image.saved] : []));

/** Opens the first image and shows what the person should know about the result. */
async function present(services: FeatureServices, prompt: string, images: readonly JobImage[], open: boolean): Promise<void> {
  const saved = savedOf(images);
  if (saved.length === 0) return;
  if (open) await vscode.commands.executeCommand('vscode.open', saved[0].uri, { preview: false });
  services.logger.info(`saved: ${saved.map((image) => vscode.workspace.asRelativePath(image.uri)).join(', ')}`);
  const revised = images.map((image) => image.revisedPrompt).find((text) => text !== undefined && text !== prompt);
  if (revised) void services.notifier.show('info', vscode.l10n.t('The model revised your prompt to: "{revised}"', { revised }));
}

