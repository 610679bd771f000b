// The `imageStudio.prices` setting, checked: a malformed entry is reported and ignored
// rather than turning every estimate into nonsense.
/* eslint-disable image-studio/localized-text -- the problems are only logged (ImageJobs.prices, logger.warn), and the log is English */
import type { ModelRates, RateOverrides } from './costEstimate';

export interface ParsedPrices {
  rates: RateOverrides;
  problems: string[];
}

const TOKEN_FIELDS = ['textInputPerMillion', 'imageInputPerMillion', 'imageOutputPerMillion'] as const;

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function parseEntry(model: string, value: unknown): ModelRates | string {
  if (typeof value !== 'object' || value === null) return `${model}: expected an object`;
  const entry = value as Record<string, unknown>;
  if (entry.kind === 'tokens') {
    for (const field of TOKEN_FIELDS) {
      if (!isPrice(entry[field])) return `${model}: "${field}" must be a non-negative number (USD per million tokens)`;
    }
    if (entry.textOutputPerMillion !== undefined && !isPrice(entry.textOutputPerMillion)) {
      return `${model}: "textOutputPerMillion" must be a non-negative number`;
    }
    return {
      kind: 'tokens',
      textInputPerMillion: entry.textInputPerMillion as number,
      imageInputPerMillion: entry.imageInputPerMillion as number,
      imageOutputPerMillion: entry.imageOutputPerMillion as number,
      ...(entry.textOutputPerMillion !== undefined ? { textOutputPerMillion: entry.textOutputPerMillion as number } : {}),
    };
  }
  if (entry.kind === 'text') {
    for (const field of ['textInputPerMillion', 'textOutputPerMillion'] as const) {
      if (!isPrice(entry[field])) return `${model}: "${field}" must be a non-negative number (USD per million tokens)`;
    }
    return { kind: 'text', textInputPerMillion: entry.textInputPerMillion as number, textOutputPerMillion: entry.textOutputPerMillion as number };
  }
  if (entry.kind === 'perImage') {
    const prices = entry.prices;
    if (typeof prices !== 'object' || prices === null) return `${model}: "prices" must map quality → size → USD`;
    for (const [quality, bySize] of Object.entries(prices)) {
      if (typeof bySize !== 'object' || bySize === null) return `${model}: prices.${quality} must map size → USD`;
      for (const [size, price] of Object.entries(bySize)) {
        if (!isPrice(price)) return `${model}: prices.${quality}.${size} must be a non-negative number`;
      }
    }
    if (typeof entry.defaultQuality !== 'string' || typeof entry.defaultSize !== 'string') {
      return `${model}: "defaultQuality" and "defaultSize" are needed`;
    }
    return {
      kind: 'perImage',
      prices: prices as Record<string, Record<string, number>>,
      defaultQuality: entry.defaultQuality,
      defaultSize: entry.defaultSize,
    };
  }
  return `${model}: "kind" must be "tokens", "perImage" or "text"`;
}

/** Parses the setting's value; entries with problems are left out and described. */
export function parsePriceOverrides(setting: unknown): ParsedPrices {
  const rates: Record<string, ModelRates> = {};
  const problems: string[] = [];
  if (setting === undefined || setting === null) return { rates, problems };
  if (typeof setting !== 'object' || Array.isArray(setting)) {
    return { rates, problems: ['imageStudio.prices must be an object keyed by model name'] };
  }
  for (const [model, value] of Object.entries(setting)) {
    const parsed = parseEntry(model, value);
    if (typeof parsed === 'string') problems.push(parsed);
    else rates[model] = parsed;
  }
  return { rates, problems };
}
