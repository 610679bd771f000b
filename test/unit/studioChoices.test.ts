// The studio form's remembered choices: what comes back after a reload or in a new panel is
// valid for the models offered now, field by field, and a stale field takes the settings' value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StudioParams } from '../../shared/protocol';
import { chooseParams } from '../../shared/studioChoices';
import { restoreChoices, sizeTheModelTakes } from '../../src/panels/studio/studioChoices';
import { describeModel, studioModels } from '../../src/panels/studio/studioModels';
import { DEFAULT_SETTINGS } from '../../src/config/defaultSettings';
import type { StudioSettings } from '../../src/config/settings';

const NOW = new Date('2026-11-21T12:00:00Z');
const SERVER = 'http://127.0.0.1:8080/v1';
const SETTINGS: StudioSettings = { ...DEFAULT_SETTINGS, baseUrl: SERVER, quality: 'medium', count: 2 };
/** The settings' values, as the panel hands them to the form. */
const NOV_DEFAULTS = { complexity: 'default', frameCount: 9, frameDurationMs: 200 } as const;
const DEFAULTS: StudioParams = { model: 'gpt-image-2', size: '1024x1024', quality: 'medium', n: 2, background: 'auto', outputFormat: 'png', style: 'vivid', ...NOV_DEFAULTS };
const MODELS = studioModels({ configuredModel: 'gpt-image-2', customModel: '', baseUrl: SERVER, now: NOW });
const CHOSEN: StudioParams = {
  model: 'gpt-image-2', size: '1536x1024', quality: 'high', n: 3, background: 'transparent', outputFormat: 'webp', style: 'vivid',
  complexity: 'high', frameCount: 4, frameDurationMs: 120,
};

const restore = (stored: unknown, models = MODELS, settings = SETTINGS) => restoreChoices(stored, models, DEFAULTS, settings);

test('nothing remembered: nothing restored (the form shows the settings)', () => {
  assert.equal(restore(undefined), undefined);
  assert.equal(restore(null), undefined);
});

test('valid choices come back exactly', () => {
  assert.deepEqual(restore(CHOSEN), CHOSEN);
  const dalle3: StudioParams = { model: 'dall-e-3', size: '1792x1024', quality: 'hd', n: 4, background: 'auto', outputFormat: 'png', style: 'natural', ...NOV_DEFAULTS };
  assert.deepEqual(restore(dalle3), dalle3);
  assert.deepEqual(restore({ ...CHOSEN, size: '1920x1088' }), { ...CHOSEN, size: '1920x1088' }, 'a custom size the model takes');
});

test('a model no longer offered falls back to the settings\' model; the other choices stay where it takes them', () => {
  const onOpenAI = studioModels({ configuredModel: 'gpt-image-2', customModel: '', baseUrl: '', now: NOW });
  assert.ok(!onOpenAI.some((model) => model.id === 'dall-e-3'), 'DALL·E 3 is not offered on OpenAI any more');
  const restored = restore({ model: 'dall-e-3', size: '1792x1024', quality: 'hd', n: 3, background: 'auto', outputFormat: 'png', style: 'natural' }, onOpenAI, { ...SETTINGS, baseUrl: '' });
  assert.deepEqual(restored, { model: 'gpt-image-2', size: '1792x1024', quality: 'medium', n: 3, background: 'auto', outputFormat: 'png', style: 'vivid', ...NOV_DEFAULTS },
    'hd is not a gpt-image-2 quality: the settings\' medium; 1792x1024 fits its size rules; n=3 stays');
  assert.deepEqual(restore({ ...CHOSEN, model: 'flux-dev' }), CHOSEN, 'a custom model no longer configured: gpt-image-2 takes the rest');
});

test('a size the model does not offer, or its rules refuse, takes the settings\' size', () => {
  const dalle3 = { model: 'dall-e-3', quality: 'hd', n: 1, background: 'auto', outputFormat: 'png', style: 'vivid' };
  assert.equal(restore({ ...dalle3, size: '1536x1024' })?.size, '1024x1024', 'not one of DALL·E 3\'s sizes');
  assert.equal(restore({ ...CHOSEN, size: '1000x1000' })?.size, '1024x1024', 'not multiples of 16');
  assert.equal(restore({ ...CHOSEN, size: '4096x4096' })?.size, '1024x1024', 'too large for gpt-image-2');
  assert.equal(restore({ ...CHOSEN, size: '../../x' })?.size, '1024x1024');
  // The settings' size itself does not fit DALL·E 2: its model default then.
  const dalle2 = restoreChoices({ model: 'dall-e-2', size: '1792x1024', quality: 'standard', n: 1, background: 'auto', outputFormat: 'png', style: 'vivid' }, MODELS, { ...DEFAULTS, size: '1536x1024' }, SETTINGS);
  assert.equal(dalle2?.size, describeModel('dall-e-2', NOW, SERVER).defaults.size ?? '1024x1024');
});

test('each stale or malformed field falls back on its own', () => {
  assert.deepEqual(restore({ ...CHOSEN, quality: 'ultra' }), { ...CHOSEN, quality: 'medium' });
  assert.deepEqual(restore({ ...CHOSEN, n: 40 }), { ...CHOSEN, n: 2 });
  assert.deepEqual(restore({ ...CHOSEN, n: 2.5 }), { ...CHOSEN, n: 2 });
  assert.deepEqual(restore({ ...CHOSEN, n: '3' }), { ...CHOSEN, n: 2 });
  assert.deepEqual(restore({ ...CHOSEN, background: 'clear' }), { ...CHOSEN, background: 'auto' });
  assert.deepEqual(restore({ ...CHOSEN, outputFormat: 'gif' }), { ...CHOSEN, outputFormat: 'png' });
  assert.deepEqual(restore({ model: 'gpt-image-2' }), chooseParams(MODELS, DEFAULTS, DEFAULTS), 'an older version\'s shape');
  for (const junk of ['gpt-image-2', 42, [CHOSEN], {}, { model: { id: 'x' } }]) {
    assert.deepEqual(restore(junk), chooseParams(MODELS, DEFAULTS, DEFAULTS), `for ${JSON.stringify(junk)}`);
  }
});

