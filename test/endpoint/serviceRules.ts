// Per-model rules the service enforces beyond the JSON schema (which lets every model take
// every parameter). Written independently of src/ on purpose: this is the oracle the
// extension is tested against, so it must not share the extension's assumptions.
import { modelNotFound, type ParamError } from './errors';
import { FAMILY_FEATURES, findModel, isGpt, MODELS, type Family, type ModelInfo } from './models';

export type Operation = 'generate' | 'edit' | 'variation';

/** What the rules need to know about one uploaded (or referenced) image. */
export interface UploadedImage {
  contentType?: string;
  size: number;
  /** Decoded format (sharp's name: png, jpeg, webp, ...); undefined if it did not decode. */
  format?: string;
  width?: number;
  height?: number;
  hasAlpha?: boolean;
  /** JSON edits may reference images by URL or file id, which cannot be inspected here. */
  opaqueReference?: boolean;
  /** EXIF orientation (1–8), when the file has one: 5–8 swap width and height on display. */
  orientation?: number;
  /** Some pixel has alpha below full opacity (only worked out for `markup`). */
  transparentPixels?: boolean;
}

export interface RuleInput {
  operation: Operation;
  body: Record<string, unknown>;
  images: UploadedImage[];
  mask?: UploadedImage;
  /** The `markup` file of a multipart edit. */
  markup?: UploadedImage;
  /** The edit came as application/json (`images` references) rather than multipart. */
  jsonEdit?: boolean;
}

const MB = 1024 * 1024;
const SIZES: Partial<Record<Family, string[]>> = {
  'dall-e-2': ['256x256', '512x512', '1024x1024'],
  'dall-e-3': ['1024x1024', '1792x1024', '1024x1792'],
  'gpt-image-1': ['1024x1024', '1536x1024', '1024x1536', 'auto'],
};
const QUALITIES: Record<Family, string[]> = {
  'dall-e-2': ['standard'],
  'dall-e-3': ['standard', 'hd'],
  'gpt-image-1': ['low', 'medium', 'high', 'auto'],
  'gpt-image-2': ['low', 'medium', 'high', 'auto'],
  'gpt-image-2.5': ['low', 'medium', 'high', 'xhigh', 'max', 'auto'],
};
const PROMPT_LIMIT: Record<Family, number> = {
  'dall-e-2': 1000,
  'dall-e-3': 4000,
  'gpt-image-1': 32000,
  'gpt-image-2': 32000,
  'gpt-image-2.5': 32000,
};
/** Parameters only the GPT image models understand. */
const GPT_ONLY = ['background', 'output_format', 'output_compression', 'moderation', 'stream', 'partial_images', 'input_fidelity'];
/**
 * Facts about the parameters that came after the spec (openai 7.55 typings, images.d.ts),
 * with the limits we settled where the typings only describe them.
 */
/** `safety_identifier`: at most 128 characters. */
export const SAFETY_IDENTIFIER_MAX = 128;
/** `frame_count`: "Accepts integers from 2 through 16. Defaults to 9 when omitted." */
export const FRAME_COUNT = { min: 2, max: 16, default: 9 } as const;
/** `frame_duration_ms`: "Defaults to 200", "caps the encoded delay at 655,350 ms"; at least one 10 ms tick. */
export const FRAME_DURATION_MS = { min: 10, max: 655350, default: 200 } as const;
/** "The requested size must satisfy the selected model's GIF size limits": our reading is the standard sizes. */
export const GIF_SIZES = ['1024x1024', '1536x1024', '1024x1536', 'auto'];
/** "GIF output rounds to the nearest 10 ms": the delay a GIF frame really gets. */
export function gifFrameDelay(ms: number): number {
  return Math.round(ms / 10) * 10;
}
/** Largest flexible size: 3840x2160 worth of pixels, no side above 3840. */
export const MAX_PIXELS = 3840 * 2160;
export const MAX_EDGE = 3840;

function present(body: Record<string, unknown>, key: string): boolean {
  return body[key] !== undefined && body[key] !== null;
}

