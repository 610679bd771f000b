// What each Images API model accepts, and the one function that turns the user's options into
// the exact request body. The UI pickers, the validator and the request all read this file, so
// they cannot disagree about what a model takes.
//
// Facts as of 2026-11 (OpenAPI spec f85dbe2, `openai` 7.55 types, /work/shared/openai-openapi):
// DALL·E 2/3 and /images/variations are retired on OpenAI's own service but still spoken by
// compatible servers, so they stay in the table.
//
// Errors vs dropped options (buildGenerationRequest):
// - Errors (nothing is sent; InvalidParametersError lists every problem): empty model or
//   prompt; prompt over the model's limit; a size the model cannot make or that is not WxH;
//   n outside 1–10; outputCompression outside 0–100; partialImages outside 0–3; any value
//   outside the API's vocabulary (a typo such as quality "ultra"); a transparent background
//   with JPEG output, or on a model that has no background control (DALL·E): the user asked
//   for transparency and would silently get an opaque image.
// - Dropped (not sent, listed in `prepareGeneration().dropped` for the log): values that are
//   valid for *some* model but not this one, typically a setting left over from another model
//   (quality "hd" on gpt-image-2, style on GPT models, response_format on GPT models, which
//   always return base64); size "auto" on DALL·E (= server default); output format,
//   compression, opaque/auto background and moderation on DALL·E; compression with PNG output;
//   stream/partial_images on models that cannot stream; partial_images without stream.
//   For unknown (custom) models only the parameters every family accepts are sent
//   (prompt, model, n, size, quality, user): a family-specific one is a 400 on the wrong family.
// - Adjusted: n > 1 on dall-e-3 is sent as n=1; planRequests() says how many requests to make.

import type { ImageGenerateParams, ImageGenerateParamsBase } from 'openai/resources/images';

/** The groups of models that share one parameter contract. */
export type ModelFamily = 'dall-e-2' | 'dall-e-3' | 'gpt-image-1' | 'gpt-image-2' | 'unknown';
export type Quality = 'standard' | 'hd' | 'low' | 'medium' | 'high' | 'xhigh' | 'max' | 'auto';
export type OutputFormat = 'png' | 'jpeg' | 'webp';
export type Background = 'transparent' | 'opaque' | 'auto';
export type Moderation = 'low' | 'auto';
export type Style = 'vivid' | 'natural';
export type ResponseFormat = 'url' | 'b64_json';

/** Every quality any model accepts, in the order a picker shows them. */
export const ALL_QUALITIES: readonly Quality[] = ['auto', 'low', 'medium', 'high', 'xhigh', 'max', 'standard', 'hd'];
export const ALL_OUTPUT_FORMATS: readonly OutputFormat[] = ['png', 'jpeg', 'webp'];
export const ALL_BACKGROUNDS: readonly Background[] = ['auto', 'opaque', 'transparent'];
const ALL_MODERATIONS: readonly Moderation[] = ['auto', 'low'];
const ALL_STYLES: readonly Style[] = ['vivid', 'natural'];
const ALL_RESPONSE_FORMATS: readonly ResponseFormat[] = ['b64_json', 'url'];

/** Hard limits shared by every model (API schema: n 1–10, compression 0–100, 0–3 partials). */
export const MAX_N = 10;
export const MAX_PARTIAL_IMAGES = 3;

/** How a model's `size` is checked. */
export type SizeRule =
  /** Only these strings (may include `auto`). */
  | { kind: 'fixed'; sizes: readonly string[] }
  /** Any WxH within the limits, plus `auto` (gpt-image-2 and later). */
  | {
      kind: 'flexible';
      multipleOf: number;
      maxAspectRatio: number;
      maxPixels: number;
      /** The largest size in words, e.g. `3840x2160`, for messages. */
      maxPixelsLabel: string;
      maxEdge: number;
    }
  /** Unknown model: any WxH or `auto`, the server decides. */
  | { kind: 'any' };

/** What the edits endpoint accepts for a model. */
export interface EditSupport {
  supported: boolean;
  /** Input images per request (the mask applies to the first). */
  maxImages: number;
  inputFormats: readonly OutputFormat[];
  /** Per input image; undefined when unknown. */
  maxBytes: number | undefined;
  /** dall-e-2 only takes square images. */
  squareOnly: boolean;
}

/** A shutdown date and the model to move to. */
export interface Shutdown {
  /** ISO date (UTC midnight) from which the model no longer answers. */
  date: string;
  replacement: string;
  /** `openai`: retired on OpenAI's service only; compatible servers may still offer it. */
  scope: 'openai' | 'everywhere';
}

