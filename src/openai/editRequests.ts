// Requests that start from the user's images: `/images/edits` (GPT image models, dall-e-2)
// and `/images/variations` (dall-e-2). Every parameter is checked against the model before
// anything is sent; images are uploaded from memory with their name and MIME type. No
// `vscode` import: tested in plain Node against the local endpoint.
//
// The generation rules of modelCapabilities.ts apply to the parameters edits share with
// generations (prompt, size, quality, n, output format, background, streaming); on top:
// - Errors: a model without edits (dall-e-3) or variations (anything but dall-e-2 and
//   unknown models); no image, or more than the model takes (dall-e-2: 1, GPT: 16); an
//   image in a format the model does not read, not under its byte limit, or not square
//   where the model needs a square (dall-e-2).
// - Not sent: `moderation` and `style` (edits have neither); `response_format` except on
//   DALL·E, where it is always `b64_json` (the extension saves bytes, URLs expire).
// - November 2026: SVG output is for generations only (an error here); GIF output, complexity
//   and the safety identifier follow the generation rules; `markup` (a transparent PNG drawn
//   over the first image to guide the edit) only where the model takes it, a PNG of the first
//   image's size with transparent pixels, never with a mask (maskedEdit.ts).

import * as l10n from '@vscode/l10n';
import { toFile, type OpenAI } from 'openai';
import type { ImageCreateVariationParams, ImageEditParamsBase, ImageEditParamsNonStreaming } from 'openai/resources/images';
import { joinOr } from '../../shared/listJoin';
import { formatMegabytes, formatNumber } from '../../shared/localeFormat';
import {
  acceptsAutoSize,
  capabilitiesFor,
  CURRENT_MODEL,
  InvalidParametersError,
  MAX_N,
  normalizeSize,
  parseSize,
  prepareGeneration,
  validateSize,
  type DroppedOption,
  type GenerationOptions,
  currentModelsWhere,
  FORMAT_MIME_TYPES,
  FORMAT_NAMES,
  type ModelCapabilities,
  type ParameterProblem,
  type RasterFormat,
} from './modelCapabilities';
import {
  collectImageStream,
  EDIT_EVENTS,
  resultFromImagesResponse,
  requestDeadline,
  withDeadline,
  type RequestHooks,
  type RequestResult,
} from './imagesClient';

/** An image ready to upload (what `prepareInputImage` returns fits this shape). */
export interface EditInputImage {
  bytes: Uint8Array;
  /** Upload name, e.g. `cat.png`. */
  fileName: string;
  mimeType: string;
  width: number;
  height: number;
}

/** A markup overlay as uploaded: an image, and whether any of its pixels is transparent. */
export interface MarkupImage extends EditInputImage {
  /** At least one pixel with alpha < 255 (the service refuses a fully opaque markup). */
  hasTransparentPixels: boolean;
}

/** Options for one `/images/edits` request, as settings and pickers hand them over: a generation's, less those an edit has not, plus the images. */
export interface EditOptions extends Pick<
  GenerationOptions,
  | 'model' | 'prompt' | 'n' | 'size' | 'quality' | 'outputFormat' | 'outputCompression' | 'background' | 'stream' | 'partialImages' | 'user'
  | 'complexity' | 'frameCount' | 'frameDurationMs' | 'safetyIdentifier'
> {
  images: readonly EditInputImage[];
  /** Drawn over the first image to guide the edit (arrows, circles, notes). */
  markup?: MarkupImage;
}

/** Options for one `/images/variations` request. */
export interface VariationOptions {
  model: string;
  image: EditInputImage;
  n?: number;
  size?: string;
  user?: string;
}

/** An edit body without its images: what is sent besides the files, and what a sidecar keeps. */
export type EditParameters = Omit<ImageEditParamsBase, 'image'>;
/** A variation body without its image. */
export type VariationParameters = Omit<ImageCreateVariationParams, 'image'>;

/** The result of checking request options against their model. */
export interface PreparedRequest<P> {
  /** Meaningful only when `problems` is empty. */
  parameters: P;
  problems: ParameterProblem[];
  dropped: DroppedOption[];
}

/** The sizes `/images/variations` makes (its schema's enum). */
export const VARIATION_SIZES: readonly string[] = ['256x256', '512x512', '1024x1024'];

