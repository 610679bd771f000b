import * as vscode from 'vscode';
import type { Services } from '../services';
import type { StudioSettings } from '../config/settings';
import { capabilitiesFor, InvalidParametersError, shutdownWarning, validateGeneration, type GenerationOptions } from '../openai/modelCapabilities';
import { OPENAI_BASE_URL, type ClientConfig } from '../openai/imagesClient';
import { runGenerationJob, type JobImage } from '../generation/generationJob';
import { resolveOutputFolder, saveImage, type SavedImage } from '../storage/outputWriter';
import type { CommandHandler } from '../commandIds';
import { reportFailure, SET_API_KEY_LABEL } from './commandRunner';

/** Arguments a keybinding or another extension may pass to `imageStudio.generate`. */
export interface GenerateArgs {
  prompt?: string;
}

export function generateCommands(
  services: Services,
): Record<'imageStudio.generate' | 'imageStudio.generateFromSelection', CommandHandler> {
  return {
    'imageStudio.generate': async (args?: unknown) => {
      const given = isGenerateArgs(args) ? args.prompt : undefined;
      const prompt = given ?? (await askForPrompt(services, selectedText()));
      if (prompt === undefined) return undefined;
      return generate(services, prompt);
    },
    'imageStudio.generateFromSelection': async () => {
      const text = selectedText();
      if (!text) {
        void services.notifier.show('warning', 'Select the text that describes the image first.');
        return undefined;
      }
      return generate(services, text);
    },
  };
}

function isGenerateArgs(value: unknown): value is GenerateArgs {
  return typeof value === 'object' && value !== null && typeof (value as GenerateArgs).prompt === 'string';
}

function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  return editor.document.getText(editor.selection).trim() || undefined;
}

async function askForPrompt(services: Services, initial: string | undefined): Promise<string | undefined> {
  const settings = services.settings();
  const maxLength = capabilitiesFor(settings.model).maxPromptLength;
  const prompt = await vscode.window.showInputBox({
    title: `Image Studio: Generate Image (${settings.model})`,
    prompt: 'Describe the image you want.',
    value: initial,
    placeHolder: 'A watercolor lighthouse on a cliff at sunset',
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return 'Describe the image first.';
      const length = [...value].length; // characters, not UTF-16 units (emoji count once)
      if (maxLength && length > maxLength) {
        return `The prompt is ${length} characters; ${settings.model} accepts at most ${maxLength}.`;
      }
      return undefined;
    },
  });
  return prompt?.trim() || undefined;
}

/** Options for the API from the settings and a prompt. */
export function generationOptionsFrom(settings: StudioSettings, prompt: string): GenerationOptions {
  return {
    model: settings.model,
    prompt,
    size: settings.size,
    quality: settings.quality,
    n: settings.count,
    outputFormat: settings.outputFormat,
  };
}

/**
 * Generates from `prompt` with the current settings, saves every image (with its sidecar)
 * into the output folder and opens the first one. Returns the saved images. Nothing is
 * sent when the key is missing or the parameters are invalid for the model.
 */