/** The values a UI should preselect for a model (undefined = leave unset, server decides). */
export interface ModelDefaults {
  size?: string;
  quality?: Quality;
  n: number;
  outputFormat?: OutputFormat;
  background?: Background;
  moderation?: Moderation;
  style?: Style;
  /** b64_json for DALL·E: the extension saves bytes, and URLs expire after 60 minutes. */
  responseFormat?: ResponseFormat;
}

/** Everything the extension knows about one model. */
export interface ModelCapabilities {
  /** The name as given (sent to the server unchanged). */
  id: string;
  /** The table entry it resolved to (snapshot date and `provider/` prefix removed), or `id`. */
  baseModel: string;
  family: ModelFamily;
  known: boolean;
  sizes: SizeRule;
  /** Sizes for a picker, most useful first. */
  suggestedSizes: readonly string[];
  qualities: readonly Quality[];
  /** Images per request; a larger n is split by planRequests(). */
  maxN: number;
  /** In characters; undefined when unknown. */
  maxPromptLength: number | undefined;
  /** Empty when the model has no `output_format` (DALL·E returns PNG). */
  outputFormats: readonly OutputFormat[];
  outputCompression: boolean;
  /** Empty when the model has no `background` parameter. */
  backgrounds: readonly Background[];
  moderation: boolean;
  /** `style` values; only dall-e-3 has them. */
  styles: readonly Style[];
  /** `response_format` values; only DALL·E has them (GPT models always return base64). */
  responseFormats: readonly ResponseFormat[];
  streaming: boolean;
  /** 0 when the model cannot stream. */
  maxPartialImages: number;
  edits: EditSupport;
  /** `/images/variations` (dall-e-2 only; retired on OpenAI's service). */
  variations: boolean;
  /** Whether responses carry `revised_prompt` (dall-e-3). */
  revisedPrompt: boolean;
  /** Always answers with `b64_json`, never a URL. */
  base64Only: boolean;
  /** Billed by tokens (usage in the response) rather than per image. */
  tokenPriced: boolean;
  shutdown?: Shutdown;
  defaults: ModelDefaults;
}

type Family = Exclude<ModelFamily, 'unknown'>;
type FamilyTemplate = Omit<ModelCapabilities, 'id' | 'baseModel' | 'known' | 'shutdown'>;

const MB = 1024 * 1024;
const GPT_QUALITIES: readonly Quality[] = ['auto', 'low', 'medium', 'high'];
const GPT_EXTENDED_QUALITIES: readonly Quality[] = [...GPT_QUALITIES, 'xhigh', 'max'];
const GPT_FIXED_SIZES = ['1024x1024', '1536x1024', '1024x1536', 'auto'];
/** For pickers; ≤ 2560x1440 first because larger sizes are experimental on the service. */
const GPT2_SUGGESTED_SIZES = [
  'auto', '1024x1024', '1536x1024', '1024x1536', '1536x864', '864x1536', '2048x2048',
  '2560x1440', '1440x2560', '3840x2160', '2160x3840',
];
const GPT_EDITS: EditSupport = {
  supported: true, maxImages: 16, inputFormats: ['png', 'jpeg', 'webp'], maxBytes: 50 * MB, squareOnly: false,
};
const NO_EDITS: EditSupport = { supported: false, maxImages: 0, inputFormats: [], maxBytes: 0, squareOnly: false };
const GPT_DEFAULTS: ModelDefaults = { size: 'auto', quality: 'auto', n: 1, outputFormat: 'png', background: 'auto', moderation: 'auto' };

const GPT_COMMON = {
  qualities: GPT_QUALITIES,
  maxN: MAX_N,
  maxPromptLength: 32000,
  outputFormats: ALL_OUTPUT_FORMATS,
  outputCompression: true,
  backgrounds: ALL_BACKGROUNDS,
  moderation: true,
  styles: [],
  responseFormats: [],
  streaming: true,
  maxPartialImages: MAX_PARTIAL_IMAGES,
  edits: GPT_EDITS,
  variations: false,
  revisedPrompt: false,
  base64Only: true,
  tokenPriced: true,
  defaults: GPT_DEFAULTS,
} as const;

const DALL_E_COMMON = {
  outputFormats: [],
  outputCompression: false,
  backgrounds: [],
  moderation: false,
  responseFormats: ALL_RESPONSE_FORMATS,
  streaming: false,
  maxPartialImages: 0,
  base64Only: false,
  tokenPriced: false,
} as const;

