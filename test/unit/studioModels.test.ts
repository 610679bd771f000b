import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeModel, studioModels } from '../../src/panels/studio/studioModels';
import { estimateStudioJob, overridesFor } from '../../src/panels/studio/studioEstimate';
import type { StudioParams } from '../../shared/protocol';
import type { StudioSettings } from '../../src/config/settings';
import { DEFAULT_SETTINGS } from '../../src/config/defaultSettings';

const NOW = new Date('2026-11-21T12:00:00Z');

test('the picker offers models that still answer, current first, no dated snapshots', () => {
  const onOpenAI = studioModels({ configuredModel: 'gpt-image-2', customModel: '', baseUrl: '', now: NOW }).map((m) => m.id);
  assert.equal(onOpenAI[0], 'gpt-image-2');
  assert.ok(onOpenAI.includes('gpt-image-1.5'));
  assert.ok(!onOpenAI.includes('gpt-image-1'), 'shut down on 2026-10-23');
  assert.ok(!onOpenAI.includes('dall-e-3'), 'retired on OpenAI');
  assert.ok(!onOpenAI.some((id) => /\d{4}-\d{2}-\d{2}$/.test(id)));
  const compatible = studioModels({ configuredModel: 'gpt-image-2', customModel: 'flux-dev', baseUrl: 'http://127.0.0.1:8080/v1', now: NOW });
  assert.ok(compatible.some((m) => m.id === 'dall-e-3' && m.group === 'legacy' && m.note === 'for compatible servers'));
  assert.deepEqual(compatible.at(-1)?.id, 'flux-dev');
  assert.equal(compatible.at(-1)?.group, 'custom');
});

test('a configured model is always offered, even a retired one', () => {
  const ids = studioModels({ configuredModel: 'gpt-image-1', customModel: '', baseUrl: '', now: NOW }).map((m) => m.id);
  assert.ok(ids.includes('gpt-image-1'));
});

test('each model offers only what it accepts', () => {
  const dalle3 = describeModel('dall-e-3', NOW, 'http://localhost/v1');
  assert.deepEqual(dalle3.sizes, ['1024x1024', '1792x1024', '1024x1792']);
  assert.equal(dalle3.customSize, false);
  assert.deepEqual(dalle3.qualities, ['standard', 'hd']);
  assert.deepEqual(dalle3.backgrounds, []);
  assert.deepEqual(dalle3.outputFormats, []);
  assert.deepEqual(dalle3.styles, ['vivid', 'natural']);
  assert.equal(dalle3.maxPromptLength, 4000);
  const gpt2 = describeModel('gpt-image-2', NOW);
  assert.equal(gpt2.customSize, true);
  assert.match(gpt2.sizeHint ?? '', /multiples of 16/);
  assert.deepEqual(gpt2.styles, []);
  assert.deepEqual(gpt2.outputFormats, ['png', 'jpeg', 'webp']);
  assert.equal(describeModel('gpt-image-2.5-flare', NOW).qualities.includes('max'), true);
  const custom = describeModel('flux-dev', NOW);
  assert.equal(custom.customSize, true);
  assert.equal(custom.maxPromptLength, undefined);
});

const SETTINGS: StudioSettings = { ...DEFAULT_SETTINGS, variationPrompt: '' };

const PARAMS: StudioParams = { model: 'gpt-image-2', size: '1024x1024', quality: 'low', n: 3, background: 'auto', outputFormat: 'png', style: 'vivid' };

test('overridesFor maps the form onto settings', () => {
  assert.deepEqual(overridesFor(PARAMS), { model: 'gpt-image-2', size: '1024x1024', quality: 'low', count: 3, background: 'auto', outputFormat: 'png', style: 'vivid' });
  assert.deepEqual(overridesFor({ ...PARAMS, complexity: 'high', frameCount: 4, frameDurationMs: 120 }), {
    model: 'gpt-image-2', size: '1024x1024', quality: 'low', count: 3, background: 'auto', outputFormat: 'png', style: 'vivid',
    complexity: 'high', gifFrameCount: 4, gifFrameDurationMs: 120,
  });
  assert.equal(overridesFor({ ...PARAMS, complexity: 'default' }).complexity, 'default', 'Default overrides a complexity in the settings');
});

test('complexity and GIF sizes come from the capability table', () => {
  const models = studioModels({ configuredModel: 'gpt-image-2', customModel: 'flux-dev', baseUrl: 'http://127.0.0.1:8080/v1', now: NOW });
  const planning = models.filter((model) => model.complexity).map((model) => model.id);
  assert.deepEqual(planning, ['gpt-image-2', 'gpt-image-2.5-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.6-sunburst']);
  for (const id of ['gpt-image-1.5', 'gpt-image-1-mini', 'dall-e-3', 'dall-e-2', 'flux-dev']) {
    assert.equal(models.find((model) => model.id === id)?.complexity, false, `${id} has no complexity`);
  }
  const flare = describeModel('gpt-image-2.5-flare', NOW);
  assert.deepEqual(flare.outputFormats, ['png', 'jpeg', 'webp', 'gif', 'svg']);
  assert.deepEqual(flare.gifSizes, ['auto', '1024x1024', '1536x1024', '1024x1536']);
  assert.deepEqual(describeModel('gpt-image-2', NOW).gifSizes, [], 'no GIF, no GIF sizes');
});

