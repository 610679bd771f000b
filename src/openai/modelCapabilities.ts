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
// - Adjusted: n > 1 on dall-e-3 (and with SVG output) is sent as n=1; planRequests() says how
//   many requests to make.
//
// The November 2026 parameters have their own rules: GIF and SVG output in gifAndSvgOutput,
// complexity and the safety identifier in complexityAndSafetyIdentifier. What GIF and SVG change
// here: no compression and no streaming for either (dropped), and a transparent background with
// either is an error (the service wants PNG or WebP for transparency).

import * as l10n from '@vscode/l10n';
import type { ImageGenerateParams } from 'openai/resources/images';
import { joinOr } from '../../shared/listJoin';
import { formatNumber } from '../../shared/localeFormat';
import { applyComplexity, applySafetyIdentifier } from './complexityAndSafetyIdentifier';
import {
  describeValue, drop, inVocabulary, InvalidParametersError, isSet, isWholeNumberIn, notSent, wholeNumberProblem,
  type DroppedOption, type GenerationContext, type GenerationOptions, type NotPossible, type NotValid, type ParameterProblem,
} from './generationOptions';
import { applyGif, applySvg, formatUnavailable, maxNFor } from './gifAndSvgOutput';
import {
  ALL_BACKGROUNDS, ALL_MODERATIONS, ALL_OUTPUT_FORMATS, ALL_QUALITIES, ALL_RESPONSE_FORMATS, ALL_STYLES,
  CURRENT_MODEL, FORMAT_NAMES, KNOWN_MODELS, MAX_N, MAX_PARTIAL_IMAGES, capabilitiesFor, isOpenAIBaseUrl,
  type Background, type OutputFormat, type Quality, type ResponseFormat, type Shutdown, type SizeRule, type Style,
} from './modelTable';

export * from './modelTable';
export { InvalidParametersError, type DroppedOption, type GenerationOptions, type ParameterProblem } from './generationOptions';

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

/** Why `size` (a WxH) breaks a flexible rule of `model`, as a whole sentence, or undefined when it fits. */
function flexibleSizeProblem(
  model: string,
  size: string,
  width: number,
  height: number,
  rule: Extract<SizeRule, { kind: 'flexible' }>,
): string | undefined {
  const { multipleOf, maxEdge, maxAspectRatio, maxPixels, maxPixelsLabel } = rule;
  if (width % multipleOf !== 0 || height % multipleOf !== 0 || width === 0 || height === 0) {
    const nearest = `${nearestMultiple(width, multipleOf)}x${nearestMultiple(height, multipleOf)}`;
    return l10n.t('Size {size} is not available for {model}: width and height must both be multiples of {step} (the nearest is {nearest}).', {
      size, model, step: multipleOf, nearest,
    });
  }
  if (Math.max(width, height) > maxEdge) {
    return l10n.t('Size {size} is not available for {model}: the longest side can be at most {limit} pixels.', { size, model, limit: maxEdge });
  }
  // Integer comparison: 1024x3072 (exactly 1:3) passes, 1024x3088 does not.
  if (Math.max(width, height) > maxAspectRatio * Math.min(width, height)) {
    return l10n.t('Size {size} is not available for {model}: the aspect ratio must be between 1:{ratio} and {ratio}:1.', { size, model, ratio: maxAspectRatio });
  }
  if (width * height > maxPixels) {
    return l10n.t('Size {size} is not available for {model}: it has {pixels} pixels and the limit is {limit} ({limitSize}).', {
      size, model, pixels: formatNumber(width * height), limit: formatNumber(maxPixels), limitSize: maxPixelsLabel,
    });
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
      message: l10n.t('Size {size} is not available for {model}. Choose {choices}.', { size, model: caps.id, choices: joinOr(rule.sizes) }),
      allowed: [...rule.sizes],
    };
  }
  if (size === 'auto') return undefined;
  const parsed = parseSize(size);
  if (!parsed) {
    return {
      field: 'size',
      value: size,
      message: l10n.t('Size {size} is not a size. Use WIDTHxHEIGHT (for example 1024x1024) or auto.', { size: describeValue(size) }),
      allowed: [...caps.suggestedSizes],
    };
  }
  if (rule.kind === 'any') {
    if (parsed.width > 0 && parsed.height > 0) return undefined;
    return {
      field: 'size',
      value: size,
      message: l10n.t('Size {size} is not a size: width and height must be greater than 0.', { size }),
      allowed: [...caps.suggestedSizes],
    };
  }
  const message = flexibleSizeProblem(caps.id, size, parsed.width, parsed.height, rule);
  if (message === undefined) return undefined;
  return {
    field: 'size',
    value: size,
    message,
    allowed: [...caps.suggestedSizes],
  };
}