test('a combination the request would refuse is repaired (a transparent JPEG)', () => {
  const restored = restore({ ...CHOSEN, outputFormat: 'jpeg' });
  assert.equal(restored?.outputFormat, 'jpeg');
  assert.notEqual(restored?.background, 'transparent');
});

test('whatever was remembered, what comes back is offered and valid for its model', () => {
  const stored: unknown[] = [
    CHOSEN,
    { ...CHOSEN, model: 'gone-model', size: '7x7', quality: 'x', n: 0 },
    { model: 'dall-e-2', size: '1536x1024', quality: 'hd', n: 10, background: 'transparent', outputFormat: 'webp', style: 'natural' },
    { model: 'gpt-image-1.5', size: '1920x1088', quality: 'low', n: 5, background: 'opaque', outputFormat: 'jpeg', style: 'vivid' },
  ];
  for (const value of stored) {
    const restored = restore(value);
    assert.ok(restored);
    const model = MODELS.find((entry) => entry.id === restored.model);
    assert.ok(model, `${restored.model} is offered`);
    assert.ok(sizeTheModelTakes(model, restored.size), `${restored.size} for ${restored.model}`);
    assert.ok(model.qualities.includes(restored.quality));
    assert.ok(restored.n >= 1 && restored.n <= model.maxN);
  }
});

test('complexity and the GIF frames: each stale or malformed one takes the settings\' value', () => {
  assert.deepEqual(restore({ ...CHOSEN, complexity: 'extreme' }), { ...CHOSEN, complexity: 'default' });
  assert.deepEqual(restore({ ...CHOSEN, frameCount: 40 }), { ...CHOSEN, frameCount: 9 });
  assert.deepEqual(restore({ ...CHOSEN, frameCount: 1 }), { ...CHOSEN, frameCount: 9 });
  assert.deepEqual(restore({ ...CHOSEN, frameCount: 3.5 }), { ...CHOSEN, frameCount: 9 });
  assert.deepEqual(restore({ ...CHOSEN, frameCount: '4' }), { ...CHOSEN, frameCount: 9 });
  assert.deepEqual(restore({ ...CHOSEN, frameDurationMs: 5 }), { ...CHOSEN, frameDurationMs: 200 });
  assert.deepEqual(restore({ ...CHOSEN, frameDurationMs: 700_000 }), { ...CHOSEN, frameDurationMs: 200 });
  // Settings that ask for other values: those, not the service's defaults.
  const settings = { ...SETTINGS, complexity: 'medium', gifFrameCount: 12, gifFrameDurationMs: 80 } as const;
  const defaults: StudioParams = { ...DEFAULTS, complexity: 'medium', frameCount: 12, frameDurationMs: 80 };
  assert.deepEqual(restoreChoices({ ...CHOSEN, complexity: 'x', frameCount: 0, frameDurationMs: null }, MODELS, defaults, settings), { ...CHOSEN, complexity: 'medium', frameCount: 12, frameDurationMs: 80 });
  // Remembered by a version before these fields: the settings' values.
  const { complexity: _c, frameCount: _f, frameDurationMs: _d, ...older } = CHOSEN;
  assert.deepEqual(restore(older), { ...CHOSEN, ...NOV_DEFAULTS });
});

test('complexity on a model that does not plan comes back as Default', () => {
  const restored = restore({ ...CHOSEN, model: 'gpt-image-1.5', size: '1536x1024' });
  assert.equal(restored?.model, 'gpt-image-1.5');
  assert.equal(restored?.complexity, 'default');
});

test('a remembered GIF: its frames come back; a size no GIF is made at, or a transparent background, takes the settings\' value', () => {
  const gif: StudioParams = { ...CHOSEN, model: 'gpt-image-2.5-flare', size: '1024x1536', background: 'opaque', outputFormat: 'gif', frameCount: 3 };
  assert.deepEqual(restore(gif), gif);
  assert.deepEqual(restore({ ...gif, size: '1536x864' }), { ...gif, size: DEFAULTS.size }, 'a size of the model, but not a GIF size');
  assert.deepEqual(restore({ ...gif, background: 'transparent' }), { ...gif, background: 'auto' });
  assert.equal(restoreChoices({ ...gif, size: '1536x864' }, MODELS, { ...DEFAULTS, size: '2048x2048' }, SETTINGS)?.size, 'auto', 'nor the settings\' size: the model\'s default');
  // The format gone (a model that makes no GIF): the settings' format, and the sizes are the model's again.
  assert.deepEqual(restore({ ...gif, model: 'gpt-image-2', size: '1536x864' }), { ...gif, model: 'gpt-image-2', size: '1536x864', outputFormat: 'png' });
  const svg = restore({ ...CHOSEN, model: 'gpt-image-2.5-flare', outputFormat: 'svg' });
  assert.equal(svg?.outputFormat, 'svg');
  assert.notEqual(svg?.background, 'transparent', 'no transparent SVG');
});
