// What a studio tile and done line say an image cost: the sidecar's cost when the answer had
// `usage`, else (per-image-priced models: DALL·E answers have none) the price of the size and
// quality sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSidecar } from '../../src/panels/studio/historyRecord';
import { costOf } from '../../src/panels/studio/studioCost';
import type { RateOverrides } from '../../src/openai/costEstimate';

const sidecar = (change: Record<string, unknown>) =>
  JSON.stringify({
    generator: 'image-studio',
    version: 1,
    prompt: 'a lighthouse',
    model: 'dall-e-3',
    parameters: { model: 'dall-e-3', n: 1, size: '1792x1024', quality: 'hd', style: 'vivid', response_format: 'b64_json' },
    server: '127.0.0.1',
    width: 1792,
    height: 1024,
    createdAt: '2026-11-21T10:15:00.000Z',
    image: 'a-lighthouse.png',
    ...change,
  });

test('price overrides (imageStudio.prices) apply to a sidecar without a cost', () => {
  const record = (model: string, sent: { size?: string; quality?: string }) => ({ model, costUsd: undefined, sent });
  const rates: RateOverrides = { 'my-model': { kind: 'perImage', prices: { standard: { '1024x1024': 0.5 } }, defaultQuality: 'standard', defaultSize: '1024x1024' } };
  assert.equal(costOf(record('my-model', { size: '1024x1024' }), rates), 0.5);
  assert.equal(costOf(record('dall-e-3', { size: '1792x1024', quality: 'hd' }), { 'dall-e-3': { kind: 'perImage', prices: { hd: { '1792x1024': 0.1 } }, defaultQuality: 'standard', defaultSize: '1024x1024' } }), 0.1);
  assert.equal(costOf(record('dall-e-3', { size: '512x512', quality: 'hd' })), undefined, 'a size the table does not price');
});

test('a DALL·E sidecar without a cost gets its price; a sidecar\'s own cost wins', () => {
  const dalle = parseSidecar(sidecar({}), 'a-lighthouse.json');
  assert.ok(dalle);
  assert.deepEqual(dalle.sent, { size: '1792x1024', quality: 'hd' });
  assert.equal(costOf(dalle), 0.12);
  const reported = parseSidecar(sidecar({ costUsd: 0.2 }), 'a-lighthouse.json');
  assert.ok(reported);
  assert.equal(reported.sent, undefined);
  assert.equal(costOf(reported), 0.2);
  const gpt = parseSidecar(sidecar({ model: 'gpt-image-2', parameters: { size: '1024x1024', quality: 'low' } }), 'a-lighthouse.json');
  assert.ok(gpt);
  assert.equal(costOf(gpt), undefined, 'no usage, no cost: nothing is made up');
  const odd = parseSidecar(sidecar({ parameters: { size: '<b>', quality: 42 } }), 'a-lighthouse.json');
  assert.ok(odd);
  assert.deepEqual(odd.sent, {});
  assert.equal(costOf(odd), 0.04, 'implausible values are not used: the defaults are priced');
});