const FAMILIES: Record<Family, FamilyTemplate> = {
  'dall-e-2': {
    ...DALL_E_COMMON,
    family: 'dall-e-2',
    sizes: { kind: 'fixed', sizes: ['256x256', '512x512', '1024x1024'] },
    suggestedSizes: ['1024x1024', '512x512', '256x256'],
    qualities: ['standard'],
    maxN: MAX_N,
    maxPromptLength: 1000,
    styles: [],
    edits: { supported: true, maxImages: 1, inputFormats: ['png'], maxBytes: 4 * MB, squareOnly: true },
    variations: true,
    revisedPrompt: false,
    defaults: { size: '1024x1024', quality: 'standard', n: 1, responseFormat: 'b64_json' },
  },
  'dall-e-3': {
    ...DALL_E_COMMON,
    family: 'dall-e-3',
    sizes: { kind: 'fixed', sizes: ['1024x1024', '1792x1024', '1024x1792'] },
    suggestedSizes: ['1024x1024', '1792x1024', '1024x1792'],
    qualities: ['standard', 'hd'],
    maxN: 1,
    maxPromptLength: 4000,
    styles: ALL_STYLES,
    edits: NO_EDITS,
    variations: false,
    revisedPrompt: true,
    defaults: { size: '1024x1024', quality: 'standard', n: 1, style: 'vivid', responseFormat: 'b64_json' },
  },
  'gpt-image-1': {
    ...GPT_COMMON,
    family: 'gpt-image-1',
    sizes: { kind: 'fixed', sizes: GPT_FIXED_SIZES },
    suggestedSizes: GPT_FIXED_SIZES,
  },
  'gpt-image-2': {
    ...GPT_COMMON,
    family: 'gpt-image-2',
    sizes: {
      kind: 'flexible',
      multipleOf: 16,
      maxAspectRatio: 3,
      maxPixels: 3840 * 2160,
      maxPixelsLabel: '3840x2160',
      maxEdge: 3840,
    },
    suggestedSizes: GPT2_SUGGESTED_SIZES,
  },
};

const UNKNOWN_TEMPLATE: FamilyTemplate = {
  family: 'unknown',
  sizes: { kind: 'any' },
  // Every size some known model makes; a custom server may refuse some, its answer decides.
  suggestedSizes: ['1024x1024', '1536x1024', '1024x1536', '1792x1024', '1024x1792', '512x512', '256x256', 'auto'],
  qualities: ALL_QUALITIES,
  maxN: MAX_N,
  maxPromptLength: undefined,
  // Family-specific parameters are not sent to a model whose family is unknown.
  outputFormats: [],
  outputCompression: false,
  backgrounds: [],
  moderation: false,
  styles: [],
  responseFormats: [],
  // A server that ignores `stream` answers plain JSON, which the SDK's SSE reader cannot parse.
  streaming: false,
  maxPartialImages: 0,
  edits: { supported: true, maxImages: 16, inputFormats: ALL_OUTPUT_FORMATS, maxBytes: undefined, squareOnly: false },
  variations: true,
  revisedPrompt: false,
  base64Only: false,
  tokenPriced: false,
  defaults: { n: 1 },
};

interface ModelEntry {
  family: Family;
  qualities?: readonly Quality[];
  shutdown?: Shutdown;
}

/** OpenAI's current image model: the replacement named in shutdown warnings and errors. */
export const CURRENT_MODEL = 'gpt-image-2';
const RETIRING_2026_12: Shutdown = { date: '2026-12-01', replacement: CURRENT_MODEL, scope: 'everywhere' };
const DALL_E_RETIREMENT: Shutdown = { date: '2026-05-12', replacement: CURRENT_MODEL, scope: 'openai' };