const MB = 1024 * 1024;


/** The message for a model that cannot edit at all. */
function noEditsProblem(caps: ModelCapabilities): ParameterProblem {
  return {
    field: 'model',
    value: caps.id,
    message: l10n.t('{model} cannot edit images or make variations. Choose a GPT image model such as {current} (or dall-e-2 on a compatible server).', {
      model: caps.id, current: CURRENT_MODEL,
    }),
  };
}

/**
 * The problem with giving `count` images to one edit (or variation) on `caps`, if any:
 * none at all, or more than the model takes (dall-e-2: one; GPT image models: 16).
 */
export function imageCountProblem(
  caps: ModelCapabilities,
  operation: 'edit' | 'variation',
  count: number,
): ParameterProblem | undefined {
  const variation = operation === 'variation';
  const max = variation ? 1 : caps.edits.maxImages;
  if (count === 0) return { field: 'image', value: 0, message: l10n.t('Select at least one image.') };
  if (count <= max) return undefined;
  const texts = { model: caps.id, count: formatNumber(count), max: formatNumber(max), current: CURRENT_MODEL };
  let message: string;
  if (max !== 1) message = l10n.t('{model} takes at most {max} images in one edit, and {count} were selected. Select {max} or fewer.', texts);
  else if (variation) message = l10n.t('{model} makes variations of one image at a time, and {count} were selected. Select one image.', texts);
  else message = l10n.t('{model} edits one image at a time, and {count} were selected. Select one image, or choose a GPT image model such as {current}, which takes up to 16.', texts);
  return { field: 'image', value: count, message };
}

/**
 * Problems with the images of an edit (`operation` 'edit') or a variation for `caps`:
 * how many, which formats, how large, and square where the model needs it.
 */
export function imageProblems(
  caps: ModelCapabilities,
  operation: 'edit' | 'variation',
  images: readonly EditInputImage[],
): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const countProblem = imageCountProblem(caps, operation, images.length);
  if (countProblem) problems.push(countProblem);
  const variation = operation === 'variation';
  // Variations follow dall-e-2's contract whatever the model: one square PNG under 4 MB.
  const formats: readonly RasterFormat[] = variation ? ['png'] : caps.edits.inputFormats;
  const maxBytes = variation ? 4 * MB : caps.edits.maxBytes;
  const square = variation || caps.edits.squareOnly;
  for (const image of images) {
    const name = image.fileName;
    const type = image.mimeType.split(';')[0].trim().toLowerCase();
    if (!formats.some((format) => FORMAT_MIME_TYPES[format] === type)) {
      problems.push({
        field: 'image',
        value: name,
        message: type
          ? l10n.t('{file} is {type}; {model} reads {formats} images only.', { file: name, type, model: caps.id, formats: joinOr(formats.map((format) => FORMAT_NAMES[format])) })
          : l10n.t('{file} is of an unknown type; {model} reads {formats} images only.', { file: name, model: caps.id, formats: joinOr(formats.map((format) => FORMAT_NAMES[format])) }),
      });
    }
    // The service wants each file *less than* the limit, so the limit itself is too large.
    if (maxBytes !== undefined && image.bytes.length >= maxBytes) {
      problems.push({
        field: 'image',
        value: name,
        message: l10n.t('{file} is {size}; {model} takes images smaller than {limit}.', {
          file: name, size: formatMegabytes(image.bytes.length), model: caps.id, limit: formatMegabytes(maxBytes),
        }),
      });
    }
    if (square && image.width !== image.height) {
      problems.push({
        field: 'image',
        value: name,
        message: l10n.t('{file} is {width}x{height}; {model} needs a square image.', { file: name, width: image.width, height: image.height, model: caps.id }),
      });
    }
  }
  return problems;
}

/**
 * Checks edit options without their images (model, prompt, size, quality, n, output,
 * streaming) and builds the parameters to send. Use it to refuse a job before preparing
 * any image; `prepareEdit` adds the image checks.
 */
