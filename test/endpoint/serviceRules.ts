// Per-model rules the service enforces beyond the JSON schema (which lets every model take
// every parameter). Written independently of src/ on purpose: this is the oracle the
// extension is tested against, so it must not share the extension's assumptions.
import { modelNotFound, type ParamError } from './errors';
import { findModel, isGpt, MODELS, type Family, type ModelInfo } from './models';

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
}

export interface RuleInput {
  operation: Operation;
  body: Record<string, unknown>;
  images: UploadedImage[];
  mask?: UploadedImage;
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

function checkGptOptions(model: ModelInfo, body: Record<string, unknown>, operation: Operation, errors: ParamError[]): void {
  const format = present(body, 'output_format') ? String(body.output_format) : 'png';
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
    else if (format === 'png') {
      errors.push({
        param: 'output_compression',
        code: 'invalid_value',
        message: "Invalid 'output_compression': it is only supported with output_format 'jpeg' or 'webp', and the output format is 'png'.",
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
  if (operation !== 'generate') checkImages(model, input, errors);
  return errors;
}
