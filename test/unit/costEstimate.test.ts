import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  actualCost,
  actualCostPerImage,
  svgAuthorCost,
  estimateCost,
  estimateOutputTokens,
  formatUsd,
  ratesFor,
  type RateOverrides,
} from '../../src/openai/costEstimate';

// 12 characters → 3 estimated prompt tokens.
const PROMPT = 'a red fox!!!';

test('dall-e-2 is priced per image by size', () => {
  assert.deepEqual(estimateCost({ model: 'dall-e-2', prompt: PROMPT, size: '256x256' }), {
    usd: 0.016,
    basis: '1 image × $0.016 (dall-e-2, standard, 256x256)',
  });
  assert.equal(estimateCost({ model: 'dall-e-2', prompt: PROMPT, size: '512x512' })?.usd, 0.018);
  assert.equal(estimateCost({ model: 'dall-e-2', prompt: PROMPT, size: '1024x1024', n: 3 })?.usd, 0.06);
  // No size sent: the server default, 1024x1024.
  assert.equal(estimateCost({ model: 'dall-e-2', prompt: PROMPT })?.usd, 0.02);
});

test('dall-e-3 by size and quality, n images as n requests', () => {
  const cases: Array<[string, string | undefined, number]> = [
    ['1024x1024', 'standard', 0.04],
    ['1792x1024', 'standard', 0.08],
    ['1024x1792', undefined, 0.08],
    ['1024x1024', 'hd', 0.08],
    ['1792x1024', 'hd', 0.12],
    ['1024x1792', 'hd', 0.12],
  ];
  for (const [size, quality, usd] of cases) {
    assert.equal(estimateCost({ model: 'dall-e-3', prompt: PROMPT, size, quality })?.usd, usd, `${size} ${quality}`);
  }
  assert.deepEqual(estimateCost({ model: 'dall-e-3', prompt: PROMPT, size: '1792x1024', quality: 'hd', n: 2 }), {
    usd: 0.24,
    basis: '2 images × $0.12 (dall-e-3, hd, 1792x1024)',
  });
  // A GPT quality left in settings is dropped from the request, so the default price applies.
  assert.equal(estimateCost({ model: 'dall-e-3', prompt: PROMPT, quality: 'high' })?.usd, 0.04);
});

test('GPT image output tokens scale with area from the 1024x1024 counts', () => {
  assert.equal(estimateOutputTokens('1024x1024', 'low'), 272);
  assert.equal(estimateOutputTokens('1024x1024', 'medium'), 1056);
  assert.equal(estimateOutputTokens('1024x1024', 'high'), 4160);
  assert.equal(estimateOutputTokens('1024x1024', 'auto'), 1056);
  assert.equal(estimateOutputTokens('1536x1024', 'high'), 6240);
  assert.equal(estimateOutputTokens('1024x1536', 'low'), 408);
  assert.equal(estimateOutputTokens('3840x2160', 'high'), 32906);
  assert.equal(estimateOutputTokens('auto', 'medium'), 1056);
  assert.ok((estimateOutputTokens('1024x1024', 'xhigh') ?? 0) > 4160);
  assert.ok((estimateOutputTokens('1024x1024', 'max') ?? 0) > (estimateOutputTokens('1024x1024', 'xhigh') ?? 0));
  assert.equal(estimateOutputTokens('1024x1024', 'hd'), undefined);
});

test('GPT image estimate: output tokens at $40/M plus prompt tokens at $5/M', () => {
  // 4160 × 40 / 1e6 = 0.1664; 3 × 5 / 1e6 = 0.000015.
  assert.deepEqual(estimateCost({ model: 'gpt-image-2', prompt: PROMPT, size: '1024x1024', quality: 'high' }), {
    usd: 0.166415,
    basis: '1 image × ~4,160 output tokens at $40/M + ~3 prompt tokens at $5/M (gpt-image-2, high, 1024x1024; estimate)',
  });
  // One request for n images: the prompt is billed once.
  assert.equal(estimateCost({ model: 'gpt-image-1.5', prompt: PROMPT, size: '1024x1024', quality: 'low', n: 4 })?.usd, 0.043535);
  // Nothing set: auto quality (≈ medium) and auto size (≈ 1024x1024).
  const auto = estimateCost({ model: 'gpt-image-2.5-flare', prompt: PROMPT });
  assert.equal(auto?.usd, 0.042255);
  assert.match(auto?.basis ?? '', /auto, auto size as 1024x1024; estimate/);
  assert.ok((estimateCost({ model: 'gpt-image-2.6-sunburst', prompt: PROMPT, quality: 'max' })?.usd ?? 0) > 0.166415);
  // A snapshot uses its base model's rates.
  assert.equal(estimateCost({ model: 'gpt-image-2-2026-04-21', prompt: PROMPT, quality: 'high', size: '1024x1024' })?.usd, 0.166415);
  // gpt-image-1-mini has lower published rates: 272 × 8 / 1e6 + 3 × 2 / 1e6.
  assert.equal(estimateCost({ model: 'gpt-image-1-mini', prompt: PROMPT, quality: 'low', size: '1024x1024' })?.usd, 0.002182);
});

