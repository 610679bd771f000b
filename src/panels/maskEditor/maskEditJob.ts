// Generate in the mask editor: check the mask against the (extended) image, shape both for
// the model, send one masked edit, verify each image and, with strict composite, put every
// pixel outside the mask back from the original. Results are handed over in memory; nothing
// is written here.
import type * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { MaskEditSettings, MaskExtension } from '../../../shared/protocol';
import type { Services } from '../../services';
import { confirmEstimatedCost, priceTable } from '../../generation/costConfirmation';
import { fileExtensionFor } from '../../storage/outputWriter';
import { verifyReceived } from '../../generation/generationJob';
import { validateMask } from '../../imaging/maskValidation';
import { sniffFormat } from '../../imaging/sniffFormat';
import { strictComposite } from '../../imaging/strictComposite';
import { actualCostPerImage, formatUsd, type ImageUsage as BilledUsage } from '../../openai/costEstimate';
import { createClient, serverHost, type ImageUsage } from '../../openai/imagesClient';
import { prepareMaskedEdit, requestMaskedEdit, type MaskedEditOptions } from '../../openai/maskedEdit';
import { capabilitiesFor, InvalidParametersError, shutdownWarning, type GenerationOptions } from '../../openai/modelCapabilities';
import { buildMaskedUpload, extendImage } from './composeUpload';
import { checkExtendedSize } from './maskMessages';
import { maskModelIds } from './maskModels';
import { baseName, checkInsideWorkspace, type BaseImage } from './maskSource';

/** A result held (in memory, and stored by heldResultStore.ts) until it is kept or discarded. */
export interface HeldResult {
  /** 24 hex digits, unguessable: the page can only name results it was given. */
  id: string;
  /** What Keep writes: the composite (PNG) or the model's image as it came. */
  bytes: Buffer;
  mimeType: string;
  fileExtension: 'png' | 'jpg' | 'webp';
  width: number;
  height: number;
  composited: boolean;
  prompt: string;
  model: string;
  /** What was sent besides the prompt and the files. */
  parameters: Record<string, unknown>;
  usage?: ImageUsage;
  costUsd?: number;
  costLabel?: string;
  requestId?: string;
  server: string;
  /** How the mask was made and applied, for the sidecar. */
  mask: {
    extension: MaskExtension;
    canvas: { width: number; height: number };
    uploadedSize: { width: number; height: number };
    selectedPixels: number;
    wholeImage: boolean;
    strictComposite: boolean;
    featherPx: number;
  };
  /** Prompts of the earlier unsaved edits this one continues. */
  chain: string[];
  keptUri?: vscode.Uri;
  saving?: Promise<vscode.Uri>;
}

/** Reports a step to the editor ("Sending to gpt-image-2…"). */
export type MaskedEditProgress = (message: string) => void;

export interface MaskedEditRun {
  services: Services;
  source: vscode.Uri;
  apiKey: string;
  base: BaseImage;
  chain: string[];
  prompt: string;
  settings: MaskEditSettings;
  extension: MaskExtension;
  mask: Uint8Array;
  signal: AbortSignal;
  progress: MaskedEditProgress;
  /** A streamed partial image arrived (the model's output at low fidelity). */
  onPreview?(partialIndex: number, bytes: Buffer, mimeType: string): void;
  onResult(result: HeldResult): void | Promise<void>;
}

/** The person declined the estimated cost; nothing was sent. */
export class CostDeclinedError extends Error {
  override readonly name = 'CostDeclinedError';
  constructor() {
    super('Not sent: the estimated cost was declined.');
  }
}

const MIME_TYPES: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };


/** The generation-shaped options the cost estimate and confirmation read. */
export function costOptions(prompt: string, choice: MaskEditSettings): GenerationOptions {
  const caps = capabilitiesFor(choice.model);
  return {
    model: choice.model,
    prompt,
    size: choice.size,
    quality: choice.quality,
    n: choice.n,
    ...(caps.outputFormats.length > 0 ? { outputFormat: choice.outputFormat } : {}),
    ...(caps.backgrounds.length > 0 ? { background: choice.background } : {}),
  };
}

/**
 * Runs one Generate of the mask editor. Results are handed to `onResult` as they are ready.
 * @throws {MaskError} the mask is unusable (nothing selected, wrong size, …); nothing sent.
 * @throws InvalidParametersError the model does not take these choices; nothing sent.
 * @throws {CostDeclinedError} the person declined the estimate; nothing sent.
 * @throws whatever the request throws (API errors), or the abort reason when cancelled.
 */