// Insertion order is the order of KNOWN_MODELS: current models first.
const MODEL_TABLE: Record<string, ModelEntry> = {
  'gpt-image-2': { family: 'gpt-image-2' },
  'gpt-image-2-2026-04-21': { family: 'gpt-image-2' },
  'gpt-image-2.5-flare': { family: 'gpt-image-2', qualities: GPT_EXTENDED_QUALITIES },
  'gpt-image-2.5-flare-2026-09-08': { family: 'gpt-image-2', qualities: GPT_EXTENDED_QUALITIES },
  'gpt-image-2.5-sunburst': { family: 'gpt-image-2', qualities: GPT_EXTENDED_QUALITIES },
  'gpt-image-2.5-sunburst-2026-09-08': { family: 'gpt-image-2', qualities: GPT_EXTENDED_QUALITIES },
  'gpt-image-2.6-flare': { family: 'gpt-image-2', qualities: GPT_EXTENDED_QUALITIES },
  'gpt-image-2.6-sunburst': { family: 'gpt-image-2', qualities: GPT_EXTENDED_QUALITIES },
  'gpt-image-1.5': { family: 'gpt-image-1', shutdown: RETIRING_2026_12 },
  'gpt-image-1-mini': { family: 'gpt-image-1', shutdown: RETIRING_2026_12 },
  'chatgpt-image-latest': { family: 'gpt-image-1', shutdown: RETIRING_2026_12 },
  'gpt-image-1': {
    family: 'gpt-image-1',
    shutdown: { date: '2026-10-23', replacement: CURRENT_MODEL, scope: 'everywhere' },
  },
  'dall-e-3': { family: 'dall-e-3', shutdown: DALL_E_RETIREMENT },
  'dall-e-2': { family: 'dall-e-2', shutdown: DALL_E_RETIREMENT },
};

/** Every model name the table knows, current models first (snapshots included). */
export const KNOWN_MODELS: readonly string[] = Object.keys(MODEL_TABLE);

/**
 * The table key for `model`: exact name, else without a `provider/` prefix (gateways such as
 * `openai/gpt-image-2`), else without a `-YYYY-MM-DD` snapshot suffix. Undefined if unknown.
 */
function resolveTableKey(model: string): string | undefined {
  let name = model.trim().toLowerCase();
  if (name in MODEL_TABLE) return name;
  name = name.slice(name.lastIndexOf('/') + 1);
  if (name in MODEL_TABLE) return name;
  const undated = name.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return undated in MODEL_TABLE ? undated : undefined;
}

/** Capabilities of `model`; unknown names get permissive defaults (`known: false`). */
export function capabilitiesFor(model: string): ModelCapabilities {
  const key = resolveTableKey(model);
  const entry = key === undefined ? undefined : MODEL_TABLE[key];
  if (key === undefined || entry === undefined) {
    return { ...UNKNOWN_TEMPLATE, id: model, baseModel: model, known: false };
  }
  const template = FAMILIES[entry.family];
  return {
    ...template,
    id: model,
    baseModel: key,
    known: true,
    qualities: entry.qualities ?? template.qualities,
    ...(entry.shutdown ? { shutdown: entry.shutdown } : {}),
  };
}

/** Sizes for a size picker (for gpt-image-2 and later: suggestions; any valid WxH also works). */
export function sizesToOffer(model: string): readonly string[] {
  return capabilitiesFor(model).suggestedSizes;
}

/** Qualities for a quality picker. */
export function qualitiesFor(model: string): readonly Quality[] {
  return capabilitiesFor(model).qualities;
}

/** Values a UI should preselect for `model`. */
export function defaultsFor(model: string): ModelDefaults {
  return { ...capabilitiesFor(model).defaults };
}

/** True for OpenAI's own service: no base URL (the SDK default) or an `*api.openai.com` host. */
export function isOpenAIBaseUrl(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined || baseUrl.trim() === '') return true;
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return host === 'api.openai.com' || host.endsWith('.api.openai.com');
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Problems

/** Options for one generation, as the UI and settings hand them over (untrusted values). */
export interface GenerationOptions {
  model: string;
  prompt: string;
  size?: string;
  quality?: string;
  n?: number;
  background?: 'transparent' | 'opaque' | 'auto';
  outputFormat?: 'png' | 'jpeg' | 'webp';
  outputCompression?: number;
  moderation?: 'low' | 'auto';
  style?: 'vivid' | 'natural';
  responseFormat?: 'url' | 'b64_json';
  stream?: boolean;
  partialImages?: number;
  user?: string;
}

/** One wrong option: `message` names the value and what is allowed instead. */
export interface ParameterProblem {
  field: string;
  value: unknown;
  message: string;
  allowed?: string[];
}

/** Thrown by buildGenerationRequest()/planRequests() with every problem found. */
export class InvalidParametersError extends Error {
  readonly problems: ParameterProblem[];

  constructor(problems: ParameterProblem[]) {
    super(problems.map((problem) => problem.message).join(' '));
    this.name = 'InvalidParametersError';
    this.problems = problems;
  }
}