test('the estimate of a studio GIF or SVG: frames checked, GIF sizes enforced, the SVG author counted', () => {
  const flare: StudioParams = { ...PARAMS, model: 'gpt-image-2.5-flare', outputFormat: 'gif', frameCount: 4, frameDurationMs: 120, complexity: 'high' };
  const gif = estimateStudioJob(SETTINGS, flare, 'a bouncing ball', {}, NOW);
  assert.deepEqual(gif.problems, []);
  assert.ok(gif.label, 'priced');
  assert.match(estimateStudioJob(SETTINGS, { ...flare, size: '1536x864' }, 'x', {}, NOW).problems.join(' '), /GIF output is made at/);
  // Settings the form overrides: out-of-range frames in the settings do not matter when the form says 4.
  assert.deepEqual(estimateStudioJob({ ...SETTINGS, gifFrameCount: 99 }, flare, 'x', {}, NOW).problems, []);
  assert.match(estimateStudioJob({ ...SETTINGS, gifFrameCount: 99 }, { ...flare, frameCount: undefined }, 'x', {}, NOW).problems.join(' '), /Frame count/, 'absent: the settings\' value, checked');
  const svg = estimateStudioJob(SETTINGS, { ...flare, outputFormat: 'svg' }, 'a logo', {}, NOW);
  assert.deepEqual(svg.problems, []);
  assert.match(svg.basis ?? '', /SVG author/);
  assert.match(estimateStudioJob(SETTINGS, { ...flare, outputFormat: 'svg', background: 'transparent' }, 'x', {}, NOW).problems.join(' '), /PNG or WebP/);
});

test('the estimate prices what would be sent; problems block, an empty prompt does not', () => {
  const ok = estimateStudioJob(SETTINGS, PARAMS, 'a lighthouse', {}, NOW);
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.label, '~$0.033', '3 × 272 output tokens at $40/M plus the prompt');
  assert.match(ok.basis ?? '', /3 images/);
  assert.deepEqual(estimateStudioJob(SETTINGS, PARAMS, '', {}, NOW).problems, []);
  const transparentJpeg = estimateStudioJob(SETTINGS, { ...PARAMS, background: 'transparent', outputFormat: 'jpeg' }, 'x', {}, NOW);
  assert.equal(transparentJpeg.label, undefined);
  assert.equal(transparentJpeg.problems.length, 1);
  const badSize = estimateStudioJob(SETTINGS, { ...PARAMS, size: '1000x1000' }, 'x', {}, NOW);
  assert.match(badSize.problems[0], /multiples of 16/);
  const tooLong = estimateStudioJob(SETTINGS, { ...PARAMS, model: 'dall-e-3', quality: 'standard' }, 'x'.repeat(4001), {}, NOW);
  assert.match(tooLong.problems.join(' '), /4,000/);
});

test('DALL·E 3 with n > 1 notes the parallel requests; retiring models warn', () => {
  // On a compatible server: DALL·E no longer answers on OpenAI's own.
  const dalle = estimateStudioJob({ ...SETTINGS, stream: false, baseUrl: 'http://127.0.0.1:9/v1' }, { ...PARAMS, model: 'dall-e-3', quality: 'hd' }, 'x', {}, NOW);
  assert.deepEqual(dalle.problems, []);
  assert.ok(dalle.notes.some((note) => /3 requests/.test(note)), dalle.notes.join());
  assert.equal(dalle.label, '~$0.24');
  const retiring = estimateStudioJob(SETTINGS, { ...PARAMS, model: 'gpt-image-1.5' }, 'x', {}, NOW);
  assert.ok(retiring.notes.some((note) => /2026-12-01/.test(note)));
  const retired = estimateStudioJob(SETTINGS, { ...PARAMS, model: 'gpt-image-1.5' }, 'x', {}, new Date('2026-12-02T00:00:00Z'));
  assert.match(retired.problems[0] ?? '', /gpt-image-1\.5 was shut down on 2026-12-01\. .*Nothing was sent: switch the model to gpt-image-2\.5-sunburst/);
  assert.equal(retired.label, undefined, 'no estimate for a job that cannot be sent');
  const onOpenAI = estimateStudioJob(SETTINGS, { ...PARAMS, model: 'dall-e-3', quality: 'hd' }, 'x', {}, NOW);
  assert.match(onOpenAI.problems[0] ?? '', /dall-e-3 was retired on OpenAI's service/);
});
