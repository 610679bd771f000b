// The table of what each Images API model accepts (sizes, qualities, n, formats, edits,
// streaming, shutdown dates), and lookups into it. Validation and request building live in
// modelCapabilities.ts, which re-exports everything here.
// Facts as of 2026-11 (OpenAPI spec f85dbe2, `openai` 7.55 types, ../shared/openai-openapi).

import { STUDIO_GIF_LIMITS } from '../../shared/messageLimits';

/** The groups of models that share one parameter contract. */
export type ModelFamily = 'dall-e-2' | 'dall-e-3' | 'gpt-image-1' | 'gpt-image-2' | 'unknown';
export type Quality = 'standard' | 'hd' | 'low' | 'medium' | 'high' | 'xhigh' | 'max' | 'auto';
/** Formats a raster image comes in (and the formats edits read). */
export type RasterFormat = 'png' | 'jpeg' | 'webp';
/** Every `output_format`: rasters, an animated GIF, or an SVG drawing (2026-11). */
export type OutputFormat = RasterFormat | 'gif' | 'svg';
/** How hard the model plans the image, independently of rendering quality (2026-11). */
export type Complexity = 'low' | 'medium' | 'high';
/** The SVG author's reasoning effort (`svg.reasoning.effort`). */
export type SvgEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export type Background = 'transparent' | 'opaque' | 'auto';
export type Moderation = 'low' | 'auto';
export type Style = 'vivid' | 'natural';
export type ResponseFormat = 'url' | 'b64_json';

/** Every quality any model accepts, in the order a picker shows them. */
export const ALL_QUALITIES: readonly Quality[] = ['auto', 'low', 'medium', 'high', 'xhigh', 'max', 'standard', 'hd'];
export const RASTER_FORMATS: readonly RasterFormat[] = ['png', 'jpeg', 'webp'];
export const ALL_OUTPUT_FORMATS: readonly OutputFormat[] = [...RASTER_FORMATS, 'gif', 'svg'];
/** Each output format's name in messages, and its MIME type: one table for every place that names or types a result. */
export const FORMAT_NAMES: Readonly<Record<OutputFormat, string>> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF', svg: 'SVG' };
export const FORMAT_MIME_TYPES: Readonly<Record<OutputFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', svg: 'image/svg+xml' };
export const isRasterFormat = (format: string): format is RasterFormat => (RASTER_FORMATS as readonly string[]).includes(format);
export const ALL_COMPLEXITIES: readonly Complexity[] = ['low', 'medium', 'high'];
export const ALL_SVG_EFFORTS: readonly SvgEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];
export const ALL_BACKGROUNDS: readonly Background[] = ['auto', 'opaque', 'transparent'];
export const ALL_MODERATIONS: readonly Moderation[] = ['auto', 'low'];
export const ALL_STYLES: readonly Style[] = ['vivid', 'natural'];
export const ALL_RESPONSE_FORMATS: readonly ResponseFormat[] = ['b64_json', 'url'];

/** Hard limits shared by every model (API schema: n 1–10, compression 0–100, 0–3 partials). */
export const MAX_N = 10;
export const MAX_PARTIAL_IMAGES = 3;
/** `safety_identifier`: at most 128 characters (openai 7.4x CHANGELOG). */
export const MAX_SAFETY_IDENTIFIER_LENGTH = 128;

/**
 * GIF output (openai 7.51 typings): 2–16 frames (default 9), each shown for
 * `frame_duration_ms` (default 200, rounded by the service to 10 ms, at most 655,350).
 * "The requested size must satisfy the model's GIF size limits", which are not published:
 * we allow the standard sizes every GPT image model makes, and `auto`.
 */
export const GIF_LIMITS = {
  // The frame bounds are the ones the webviews' messages are held to: one definition.
  ...STUDIO_GIF_LIMITS,
  sizes: ['auto', '1024x1024', '1536x1024', '1024x1536'] as readonly string[],
} as const;
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
  inputFormats: readonly RasterFormat[];
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
  complexity?: Complexity;
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
  /** Empty when the model has no `output_format` (DALL·E returns PNG); `gif`/`svg` where offered. */
  outputFormats: readonly OutputFormat[];
  /** `complexity` (planning effort, independent of quality). */
  complexity: boolean;
  /** `markup` on edits: a transparent PNG drawn over the first image to guide the edit. */
  markup: boolean;
  /** `safety_identifier` (a stable hash of the person, for abuse monitoring). */
  safetyIdentifier: boolean;
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
  supported: true, maxImages: 16, inputFormats: RASTER_FORMATS, maxBytes: 50 * MB, squareOnly: false,
};
const NO_EDITS: EditSupport = { supported: false, maxImages: 0, inputFormats: [], maxBytes: 0, squareOnly: false };
const GPT_DEFAULTS: ModelDefaults = { size: 'auto', quality: 'auto', n: 1, outputFormat: 'png', background: 'auto', moderation: 'auto' };

