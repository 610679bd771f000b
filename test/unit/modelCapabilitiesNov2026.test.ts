// The November 2026 parameters in the capability table: GIF and SVG output, complexity,
// markup-guided edits, the safety identifier, and the successors of the retired models.
// Each rule both ways: what is sent when the model takes it, what is refused (with the
// parameter and what to choose) or dropped when it does not.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareEdit, type EditInputImage, type MarkupImage } from '../../src/openai/editRequests';
import { prepareEditWithMask } from '../../src/openai/maskedEdit';
import { capabilitiesFor, currentModelsWhere, planRequests, prepareGeneration, shutdownWarning, type GenerationOptions } from '../../src/openai/modelCapabilities';
import { nov2026Options, optionsFromSettings } from '../../src/jobs/optionsFromSettings';
import { DEFAULT_SETTINGS } from '../../src/config/defaultSettings';

const gen = (model: string, extra: Partial<GenerationOptions> = {}) => prepareGeneration({ model, prompt: 'a lighthouse', ...extra });
const image = (width = 1024, height = 1024, name = 'photo.png'): EditInputImage => ({ bytes: new Uint8Array(8), fileName: name, mimeType: 'image/png', width, height });
const markup = (extra: Partial<MarkupImage> = {}): MarkupImage => ({ ...image(1024, 1024, 'arrows.png'), hasTransparentPixels: true, ...extra });
const NOV_MODELS = ['gpt-image-2.5-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.6-sunburst'];

describe('which models offer what', () => {
  test('GIF, SVG and markup: GPT Image 2.5 and 2.6 (snapshots too); complexity from gpt-image-2 on', () => {
    assert.deepEqual(currentModelsWhere((caps) => caps.outputFormats.includes('gif')), NOV_MODELS);
    assert.deepEqual(currentModelsWhere((caps) => caps.outputFormats.includes('svg')), NOV_MODELS);
    assert.deepEqual(currentModelsWhere((caps) => caps.markup), NOV_MODELS);
    assert.ok(capabilitiesFor('gpt-image-2.5-flare-2026-09-08').outputFormats.includes('svg'));
    assert.deepEqual(currentModelsWhere((caps) => caps.complexity), ['gpt-image-2', ...NOV_MODELS]);
    for (const model of ['gpt-image-2', 'dall-e-3', 'some-local-model']) {
      assert.ok(!capabilitiesFor(model).outputFormats.includes('gif'), model);
      assert.ok(!capabilitiesFor(model).markup, model);
    }
    assert.ok(!capabilitiesFor('dall-e-2').complexity);
  });

  test('the retired GPT Image 1 models point to gpt-image-2.5-sunburst, as the typings say', () => {
    const now = new Date('2026-12-07T00:00:00Z');
    for (const model of ['gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5', 'chatgpt-image-latest']) {
      assert.match(shutdownWarning(model, now) ?? '', /was shut down on 2026-1[02]-\d\d\. Use gpt-image-2\.5-sunburst instead\./, model);
    }
  });
});