export async function generate(services: Services, prompt: string): Promise<SavedImage[] | undefined> {
  const settings = services.settings();
  const apiKey = await services.keys.get();
  if (!apiKey) {
    void services.notifier
      .show('warning', 'Set your API key to generate images. It is kept in VS Code\'s secret storage.', SET_API_KEY_LABEL)
      .then((choice) => (choice === SET_API_KEY_LABEL ? vscode.commands.executeCommand('imageStudio.setApiKey') : undefined));
    return undefined;
  }
  services.logger.addSecret(apiKey);

  const options = generationOptionsFrom(settings, prompt);
  const problems = validateGeneration(options);
  if (problems.length > 0) throw new InvalidParametersError(problems);
  const folder = resolveOutputFolder(settings.outputFolder);
  const warning = shutdownWarning(settings.model, new Date(), settings.baseUrl || undefined);
  if (warning) void services.notifier.show('warning', warning);

  const config: ClientConfig = {
    apiKey,
    baseUrl: settings.baseUrl || undefined,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    maxRetries: settings.maxRetries,
  };
  const server = serverName(settings.baseUrl);
  const started = Date.now();
  services.logger.info(`generate: model=${options.model} size=${options.size} quality=${options.quality} n=${options.n} server=${server}`);

  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Generating ${options.n && options.n > 1 ? `${options.n} images` : 'an image'} with ${options.model}`,
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      const saved: SavedImage[] = [];
      const date = new Date();
      const revisedPrompts: (string | undefined)[] = [];
      try {
        const outcome = await runGenerationJob(config, options, {
          signal: controller.signal,
          onPartialImage: (imageIndex, partialIndex) =>
            progress.report({ message: `preview ${partialIndex + 1}${options.n && options.n > 1 ? ` of image ${imageIndex + 1}` : ''} received…` }),
          onImage: async (image, imageIndex) => {
            if (controller.signal.aborted) return;
            revisedPrompts.push(image.revisedPrompt);
            saved.push(await saveResult(folder, prompt, image, imageIndex, options, server, date));
            progress.report({ message: `saved ${saved.length} of ${options.n ?? 1}` });
          },
        });
        services.logger.info(
          `generate: ${outcome.delivered}/${outcome.requested} image(s) in ${Date.now() - started} ms` +
            (outcome.requestIds.length ? ` (requests ${outcome.requestIds.join(', ')})` : ''),
        );
        await showResults(services, saved);
        const revised = revisedPrompts.find((text) => text && text !== prompt);
        if (revised) void services.notifier.show('info', `The model revised your prompt to: "${revised}"`);
        if (outcome.failures.length > 0) {
          reportPartialFailure(services, outcome.failures, saved.length, outcome.requested);
        }
        return saved;
      } catch (error) {
        if (controller.signal.aborted) {
          services.logger.info(`generate: cancelled after ${Date.now() - started} ms; kept ${saved.length} finished image(s)`);
          if (saved.length > 0) await showResults(services, saved);
          return saved;
        }
        throw error;
      } finally {
        subscription.dispose();
      }
    },
  );
}

async function saveResult(
  folder: vscode.Uri,
  prompt: string,
  image: JobImage,
  imageIndex: number,
  options: GenerationOptions,
  server: string,
  date: Date,
): Promise<SavedImage> {
  const { prompt: _sentPrompt, ...parameters } = image.request as unknown as Record<string, unknown>;
  return saveImage({
    folder,
    prompt,
    extension: image.format === 'jpeg' ? 'jpg' : image.format === 'webp' ? 'webp' : 'png',
    bytes: image.bytes,
    date,
    index: (options.n ?? 1) > 1 ? imageIndex : undefined,
    sidecar: {
      generator: 'image-studio',
      version: 1,
      prompt,
      model: options.model,
      parameters,
      revisedPrompt: image.revisedPrompt,
      usage: image.usage,
      requestId: image.requestId,
      server,
      width: image.width,
      height: image.height,
    },
  });
}

async function showResults(services: Services, saved: SavedImage[]): Promise<void> {
  if (saved.length === 0) return;
  await vscode.commands.executeCommand('vscode.open', saved[0].uri, { preview: false });
  const names = saved.map((image) => vscode.workspace.asRelativePath(image.uri)).join(', ');
  services.logger.info(`saved: ${names}`);
}

function reportPartialFailure(services: Services, failures: unknown[], delivered: number, requested: number): void {
  // One message for all failures: the first failure explains, the counts say how much.
  services.logger.warn(`generate: ${failures.length} of ${requested} request(s) failed; ${delivered} image(s) kept`);
  const prefix = `${delivered} of ${requested} images were saved; ${failures.length} failed. `;
  reportFailure(services, `generate (${failures.length} of ${requested} failed, ${delivered} kept)`, failures[0], prefix);
}

function serverName(baseUrl: string): string {
  try {
    return new URL(baseUrl || OPENAI_BASE_URL).host;
  } catch {
    return baseUrl;
  }
}
