// One `/images/edits` request with a mask (the mask editor). editRequests.ts owns the edit
// parameters and image checks; this adds the mask: a PNG under 4 MB of exactly the first
// image's size, applied by the API to that image. Uploads come from memory, named and typed.
// Streamed when asked (one image): the editor shows the partial images as previews.
// No `vscode` import.

import * as l10n from '@vscode/l10n';
import { formatMegabytes } from '../../shared/localeFormat';
import type { OpenAI } from 'openai';
import { prepareEdit, sendEdit, toUpload, type EditInputImage, type EditOptions, type EditParameters, type PreparedRequest } from './editRequests';
import type { RequestHooks, RequestResult } from './imagesClient';
import { InvalidParametersError, type ParameterProblem } from './modelCapabilities';

/** The API's mask limit: a PNG *smaller* than 4 MB. */
const MAX_MASK_BYTES = 4 * 1024 * 1024;

/** Options for a masked edit: one image and its mask. */
export interface MaskedEditOptions extends Omit<EditOptions, 'images'> {
  image: EditInputImage;
  mask: EditInputImage;
}

/** Problems with the mask itself (format, bytes, size against the image). */
export function maskProblems(image: EditInputImage, mask: EditInputImage): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  if (mask.mimeType.split(';')[0].trim().toLowerCase() !== 'image/png') {
    problems.push({ field: 'mask', value: mask.mimeType, message: l10n.t('The mask must be a PNG image.') });
  }
  if (mask.bytes.length >= MAX_MASK_BYTES) {
    problems.push({
      field: 'mask',
      value: mask.bytes.length,
      message: l10n.t('The mask is {size}; the API takes masks smaller than {limit}.', { size: formatMegabytes(mask.bytes.length), limit: formatMegabytes(MAX_MASK_BYTES) }),
    });
  }
  if (mask.width !== image.width || mask.height !== image.height) {
    problems.push({
      field: 'mask',
      value: `${mask.width}x${mask.height}`,
      message: l10n.t('The mask is {maskWidth}x{maskHeight} but the image is {width}x{height}; they must be the same size.', {
        maskWidth: mask.width, maskHeight: mask.height, width: image.width, height: image.height,
      }),
    });
  }
  return problems;
}

/**
 * Checks an edit with a mask (parameters, images, mask) and builds the parameters to send.
 * The API applies the mask to the first image; the others are references.
 */
export function prepareEditWithMask(options: EditOptions, mask: EditInputImage): PreparedRequest<EditParameters> {
  const prepared = prepareEdit(options);
  const first = options.images[0];
  if (first) prepared.problems.push(...maskProblems(first, mask));
  if (options.markup) {
    prepared.problems.push({ field: 'markup', value: options.markup.fileName, message: l10n.t('Markup cannot be combined with a mask: the service takes one or the other. Remove the mask, or the markup.') });
  }
  if (prepared.parameters.output_format === 'gif') {
    prepared.problems.push({ field: 'outputFormat', value: 'gif', message: l10n.t('GIF output cannot be combined with a mask. Choose PNG, WebP or JPEG for a masked edit.'), allowed: ['png', 'webp', 'jpeg'] });
  }
  return prepared;
}

/**
 * Sends one edit with a mask and returns its images, bounded like every images request.
 * @throws InvalidParametersError listing every problem, before anything is sent.
 */
export async function requestEditWithMask(client: OpenAI, options: EditOptions, mask: EditInputImage, hooks: RequestHooks = {}): Promise<RequestResult> {
  const { parameters, problems } = prepareEditWithMask(options, mask);
  if (problems.length > 0) throw new InvalidParametersError(problems);
  const [files, maskFile] = await Promise.all([Promise.all(options.images.map(toUpload)), toUpload(mask)]);
  return sendEdit(client, parameters, { image: files.length === 1 ? files[0] : files, mask: maskFile }, hooks);
}

/** Checks a masked edit of one image (the mask editor's). */
export function prepareMaskedEdit(options: MaskedEditOptions): PreparedRequest<EditParameters> {
  const { image, mask, ...rest } = options;
  return prepareEditWithMask({ ...rest, images: [image] }, mask);
}

/**
 * Sends one masked edit of one image (the mask editor's); see {@link requestEditWithMask}.
 * @throws InvalidParametersError listing every problem, before anything is sent.
 */
export function requestMaskedEdit(client: OpenAI, options: MaskedEditOptions, hooks: RequestHooks = {}): Promise<RequestResult> {
  const { image, mask, ...rest } = options;
  return requestEditWithMask(client, { ...rest, images: [image] }, mask, hooks);
}