export function prepareEditParameters(options: Omit<EditOptions, 'images'>): PreparedRequest<EditParameters> {
  const caps = capabilitiesFor(options.model);
  const { body, problems, dropped } = prepareGeneration({
    model: options.model,
    prompt: options.prompt,
    size: options.size,
    quality: options.quality,
    n: options.n,
    outputFormat: options.outputFormat,
    outputCompression: options.outputCompression,
    background: options.background,
    stream: options.stream,
    partialImages: options.partialImages,
    user: options.user,
    complexity: options.complexity,
    frameCount: options.frameCount,
    frameDurationMs: options.frameDurationMs,
    safetyIdentifier: options.safetyIdentifier,
    responseFormat: caps.responseFormats.length > 0 ? 'b64_json' : undefined,
  });
  if (caps.known && !caps.edits.supported) problems.unshift(noEditsProblem(caps));
  if (body.output_format === 'svg') {
    problems.push({
      field: 'outputFormat',
      value: 'svg',
      message: l10n.t('SVG output is for new images only: the service does not edit into SVG. Choose PNG, WebP, JPEG or GIF for an edit.'),
      allowed: ['png', 'webp', 'jpeg', 'gif'],
    });
  }
  // An allow-list: whatever generations take but edits do not (style, moderation) stays out.
  const parameters: EditParameters = {
    model: body.model,
    prompt: body.prompt,
    ...(body.n !== undefined ? { n: body.n } : {}),
    ...(body.size !== undefined ? { size: body.size } : {}),
    ...(body.quality !== undefined ? { quality: body.quality as EditParameters['quality'] } : {}),
    ...(body.output_format && body.output_format !== 'svg' ? { output_format: body.output_format } : {}),
    ...(body.output_compression !== undefined ? { output_compression: body.output_compression } : {}),
    ...(body.background !== undefined ? { background: body.background } : {}),
    ...(body.response_format !== undefined ? { response_format: body.response_format } : {}),
    ...(body.stream ? { stream: true } : {}),
    ...(body.partial_images !== undefined ? { partial_images: body.partial_images } : {}),
    ...(body.complexity ? { complexity: body.complexity } : {}),
    ...(body.frame_count !== undefined ? { frame_count: body.frame_count } : {}),
    ...(body.frame_duration_ms !== undefined ? { frame_duration_ms: body.frame_duration_ms } : {}),
    ...(body.safety_identifier ? { safety_identifier: body.safety_identifier } : {}),
    ...(body.user !== undefined ? { user: body.user } : {}),
  };
  return { parameters, problems, dropped };
}

/**
 * Problems with a markup overlay for an edit of `first` on `caps`: a model without markup,
 * not a PNG, not the first image's size, or no transparent pixel (it would hide the image).
 */
export function markupProblems(caps: ModelCapabilities, first: EditInputImage | undefined, markup: MarkupImage): ParameterProblem[] {
  if (!caps.markup) {
    const offering = currentModelsWhere((candidate) => candidate.markup);
    return [{ field: 'markup', value: caps.id, message: l10n.t('{model} does not take markup. Choose {choices} for a markup-guided edit.', { model: caps.id, choices: joinOr(offering) }), allowed: offering }];
  }
  const problems: ParameterProblem[] = [];
  if (markup.mimeType.split(';')[0].trim().toLowerCase() !== 'image/png') {
    problems.push({ field: 'markup', value: markup.fileName, message: l10n.t('The markup {file} must be a PNG (with transparency), not {type}.', { file: markup.fileName, type: markup.mimeType }) });
  }
  if (first && (markup.width !== first.width || markup.height !== first.height)) {
    problems.push({
      field: 'markup',
      value: `${markup.width}x${markup.height}`,
      message: l10n.t('The markup is {markupWidth}x{markupHeight} but {file} is {width}x{height}; they must be the same size.', {
        markupWidth: markup.width, markupHeight: markup.height, file: first.fileName, width: first.width, height: first.height,
      }),
    });
  }
  if (!markup.hasTransparentPixels) {
    problems.push({ field: 'markup', value: markup.fileName, message: l10n.t('The markup {file} has no transparent pixels, so it would cover the whole image. Draw on a transparent layer.', { file: markup.fileName }) });
  }
  return problems;
}

/** Checks edit options, images included, and builds the parameters to send. */
export function prepareEdit(options: EditOptions): PreparedRequest<EditParameters> {
  const prepared = prepareEditParameters(options);
  const caps = capabilitiesFor(options.model);
  // A model that cannot edit has one problem worth saying; its images do not matter.
  if (caps.edits.supported) prepared.problems.push(...imageProblems(caps, 'edit', options.images));
  if (options.markup && caps.edits.supported) prepared.problems.push(...markupProblems(caps, options.images[0], options.markup));
  return prepared;
}

