import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePriceOverrides } from '../../src/openai/priceOverrides';
import { estimateCost } from '../../src/openai/costEstimate';

test('valid token and per-image overrides are taken', () => {
  const { rates, problems } = parsePriceOverrides({
    'my-model': { kind: 'tokens', textInputPerMillion: 1, imageInputPerMillion: 2, imageOutputPerMillion: 10 },
    'dall-e-3': { kind: 'perImage', prices: { standard: { '1024x1024': 0.1 } }, defaultQuality: 'standard', defaultSize: '1024x1024' },
  });
  assert.deepEqual(problems, []);
  assert.equal(Object.keys(rates).length, 2);
  const estimate = estimateCost({ model: 'dall-e-3', prompt: 'x', size: '1024x1024', n: 3 }, rates);
  assert.equal(estimate?.usd, 0.3);
});

test('malformed entries are reported and left out', () => {
  const { rates, problems } = parsePriceOverrides({
    a: { kind: 'tokens', textInputPerMillion: -1, imageInputPerMillion: 2, imageOutputPerMillion: 3 },
    b: { kind: 'perImage', prices: { standard: { '1024x1024': 'cheap' } }, defaultQuality: 'standard', defaultSize: '1024x1024' },
    c: 'free',
    d: { kind: 'flat' },
  });
  assert.deepEqual(rates, {});
  assert.equal(problems.length, 4);
  assert.match(problems[0], /a: "textInputPerMillion" must be a non-negative number/);
  assert.match(problems[1], /prices\.standard\.1024x1024/);
  assert.match(problems[2], /c: expected an object/);
  assert.match(problems[3], /"kind" must be/);
  assert.deepEqual(parsePriceOverrides([1]).problems, ['imageStudio.prices must be an object keyed by model name']);
  assert.deepEqual(parsePriceOverrides(undefined), { rates: {}, problems: [] });
});
