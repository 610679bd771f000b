import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caretOnFirstLine, caretOnLastLine, PromptHistory } from '../../webview/studio/promptHistory';
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
const GPT: StudioParams = { model: 'gpt-image-2', size: '1536x864', quality: 'low', n: 4, background: 'transparent', outputFormat: 'webp', style: 'vivid' };

test('switching model keeps what fits and replaces what does not', () => {
  const dalle3 = describeModel('dall-e-3', NOW, 'http://localhost/v1');
  assert.deepEqual(fitParams(dalle3, { ...GPT, model: 'dall-e-3' }), {
    model: 'dall-e-3', size: '1024x1024', quality: 'standard', n: 4, background: 'auto', outputFormat: 'png', style: 'vivid',
  });
  const gpt2 = describeModel('gpt-image-2', NOW);
  assert.deepEqual(fitParams(gpt2, GPT), GPT, 'everything fits gpt-image-2');
  assert.equal(fitParams(gpt2, { ...GPT, size: '1920x1088' }).size, '1920x1088', 'custom sizes stay (the host checks them)');
  assert.equal(fitParams(describeModel('gpt-image-1.5', NOW), { ...GPT, size: '1920x1088' }).size, 'auto', 'fixed sizes only');
  assert.equal(fitParams(gpt2, { ...GPT, outputFormat: 'jpeg' }).background, 'auto', 'JPEG cannot be transparent');
  assert.equal(fitParams(gpt2, { ...GPT, n: 40 }).n, 10);
  assert.equal(fitParams(gpt2, { ...GPT, n: 0 }).n, 1);
  assert.equal(fitParams(gpt2, { ...GPT, n: Number.NaN }).n, 1);
});