// ---------------------------------------------------------------------------------------------
// Building the request

/** The result of checking options against their model. */
export interface PreparedGeneration {
  /** The body to send; meaningful only when `problems` is empty. */
  body: ImageGenerateParams;
  problems: ParameterProblem[];
  dropped: DroppedOption[];
}

// One whole sentence per setting, so a translator sees each as it is read.
const notPossible = {
  n: (texts: Parameters<NotPossible>[0]) => l10n.t('Number of images {value} is not possible. Choose a whole number from {min} to {max}.', texts),
  compression: (texts: Parameters<NotPossible>[0]) => l10n.t('Compression {value} is not possible. Choose a whole number from {min} to {max}.', texts),
  partialImages: (texts: Parameters<NotPossible>[0]) => l10n.t('Partial images {value} is not possible. Choose a whole number from {min} to {max}.', texts),
} satisfies Record<string, NotPossible>;

const notValid = {
  outputFormat: (texts: Parameters<NotValid>[0]) => l10n.t('Output format {value} is not valid. Choose {choices}.', texts),
  background: (texts: Parameters<NotValid>[0]) => l10n.t('Background {value} is not valid. Choose {choices}.', texts),
  moderation: (texts: Parameters<NotValid>[0]) => l10n.t('Moderation {value} is not valid. Choose {choices}.', texts),
  style: (texts: Parameters<NotValid>[0]) => l10n.t('Style {value} is not valid. Choose {choices}.', texts),
  responseFormat: (texts: Parameters<NotValid>[0]) => l10n.t('Response format {value} is not valid. Choose {choices}.', texts),
} satisfies Record<string, NotValid>;


function applyModelAndPrompt(ctx: GenerationContext): void {
  const { caps, options } = ctx;
  if (!ctx.body.model) {
    ctx.problems.push({ field: 'model', value: options.model, message: l10n.t('Choose a model.'), allowed: [...KNOWN_MODELS] });
  }
  const prompt = typeof options.prompt === 'string' ? options.prompt : '';
  if (prompt.trim() === '') {
    ctx.problems.push({ field: 'prompt', value: options.prompt, message: l10n.t('The prompt is empty. Describe the image you want.') });
    return;
  }
  // The limit is in characters; count code points so an emoji is one, not two.
  const length = [...prompt].length;
  if (caps.maxPromptLength !== undefined && length > caps.maxPromptLength) {
    ctx.problems.push({
      field: 'prompt',
      value: `${length} characters`,
      message: l10n.t('The prompt has {length} characters; {model} accepts at most {limit}. Shorten it.', {
        length: formatNumber(length), model: caps.id, limit: formatNumber(caps.maxPromptLength),
      }),
    });
  }
}

function applySize(ctx: GenerationContext): void {
  const raw = ctx.options.size;
  if (!isSet(raw)) return;
  if (typeof raw !== 'string') {
    ctx.problems.push({ field: 'size', value: raw, message: l10n.t('Size {size} is not a size. Use WIDTHxHEIGHT or auto.', { size: describeValue(raw) }) });
    return;
  }
  const size = normalizeSize(raw);
  if (size === 'auto' && !acceptsAutoSize(ctx.caps.id)) {
    // "auto" means "no preference": leaving size out gives the model's default size.
    // eslint-disable-next-line image-studio/localized-text -- dropped options are only logged, in English
    drop(ctx, 'size', `${ctx.caps.id} has no automatic size; its default (${ctx.caps.defaults.size}) is used.`);
    return;
  }
  const problem = validateSize(ctx.caps.id, size);
  if (problem) ctx.problems.push(problem);
  else ctx.body.size = size;
}

function applyQuality(ctx: GenerationContext): void {
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
    /* eslint-disable image-studio/localized-text -- dropped options are only logged, in English */
    const fallback = caps.defaults.quality ? ` its default (${caps.defaults.quality}) is used` : ' the server default is used';
    drop(ctx, 'quality', `${caps.id} has no "${String(quality)}" quality;${fallback}.`);
    /* eslint-enable image-studio/localized-text */
  } else {
    ctx.problems.push({
      field: 'quality',
      value: quality,
      message: l10n.t('Quality {value} is not available for {model}. Choose {choices}.', { value: describeValue(quality), model: caps.id, choices: joinOr(caps.qualities) }),
      allowed: [...caps.qualities],
    });
  }
}

function applyN(ctx: GenerationContext): void {
  const n = ctx.options.n;
  if (n === undefined || n === null) return;
  if (!isWholeNumberIn(n, 1, MAX_N)) {
    ctx.problems.push(wholeNumberProblem('n', notPossible.n, n, 1, MAX_N));
    return;
  }
  // dall-e-3 and SVG output make one image per request; planRequests() repeats the request instead.
  ctx.body.n = Math.min(n, maxNFor(ctx.caps, ctx.options.outputFormat));
}

