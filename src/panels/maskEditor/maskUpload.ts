// Generate in the mask editor, up to the request: check the mask against the (extended)
// image and shape both for the model. What is sent, verified, composited and held is the job
// pipeline's (a `maskedEdit` job).
import type * as vscode from 'vscode';
import type { MaskEditSettings, MaskExtension } from '../../../shared/protocol';
import type { FeatureServices } from '../../featureServices';
import type { MaskedEditJob } from '../../jobs/imageJob';
import { checkInsideWorkspace, sourceFor } from '../../jobs/readSource';
import { validateMask } from '../../imaging/maskValidation';
import { InvalidParametersError } from '../../openai/modelCapabilities';
import { buildMaskedUpload, extendImage } from './composeUpload';
import { checkExtendedSize } from './maskMessages';
import { maskModelIds } from './maskModels';
import type { BaseImage } from './maskSource';

export interface MaskedEditInput {
  source: vscode.Uri;
  base: BaseImage;
  /** Prompts of the earlier unsaved edits the base image is the result of. */
  chain: string[];
  prompt: string;
  choice: MaskEditSettings;
  extension: MaskExtension;
  mask: Uint8Array;
  /** Reports a step to the editor ("Checking the mask…"). */
  progress(message: string): void;
}

/**
 * The job for one Generate of the mask editor. Nothing is sent.
 * @throws {MaskError} the mask is unusable (nothing selected, wrong size, …).
 * @throws InvalidParametersError the model is not one the editor offers.
 * @throws {SourceRefusedError} the image is no longer inside the workspace.
 */
export async function maskedEditJob(services: FeatureServices, input: MaskedEditInput): Promise<MaskedEditJob> {
  const { choice } = input;
  const settings = services.settings();
  // Only models the editor offers: a page cannot make the host send to anything else.
  if (!maskModelIds(settings).includes(choice.model)) {
    throw new InvalidParametersError([
      { field: 'model', value: choice.model, message: `${choice.model} is not one of the models that can edit with a mask. Choose one from the list.` },
    ]);
  }
  const canvas = checkExtendedSize(input.base, input.extension);
  input.progress('Checking the mask…');
  const mask = await validateMask(input.mask, canvas);
  const source = sourceFor(input.source);
  if (mask.wholeImage) services.logger.info(`mask edit ${source.fileName}: the mask covers the whole image, so all of it will be regenerated`);
  await checkInsideWorkspace(input.source);
  const extended = await extendImage(input.base, input.extension);
  const upload = await buildMaskedUpload(choice.model, extended, mask.coverage, source.fileName.replace(/\.[^.]*$/, ''));
  services.logger.info(
    `mask edit ${source.fileName}: canvas=${canvas.width}x${canvas.height} upload=${upload.image.width}x${upload.image.height} ` +
      `selected=${mask.selectedPixels}px strict=${choice.strictComposite}`,
  );
  const downscaled = upload.image.width !== canvas.width;
  return {
    kind: 'maskedEdit',
    prompt: input.prompt,
    settings: {
      ...settings,
      model: choice.model,
      size: choice.size,
      quality: choice.quality,
      count: choice.n,
      outputFormat: choice.outputFormat,
      background: choice.background,
    },
    destination: { kind: 'memory' },
    source,
    preparation: downscaled ? [`downscaled to ${upload.image.width}x${upload.image.height} for ${choice.model}`] : [],
    editedFrom: input.chain,
    image: upload.image,
    mask: upload.mask,
    ...(choice.strictComposite
      ? {
          strictComposite: {
            original: extended.bytes,
            coverage: mask.coverage,
            width: extended.width,
            height: extended.height,
            featherPx: choice.featherPx,
          },
        }
      : {}),
    maskRecord: {
      extension: input.extension,
      canvas,
      uploadedSize: { width: upload.image.width, height: upload.image.height },
      selectedPixels: mask.selectedPixels,
      wholeImage: mask.wholeImage,
      strictComposite: choice.strictComposite,
      featherPx: choice.featherPx,
    },
  };
}
