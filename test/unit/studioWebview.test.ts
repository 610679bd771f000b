import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caretOnFirstLine, caretOnLastLine, PromptHistory } from '../../webview/studio/promptHistory';
import { parseEmbeddedState } from '../../webview/studio/embeddedState';
import { fitParams } from '../../shared/studioChoices';
import { describeModel } from '../../src/panels/studio/studioModels';
import type { StudioParams } from '../../shared/protocol';

test('Up/Down walk through earlier prompts and come back to the draft', () => {
  const history = new PromptHistory(['newest', 'older', 'oldest']);
  assert.equal(history.newer(), undefined, 'nothing below the draft');
  assert.equal(history.older('my draft'), 'newest');
  assert.equal(history.older('newest'), 'older');
  assert.equal(history.older('older'), 'oldest');
  assert.equal(history.older('oldest'), undefined, 'nothing above the oldest');
  assert.equal(history.newer(), 'older');
  assert.equal(history.newer(), 'newest');
  assert.equal(history.newer(), 'my draft');
  assert.equal(history.newer(), undefined);
});

test('submitted prompts move to the front, without duplicates, within the limit', () => {
  const history = new PromptHistory(['b', 'a', 'b', ' '], 3);
  assert.deepEqual(history.list(), ['b', 'a']);
  history.add('a');
  assert.deepEqual(history.list(), ['a', 'b']);
  history.add('c');
  history.add('d');
  assert.deepEqual(history.list(), ['d', 'c', 'a']);
  history.merge(['x', 'c']);
  assert.deepEqual(history.list(), ['d', 'c', 'a']);
  const fresh = new PromptHistory(['mine']);
  fresh.merge(['from history', 'mine']);
  assert.deepEqual(fresh.list(), ['mine', 'from history']);
});

test('caret lines', () => {
  assert.ok(caretOnFirstLine('one\ntwo', 2));
  assert.ok(!caretOnFirstLine('one\ntwo', 5));
  assert.ok(caretOnLastLine('one\ntwo', 5));
  assert.ok(!caretOnLastLine('one\ntwo', 1));
  assert.ok(caretOnFirstLine('', 0) && caretOnLastLine('', 0));
});

const NOW = new Date('2026-11-21T12:00:00Z');
const GPT: StudioParams = {
  model: 'gpt-image-2', size: '1536x864', quality: 'low', n: 4, background: 'transparent', outputFormat: 'webp', style: 'vivid',
  complexity: 'high', frameCount: 4, frameDurationMs: 120,
};

test('switching model keeps what fits and replaces what does not', () => {
  const dalle3 = describeModel('dall-e-3', NOW, 'http://localhost/v1');
  assert.deepEqual(fitParams(dalle3, { ...GPT, model: 'dall-e-3' }), {
    model: 'dall-e-3', size: '1024x1024', quality: 'standard', n: 4, background: 'auto', outputFormat: 'png', style: 'vivid',
    complexity: 'default', frameCount: 4, frameDurationMs: 120,
  }, 'DALL·E 3 plans nothing (no complexity); the frames wait for a GIF');
  const gpt2 = describeModel('gpt-image-2', NOW);
  assert.deepEqual(fitParams(gpt2, GPT), GPT, 'everything fits gpt-image-2');
  assert.equal(fitParams(gpt2, { ...GPT, size: '1920x1088' }).size, '1920x1088', 'custom sizes stay (the host checks them)');
  assert.equal(fitParams(describeModel('gpt-image-1.5', NOW), { ...GPT, size: '1920x1088' }).size, 'auto', 'fixed sizes only');
  assert.equal(fitParams(gpt2, { ...GPT, outputFormat: 'jpeg' }).background, 'auto', 'JPEG cannot be transparent');
  assert.equal(fitParams(gpt2, { ...GPT, n: 40 }).n, 10);
  assert.equal(fitParams(gpt2, { ...GPT, n: 0 }).n, 1);
  assert.equal(fitParams(gpt2, { ...GPT, n: Number.NaN }).n, 1);
});

