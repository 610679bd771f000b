// Generate in the mask editor, up to the request: check the mask against the (extended)
// image and shape both for the model. What is sent, verified, composited and held is the job
// pipeline's (a `maskedEdit` job).
import type * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import type { MaskEditSettings, MaskExtension } from '../../../shared/protocol';
import type { FeatureServices } from '../../featureServices';
import type { MaskedEditJob } from '../../jobs/imageJob';
import { checkInsideWorkspace, sourceFor } from '../../jobs/readSource';
import { MaskError, validateMask } from '../../imaging/maskValidation';
import { verifyImage } from '../../imaging/verifyImage';
import type { StudioSettings } from '../../config/settings';
import { InvalidParametersError } from '../../openai/modelCapabilities';
import { buildMaskedUpload, extendImage, isNoExtension } from './composeUpload';
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
  /** Mask mode's layer (exactly one of `mask` and `markup`). */
  mask?: Uint8Array;
  /** Annotate mode's layer: a PNG of the base image's size, transparent where nothing is drawn. */
  markup?: Uint8Array;
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
      { field: 'model', value: choice.model, message: l10n.t('{model} is not one of the models that can edit with a mask. Choose one from the list.', { model: choice.model }) },
    ]);
  }
  if (input.markup) return markupEditJob(services, input, input.markup);
  if (!input.mask) throw new MaskError('empty', l10n.t('Paint the area to change first.'));
  const canvas = checkExtendedSize(input.base, input.extension);
  input.progress(l10n.t('Checking the mask…'));
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
    ...jobBase(settings, input),
    source,
    // eslint-disable-next-line image-studio/localized-text -- recorded in the sidecar, a file format kept in English
    preparation: downscaled ? [`downscaled to ${upload.image.width}x${upload.image.height} for ${choice.model}`] : [],
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

/** What every Generate of the editor shares: the prompt, the choices over the settings, held in memory. */
function jobBase(settings: StudioSettings, input: MaskedEditInput) {
  const { choice } = input;
  return {
    kind: 'maskedEdit' as const,
    prompt: input.prompt,
    settings: {
      ...settings,
      model: choice.model,
      size: choice.size,
      quality: choice.quality,
      count: choice.n,
      outputFormat: choice.outputFormat,
      background: choice.background,
      // Absent: the settings' value (spread above). The capability table drops it for a model without it.
      ...(choice.complexity !== undefined ? { complexity: choice.complexity } : {}),
    },
    destination: { kind: 'memory' as const },
    editedFrom: input.chain,
  };
}

/**
 * Annotate mode's job: the base image as it is (markup guides an edit of the image itself, so
 * the canvas is not extended) and the drawn layer as `markup`. Whether the model takes markup,
 * and whether the layer is a PNG of the image's size with transparent pixels, is the
 * capability table's to say (planJob), with the job's other problems.
 * @throws InvalidParametersError the canvas is extended.
 * @throws {ImageError} the layer is not a decodable image.
 */
async function markupEditJob(services: FeatureServices, input: MaskedEditInput, bytes: Uint8Array): Promise<MaskedEditJob> {
  if (!isNoExtension(input.extension)) {
    throw new InvalidParametersError([
      {
        field: 'markup',
        // eslint-disable-next-line image-studio/localized-text -- the refused value, for the log; the message is what is shown
        value: 'extended canvas',
        message: l10n.t('Annotations guide an edit of the image as it is, so the canvas cannot be extended. Remove the extension (Extend… › Remove extension) or switch to Mask.'),
      },
    ]);
  }
  input.progress(l10n.t('Checking the annotations…'));
  const verified = await verifyImage(bytes, 'markup.png', { checkTransparency: true });
  const source = sourceFor(input.source);
  await checkInsideWorkspace(input.source);
  const stem = source.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.\- ]+/g, '_').trim() || 'image';
  services.logger.info(`markup edit ${source.fileName}: image=${input.base.width}x${input.base.height} markup=${verified.width}x${verified.height}`);
  return {
    ...jobBase(services.settings(), input),
    source,
    preparation: [],
    image: { bytes: input.base.bytes, width: input.base.width, height: input.base.height, fileName: `${stem}.png`, mimeType: 'image/png' },
    markup: {
      image: {
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        fileName: 'markup.png',
        mimeType: verified.format === 'png' ? 'image/png' : `image/${verified.format}`,
        width: verified.width,
        height: verified.height,
        hasTransparentPixels: verified.usesTransparency === true,
      },
      // eslint-disable-next-line image-studio/localized-text -- recorded in the sidecar (markupSource), a file format kept in English
      name: 'annotations drawn in the mask editor',
    },
  };
}