const GPT_COMMON = {
  qualities: GPT_QUALITIES,
  maxN: MAX_N,
  maxPromptLength: 32000,
  outputFormats: RASTER_FORMATS,
  complexity: false,
  markup: false,
  safetyIdentifier: true,
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
  complexity: false,
  markup: false,
  safetyIdentifier: false,
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
    complexity: true,
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
  complexity: false,
  markup: false,
  safetyIdentifier: false,
  outputCompression: false,
  backgrounds: [],
  moderation: false,
  styles: [],
  responseFormats: [],
  // A server that ignores `stream` answers plain JSON, which the SDK's SSE reader cannot parse.
  streaming: false,
  maxPartialImages: 0,
  edits: { supported: true, maxImages: 16, inputFormats: RASTER_FORMATS, maxBytes: undefined, squareOnly: false },
  variations: true,
  revisedPrompt: false,
  base64Only: false,
  tokenPriced: false,
  defaults: { n: 1 },
};

interface ModelEntry {
  family: Family;
  /** What this model adds to its family's template. */
  extends?: Partial<Pick<FamilyTemplate, 'qualities' | 'outputFormats' | 'markup'>>;
  shutdown?: Shutdown;
}

/**
 * GPT Image 2.5 and 2.6 (openai 7.36–7.51 typings): `xhigh`/`max` quality, GIF and SVG output,
 * and markup-guided edits. The typings name 2.5 for markup and xhigh/max; 2.6 is the same
 * generation and the service treats it so.
 */
const GPT_2_5: ModelEntry['extends'] = { qualities: GPT_EXTENDED_QUALITIES, outputFormats: ALL_OUTPUT_FORMATS, markup: true };

/** OpenAI's current image model: the default, and the model named where any GPT image model will do. */
export const CURRENT_MODEL = 'gpt-image-2';
/** What the typings tell people on retired GPT Image 1 models to use instead. */
const GPT_IMAGE_1_SUCCESSOR = 'gpt-image-2.5-sunburst';
const RETIRING_2026_12: Shutdown = { date: '2026-12-01', replacement: GPT_IMAGE_1_SUCCESSOR, scope: 'everywhere' };
const DALL_E_RETIREMENT: Shutdown = { date: '2026-05-12', replacement: CURRENT_MODEL, scope: 'openai' };

// Insertion order is the order of KNOWN_MODELS: current models first.
const MODEL_TABLE: Record<string, ModelEntry> = {
  'gpt-image-2': { family: 'gpt-image-2' },
  'gpt-image-2-2026-04-21': { family: 'gpt-image-2' },
  'gpt-image-2.5-flare': { family: 'gpt-image-2', extends: GPT_2_5 },
  'gpt-image-2.5-flare-2026-09-08': { family: 'gpt-image-2', extends: GPT_2_5 },
  'gpt-image-2.5-sunburst': { family: 'gpt-image-2', extends: GPT_2_5 },
  'gpt-image-2.5-sunburst-2026-09-08': { family: 'gpt-image-2', extends: GPT_2_5 },
  'gpt-image-2.6-flare': { family: 'gpt-image-2', extends: GPT_2_5 },
  'gpt-image-2.6-sunburst': { family: 'gpt-image-2', extends: GPT_2_5 },
  'gpt-image-1.5': { family: 'gpt-image-1', shutdown: RETIRING_2026_12 },
  'gpt-image-1-mini': { family: 'gpt-image-1', shutdown: RETIRING_2026_12 },
  'chatgpt-image-latest': { family: 'gpt-image-1', shutdown: RETIRING_2026_12 },
  'gpt-image-1': {
    family: 'gpt-image-1',
    shutdown: { date: '2026-10-23', replacement: GPT_IMAGE_1_SUCCESSOR, scope: 'everywhere' },
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
    ...entry.extends,
    ...(entry.shutdown ? { shutdown: entry.shutdown } : {}),
  };
}

/**
 * The models to suggest for something `offers` tells apart (GIF output, markup…): current
 * models only (nothing shut down or retiring), without snapshot names, in table order.
 */
export function currentModelsWhere(offers: (caps: ModelCapabilities) => boolean): string[] {
  return KNOWN_MODELS.filter((name) => !/-\d{4}-\d{2}-\d{2}$/.test(name)).filter((name) => {
    const caps = capabilitiesFor(name);
    return !caps.shutdown && offers(caps);
  });
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
