// What a generation costs: an estimate before sending (from the exact body that will be sent)
// and the actual cost afterwards (from the response's token `usage`).
//
// Rates are USD list prices as of 2026-11. DALL·E is priced per image by size and quality;
// GPT image models by tokens. gpt-image-2.5/2.6 had no published rates in the material we had,
// so they are assumed equal to gpt-image-2. Pass overrides to correct or extend the table
// (custom models on compatible servers, negotiated prices).

import * as l10n from '@vscode/l10n';
import { capabilitiesFor, planRequests, prepareGeneration, type GenerationOptions } from './modelCapabilities';
import type { ImageUsage, SvgUsage } from './imagesClient';
import { formatNumber, formatUsd } from '../../shared/localeFormat';

/** USD per image, by quality and then size. */
export interface PerImageRates {
  kind: 'perImage';
  prices: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Used when the request sends no quality / size (the server's defaults). */
  defaultQuality: string;
  defaultSize: string;
}

/** USD per million tokens. */
export interface TokenRates {
  kind: 'tokens';
  textInputPerMillion: number;
  imageInputPerMillion: number;
  imageOutputPerMillion: number;
  /** Text output tokens, when a response reports them; priced as image output when absent. */
  textOutputPerMillion?: number;
}

/**
 * USD per million tokens of a text model: what the SVG author of an SVG result is billed at
 * (`svg_usage`, reasoning tokens counted in the output). Not in the built-in table: the
 * author models and their prices are the account's; add them in `imageStudio.prices`.
 */
export interface TextRates {
  kind: 'text';
  textInputPerMillion: number;
  textOutputPerMillion: number;
}

export type ModelRates = PerImageRates | TokenRates | TextRates;

/** Rates by model name (a table key, its snapshot, or a custom name). */
export type RateOverrides = Readonly<Record<string, ModelRates>>;

const GPT_IMAGE_RATES: TokenRates = {
  kind: 'tokens',
  textInputPerMillion: 5,
  imageInputPerMillion: 10,
  imageOutputPerMillion: 40,
};

/** Published rates for gpt-image-1-mini (developers.openai.com model page). */
const GPT_IMAGE_MINI_RATES: TokenRates = {
  kind: 'tokens',
  textInputPerMillion: 2,
  imageInputPerMillion: 2.5,
  imageOutputPerMillion: 8,
};

/** The built-in table. Snapshots (`-YYYY-MM-DD`) use their base model's rates. */
export const DEFAULT_RATES: RateOverrides = {
  'dall-e-2': {
    kind: 'perImage',
    prices: { standard: { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 } },
    defaultQuality: 'standard',
    defaultSize: '1024x1024',
  },
  'dall-e-3': {
    kind: 'perImage',
    prices: {
      standard: { '1024x1024': 0.04, '1792x1024': 0.08, '1024x1792': 0.08 },
      hd: { '1024x1024': 0.08, '1792x1024': 0.12, '1024x1792': 0.12 },
    },
    defaultQuality: 'standard',
    defaultSize: '1024x1024',
  },
  'gpt-image-1': GPT_IMAGE_RATES,
  'gpt-image-1.5': GPT_IMAGE_RATES,
  'chatgpt-image-latest': GPT_IMAGE_RATES,
  'gpt-image-1-mini': GPT_IMAGE_MINI_RATES,
  'gpt-image-2': GPT_IMAGE_RATES,
  'gpt-image-2.5-flare': GPT_IMAGE_RATES,
  'gpt-image-2.5-sunburst': GPT_IMAGE_RATES,
  'gpt-image-2.6-flare': GPT_IMAGE_RATES,
  'gpt-image-2.6-sunburst': GPT_IMAGE_RATES,
};

/**
 * Output tokens of one 1024x1024 image by quality (OpenAI's published counts for low, medium,
 * high). `auto` is estimated as medium; xhigh and max are assumptions (1.5x and 2x high).
 */
export const OUTPUT_TOKENS_1024: Readonly<Record<string, number>> = {
  low: 272,
  medium: 1056,
  high: 4160,
  auto: 1056,
  xhigh: 6240,
  max: 8320,
};

const BASE_AREA = 1024 * 1024;
/** `auto` size is estimated at the square default. */
const AUTO_SIZE_ESTIMATE = '1024x1024';

/** Rounds to nano-dollars so sums of float products compare equal to their decimal value. */
const roundUsd = (usd: number): number => Math.round(usd * 1e9) / 1e9;

/** Rates for `model`: overrides first (exact name, then table name), then the built-in table. */
export function ratesFor(model: string, overrides?: RateOverrides): ModelRates | undefined {
  const caps = capabilitiesFor(model);
  const keys = [model.trim(), caps.baseModel, caps.baseModel.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
  for (const table of [overrides, DEFAULT_RATES]) {
    if (!table) continue;
    for (const key of keys) {
      const rates = table[key];
      if (rates) return rates;
    }
  }
  return undefined;
}

/** Output tokens for one image of `size` (WxH) at `quality`, scaled by pixel area from 1024x1024. */
export function estimateOutputTokens(size: string, quality: string): number | undefined {
  const match = /^(\d+)x(\d+)$/.exec(size === 'auto' ? AUTO_SIZE_ESTIMATE : size);
  const perSquare = OUTPUT_TOKENS_1024[quality];
  if (!match || perSquare === undefined) return undefined;
  return Math.round((perSquare * Number(match[1]) * Number(match[2])) / BASE_AREA);
}

/** Prompt tokens, estimated at four characters per token. */
const estimatePromptTokens = (prompt: string): number => Math.ceil([...prompt].length / 4);

/** "1 image", "3 images" (in the display language). */
const imageCount = (count: number) => (count === 1 ? l10n.t('1 image') : l10n.t('{count} images', { count: formatNumber(count) }));

/**
 * The expected cost of `options` as they would be sent (same dropping rules as the request),
 * with a one-line basis for a tooltip. Undefined for models without rates (unknown custom
 * models unless `overrides` has them) and for options that cannot be sent.
 */
export function estimateCost(
  options: GenerationOptions,
  overrides?: RateOverrides,
): { usd: number; basis: string } | undefined {
  const rates = ratesFor(options.model, overrides);
  const prepared = prepareGeneration(options);
  if (!rates || prepared.problems.length > 0) return undefined;
  const { requestCount, perRequestN } = planRequests(options);
  const images = requestCount * perRequestN;
  const sentQuality = prepared.body.quality ?? undefined;
  const sentSize = prepared.body.size ?? undefined;
  // The SVG author's tokens are billed on top; how many cannot be known before it writes.
  const withAuthor = (basis: string) =>
    prepared.body.output_format === 'svg' ? l10n.t("{basis} + the SVG author's tokens", { basis }) : basis;

  if (rates.kind === 'perImage') {
    const quality = sentQuality ?? rates.defaultQuality;
    const size = sentSize ?? rates.defaultSize;
    const price = rates.prices[quality]?.[size];
    if (price === undefined) return undefined;
    return {
      usd: roundUsd(images * price),
      basis: l10n.t('{images} × {price} ({model}, {quality}, {size})', {
        images: imageCount(images), price: formatUsd(price), model: options.model.trim(), quality, size,
      }),
    };
  }

  if (rates.kind !== 'tokens') return undefined;
  const quality: string = sentQuality ?? 'auto';
  const size = sentSize ?? 'auto';
  const outputTokens = estimateOutputTokens(size, quality);
  if (outputTokens === undefined) return undefined;
  const promptTokens = estimatePromptTokens(options.prompt);
  // Each request bills its prompt once; every image bills its output tokens.
  const usd =
    (images * outputTokens * rates.imageOutputPerMillion + requestCount * promptTokens * rates.textInputPerMillion) / 1e6;
  const sizeNote = size === 'auto' ? l10n.t('auto size as {size}', { size: AUTO_SIZE_ESTIMATE }) : size;
  return {
    usd: roundUsd(usd),
    basis: withAuthor(l10n.t('{images} × ~{outputTokens} output tokens at ${outputRate}/M + ~{promptTokens} prompt tokens at ${inputRate}/M ({model}, {quality}, {size}; estimate)', {
      images: imageCount(images),
      outputTokens: formatNumber(outputTokens),
      outputRate: formatNumber(rates.imageOutputPerMillion),
      promptTokens: formatNumber(promptTokens),
      inputRate: formatNumber(rates.textInputPerMillion),
      model: options.model.trim(),
      quality,
      size: sizeNote,
    })),
  };
}

/**
 * The cost of one response from its `usage`, or undefined when the model is not token-priced
 * (DALL·E responses carry no usage) or has no rates.
 */
export function actualCost(model: string, usage: ImageUsage | undefined | null, overrides?: RateOverrides): number | undefined {
  const rates = ratesFor(model, overrides);
  if (!usage || !rates || rates.kind !== 'tokens') return undefined;
  const input = usage.input_tokens_details;
  // Without details every input token is priced as text, the cheaper rate: an undercount is
  // better than inventing image tokens.
  const inputUsd = input
    ? (input.text_tokens ?? 0) * rates.textInputPerMillion + (input.image_tokens ?? 0) * rates.imageInputPerMillion
    : (usage.input_tokens ?? 0) * rates.textInputPerMillion;
  const output = usage.output_tokens_details;
  const outputUsd = output
    ? (output.image_tokens ?? 0) * rates.imageOutputPerMillion +
      (output.text_tokens ?? 0) * (rates.textOutputPerMillion ?? rates.imageOutputPerMillion)
    : (usage.output_tokens ?? 0) * rates.imageOutputPerMillion;
  return roundUsd((inputUsd + outputUsd) / 1e6);
}

/** What a request sent that a per-image price depends on. */
export interface SentOptions {
  quality?: unknown;
  size?: unknown;
}

/**
 * One image's share of its request's actual cost: a request that returned several images
 * billed them together (token-priced models, from `usage`); a per-image-priced model (DALL·E)
 * reports no usage, so its price for the size and quality sent is the cost. Undefined when
 * no price is known.
 */
export function actualCostPerImage(
  model: string,
  usage: ImageUsage | undefined | null,
  imagesInRequest: number,
  overrides?: RateOverrides,
  sent: SentOptions = {},
): number | undefined {
  const rates = ratesFor(model, overrides);
  if (rates?.kind === 'perImage') {
    const quality = typeof sent.quality === 'string' ? sent.quality : rates.defaultQuality;
    const size = typeof sent.size === 'string' && sent.size !== 'auto' ? sent.size : rates.defaultSize;
    return rates.prices[quality]?.[size];
  }
  const cost = actualCost(model, usage, overrides);
  return cost === undefined ? undefined : cost / Math.max(1, imagesInRequest);
}

/**
 * What the SVG author's tokens cost, at the author model's text rates (`imageStudio.prices`,
 * kind `text`); undefined when the answer names no author or no price is known for it.
 */
export function svgAuthorCost(svgUsage: SvgUsage | undefined, overrides?: RateOverrides): number | undefined {
  if (!svgUsage?.model) return undefined;
  const rates = ratesFor(svgUsage.model, overrides);
  if (rates?.kind !== 'text') return undefined;
  return roundUsd(((svgUsage.input_tokens ?? 0) * rates.textInputPerMillion + (svgUsage.output_tokens ?? 0) * rates.textOutputPerMillion) / 1e6);
}

// Prices are shown in the display language's number format (shared/localeFormat.ts).
export { formatUsd };