function applyOutput(ctx: GenerationContext): void {
  const { caps, options } = ctx;
  let format: OutputFormat | undefined;
  if (isSet(options.outputFormat) && inVocabulary(ctx, 'outputFormat', notValid.outputFormat, ALL_OUTPUT_FORMATS)) {
    const asked = options.outputFormat as OutputFormat;
    if (caps.outputFormats.includes(asked)) {
      format = asked;
      ctx.body.output_format = format;
    } else if (asked === 'gif' || asked === 'svg') {
      ctx.problems.push(formatUnavailable(caps, asked));
    } else {
      // eslint-disable-next-line image-studio/localized-text -- dropped options are only logged, in English
      drop(ctx, 'outputFormat', caps.known ? `${caps.id} always returns PNG.` : notSent(ctx, 'output_format'));
    }
  }
  if (format === 'gif') applyGif(ctx);
  if (format === 'svg') applySvg(ctx);
  const vector = format === 'gif' || format === 'svg';
  // PNG is what GPT models return when no format is sent.
  const effectiveFormat = format ?? (caps.outputFormats.length > 0 ? 'png' : undefined);

  const compression = options.outputCompression;
  if (compression !== undefined && compression !== null) {
    if (!isWholeNumberIn(compression, 0, 100)) {
      ctx.problems.push(wholeNumberProblem('outputCompression', notPossible.compression, compression, 0, 100));
    } else if (!caps.outputCompression) {
      drop(ctx, 'outputCompression', notSent(ctx, 'output_compression'));
    } else if (vector) {
      // eslint-disable-next-line image-studio/localized-text -- dropped options are only logged, in English
      drop(ctx, 'outputCompression', `${FORMAT_NAMES[format as OutputFormat]} output has no compression setting.`);
    } else if (effectiveFormat === 'png') {
      // eslint-disable-next-line image-studio/localized-text -- dropped options are only logged, in English
      drop(ctx, 'outputCompression', 'Compression applies only to JPEG and WebP output; PNG is lossless.');
    } else {
      ctx.body.output_compression = compression;
    }
  }

  if (!isSet(options.background) || !inVocabulary(ctx, 'background', notValid.background, ALL_BACKGROUNDS)) return;
  const background = options.background as Background;
  if (caps.backgrounds.includes(background)) {
    if (background === 'transparent' && (effectiveFormat === 'jpeg' || vector)) {
      ctx.problems.push({
        field: 'background',
        value: background,
        message: effectiveFormat === 'jpeg'
          ? l10n.t('A transparent background needs PNG or WebP output; JPEG has no transparency. Choose png or webp, or an opaque background.')
          : l10n.t('A transparent background needs PNG or WebP output; the service makes transparent images as PNG or WebP only, not {format}. Choose png or webp, or an opaque background.', {
            format: FORMAT_NAMES[format as OutputFormat],
          }),
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
      message: l10n.t('{model} cannot make transparent backgrounds. Choose a GPT image model such as {current}, or turn transparency off.', { model: caps.id, current: CURRENT_MODEL }),
    });
  } else {
    drop(ctx, 'background', notSent(ctx, 'background'));
  }
}


function applyLegacyAndModeration(ctx: GenerationContext): void {
  const { caps, options } = ctx;
  if (isSet(options.moderation) && inVocabulary(ctx, 'moderation', notValid.moderation, ALL_MODERATIONS)) {
    if (caps.moderation) ctx.body.moderation = options.moderation;
    else drop(ctx, 'moderation', notSent(ctx, 'moderation'));
  }
  if (isSet(options.style) && inVocabulary(ctx, 'style', notValid.style, ALL_STYLES)) {
    if (caps.styles.includes(options.style as Style)) ctx.body.style = options.style;
    // eslint-disable-next-line image-studio/localized-text -- dropped options are only logged, in English
    else drop(ctx, 'style', caps.known ? `${caps.id} has no style parameter; describe the style in the prompt.` : notSent(ctx, 'style'));
  }
  if (isSet(options.responseFormat) && inVocabulary(ctx, 'responseFormat', notValid.responseFormat, ALL_RESPONSE_FORMATS)) {
    if (caps.responseFormats.includes(options.responseFormat as ResponseFormat)) {
      ctx.body.response_format = options.responseFormat;
    } else {
      // eslint-disable-next-line image-studio/localized-text -- dropped options are only logged, in English
      drop(ctx, 'responseFormat', caps.base64Only ? `${caps.id} always returns base64 images.` : notSent(ctx, 'response_format'));
    }
  }
}

function applyStreaming(ctx: GenerationContext): void {
  const { caps, options } = ctx;
  const format = ctx.body.output_format;
  /* eslint-disable image-studio/localized-text -- dropped options are only logged, in English */
  const unstreamed = format === 'gif' || format === 'svg' ? `${FORMAT_NAMES[format]} output is not streamed` : undefined;
  if (options.stream === true) {
    // The caller must read `body.stream` to know whether the SDK returns a stream.
    if (caps.streaming && !unstreamed) ctx.body.stream = true;
    else drop(ctx, 'stream', unstreamed ? `${unstreamed}.` : caps.known ? `${caps.id} cannot stream.` : notSent(ctx, 'stream'));
  }
  const partials = options.partialImages;
  if (partials === undefined || partials === null) return;
  if (!isWholeNumberIn(partials, 0, MAX_PARTIAL_IMAGES)) {
    ctx.problems.push(wholeNumberProblem('partialImages', notPossible.partialImages, partials, 0, MAX_PARTIAL_IMAGES));
  } else if (ctx.body.stream === true) {
    ctx.body.partial_images = partials;
  } else if (options.stream === true) {
    drop(ctx, 'partialImages', unstreamed ? `${unstreamed}, so it has no partial images.` : `${caps.id} cannot stream, so it sends no partial images.`);
  } else {
    drop(ctx, 'partialImages', 'Partial images are only sent while streaming.');
  }
  /* eslint-enable image-studio/localized-text */
}

/**
 * Checks `options` against the model and builds the body, collecting every problem and every
 * option that is not sent (see the rules at the top of this file).
 */
export function prepareGeneration(options: GenerationOptions): PreparedGeneration {
  const model = typeof options.model === 'string' ? options.model.trim() : '';
  const prompt = typeof options.prompt === 'string' ? options.prompt : '';
  const ctx: GenerationContext = {
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
  applyComplexity(ctx);
  applyLegacyAndModeration(ctx);
  applyStreaming(ctx);
  applySafetyIdentifier(ctx);
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
    throw new InvalidParametersError([wholeNumberProblem('n', notPossible.n, n, 1, MAX_N)]);
  }
  return maxNFor(capabilitiesFor(options.model), options.outputFormat) === 1
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
 * The models of `ids` that a picker offers at `now`, in their order: those that still answer
 * on `baseUrl` (see isShutDown), so no picker offers a request that cannot work, and
 * `configured` even when it no longer answers (the person's setting is shown, with its
 * shutdown, rather than silently replaced).
 */
export function modelsStillAnswering(ids: readonly string[], now: Date, baseUrl?: string, configured?: string): string[] {
  return ids.filter((id) => id === configured || !isShutDown(id, now, baseUrl));
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
    const texts = { model: caps.id, date: shutdown.date, replacement: shutdown.replacement };
    return shutdown.scope === 'openai'
      ? l10n.t("{model} was retired on OpenAI's service on {date}. Use {replacement} instead.", texts)
      : l10n.t('{model} was shut down on {date}. Use {replacement} instead.', texts);
  }
  if (msLeft > WARNING_DAYS * DAY_MS) return undefined;
  const days = Math.ceil(msLeft / DAY_MS);
  const texts = { model: caps.id, date: shutdown.date, days: formatNumber(days), replacement: shutdown.replacement };
  return days === 1
    ? l10n.t('{model} shuts down on {date} (in 1 day). Switch to {replacement} before then.', texts)
    : l10n.t('{model} shuts down on {date} (in {days} days). Switch to {replacement} before then.', texts);
}

/**
 * The problem with sending to `model` at `now` when it no longer answers there (shut down, or
 * DALL·E on OpenAI's own service): nothing is sent, and `allowed` names its successor so a
 * presenter can offer the switch in one click. Undefined while it still answers.
 */
export function retiredModelProblem(model: string, now: Date, baseUrl?: string): ParameterProblem | undefined {
  if (!isShutDown(model, now, baseUrl)) return undefined;
  const caps = capabilitiesFor(model);
  const replacement = caps.shutdown?.replacement ?? CURRENT_MODEL;
  const why = shutdownWarning(model, now, baseUrl) ?? l10n.t('{model} no longer answers.', { model });
  const what = caps.shutdown?.scope === 'openai'
    ? l10n.t('Nothing was sent: switch the model to {model} (or set imageStudio.baseUrl to a compatible server that still offers it).', { model: replacement })
    : l10n.t('Nothing was sent: switch the model to {model}.', { model: replacement });
  return {
    field: 'model',
    value: model,
    // Two whole sentences: why, then what to do.
    message: `${why} ${what}`,
    allowed: [replacement],
    successor: replacement,
  };
}