/** Checks variation options without the image and builds the parameters to send. */
export function prepareVariationParameters(options: Omit<VariationOptions, 'image'>): PreparedRequest<VariationParameters> {
  const caps = capabilitiesFor(options.model);
  const problems: ParameterProblem[] = [];
  const dropped: DroppedOption[] = [];
  const model = typeof options.model === 'string' ? options.model.trim() : '';
  const parameters: VariationParameters = { model, response_format: 'b64_json' };
  if (!model) {
    problems.push({ field: 'model', value: options.model, message: l10n.t('Choose a model.') });
  } else if (!caps.variations) {
    problems.push({
      field: 'model',
      value: model,
      message: caps.edits.supported
        ? l10n.t('{model} has no variations endpoint (only dall-e-2 has); GPT image models make variations as edits with a prompt.', { model })
        : noEditsProblem(caps).message,
    });
  }
  const n = options.n;
  if (n !== undefined && n !== null) {
    if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_N) parameters.n = n;
    else {
      problems.push({
        field: 'n',
        value: n,
        message: l10n.t('Number of variations {value} is not possible. Choose a whole number from {min} to {max}.', { value: String(n), min: 1, max: MAX_N }),
      });
    }
  }
  const size = typeof options.size === 'string' ? normalizeSize(options.size) : '';
  if (size === 'auto') {
    // eslint-disable-next-line image-studio/localized-text -- dropped options are only logged, in English
    dropped.push({ field: 'size', value: options.size, reason: 'Variations have no automatic size; the server default (1024x1024) is used.' });
  } else if (size !== '') {
    if (VARIATION_SIZES.includes(size)) parameters.size = size as VariationParameters['size'];
    else {
      problems.push({
        field: 'size',
        value: options.size,
        message: l10n.t('Size {size} is not available for variations. Choose {choices}.', { size, choices: joinOr(VARIATION_SIZES) }),
        allowed: [...VARIATION_SIZES],
      });
    }
  }
  if (typeof options.user === 'string' && options.user.trim() !== '') parameters.user = options.user;
  return { parameters, problems, dropped };
}

/** Checks variation options, image included, and builds the parameters to send. */
export function prepareVariation(options: VariationOptions): PreparedRequest<VariationParameters> {
  const prepared = prepareVariationParameters(options);
  prepared.problems.push(...imageProblems(capabilitiesFor(options.model), 'variation', [options.image]));
  return prepared;
}

/** An in-memory upload with the right name and MIME type (no temporary file). */
export function toUpload(image: EditInputImage): Promise<File> {
  const bytes = Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
  return toFile(bytes, image.fileName, { type: image.mimeType });
}

/**
 * One request to `/images/edits` (streaming when the model can and `options.stream` is
 * set). One image goes as `image`, several as `image[]`. Bounded like a generation: the
 * timeout of each try the SDK may make, from start to the last byte.
 * @throws InvalidParametersError listing every problem, before anything is sent.
 */
export async function requestEdit(client: OpenAI, options: EditOptions, hooks: RequestHooks = {}): Promise<RequestResult> {
  const { parameters, problems } = prepareEdit(options);
  if (problems.length > 0) throw new InvalidParametersError(problems);
  const [files, markup] = await Promise.all([Promise.all(options.images.map(toUpload)), options.markup ? toUpload(options.markup) : undefined]);
  return sendEdit(client, parameters, { image: files.length === 1 ? files[0] : files, ...(markup ? { markup } : {}) }, hooks);
}

/**
 * Sends checked edit parameters with their uploads (the image or images, and a mask for
 * the mask editor): streamed when `parameters.stream` is set, bounded like a generation.
 */
export function sendEdit(
  client: OpenAI,
  parameters: EditParameters,
  uploads: { image: File | File[]; mask?: File; markup?: File },
  hooks: RequestHooks,
): Promise<RequestResult> {
  // Never `stream: false` (DALL·E refuses the field): the parameters were built without it.
  const { stream, ...rest } = parameters;
  return withDeadline(hooks, requestDeadline(client), (bounded) => {
    const request = { signal: bounded.signal };
    if (stream) return collectImageStream(client.images.edit({ ...rest, ...uploads, stream: true }, request), EDIT_EVENTS, bounded);
    const body: ImageEditParamsNonStreaming = { ...rest, ...uploads };
    return resultFromImagesResponse(client.images.edit(body, request), bounded);
  });
}