describe('GIF output', () => {
  test('sent with its frames on a model that makes it; streaming and compression are not sent', () => {
    const { body, problems, dropped } = gen('gpt-image-2.5-flare', {
      outputFormat: 'gif', frameCount: 12, frameDurationMs: 120, stream: true, partialImages: 2, outputCompression: 80, size: '1536x1024',
    });
    assert.deepEqual(problems, []);
    assert.equal(body.output_format, 'gif');
    assert.equal(body.frame_count, 12);
    assert.equal(body.frame_duration_ms, 120);
    assert.equal(body.stream, undefined);
    assert.equal(body.partial_images, undefined);
    assert.equal(body.output_compression, undefined);
    assert.deepEqual(dropped.map((entry) => entry.field).sort(), ['outputCompression', 'partialImages', 'stream']);
    assert.match(dropped.find((entry) => entry.field === 'stream')?.reason ?? '', /GIF output is not streamed/);
  });

  test('refused on a model that does not make it, naming the models that do', () => {
    const { problems } = gen('gpt-image-2', { outputFormat: 'gif' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].field, 'outputFormat');
    assert.match(problems[0].message, /^gpt-image-2 does not make GIF output\. Choose gpt-image-2\.5-flare, .* or gpt-image-2\.6-sunburst, or PNG, JPEG or WebP output\.$/);
    assert.deepEqual(problems[0].allowed, NOV_MODELS);
    const unknown = gen('my-local-model', { outputFormat: 'svg' }).problems;
    assert.match(unknown[0].message, /my-local-model is not a model this extension knows, so it cannot ask it for SVG output/);
  });

  test('frames, duration and size outside the limits are refused with the range', () => {
    for (const frameCount of [1, 17, 2.5]) {
      const { problems } = gen('gpt-image-2.5-flare', { outputFormat: 'gif', frameCount });
      assert.equal(problems[0]?.field, 'frameCount', String(frameCount));
      assert.match(problems[0].message, /Choose a whole number from 2 to 16/);
    }
    const slow = gen('gpt-image-2.5-flare', { outputFormat: 'gif', frameDurationMs: 5 }).problems;
    assert.match(slow[0].message, /Frame duration \(ms\) 5 is not possible\. Choose a whole number from 10 to 655350/);
    const big = gen('gpt-image-2.5-flare', { outputFormat: 'gif', size: '2048x2048' }).problems;
    assert.equal(big[0].field, 'size');
    assert.match(big[0].message, /GIF output is made at auto, 1024x1024, 1536x1024 or 1024x1536; 2048x2048 is not one of them/);
  });

  test('frames are not sent for other formats', () => {
    const { body, dropped } = gen('gpt-image-2.5-flare', { outputFormat: 'png', frameCount: 12 });
    assert.equal(body.frame_count, undefined);
    assert.deepEqual(dropped, []);
  });

  test('a transparent background needs PNG or WebP: refused with GIF and SVG', () => {
    for (const outputFormat of ['gif', 'svg'] as const) {
      const { problems } = gen('gpt-image-2.5-flare', { outputFormat, background: 'transparent' });
      assert.equal(problems[0]?.field, 'background', outputFormat);
      assert.match(problems[0].message, new RegExp(`PNG or WebP only, not ${outputFormat.toUpperCase()}`));
    }
  });

  test('an edit may be a GIF, a masked edit may not', () => {
    const options = { model: 'gpt-image-2.5-sunburst', prompt: 'make it wave', images: [image()], outputFormat: 'gif' as const, frameCount: 4 };
    const edit = prepareEdit(options);
    assert.deepEqual(edit.problems, []);
    assert.equal(edit.parameters.output_format, 'gif');
    assert.equal(edit.parameters.frame_count, 4);
    const masked = prepareEditWithMask(options, image(1024, 1024, 'mask.png'));
    assert.deepEqual(masked.problems.map((problem) => problem.field), ['outputFormat']);
    assert.match(masked.problems[0].message, /GIF output cannot be combined with a mask/);
  });
});

describe('SVG output', () => {
  test('one drawing per request: n = 3 is three requests of one', () => {
    const options = { model: 'gpt-image-2.5-flare', prompt: 'a logo', outputFormat: 'svg' as const, n: 3 };
    assert.equal(gen(options.model, options).body.n, 1);
    assert.deepEqual(planRequests(options), { requestCount: 3, perRequestN: 1 });
    assert.deepEqual(planRequests({ ...options, outputFormat: 'png' }), { requestCount: 1, perRequestN: 3 });
  });

  test('the author model and its effort go in `svg`; an effort alone is not sent', () => {
    const full = gen('gpt-image-2.5-flare', { outputFormat: 'svg', svgModel: ' gpt-5.5 ', svgEffort: 'high' });
    assert.deepEqual(full.problems, []);
    assert.deepEqual(full.body.svg, { model: 'gpt-5.5', reasoning: { effort: 'high' } });
    const effortOnly = gen('gpt-image-2.5-flare', { outputFormat: 'svg', svgEffort: 'low' });
    assert.equal(effortOnly.body.svg, undefined);
    assert.deepEqual(effortOnly.dropped.map((entry) => entry.field), ['svgEffort']);
    const wrong = gen('gpt-image-2.5-flare', { outputFormat: 'svg', svgModel: 'gpt-5.5', svgEffort: 'extreme' as never });
    assert.equal(wrong.problems[0]?.field, 'svgEffort');
    assert.equal(gen('gpt-image-2.5-flare', { outputFormat: 'png', svgModel: 'gpt-5.5' }).body.svg, undefined);
  });

  test('SVG is for new images only: an edit into SVG is refused', () => {
    const { problems } = prepareEdit({ model: 'gpt-image-2.5-flare', prompt: 'trace it', images: [image()], outputFormat: 'svg' });
    assert.deepEqual(problems.map((problem) => problem.field), ['outputFormat']);
    assert.match(problems[0].message, /SVG output is for new images only/);
  });
});