test('GIF output: only the GIF sizes, no transparency, frames kept within their limits', () => {
  const flare = describeModel('gpt-image-2.5-flare', NOW);
  const gif = fitParams(flare, { ...GPT, model: flare.id, outputFormat: 'gif' });
  assert.equal(gif.size, 'auto', '1536x864 is no GIF size: the model\'s default, which is one');
  assert.equal(gif.background, 'auto', 'the service makes transparent images only as PNG or WebP');
  assert.deepEqual([gif.frameCount, gif.frameDurationMs, gif.complexity], [4, 120, 'high']);
  for (const size of flare.gifSizes) assert.equal(fitParams(flare, { ...gif, size }).size, size, `${size} is a GIF size`);
  assert.equal(fitParams(flare, { ...gif, outputFormat: 'png', size: '1536x864' }).size, '1536x864', 'other formats keep their sizes');
  assert.deepEqual([fitParams(flare, { ...gif, frameCount: 40 }).frameCount, fitParams(flare, { ...gif, frameCount: 1 }).frameCount], [16, 2]);
  assert.equal(fitParams(flare, { ...gif, frameDurationMs: 1e9 }).frameDurationMs, 655_350);
  assert.deepEqual([fitParams(flare, { ...gif, frameCount: undefined }).frameCount, fitParams(flare, { ...gif, frameDurationMs: Number.NaN }).frameDurationMs], [9, 200], 'the service\'s defaults');
  assert.equal(fitParams(flare, { ...GPT, model: flare.id, outputFormat: 'svg' }).background, 'auto', 'no transparent SVG either');
  // gpt-image-2 makes no GIF: the format falls back, and with it the size rule.
  const gpt2 = fitParams(describeModel('gpt-image-2', NOW), { ...gif, model: 'gpt-image-2', size: '1536x864' });
  assert.deepEqual([gpt2.outputFormat, gpt2.size], ['png', '1536x864']);
});

test('complexity: kept on models that plan, Default on the others, junk never kept', () => {
  assert.equal(fitParams(describeModel('gpt-image-2', NOW), GPT).complexity, 'high');
  assert.equal(fitParams(describeModel('gpt-image-1.5', NOW), { ...GPT, model: 'gpt-image-1.5' }).complexity, 'default');
  assert.equal(fitParams(describeModel('gpt-image-2', NOW), { ...GPT, complexity: 'extreme' as StudioParams['complexity'] }).complexity, 'default');
  assert.equal(fitParams(describeModel('gpt-image-2', NOW), { ...GPT, complexity: undefined }).complexity, 'default');
});

// ---- The first history page embedded in the HTML (webview/studio/embeddedState.ts) ----------

const EMBEDDED_IMAGE = {
  id: '0123456789abcdef01234567',
  name: 'a-lighthouse-20261121-101500.png',
  path: 'images/a-lighthouse-20261121-101500.png',
  prompt: 'A lighthouse </script><script>alert(1)</script> "quoted" & <b>',
  model: 'gpt-image-2',
  width: 1536,
  height: 1024,
  createdAt: '2026-11-21T10:15:00.000Z',
  quality: 'low',
  costUsd: 0.011,
  params: GPT,
  differences: ['PNG instead of WebP'],
};

test('an embedded first page is taken as the host wrote it', () => {
  const state = { history: { total: 200, entries: [EMBEDDED_IMAGE, { ...EMBEDDED_IMAGE, id: 'f'.repeat(24), origin: 'variation', params: undefined }] } };
  assert.deepEqual(parseEmbeddedState(JSON.stringify(state)), JSON.parse(JSON.stringify(state)));
  assert.deepEqual(parseEmbeddedState(JSON.stringify({ history: { total: 0, entries: [] } })), { history: { total: 0, entries: [] } }, 'an empty history is drawn at once too');
});

test('no embedded page, or one not exactly as the host writes it, means asking by message', () => {
  const page = (change: Record<string, unknown>, entry: Record<string, unknown> = {}) =>
    JSON.stringify({ history: { total: 1, entries: [{ ...EMBEDDED_IMAGE, ...entry }], ...change } });
  for (const text of [undefined, '', 'null', '{', '[]', '{}', '{"history":null}', '{"history":[]}']) {
    assert.deepEqual(parseEmbeddedState(text), {}, `for ${text}`);
  }
  assert.deepEqual(parseEmbeddedState(page({ total: -1 })), {}, 'a negative total');
  assert.deepEqual(parseEmbeddedState(page({ total: 1.5 })), {}, 'a fractional total');
  assert.deepEqual(parseEmbeddedState(page({ total: 0 })), {}, 'more entries than the total');
  assert.deepEqual(parseEmbeddedState(page({ entries: 'x' })), {}, 'entries not a list');
  assert.deepEqual(parseEmbeddedState(JSON.stringify({ history: { total: 500, entries: Array(201).fill(EMBEDDED_IMAGE) } })), {}, 'more than a page may hold');
  assert.deepEqual(parseEmbeddedState(page({}, { id: '../../etc/passwd' })), {}, 'an id the host would not issue');
  assert.deepEqual(parseEmbeddedState(page({}, { id: undefined })), {}, 'no id');
  assert.deepEqual(parseEmbeddedState(page({}, { width: '1536' })), {}, 'a width as text');
  assert.deepEqual(parseEmbeddedState(page({}, { costUsd: Number.NaN })), {}, 'a cost that is no number');
  assert.deepEqual(parseEmbeddedState(page({}, { origin: 'upload' })), {}, 'an unknown origin');
  assert.deepEqual(parseEmbeddedState(page({}, { differences: [1] })), {}, 'differences not text');
  assert.deepEqual(parseEmbeddedState(page({}, { params: 'gpt-image-2' })), {}, 'params not an object');
  assert.deepEqual(parseEmbeddedState(page({}, { prompt: { toString: 'x' } })), {}, 'a prompt that is no text');
});