/** "a", "a or b", "a, b or c". */
function joinOr(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

// ---------------------------------------------------------------------------------------------
// Sizes

/** `1024 X 1024`, ` 1024×1024 ` → `1024x1024`; anything else is returned trimmed. */
export function normalizeSize(size: string): string {
  const trimmed = size.trim().toLowerCase();
  const match = /^(\d+)\s*[x×]\s*(\d+)$/.exec(trimmed);
  return match ? `${Number(match[1])}x${Number(match[2])}` : trimmed;
}

/** Width and height of a `WxH` string, or undefined (also for `auto`). */
export function parseSize(size: string): { width: number; height: number } | undefined {
  const match = /^(\d{1,6})x(\d{1,6})$/.exec(size);
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Whether `model` accepts `size: "auto"`. */
export function acceptsAutoSize(model: string): boolean {
  const rule = capabilitiesFor(model).sizes;
  return rule.kind !== 'fixed' || rule.sizes.includes('auto');
}

const nearestMultiple = (value: number, step: number) => Math.max(step, Math.round(value / step) * step);

/** Why a WxH breaks a flexible rule, or undefined when it fits. */
function flexibleSizeReason(
  width: number,
  height: number,
  rule: Extract<SizeRule, { kind: 'flexible' }>,
): string | undefined {
  const { multipleOf, maxEdge, maxAspectRatio, maxPixels, maxPixelsLabel } = rule;
  if (width % multipleOf !== 0 || height % multipleOf !== 0 || width === 0 || height === 0) {
    const nearest = `${nearestMultiple(width, multipleOf)}x${nearestMultiple(height, multipleOf)}`;
    return `width and height must both be multiples of ${multipleOf} (the nearest is ${nearest})`;
  }
  if (Math.max(width, height) > maxEdge) return `the longest side can be at most ${maxEdge} pixels`;
  // Integer comparison: 1024x3072 (exactly 1:3) passes, 1024x3088 does not.
  if (Math.max(width, height) > maxAspectRatio * Math.min(width, height)) {
    return `the aspect ratio must be between 1:${maxAspectRatio} and ${maxAspectRatio}:1`;
  }
  if (width * height > maxPixels) {
    const pixels = (width * height).toLocaleString('en-US');
    return `it has ${pixels} pixels and the limit is ${maxPixels.toLocaleString('en-US')} (${maxPixelsLabel})`;
  }
  return undefined;
}

/**
 * Whether `model` can make `size` (`WxH` or `auto`, already normalized). Returns the problem,
 * or undefined when the size is fine.
 */
export function validateSize(model: string, size: string): ParameterProblem | undefined {
  const caps = capabilitiesFor(model);
  const rule = caps.sizes;
  if (rule.kind === 'fixed') {
    if (rule.sizes.includes(size)) return undefined;
    return {
      field: 'size',
      value: size,
      message: `Size ${size} is not available for ${caps.id}. Choose ${joinOr(rule.sizes)}.`,
      allowed: [...rule.sizes],
    };
  }
  if (size === 'auto') return undefined;
  const parsed = parseSize(size);
  if (!parsed) {
    return {
      field: 'size',
      value: size,
      message: `Size ${describeValue(size)} is not a size. Use WIDTHxHEIGHT (for example 1024x1024) or auto.`,
      allowed: [...caps.suggestedSizes],
    };
  }
  if (rule.kind === 'any') {
    if (parsed.width > 0 && parsed.height > 0) return undefined;
    return {
      field: 'size',
      value: size,
      message: `Size ${size} is not a size: width and height must be greater than 0.`,
      allowed: [...caps.suggestedSizes],
    };
  }
  const reason = flexibleSizeReason(parsed.width, parsed.height, rule);
  if (reason === undefined) return undefined;
  return {
    field: 'size',
    value: size,
    message: `Size ${size} is not available for ${caps.id}: ${reason}.`,
    allowed: [...caps.suggestedSizes],
  };
}

// ---------------------------------------------------------------------------------------------
// Building the request

/** An option that was set but is not sent, and why (for the log, or a hint in the UI). */
export interface DroppedOption {
  field: keyof GenerationOptions;
  value: unknown;
  reason: string;
}

/** The result of checking options against their model. */
export interface PreparedGeneration {
  /** The body to send; meaningful only when `problems` is empty. */
  body: ImageGenerateParams;
  problems: ParameterProblem[];
  dropped: DroppedOption[];
}

type Body = { -readonly [K in keyof ImageGenerateParamsBase]: ImageGenerateParamsBase[K] };

interface Context {
  caps: ModelCapabilities;
  options: GenerationOptions;
  body: Body;
  problems: ParameterProblem[];
  dropped: DroppedOption[];
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

function drop(ctx: Context, field: keyof GenerationOptions, reason: string): void {
  ctx.dropped.push({ field, value: ctx.options[field], reason });
}

/** Why a family-specific parameter is not sent to a model that lacks it. */
function notSent(ctx: Context, parameter: string): string {
  return ctx.caps.known
    ? `${ctx.caps.id} has no ${parameter} parameter.`
    : `${ctx.caps.id} is not a known model, so ${parameter} is not sent (only parameters every model accepts are).`;
}

/** True when `value` is in `vocabulary`; otherwise records a problem. */
function inVocabulary<T extends string>(
  ctx: Context,
  field: keyof GenerationOptions,
  label: string,
  vocabulary: readonly T[],
): boolean {
  const value = ctx.options[field];
  if ((vocabulary as readonly unknown[]).includes(value)) return true;
  ctx.problems.push({
    field,
    value,
    message: `${label} ${describeValue(value)} is not valid. Choose ${joinOr(vocabulary)}.`,
    allowed: [...vocabulary],
  });
  return false;
}

function wholeNumberProblem(field: string, label: string, value: unknown, min: number, max: number): ParameterProblem {
  return {
    field,
    value,
    message: `${label} ${describeValue(value)} is not possible. Choose a whole number from ${min} to ${max}.`,
  };
}

const isWholeNumberIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

function applyModelAndPrompt(ctx: Context): void {
  const { caps, options } = ctx;
  if (!ctx.body.model) {
    ctx.problems.push({ field: 'model', value: options.model, message: 'Choose a model.', allowed: [...KNOWN_MODELS] });
  }
  const prompt = typeof options.prompt === 'string' ? options.prompt : '';
  if (prompt.trim() === '') {
    ctx.problems.push({ field: 'prompt', value: options.prompt, message: 'The prompt is empty. Describe the image you want.' });
    return;
  }
  // The limit is in characters; count code points so an emoji is one, not two.
  const length = [...prompt].length;
  if (caps.maxPromptLength !== undefined && length > caps.maxPromptLength) {
    ctx.problems.push({
      field: 'prompt',
      value: `${length} characters`,
      message: `The prompt has ${length} characters; ${caps.id} accepts at most ${caps.maxPromptLength}. Shorten it.`,
    });
  }
}

function applySize(ctx: Context): void {
  const raw = ctx.options.size;
  if (!isSet(raw)) return;
  if (typeof raw !== 'string') {
    ctx.problems.push({ field: 'size', value: raw, message: `Size ${describeValue(raw)} is not a size. Use WIDTHxHEIGHT or auto.` });
    return;
  }
  const size = normalizeSize(raw);
  if (size === 'auto' && !acceptsAutoSize(ctx.caps.id)) {
    // "auto" means "no preference": leaving size out gives the model's default size.
    drop(ctx, 'size', `${ctx.caps.id} has no automatic size; its default (${ctx.caps.defaults.size}) is used.`);
    return;
  }
  const problem = validateSize(ctx.caps.id, size);
  if (problem) ctx.problems.push(problem);
  else ctx.body.size = size;
}

function applyQuality(ctx: Context): void {
  const { caps } = ctx;
  const quality = ctx.options.quality;
  if (!isSet(quality)) return;
  if (!caps.known && typeof quality === 'string') {
    // Custom servers may have their own quality names; their answer decides.
    ctx.body.quality = quality as Quality;
    return;
  }
  if ((caps.qualities as readonly unknown[]).includes(quality)) {
    ctx.body.quality = quality as Quality;
  } else if ((ALL_QUALITIES as readonly unknown[]).includes(quality)) {
    const fallback = caps.defaults.quality ? ` its default (${caps.defaults.quality}) is used` : ' the server default is used';
    drop(ctx, 'quality', `${caps.id} has no "${String(quality)}" quality;${fallback}.`);
  } else {
    ctx.problems.push({
      field: 'quality',
      value: quality,
      message: `Quality ${describeValue(quality)} is not available for ${caps.id}. Choose ${joinOr(caps.qualities)}.`,
      allowed: [...caps.qualities],
    });
  }
}

function applyN(ctx: Context): void {
  const n = ctx.options.n;
  if (n === undefined || n === null) return;
  if (!isWholeNumberIn(n, 1, MAX_N)) {
    ctx.problems.push(wholeNumberProblem('n', 'Number of images', n, 1, MAX_N));
    return;
  }
  // dall-e-3 makes one image per request; planRequests() repeats the request instead.
  ctx.body.n = Math.min(n, ctx.caps.maxN);
}

function applyOutput(ctx: Context): void {
  const { caps, options } = ctx;
  let format: OutputFormat | undefined;
  if (isSet(options.outputFormat) && inVocabulary(ctx, 'outputFormat', 'Output format', ALL_OUTPUT_FORMATS)) {
    if (caps.outputFormats.includes(options.outputFormat as OutputFormat)) {
      format = options.outputFormat;
      ctx.body.output_format = format;
    } else {
      drop(ctx, 'outputFormat', caps.known ? `${caps.id} always returns PNG.` : notSent(ctx, 'output_format'));
    }
  }
  // PNG is what GPT models return when no format is sent.
  const effectiveFormat = format ?? (caps.outputFormats.length > 0 ? 'png' : undefined);

  const compression = options.outputCompression;
  if (compression !== undefined && compression !== null) {
    if (!isWholeNumberIn(compression, 0, 100)) {
      ctx.problems.push(wholeNumberProblem('outputCompression', 'Compression', compression, 0, 100));
    } else if (!caps.outputCompression) {
      drop(ctx, 'outputCompression', notSent(ctx, 'output_compression'));
    } else if (effectiveFormat === 'png') {
      drop(ctx, 'outputCompression', 'Compression applies only to JPEG and WebP output; PNG is lossless.');
    } else {
      ctx.body.output_compression = compression;
    }
  }

  if (!isSet(options.background) || !inVocabulary(ctx, 'background', 'Background', ALL_BACKGROUNDS)) return;
  const background = options.background as Background;
  if (caps.backgrounds.includes(background)) {
    if (background === 'transparent' && effectiveFormat === 'jpeg') {
      ctx.problems.push({
        field: 'background',
        value: background,
        message: 'A transparent background needs PNG or WebP output; JPEG has no transparency. Choose png or webp, or an opaque background.',
        allowed: ['png', 'webp'],
      });
    } else {
      ctx.body.background = background;
    }
  } else if (background === 'transparent' && caps.known) {
    // Dropping it would silently give an opaque image the user did not ask for.
    ctx.problems.push({
      field: 'background',
      value: background,
      message: `${caps.id} cannot make transparent backgrounds. Choose a GPT image model such as ${CURRENT_MODEL}, or turn transparency off.`,
    });
  } else {
    drop(ctx, 'background', notSent(ctx, 'background'));
  }
}

function applyLegacyAndModeration(ctx: Context): void {
  const { caps, options } = ctx;
  if (isSet(options.moderation) && inVocabulary(ctx, 'moderation', 'Moderation', ALL_MODERATIONS)) {
    if (caps.moderation) ctx.body.moderation = options.moderation;
    else drop(ctx, 'moderation', notSent(ctx, 'moderation'));
  }
  if (isSet(options.style) && inVocabulary(ctx, 'style', 'Style', ALL_STYLES)) {
    if (caps.styles.includes(options.style as Style)) ctx.body.style = options.style;
    else drop(ctx, 'style', caps.known ? `${caps.id} has no style parameter; describe the style in the prompt.` : notSent(ctx, 'style'));
  }
  if (isSet(options.responseFormat) && inVocabulary(ctx, 'responseFormat', 'Response format', ALL_RESPONSE_FORMATS)) {
    if (caps.responseFormats.includes(options.responseFormat as ResponseFormat)) {
      ctx.body.response_format = options.responseFormat;
    } else {
      drop(ctx, 'responseFormat', caps.base64Only ? `${caps.id} always returns base64 images.` : notSent(ctx, 'response_format'));
    }
  }
}

function applyStreaming(ctx: Context): void {
  const { caps, options } = ctx;
  if (options.stream === true) {
    // The caller must read `body.stream` to know whether the SDK returns a stream.
    if (caps.streaming) ctx.body.stream = true;
    else drop(ctx, 'stream', caps.known ? `${caps.id} cannot stream.` : notSent(ctx, 'stream'));
  }
  const partials = options.partialImages;
  if (partials === undefined || partials === null) return;
  if (!isWholeNumberIn(partials, 0, MAX_PARTIAL_IMAGES)) {
    ctx.problems.push(wholeNumberProblem('partialImages', 'Partial images', partials, 0, MAX_PARTIAL_IMAGES));
  } else if (ctx.body.stream === true) {
    ctx.body.partial_images = partials;
  } else if (options.stream === true) {
    drop(ctx, 'partialImages', `${caps.id} cannot stream, so it sends no partial images.`);
  } else {
    drop(ctx, 'partialImages', 'Partial images are only sent while streaming.');
  }
}

/**
 * Checks `options` against the model and builds the body, collecting every problem and every
 * option that is not sent (see the rules at the top of this file).
 */
export function prepareGeneration(options: GenerationOptions): PreparedGeneration {
  const model = typeof options.model === 'string' ? options.model.trim() : '';
  const prompt = typeof options.prompt === 'string' ? options.prompt : '';
  const ctx: Context = {
    caps: capabilitiesFor(model),
    options,
    body: { model, prompt },
    problems: [],
    dropped: [],
  };
  applyModelAndPrompt(ctx);
  applySize(ctx);
  applyQuality(ctx);
  applyN(ctx);
  applyOutput(ctx);
  applyLegacyAndModeration(ctx);
  applyStreaming(ctx);
  if (typeof options.user === 'string' && options.user.trim() !== '') ctx.body.user = options.user;
  return { body: ctx.body as ImageGenerateParams, problems: ctx.problems, dropped: ctx.dropped };
}

/** Every problem with `options` for their model (empty when the request can be sent). */
export function validateGeneration(options: GenerationOptions): ParameterProblem[] {
  return prepareGeneration(options).problems;
}

/**
 * Exactly the body to send (snake_case, SDK `ImageGenerateParams`): only parameters the model
 * accepts; options valid for other models are dropped (see the top of this file).
 * @throws InvalidParametersError listing every problem.
 */
export function buildGenerationRequest(options: GenerationOptions): ImageGenerateParams {
  const { body, problems } = prepareGeneration(options);
  if (problems.length > 0) throw new InvalidParametersError(problems);
  return body;
}

/**
 * How to get `n` images: models limited to one image per request (dall-e-3) get `n` requests
 * of n=1; the others one request of n.
 * @throws InvalidParametersError when n is not a whole number from 1 to 10.
 */
export function planRequests(options: GenerationOptions): { requestCount: number; perRequestN: number } {
  const n = options.n ?? 1;
  if (!isWholeNumberIn(n, 1, MAX_N)) {
    throw new InvalidParametersError([wholeNumberProblem('n', 'Number of images', n, 1, MAX_N)]);
  }
  return capabilitiesFor(options.model).maxN === 1
    ? { requestCount: n, perRequestN: 1 }
    : { requestCount: 1, perRequestN: n };
}

// ---------------------------------------------------------------------------------------------
// Shutdowns

const DAY_MS = 24 * 60 * 60 * 1000;
const WARNING_DAYS = 30;

/** UTC instant from which `shutdown` applies. */
const shutdownInstant = (shutdown: Shutdown): number => Date.parse(`${shutdown.date}T00:00:00Z`);

/**
 * Whether `model` no longer answers at `now`. DALL·E retirements count only on OpenAI's
 * service (`baseUrl` undefined = OpenAI, the SDK default).
 */
export function isShutDown(model: string, now: Date, baseUrl?: string): boolean {
  const shutdown = capabilitiesFor(model).shutdown;
  if (!shutdown || (shutdown.scope === 'openai' && !isOpenAIBaseUrl(baseUrl))) return false;
  return now.getTime() >= shutdownInstant(shutdown);
}

/**
 * A warning when `model` is shut down or shuts down within 30 days of `now`, naming the date
 * and the current replacement; undefined otherwise. DALL·E is retired on OpenAI's service only,
 * so pass `baseUrl` to stay quiet for compatible servers (undefined = OpenAI).
 */
export function shutdownWarning(model: string, now: Date, baseUrl?: string): string | undefined {
  const caps = capabilitiesFor(model);
  const shutdown = caps.shutdown;
  if (!shutdown || (shutdown.scope === 'openai' && !isOpenAIBaseUrl(baseUrl))) return undefined;
  const msLeft = shutdownInstant(shutdown) - now.getTime();
  if (msLeft <= 0) {
    return shutdown.scope === 'openai'
      ? `${caps.id} was retired on OpenAI's service on ${shutdown.date}. Use ${shutdown.replacement} instead.`
      : `${caps.id} was shut down on ${shutdown.date}. Use ${shutdown.replacement} instead.`;
  }
  if (msLeft > WARNING_DAYS * DAY_MS) return undefined;
  const days = Math.ceil(msLeft / DAY_MS);
  return `${caps.id} shuts down on ${shutdown.date} (in ${days} day${days === 1 ? '' : 's'}). Switch to ${shutdown.replacement} before then.`;
}