describe('complexity and the safety identifier', () => {
  test('complexity is sent where the model plans, dropped on DALL·E, refused outside the enum', () => {
    assert.equal(gen('gpt-image-2', { complexity: 'high' }).body.complexity, 'high');
    const dalle = gen('dall-e-3', { complexity: 'high' });
    assert.equal(dalle.body.complexity, undefined);
    assert.deepEqual(dalle.dropped.map((entry) => entry.field), ['complexity']);
    assert.match(gen('gpt-image-2', { complexity: 'extreme' as never }).problems[0]?.message ?? '', /Complexity "extreme" is not valid\. Choose low, medium or high\./);
  });

  test('the safety identifier: sent to GPT image models, at most 128 characters', () => {
    assert.equal(gen('gpt-image-2', { safetyIdentifier: 'a'.repeat(64) }).body.safety_identifier, 'a'.repeat(64));
    assert.match(gen('gpt-image-2', { safetyIdentifier: 'a'.repeat(129) }).problems[0]?.message ?? '', /at most 128 characters/);
    assert.equal(gen('dall-e-3', { safetyIdentifier: 'abc' }).body.safety_identifier, undefined);
  });

  test('settings: frames only for GIF, the author only for SVG, the identifier only when turned on', () => {
    const gif = optionsFromSettings({ ...DEFAULT_SETTINGS, model: 'gpt-image-2.5-flare', outputFormat: 'gif', gifFrameCount: 5, complexity: 'low' }, 'wave');
    assert.equal(gif.frameCount, 5);
    assert.equal(gif.frameDurationMs, 200);
    assert.equal(gif.complexity, 'low');
    const png = nov2026Options({ ...DEFAULT_SETTINGS, svgAuthorModel: 'gpt-5.5', safetyIdentifier: 'h' });
    assert.deepEqual(png, {}, 'nothing November-only for a PNG with defaults, and no identifier while the setting is off');
    const svg = nov2026Options({ ...DEFAULT_SETTINGS, outputFormat: 'svg', svgAuthorModel: 'gpt-5.5', svgReasoningEffort: 'minimal', sendSafetyIdentifier: true, safetyIdentifier: 'h' });
    assert.deepEqual(svg, { svgModel: 'gpt-5.5', svgEffort: 'minimal', safetyIdentifier: 'h' });
  });
});

describe('markup-guided edits', () => {
  const edit = (model: string, overlay: MarkupImage) => prepareEdit({ model, prompt: 'follow the arrows', images: [image()], markup: overlay });

  test('accepted on GPT Image 2.5 when it is a PNG of the first image\'s size with transparent pixels', () => {
    assert.deepEqual(edit('gpt-image-2.5-sunburst', markup()).problems, []);
  });

  test('refused on a model without markup, naming the models with it', () => {
    const { problems } = edit('gpt-image-2', markup());
    assert.equal(problems[0]?.field, 'markup');
    assert.match(problems[0].message, /gpt-image-2 does not take markup\. Choose gpt-image-2\.5-flare/);
  });

  test('refused when not a PNG, not the image\'s size, or fully opaque', () => {
    const wrong = edit('gpt-image-2.5-sunburst', markup({ mimeType: 'image/jpeg', width: 512, hasTransparentPixels: false }));
    const messages = wrong.problems.map((problem) => problem.message).join('\n');
    assert.equal(wrong.problems.length, 3);
    assert.match(messages, /must be a PNG/);
    assert.match(messages, /The markup is 512x1024 but photo\.png is 1024x1024; they must be the same size\./);
    assert.match(messages, /has no transparent pixels/);
  });

  test('never with a mask', () => {
    const { problems } = prepareEditWithMask({ model: 'gpt-image-2.5-sunburst', prompt: 'x', images: [image()], markup: markup() }, image(1024, 1024, 'mask.png'));
    assert.deepEqual(problems.map((problem) => problem.field), ['markup']);
    assert.match(problems[0].message, /Markup cannot be combined with a mask/);
  });
});