export async function runMaskedEdit(run: MaskedEditRun): Promise<void> {
  const { services, settings: choice, progress, signal } = run;
  const settings = services.settings();
  // Only models the editor offers: a page cannot make the host send to anything else.
  if (!maskModelIds(settings).includes(choice.model)) {
    throw new InvalidParametersError([
      { field: 'model', value: choice.model, message: `${choice.model} is not one of the models that can edit with a mask. Choose one from the list.` },
    ]);
  }
  const canvas = checkExtendedSize(run.base, run.extension);
  progress('Checking the mask…');
  const mask = await validateMask(run.mask, canvas);
  const name = baseName(run.source);
  if (mask.wholeImage) services.logger.info(`mask edit ${name}: the mask covers the whole image, so all of it will be regenerated`);
  await checkInsideWorkspace(run.source);
  const extended = await extendImage(run.base, run.extension);
  const upload = await buildMaskedUpload(choice.model, extended, mask.coverage, name.replace(/\.[^.]*$/, ''));
  const caps = capabilitiesFor(choice.model);
  // Previews need the `stream` setting and one image: streamed events carry no image index,
  // and splitting n images into n requests would upload the image n times.
  const stream = settings.stream && caps.streaming && choice.n === 1;
  const options: MaskedEditOptions = {
    model: choice.model,
    prompt: run.prompt,
    image: upload.image,
    mask: upload.mask,
    n: choice.n,
    size: choice.size,
    quality: choice.quality,
    ...(caps.outputFormats.length > 0 ? { outputFormat: choice.outputFormat } : {}),
    ...(caps.backgrounds.length > 0 ? { background: choice.background } : {}),
    ...(stream ? { stream: true, partialImages: settings.partialImages } : {}),
  };
  const prepared = prepareMaskedEdit(options);
  if (prepared.problems.length > 0) throw new InvalidParametersError(prepared.problems);
  for (const dropped of prepared.dropped) services.logger.info(`not sent: ${dropped.field} — ${dropped.reason}`);
  const warning = shutdownWarning(choice.model, new Date(), settings.baseUrl || undefined);
  if (warning) void services.notifier.show('warning', warning);
  const rates = priceTable(services);
  const costLabel = await confirmEstimatedCost(services, costOptions(run.prompt, choice), rates);
  if (costLabel === undefined) throw new CostDeclinedError();
  signal.throwIfAborted();

  const server = serverHost(settings.baseUrl);
  services.logger.info(
    `mask edit ${name}: model=${choice.model} size=${choice.size} n=${choice.n} canvas=${canvas.width}x${canvas.height} ` +
      `upload=${upload.image.width}x${upload.image.height} selected=${mask.selectedPixels}px strict=${choice.strictComposite} server=${server}`,
  );
  progress(`Sending to ${choice.model}${costLabel ? ` (${costLabel})` : ''}…`);
  const started = Date.now();
  const client = createClient({
    apiKey: run.apiKey,
    baseUrl: settings.baseUrl || undefined,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    maxRetries: settings.maxRetries,
  });
  const response = await requestMaskedEdit(client, options, {
    signal,
    onPartialImage: (partialIndex, bytes) => {
      progress(`Preview ${partialIndex + 1} of ${settings.partialImages} received…`);
      run.onPreview?.(partialIndex, bytes, MIME_TYPES[sniffFormat(bytes)] ?? 'image/png');
    },
  });
  const { prompt: _sentPrompt, ...parameters } = prepared.parameters as Record<string, unknown>;
  const costUsd = actualCostPerImage(choice.model, response.usage as BilledUsage | undefined, response.images.length, rates);
  for (const received of response.images) {
    signal.throwIfAborted();
    const verified = await verifyReceived(received.bytes);
    let bytes = received.bytes;
    let format = verified.format;
    let width = verified.width;
    let height = verified.height;
    if (choice.strictComposite) {
      progress('Restoring every pixel outside the mask…');
      const composite = await strictComposite({
        original: extended.bytes,
        result: received.bytes,
        coverage: mask.coverage,
        width: extended.width,
        height: extended.height,
        featherPx: choice.featherPx,
      });
      ({ bytes, width, height } = composite);
      format = 'png';
    }
    await run.onResult({
      id: randomBytes(12).toString('hex'),
      bytes,
      mimeType: MIME_TYPES[format] ?? 'image/png',
      fileExtension: fileExtensionFor(format),
      width,
      height,
      composited: choice.strictComposite,
      prompt: run.prompt,
      model: choice.model,
      parameters,
      ...(response.usage ? { usage: response.usage } : {}),
      ...(costUsd !== undefined ? { costUsd, costLabel: formatUsd(costUsd) } : {}),
      ...(response.requestId ? { requestId: response.requestId } : {}),
      server,
      mask: {
        extension: run.extension,
        canvas,
        uploadedSize: { width: upload.image.width, height: upload.image.height },
        selectedPixels: mask.selectedPixels,
        wholeImage: mask.wholeImage,
        strictComposite: choice.strictComposite,
        featherPx: choice.featherPx,
      },
      chain: run.chain,
    });
  }
  services.logger.info(`mask edit ${name}: ${response.images.length} image(s) in ${Date.now() - started} ms${response.requestId ? ` (request ${response.requestId})` : ''}`);
}