/**
 * One request to `/images/variations` (dall-e-2, or a compatible server's model), bounded
 * like {@link requestEdit}.
 * @throws InvalidParametersError listing every problem, before anything is sent.
 */
export async function requestVariation(
  client: OpenAI,
  options: VariationOptions,
  hooks: RequestHooks = {},
): Promise<RequestResult> {
  const { parameters, problems } = prepareVariation(options);
  if (problems.length > 0) throw new InvalidParametersError(problems);
  const image = await toUpload(options.image);
  return withDeadline(hooks, requestDeadline(client), (bounded) =>
    resultFromImagesResponse(client.images.createVariation({ ...parameters, image }, { signal: bounded.signal }), bounded),
  );
}

// ---------------------------------------------------------------------------------------------
// Sizes for a picker

/** One entry of a size picker. */
export interface SizeChoice {
  size: string;
  /** Why it is offered, e.g. "keeps the shape of cat.png". */
  detail?: string;
}

/** The pixel area aimed at for a size matching the source's shape (that of 1024x1024). */
const SHAPE_AREA = 1024 * 1024;

/** A flexible-size model's WxH closest in shape to `source`, about 1 megapixel, or undefined. */
function sizeLikeSource(model: string, source: { width: number; height: number }): string | undefined {
  const rule = capabilitiesFor(model).sizes;
  if (rule.kind !== 'flexible' || !(source.width > 0 && source.height > 0)) return undefined;
  const ratio = Math.min(rule.maxAspectRatio, Math.max(1 / rule.maxAspectRatio, source.width / source.height));
  const step = rule.multipleOf;
  const round = (value: number) => Math.max(step, Math.round(value / step) * step);
  const size = `${round(Math.sqrt(SHAPE_AREA * ratio))}x${round(Math.sqrt(SHAPE_AREA / ratio))}`;
  return validateSize(model, size) ? undefined : size;
}

/** Among fixed sizes, the one whose aspect ratio is closest to the source's. */
function closestFixedSize(sizes: readonly string[], source: { width: number; height: number }): string | undefined {
  const target = Math.log(source.width / source.height);
  let best: { size: string; distance: number } | undefined;
  for (const size of sizes) {
    const parsed = parseSize(size);
    if (!parsed) continue;
    const distance = Math.abs(Math.log(parsed.width / parsed.height) - target);
    if (!best || distance < best.distance) best = { size, distance };
  }
  return best?.size;
}

/**
 * Sizes to offer for an edit or a variation of `source` on `model`, the default first:
 * `auto` where the model has it (the result then follows the input's shape), otherwise
 * the size closest to the source's shape; then a size of the source's shape, then the
 * model's usual sizes.
 */
export function editSizeChoices(
  model: string,
  operation: 'edit' | 'variation',
  source?: { width: number; height: number; name?: string },
): SizeChoice[] {
  const caps = capabilitiesFor(model);
  if (operation === 'variation' || caps.edits.squareOnly) {
    return [...VARIATION_SIZES].reverse().map((size) => ({ size }));
  }
  const name = source?.name;
  const choices: SizeChoice[] = [];
  const add = (size: string | undefined, detail?: string) => {
    if (size && !choices.some((choice) => choice.size === size)) choices.push({ size, ...(detail ? { detail } : {}) });
  };
  const fixed = caps.sizes.kind === 'fixed' ? caps.sizes.sizes.filter((size) => size !== 'auto') : [];
  if (acceptsAutoSize(model)) {
    add('auto', name
      ? l10n.t('the model picks a size close to the shape of {file}', { file: name })
      : l10n.t('the model picks a size close to the shape of the input'));
  }
  if (source) {
    add(sizeLikeSource(model, source) ?? closestFixedSize(fixed, source), name
      ? l10n.t('the shape of {file}', { file: name })
      : l10n.t('the shape of the input'));
  }
  for (const size of caps.suggestedSizes) add(size);
  return choices;
}