test('no estimate for unknown models or options that cannot be sent', () => {
  assert.equal(estimateCost({ model: 'my-local-sdxl', prompt: PROMPT }), undefined);
  assert.equal(ratesFor('my-local-sdxl'), undefined);
  assert.equal(estimateCost({ model: 'dall-e-3', prompt: PROMPT, size: '999x999' }), undefined);
  assert.equal(estimateCost({ model: 'gpt-image-2', prompt: '' }), undefined);
});

test('the rate table can be overridden and extended', () => {
  const overrides: RateOverrides = {
    'gpt-image-2': { kind: 'tokens', textInputPerMillion: 1, imageInputPerMillion: 1, imageOutputPerMillion: 10 },
    'my-local-sdxl': {
      kind: 'perImage',
      prices: { standard: { '1024x1024': 0.002 } },
      defaultQuality: 'standard',
      defaultSize: '1024x1024',
    },
  };
  // 4160 × 10 / 1e6 + 3 × 1 / 1e6.
  assert.equal(estimateCost({ model: 'gpt-image-2', prompt: PROMPT, quality: 'high', size: '1024x1024' }, overrides)?.usd, 0.041603);
  assert.equal(estimateCost({ model: 'my-local-sdxl', prompt: PROMPT, n: 5 }, overrides)?.usd, 0.01);
  // Other models keep the built-in rates.
  assert.equal(estimateCost({ model: 'dall-e-2', prompt: PROMPT, size: '256x256' }, overrides)?.usd, 0.016);
});

test('actual cost from usage', () => {
  const usage = {
    input_tokens: 50,
    output_tokens: 4160,
    total_tokens: 4210,
    input_tokens_details: { text_tokens: 10, image_tokens: 40 },
  };
  // 10 × 5 + 40 × 10 + 4160 × 40 = 166850 micro-dollars.
  assert.equal(actualCost('gpt-image-2', usage), 0.16685);
  // Without details, input is priced as text.
  assert.equal(actualCost('gpt-image-1.5', { input_tokens: 50, output_tokens: 1056 }), 0.04249);
  // Output details: image tokens at the image rate, text tokens at the image rate unless overridden.
  const detailed = { ...usage, output_tokens_details: { image_tokens: 4000, text_tokens: 160 } };
  assert.equal(actualCost('gpt-image-2', detailed), 0.16685);
  const textRate: RateOverrides = {
    'gpt-image-2': { kind: 'tokens', textInputPerMillion: 5, imageInputPerMillion: 10, imageOutputPerMillion: 40, textOutputPerMillion: 10 },
  };
  assert.equal(actualCost('gpt-image-2', detailed, textRate), 0.16205);
  assert.equal(actualCost('dall-e-3', usage), undefined);
  assert.equal(actualCost('my-local-sdxl', usage), undefined);
  assert.equal(actualCost('gpt-image-2', undefined), undefined);
});

test('formatUsd', () => {
  assert.equal(formatUsd(0), '$0.00');
  assert.equal(formatUsd(0.0004), '<$0.001');
  assert.equal(formatUsd(0.016), '$0.016');
  assert.equal(formatUsd(0.04), '$0.04');
  assert.equal(formatUsd(0.12), '$0.12');
  assert.equal(formatUsd(0.166415), '$0.166');
  assert.equal(formatUsd(1.5), '$1.50');
  assert.equal(formatUsd(1234.5), '$1,234.50');
  assert.equal(formatUsd(-0.04), '-$0.04');
  assert.equal(formatUsd(Number.NaN), '—');
});

test('each image of a multi-image response carries its share of the request cost', () => {
  const usage = { input_tokens: 50, output_tokens: 4160, input_tokens_details: { text_tokens: 10, image_tokens: 40 } };
  assert.equal(actualCostPerImage('gpt-image-2', usage, 1), 0.16685);
  assert.equal(actualCostPerImage('gpt-image-2', usage, 5), 0.03337);
  assert.equal(actualCostPerImage('gpt-image-2', usage, 0), 0.16685, 'a count of 0 is treated as one image');
  assert.equal(actualCostPerImage('my-local-model', usage, 1), undefined, 'no price known');
});

test('per-image-priced models (no usage in the answer): the price of the size and quality sent', () => {
  assert.equal(actualCostPerImage('dall-e-3', undefined, 4), 0.04, 'nothing sent: the defaults, standard 1024x1024');
  assert.equal(actualCostPerImage('dall-e-3', undefined, 1, undefined, { quality: 'hd', size: '1792x1024' }), 0.12);
  assert.equal(actualCostPerImage('dall-e-2', undefined, 3, undefined, { size: '256x256' }), 0.016);
  assert.equal(actualCostPerImage('dall-e-3', undefined, 1, undefined, { quality: 'ultra' }), undefined, 'a price the table does not have');
});

test('the SVG author is billed at its text rates when they are known', () => {
  const svgUsage = { model: 'gpt-5.5', input_tokens: 2000, output_tokens: 6000, reasoning_tokens: 1000, total_tokens: 8000 };
  assert.equal(svgAuthorCost(svgUsage, { 'gpt-5.5': { kind: 'text', textInputPerMillion: 1.25, textOutputPerMillion: 10 } }), 0.0625);
  assert.equal(svgAuthorCost(svgUsage), undefined, 'author prices are the account\'s: none built in');
  assert.equal(svgAuthorCost({ ...svgUsage, model: undefined }, { 'gpt-5.5': { kind: 'text', textInputPerMillion: 1, textOutputPerMillion: 1 } }), undefined);
});