function quoteList(values: string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length <= 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

function invalidValue(param: string, value: unknown, model: string, allowed: string[]): ParamError {
  return {
    param,
    code: 'invalid_value',
    message: `Invalid value for '${param}': '${String(value)}'. Supported values for ${model} are: ${quoteList(allowed)}.`,
  };
}

function unsupported(param: string, model: string): ParamError {
  return { param, code: 'unsupported_parameter', message: `Unsupported parameter: '${param}' is not supported with the '${model}' model.` };
}

export function parseSize(size: string): { width: number; height: number } | undefined {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
}

/** Why a `WxH` is not a valid flexible size for the gpt-image-2 families, or undefined if it is. */
export function flexibleSizeProblem(size: string): string | undefined {
  const parsed = parseSize(size);
  if (!parsed) return 'the size must be WIDTHxHEIGHT in pixels or auto';
  const { width, height } = parsed;
  if (width === 0 || height === 0) return 'width and height must be positive';
  if (width % 16 !== 0 || height % 16 !== 0) return 'width and height must both be multiples of 16';
  if (Math.max(width, height) > 3 * Math.min(width, height)) return 'the aspect ratio must be between 1:3 and 3:1';
  if (Math.max(width, height) > MAX_EDGE) return `the longest side must be at most ${MAX_EDGE} pixels`;
  if (width * height > MAX_PIXELS) return `the image must have at most ${MAX_PIXELS} pixels (3840x2160)`;
  return undefined;
}

/** The model a request runs on when it names none (spec defaults). */
export function defaultModel(operation: Operation, body: Record<string, unknown>): string {
  if (operation === 'variation') return 'dall-e-2';
  if (operation === 'edit') return 'gpt-image-1.5';
  // "Defaults to dall-e-2 unless a parameter specific to the GPT image models is used."
  const gptOnly = GPT_ONLY.some((key) => present(body, key)) || ['low', 'medium', 'high'].includes(String(body.quality));
  return gptOnly ? 'gpt-image-1.5' : 'dall-e-2';
}

/** Resolves the model and checks it serves this operation; 404 for unknown or shut-down models. */
export function checkModel(operation: Operation, id: string): { model?: ModelInfo; error?: ParamError } {
  const model = findModel(id);
  if (!model || model.shutDown) return { error: modelNotFound(id) };
  const allowed = MODELS.filter((m) => !m.shutDown && supports(m, operation)).map((m) => m.id);
  if (!supports(model, operation)) return { error: invalidValue('model', id, `this endpoint (images/${operation === 'edit' ? 'edits' : 'variations'})`, allowed) };
  return { model };
}

function supports(model: ModelInfo, operation: Operation): boolean {
  if (operation === 'variation') return model.family === 'dall-e-2';
  if (operation === 'edit') return model.family !== 'dall-e-3';
  return true;
}

function checkSize(model: ModelInfo, size: unknown, errors: ParamError[]): void {
  if (typeof size !== 'string') return;
  const fixed = SIZES[model.family];
  if (fixed) {
    if (!fixed.includes(size)) errors.push(invalidValue('size', size, model.id, fixed));
    return;
  }
  if (size === 'auto') return;
  const problem = flexibleSizeProblem(size);
  if (problem) {
    errors.push({
      param: 'size',
      code: 'invalid_value',
      message: `Invalid value for 'size': '${size}': ${problem}. ${model.id} supports 'auto' or WIDTHxHEIGHT with both sides multiples of 16, an aspect ratio between 1:3 and 3:1, the longest side at most ${MAX_EDGE} and at most ${MAX_PIXELS} pixels (3840x2160).`,
    });
  }
}

/** The output formats a family answers in, per operation (gif and svg: see FAMILY_FEATURES). */
function outputFormats(model: ModelInfo, operation: Operation): string[] {
  const features = FAMILY_FEATURES[model.family];
  return ['png', 'jpeg', 'webp', ...(features.gif ? ['gif'] : []), ...(features.svg && operation === 'generate' ? ['svg'] : [])];
}

function outputFormat(body: Record<string, unknown>): string {
  return present(body, 'output_format') ? String(body.output_format) : 'png';
}

function checkGptOptions(model: ModelInfo, body: Record<string, unknown>, operation: Operation, errors: ParamError[]): void {
  const format = outputFormat(body);
  if (operation === 'edit' && format === 'svg') {
    // ImageGenerateParams.svg: "SVG edits are not supported."
    errors.push({ param: 'output_format', code: 'invalid_value', message: "Invalid value for 'output_format': 'svg'. SVG edits are not supported." });
  } else if (present(body, 'output_format') && !outputFormats(model, operation).includes(format)) {
    errors.push(invalidValue('output_format', format, model.id, outputFormats(model, operation)));
  }
  if (body.background === 'transparent' && format === 'jpeg') {
    errors.push({
      param: 'background',
      code: 'invalid_value',
      message: "Invalid value for 'background': 'transparent' requires output_format 'png' or 'webp', but output_format is 'jpeg'.",
    });
  }
  if (present(body, 'output_compression') && typeof body.output_compression === 'number') {
    const c = body.output_compression;
    if (c < 0) errors.push({ param: 'output_compression', code: 'integer_below_min_value', message: `Invalid 'output_compression': integer below minimum value. Expected a value >= 0, but got ${c} instead.` });
    else if (c > 100) errors.push({ param: 'output_compression', code: 'integer_above_max_value', message: `Invalid 'output_compression': integer above maximum value. Expected a value <= 100, but got ${c} instead.` });
    else if (format === 'png' || format === 'gif' || format === 'svg') {
      errors.push({
        param: 'output_compression',
        code: 'invalid_value',
        message: `Invalid 'output_compression': it is only supported with output_format 'jpeg' or 'webp', and the output format is '${format}'.`,
      });
    }
  }
  if (present(body, 'response_format')) {
    // What the service answers for GPT image models, which always return base64.
    errors.push({ param: 'response_format', code: 'unknown_parameter', message: "Unknown parameter: 'response_format'." });
  }
  if (present(body, 'style')) errors.push(unsupported('style', model.id));
  if (operation === 'edit' && present(body, 'input_fidelity') && model.id === 'gpt-image-1-mini') errors.push(unsupported('input_fidelity', model.id));
}

function onlyWith(param: string, format: string): ParamError {
  return { param, code: 'invalid_value', message: `Invalid '${param}': it is only supported with output_format '${format}'.` };
}

function notWith(param: string, format: 'GIF' | 'SVG', what: string): ParamError {
  return { param, code: 'invalid_value', message: `Invalid '${param}': ${format} output does not support ${what}.` };
}

function checkRange(body: Record<string, unknown>, param: string, range: { min: number; max: number }, errors: ParamError[]): void {
  const value = body[param];
  if (typeof value !== 'number') return;
  if (value < range.min) errors.push({ param, code: 'integer_below_min_value', message: `Invalid '${param}': integer below minimum value. Expected a value >= ${range.min}, but got ${value} instead.` });
  else if (value > range.max) errors.push({ param, code: 'integer_above_max_value', message: `Invalid '${param}': integer above maximum value. Expected a value <= ${range.max}, but got ${value} instead.` });
}

/**
 * The parameters that came after the spec (typingsOverlay.ts lets them through the schema):
 * complexity, safety_identifier, GIF output with its frames, SVG output with its author.
 */
function checkNewerOptions(model: ModelInfo, input: RuleInput, errors: ParamError[]): void {
  const { body, operation } = input;
  const features = FAMILY_FEATURES[model.family];
  const format = outputFormat(body);
  if (present(body, 'complexity') && !features.complexity) errors.push(unsupported('complexity', model.id));
  if (typeof body.safety_identifier === 'string' && body.safety_identifier.length > SAFETY_IDENTIFIER_MAX) {
    errors.push({
      param: 'safety_identifier',
      code: 'string_above_max_length',
      message: `Invalid 'safety_identifier': string too long. Expected a string with maximum length ${SAFETY_IDENTIFIER_MAX}, but got a string with length ${body.safety_identifier.length} instead.`,
    });
  }

  const gif = format === 'gif' && features.gif;
  for (const param of ['frame_count', 'frame_duration_ms']) if (present(body, param) && format !== 'gif') errors.push(onlyWith(param, 'gif'));
  if (gif) {
    checkRange(body, 'frame_count', FRAME_COUNT, errors);
    checkRange(body, 'frame_duration_ms', FRAME_DURATION_MS, errors);
    if (body.stream === true) errors.push(notWith('stream', 'GIF', 'streaming'));
    if (typeof body.partial_images === 'number' && body.partial_images > 0) errors.push(notWith('partial_images', 'GIF', 'partial images'));
    if (input.mask) errors.push(notWith('mask', 'GIF', 'masks'));
    if (typeof body.size === 'string' && !GIF_SIZES.includes(body.size) && !errors.some((e) => e.param === 'size')) {
      errors.push({ param: 'size', code: 'invalid_value', message: `Invalid value for 'size': '${body.size}'. GIF output from ${model.id} supports sizes ${quoteList(GIF_SIZES)}.` });
    }
  }

  if (present(body, 'svg')) {
    if (format !== 'svg') errors.push(onlyWith('svg', 'svg'));
    else if ((body.svg as { model?: unknown }).model === '') {
      errors.push({ param: 'svg.model', code: 'string_below_min_length', message: "Invalid 'svg.model': string too short. Expected a string with minimum length 1, but got an empty string instead." });
    }
  }
  if (format === 'svg' && features.svg && operation === 'generate') {
    if (typeof body.n === 'number' && body.n > 1) errors.push({ param: 'n', code: 'invalid_value', message: `Invalid value for 'n': ${body.n}. SVG output requires n=1.` });
    if (body.stream === true) errors.push(notWith('stream', 'SVG', 'streaming'));
    if (typeof body.partial_images === 'number' && body.partial_images > 0) errors.push(notWith('partial_images', 'SVG', 'partial images'));
  }
}

/** Width and height as displayed: EXIF orientations 5–8 turn the image a quarter. */
function orientedSize(image: UploadedImage): { width?: number; height?: number } {
  const turned = image.orientation !== undefined && image.orientation >= 5 && image.orientation <= 8;
  return turned ? { width: image.height, height: image.width } : { width: image.width, height: image.height };
}

/** ImageEditParamsBase.markup: "A transparent PNG overlaid on the first image ... Must match that image's dimensions after orientation and contain transparent pixels. Supports GPT Image 2.5. Cannot be combined with mask." */
function checkMarkup(model: ModelInfo, input: RuleInput, errors: ParamError[]): void {
  const { markup, mask } = input;
  if (!markup) return;
  const refuse = (code: string, why: string): void => {
    errors.push({ param: 'markup', code, message: `Invalid 'markup': ${why}` });
  };
  if (!FAMILY_FEATURES[model.family].markup) {
    errors.push(unsupported('markup', model.id));
    return;
  }
  if (mask) return refuse('invalid_value', 'markup cannot be combined with mask; send one or the other.');
  if (markup.format !== 'png') return refuse('invalid_image_format', `the markup must be a PNG file, got ${markup.format ? `a ${markup.format} image` : 'an undecodable file'}.`);
  if (!markup.hasAlpha) return refuse('invalid_value', 'the markup must be a transparent PNG, but it has no alpha channel.');
  if (!markup.transparentPixels) return refuse('invalid_value', 'the markup must contain transparent pixels, but every pixel is fully opaque.');
  const first = input.images[0];
  if (!first || first.opaqueReference || first.width === undefined) return;
  const want = orientedSize(first);
  const have = orientedSize(markup);
  if (want.width !== have.width || want.height !== have.height) {
    refuse('invalid_image_dimensions', `the markup (${have.width}x${have.height}) must have the same dimensions as the first image after its orientation (${want.width}x${want.height}).`);
  }
}

function checkDallEOptions(model: ModelInfo, body: Record<string, unknown>, errors: ParamError[]): void {
  for (const key of GPT_ONLY) if (present(body, key)) errors.push(unsupported(key, model.id));
  if (model.family === 'dall-e-2' && present(body, 'style')) errors.push(unsupported('style', model.id));
  if (model.family === 'dall-e-3' && present(body, 'n') && body.n !== 1) {
    errors.push({ param: 'n', code: 'invalid_value', message: `Invalid value for 'n': ${String(body.n)}. ${model.id} only supports n=1.` });
  }
}

function describeImage(index: number, count: number): string {
  return count > 1 ? `image ${index + 1}` : 'image';
}

/** Upload rules: DALL·E wants one square PNG under 4 MB; GPT models take up to 16 png/jpeg/webp under 50 MB. */
function checkImages(model: ModelInfo, input: RuleInput, errors: ParamError[]): void {
  const { images, mask } = input;
  const dalle = !isGpt(model);
  if (input.jsonEdit && dalle) {
    errors.push({ param: 'model', code: 'invalid_value', message: `JSON image edits support the GPT image models only; send multipart/form-data to use ${model.id}.` });
    return;
  }
  if (dalle && images.length > 1) {
    errors.push({ param: 'image', code: 'invalid_value', message: `Invalid 'image': ${model.id} accepts exactly one image, but ${images.length} were provided.` });
  }
  if (!dalle && images.length > 16) {
    errors.push({ param: 'image', code: 'array_above_max_length', message: `Invalid 'image': array too long. Expected an array with maximum length 16, but got an array with length ${images.length} instead.` });
  }
  const allowedTypes = dalle ? ['image/png'] : ['image/png', 'image/jpeg', 'image/webp'];
  const allowedFormats = dalle ? ['png'] : ['png', 'jpeg', 'webp'];
  images.forEach((image, index) => {
    if (image.opaqueReference) return;
    const which = describeImage(index, images.length);
    if (!dalle && image.contentType !== undefined && !allowedTypes.includes(image.contentType.split(';')[0].trim().toLowerCase())) {
      errors.push({
        param: 'image',
        code: 'unsupported_file_mimetype',
        message: `Invalid file '${which}': unsupported mimetype ('${image.contentType}'). Supported file formats are ${quoteList(allowedTypes)}.`,
      });
      return;
    }
    if (!image.format || !allowedFormats.includes(image.format)) {
      errors.push({
        param: 'image',
        code: 'invalid_image_format',
        message: `Invalid '${which}': the file is ${image.format ? `a ${image.format} image` : 'not a decodable image'}; ${model.id} accepts ${allowedFormats.join(', ')} images.`,
      });
      return;
    }
    const limit = dalle ? 4 * MB : 50 * MB;
    if (image.size >= limit) {
      errors.push({ param: 'image', code: 'image_too_large', message: `Invalid '${which}': images must be smaller than ${limit / MB} MB for ${model.id}, got ${image.size} bytes.` });
    }
    if (dalle && image.width !== image.height) {
      errors.push({ param: 'image', code: 'invalid_image_dimensions', message: `Invalid '${which}': ${model.id} requires a square image, got ${image.width}x${image.height}.` });
    }
  });
  if (mask && !mask.opaqueReference) {
    const first = images[0];
    if (mask.format !== 'png') {
      errors.push({ param: 'mask', code: 'invalid_image_format', message: `Invalid 'mask': the mask must be a PNG file, got ${mask.format ? `a ${mask.format} image` : 'an undecodable file'}.` });
    } else {
      if (mask.size >= 4 * MB) errors.push({ param: 'mask', code: 'image_too_large', message: `Invalid 'mask': the mask must be smaller than 4 MB, got ${mask.size} bytes.` });
      if (!mask.hasAlpha) errors.push({ param: 'mask', code: 'invalid_value', message: "Invalid 'mask': the mask must have an alpha channel; its fully transparent areas mark where to edit." });
      if (first && !first.opaqueReference && first.width !== undefined && (first.width !== mask.width || first.height !== mask.height)) {
        errors.push({
          param: 'mask',
          code: 'invalid_image_dimensions',
          message: `Invalid 'mask': the mask (${mask.width}x${mask.height}) must have the same dimensions as the image (${first.width}x${first.height}).`,
        });
      }
    }
  }
}

/** All service-rule violations for a request on a resolved model (the service reports the first). */
export function checkServiceRules(model: ModelInfo, input: RuleInput): ParamError[] {
  const { body, operation } = input;
  const errors: ParamError[] = [];
  if (typeof body.prompt === 'string') {
    const limit = PROMPT_LIMIT[model.family];
    if (body.prompt.length === 0) {
      errors.push({ param: 'prompt', code: 'string_below_min_length', message: "Invalid 'prompt': string too short. Expected a string with minimum length 1, but got an empty string instead." });
    } else if (body.prompt.length > limit) {
      errors.push({
        param: 'prompt',
        code: 'string_above_max_length',
        message: `Invalid 'prompt': string too long. Expected a string with maximum length ${limit} for ${model.id}, but got a string with length ${body.prompt.length} instead.`,
      });
    }
  }
  checkSize(model, body.size, errors);
  if (present(body, 'quality') && !QUALITIES[model.family].includes(String(body.quality))) {
    errors.push(invalidValue('quality', body.quality, model.id, QUALITIES[model.family]));
  }
  if (isGpt(model)) checkGptOptions(model, body, operation, errors);
  else checkDallEOptions(model, body, errors);
  checkNewerOptions(model, input, errors);
  if (operation !== 'generate') checkImages(model, input, errors);
  if (operation === 'edit') checkMarkup(model, input, errors);
  return errors;
}
