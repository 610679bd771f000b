import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildGenerationRequest,
  capabilitiesFor,
  defaultsFor,
  InvalidParametersError,
  isOpenAIBaseUrl,
  isShutDown,
  KNOWN_MODELS,
  modelsStillAnswering,
  normalizeSize,
  planRequests,
  prepareGeneration,
  qualitiesFor,
  shutdownWarning,
  sizesToOffer,
  validateGeneration,
  validateSize,
  type GenerationOptions,
} from '../../src/openai/modelCapabilities';

const PROMPT = 'A lighthouse at dusk';
const gen = (model: string, extra: Partial<GenerationOptions> = {}): GenerationOptions => ({ model, prompt: PROMPT, ...extra });
const fields = (options: GenerationOptions) => validateGeneration(options).map((problem) => problem.field);

test('every known model resolves to its family', () => {
  const expected: Record<string, string> = {
    'dall-e-2': 'dall-e-2',
    'dall-e-3': 'dall-e-3',
    'gpt-image-1': 'gpt-image-1',
    'gpt-image-1-mini': 'gpt-image-1',
    'gpt-image-1.5': 'gpt-image-1',
    'chatgpt-image-latest': 'gpt-image-1',
    'gpt-image-2': 'gpt-image-2',
    'gpt-image-2-2026-04-21': 'gpt-image-2',
    'gpt-image-2.5-flare': 'gpt-image-2',
    'gpt-image-2.5-sunburst': 'gpt-image-2',
    'gpt-image-2.5-flare-2026-09-08': 'gpt-image-2',
    'gpt-image-2.6-flare': 'gpt-image-2',
    'gpt-image-2.6-sunburst': 'gpt-image-2',
  };
  for (const [model, family] of Object.entries(expected)) {
    const caps = capabilitiesFor(model);
    assert.equal(caps.family, family, model);
    assert.equal(caps.known, true, model);
    assert.equal(caps.id, model);
    assert.ok(KNOWN_MODELS.includes(model), `${model} missing from KNOWN_MODELS`);
  }
  assert.equal(KNOWN_MODELS[0], 'gpt-image-2');
});

test('gateway prefixes and future snapshots resolve; the name sent stays as given', () => {
  const prefixed = capabilitiesFor('openai/gpt-image-2');
  assert.equal(prefixed.family, 'gpt-image-2');
  assert.equal(prefixed.baseModel, 'gpt-image-2');
  assert.equal(buildGenerationRequest(gen('openai/gpt-image-2')).model, 'openai/gpt-image-2');
  assert.equal(capabilitiesFor('gpt-image-2.6-flare-2027-01-15').baseModel, 'gpt-image-2.6-flare');
  assert.deepEqual(qualitiesFor('gpt-image-2.6-flare-2027-01-15'), ['auto', 'low', 'medium', 'high', 'xhigh', 'max']);
});

test('unknown models get permissive capabilities', () => {
  const caps = capabilitiesFor('my-local-sdxl');
  assert.equal(caps.family, 'unknown');
  assert.equal(caps.known, false);
  assert.equal(caps.maxN, 10);
  assert.equal(caps.maxPromptLength, undefined);
  assert.equal(validateSize('my-local-sdxl', '777x333'), undefined);
  assert.equal(validateSize('my-local-sdxl', 'auto'), undefined);
  assert.equal(validateSize('my-local-sdxl', 'large')?.field, 'size');
  assert.deepEqual(defaultsFor('my-local-sdxl'), { n: 1 });
  assert.deepEqual(planRequests(gen('my-local-sdxl', { n: 10 })), { requestCount: 1, perRequestN: 10 });
});

test('unknown models: only the common parameters that were set are sent', () => {
  const prepared = prepareGeneration(
    gen('my-local-sdxl', {
      size: '768x512',
      quality: 'turbo', // a custom server's own quality name passes through
      n: 4,
      user: 'user-hash',
      background: 'transparent',
      outputFormat: 'webp',
      outputCompression: 80,
      moderation: 'low',
      style: 'natural',
      responseFormat: 'url',
      stream: true,
      partialImages: 2,
    }),
  );
  assert.deepEqual(prepared.problems, []);
  assert.deepEqual(prepared.body, {
    model: 'my-local-sdxl',
    prompt: PROMPT,
    size: '768x512',
    quality: 'turbo',
    n: 4,
    user: 'user-hash',
  });
  assert.deepEqual(
    prepared.dropped.map((item) => item.field).sort(),
    ['background', 'moderation', 'outputCompression', 'outputFormat', 'partialImages', 'responseFormat', 'stream', 'style'],
  );
  // Nothing set, nothing added.
  assert.deepEqual(buildGenerationRequest(gen('my-local-sdxl')), { model: 'my-local-sdxl', prompt: PROMPT });
  assert.deepEqual(fields(gen('my-local-sdxl', { n: 11 })), ['n']);
});

test('dall-e-2: fixed sizes, standard quality, no auto size', () => {
  assert.deepEqual(sizesToOffer('dall-e-2'), ['1024x1024', '512x512', '256x256']);
  assert.deepEqual(qualitiesFor('dall-e-2'), ['standard']);
  for (const size of ['256x256', '512x512', '1024x1024']) assert.equal(validateSize('dall-e-2', size), undefined);
  const problem = validateSize('dall-e-2', '1536x1024');
  assert.equal(problem?.message, 'Size 1536x1024 is not available for dall-e-2. Choose 256x256, 512x512 or 1024x1024.');
  assert.deepEqual(problem?.allowed, ['256x256', '512x512', '1024x1024']);
  const caps = capabilitiesFor('dall-e-2');
  assert.equal(caps.maxPromptLength, 1000);
  assert.equal(caps.variations, true);
  assert.deepEqual(caps.edits, { supported: true, maxImages: 1, inputFormats: ['png'], maxBytes: 4 * 1024 * 1024, squareOnly: true });
  assert.equal(caps.revisedPrompt, false);
});

test('dall-e-3: the example message, qualities, style, revised prompt, n = 1 per request', () => {
  assert.equal(
    validateSize('dall-e-3', '1000x1000')?.message,
    'Size 1000x1000 is not available for dall-e-3. Choose 1024x1024, 1792x1024 or 1024x1792.',
  );
  assert.equal(validateSize('dall-e-3', '1792x1024'), undefined);
  assert.deepEqual(qualitiesFor('dall-e-3'), ['standard', 'hd']);
  const caps = capabilitiesFor('dall-e-3');
  assert.equal(caps.maxN, 1);
  assert.equal(caps.maxPromptLength, 4000);
  assert.equal(caps.revisedPrompt, true);
  assert.equal(caps.edits.supported, false);
  assert.equal(caps.variations, false);
  assert.deepEqual(
    buildGenerationRequest(
      gen('dall-e-3', { size: '1024x1792', quality: 'hd', style: 'natural', responseFormat: 'b64_json', n: 3 }),
    ),
    { model: 'dall-e-3', prompt: PROMPT, size: '1024x1792', quality: 'hd', style: 'natural', response_format: 'b64_json', n: 1 },
  );
  assert.deepEqual(defaultsFor('dall-e-3'), {
    size: '1024x1024',
    quality: 'standard',
    n: 1,
    style: 'vivid',
    responseFormat: 'b64_json',
  });
});

test('GPT image 1.x: fixed sizes with auto, four qualities, 16 input images', () => {
  for (const model of ['gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5', 'chatgpt-image-latest']) {
    assert.deepEqual(sizesToOffer(model), ['1024x1024', '1536x1024', '1024x1536', 'auto']);
    assert.deepEqual(qualitiesFor(model), ['auto', 'low', 'medium', 'high']);
    assert.equal(validateSize(model, 'auto'), undefined);
    assert.equal(
      validateSize(model, '2048x2048')?.message,
      `Size 2048x2048 is not available for ${model}. Choose 1024x1024, 1536x1024, 1024x1536 or auto.`,
    );
  }
  const caps = capabilitiesFor('gpt-image-1.5');
  assert.equal(caps.maxPromptLength, 32000);
  assert.equal(caps.base64Only, true);
  assert.equal(caps.revisedPrompt, false);
  assert.deepEqual(caps.edits, {
    supported: true,
    maxImages: 16,
    inputFormats: ['png', 'jpeg', 'webp'],
    maxBytes: 50 * 1024 * 1024,
    squareOnly: false,
  });
});

test('gpt-image-2 and later: flexible size boundaries', () => {
  const ok = ['3840x2160', '2160x3840', '1024x3072', '3072x1024', '1536x864', '16x48', 'auto', '2560x1440'];
  const bad = ['3856x2160', '1024x3088', '3088x1024', '1000x1000', '1024x1030', '0x0', '4096x1024', '3072x3072', 'big', '1024x'];
  for (const model of ['gpt-image-2', 'gpt-image-2.5-sunburst', 'gpt-image-2.6-flare']) {
    for (const size of ok) assert.equal(validateSize(model, size), undefined, `${model} ${size} should be accepted`);
    for (const size of bad) assert.ok(validateSize(model, size), `${model} ${size} should be rejected`);
  }
  assert.equal(
    validateSize('gpt-image-2', '3856x2160')?.message,
    'Size 3856x2160 is not available for gpt-image-2: the longest side can be at most 3840 pixels.',
  );
  assert.equal(
    validateSize('gpt-image-2', '1024x3088')?.message,
    'Size 1024x3088 is not available for gpt-image-2: the aspect ratio must be between 1:3 and 3:1.',
  );
  assert.equal(
    validateSize('gpt-image-2', '1000x1000')?.message,
    'Size 1000x1000 is not available for gpt-image-2: width and height must both be multiples of 16 (the nearest is 1008x1008).',
  );
  assert.equal(
    validateSize('gpt-image-2', '3072x3072')?.message,
    'Size 3072x3072 is not available for gpt-image-2: it has 9,437,184 pixels and the limit is 8,294,400 (3840x2160).',
  );
  assert.equal(
    validateSize('gpt-image-2', 'big')?.message,
    'Size "big" is not a size. Use WIDTHxHEIGHT (for example 1024x1024) or auto.',
  );
  for (const size of sizesToOffer('gpt-image-2')) assert.equal(validateSize('gpt-image-2', size), undefined, size);
});

test('sizes are normalized before they are checked and sent', () => {
  assert.equal(normalizeSize(' 1536 X 864 '), '1536x864');
  assert.equal(normalizeSize('1024×1024'), '1024x1024');
  assert.equal(normalizeSize('AUTO'), 'auto');
  assert.equal(buildGenerationRequest(gen('gpt-image-2', { size: '1536 x 864' })).size, '1536x864');
});

test('qualities: 2.5/2.6 add xhigh and max; others drop them', () => {
  for (const model of ['gpt-image-2.5-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.6-sunburst']) {
    assert.deepEqual(qualitiesFor(model), ['auto', 'low', 'medium', 'high', 'xhigh', 'max']);
    assert.equal(buildGenerationRequest(gen(model, { quality: 'max' })).quality, 'max');
  }
  assert.deepEqual(qualitiesFor('gpt-image-2'), ['auto', 'low', 'medium', 'high']);
  const prepared = prepareGeneration(gen('gpt-image-2', { quality: 'xhigh' }));
  assert.deepEqual(prepared.problems, []);
  assert.equal(prepared.body.quality, undefined);
  assert.deepEqual(prepared.dropped, [
    { field: 'quality', value: 'xhigh', reason: 'gpt-image-2 has no "xhigh" quality; its default (auto) is used.' },
  ]);
});

test('a quality left over from another model is dropped, a typo is an error', () => {
  assert.equal('quality' in buildGenerationRequest(gen('dall-e-3', { quality: 'high' })), false);
  assert.equal('quality' in buildGenerationRequest(gen('gpt-image-2', { quality: 'hd' })), false);
  assert.equal('quality' in buildGenerationRequest(gen('dall-e-2', { quality: 'hd' })), false);
  assert.equal(buildGenerationRequest(gen('dall-e-2', { quality: 'standard' })).quality, 'standard');
  const problems = validateGeneration(gen('gpt-image-2', { quality: 'ultra' }));
  assert.deepEqual(problems, [
    {
      field: 'quality',
      value: 'ultra',
      message: 'Quality "ultra" is not available for gpt-image-2. Choose auto, low, medium or high.',
      allowed: ['auto', 'low', 'medium', 'high'],
    },
  ]);
});

test('n: 1–10 whole numbers; dall-e-3 is planned as n requests of one image', () => {
  assert.deepEqual(planRequests(gen('dall-e-3', { n: 4 })), { requestCount: 4, perRequestN: 1 });
  assert.deepEqual(planRequests(gen('dall-e-3')), { requestCount: 1, perRequestN: 1 });
  assert.deepEqual(planRequests(gen('gpt-image-2', { n: 4 })), { requestCount: 1, perRequestN: 4 });
  assert.deepEqual(planRequests(gen('dall-e-2', { n: 10 })), { requestCount: 1, perRequestN: 10 });
  assert.equal(buildGenerationRequest(gen('gpt-image-2', { n: 10 })).n, 10);
  for (const n of [0, 11, 2.5, -1, Number.NaN]) {
    assert.deepEqual(fields(gen('gpt-image-2', { n })), ['n'], `n=${n}`);
    assert.throws(() => planRequests(gen('dall-e-3', { n })), InvalidParametersError);
  }
  assert.equal(
    validateGeneration(gen('dall-e-3', { n: 11 }))[0]?.message,
    'Number of images 11 is not possible. Choose a whole number from 1 to 10.',
  );
});

test('transparent background needs png or webp, and a model that can do it', () => {
  const jpeg = validateGeneration(gen('gpt-image-2', { background: 'transparent', outputFormat: 'jpeg' }));
  assert.equal(jpeg.length, 1);
  assert.equal(jpeg[0]?.field, 'background');
  assert.match(jpeg[0]?.message ?? '', /JPEG has no transparency/);
  assert.throws(
    () => buildGenerationRequest(gen('gpt-image-1.5', { background: 'transparent', outputFormat: 'jpeg' })),
    (error: unknown) => error instanceof InvalidParametersError && error.problems[0]?.field === 'background',
  );
  assert.deepEqual(buildGenerationRequest(gen('gpt-image-2', { background: 'transparent', outputFormat: 'webp' })), {
    model: 'gpt-image-2',
    prompt: PROMPT,
    output_format: 'webp',
    background: 'transparent',
  });
  // No format sent means PNG, which has transparency.
  assert.equal(buildGenerationRequest(gen('gpt-image-2', { background: 'transparent' })).background, 'transparent');
  assert.deepEqual(fields(gen('dall-e-3', { background: 'transparent' })), ['background']);
  // Opaque/auto are what DALL·E does anyway: dropped, not an error.
  const opaque = prepareGeneration(gen('dall-e-3', { background: 'opaque' }));
  assert.deepEqual(opaque.problems, []);
  assert.equal('background' in opaque.body, false);
});

test('output format and compression', () => {
  assert.deepEqual(buildGenerationRequest(gen('gpt-image-2', { outputFormat: 'jpeg', outputCompression: 60 })), {
    model: 'gpt-image-2',
    prompt: PROMPT,
    output_format: 'jpeg',
    output_compression: 60,
  });
  const png = prepareGeneration(gen('gpt-image-2', { outputFormat: 'png', outputCompression: 100 }));
  assert.equal('output_compression' in png.body, false);
  assert.equal(png.dropped[0]?.field, 'outputCompression');
  const implicitPng = buildGenerationRequest(gen('gpt-image-2', { outputCompression: 50 }));
  assert.equal('output_compression' in implicitPng, false);
  for (const outputCompression of [-1, 101, 50.5]) {
    assert.deepEqual(fields(gen('gpt-image-2', { outputFormat: 'webp', outputCompression })), ['outputCompression']);
  }
  assert.equal(buildGenerationRequest(gen('gpt-image-2', { outputFormat: 'webp', outputCompression: 0 })).output_compression, 0);
  const dalle = buildGenerationRequest(gen('dall-e-2', { outputFormat: 'webp', outputCompression: 50 }));
  assert.deepEqual(dalle, { model: 'dall-e-2', prompt: PROMPT });
  assert.deepEqual(fields(gen('gpt-image-2', { outputFormat: 'gif' as 'png' })), ['outputFormat']);
});

test('response_format is never sent to GPT models; style only to dall-e-3', () => {
  for (const model of ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-2', 'gpt-image-2.6-sunburst']) {
    const body = buildGenerationRequest(gen(model, { responseFormat: 'url', style: 'vivid' }));
    assert.equal('response_format' in body, false, model);
    assert.equal('style' in body, false, model);
  }
  assert.equal(buildGenerationRequest(gen('dall-e-2', { responseFormat: 'url' })).response_format, 'url');
  assert.equal('style' in buildGenerationRequest(gen('dall-e-2', { style: 'vivid' })), false);
  assert.equal(buildGenerationRequest(gen('dall-e-3', { style: 'vivid' })).style, 'vivid');
  assert.deepEqual(fields(gen('dall-e-3', { style: 'moody' as 'vivid' })), ['style']);
});

test('moderation only for GPT models', () => {
  assert.equal(buildGenerationRequest(gen('gpt-image-2', { moderation: 'low' })).moderation, 'low');
  assert.equal('moderation' in buildGenerationRequest(gen('dall-e-3', { moderation: 'low' })), false);
});

test('streaming and partial images: GPT only, partial images only while streaming', () => {
  assert.deepEqual(buildGenerationRequest(gen('gpt-image-2', { stream: true, partialImages: 3 })), {
    model: 'gpt-image-2',
    prompt: PROMPT,
    stream: true,
    partial_images: 3,
  });
  assert.deepEqual(fields(gen('gpt-image-2', { stream: true, partialImages: 4 })), ['partialImages']);
  assert.deepEqual(fields(gen('gpt-image-2', { stream: true, partialImages: -1 })), ['partialImages']);
  const noStream = prepareGeneration(gen('gpt-image-2', { partialImages: 2 }));
  assert.equal('partial_images' in noStream.body, false);
  assert.equal(noStream.dropped[0]?.reason, 'Partial images are only sent while streaming.');
  const dalle = prepareGeneration(gen('dall-e-3', { stream: true, partialImages: 1 }));
  assert.deepEqual(dalle.body, { model: 'dall-e-3', prompt: PROMPT });
  assert.deepEqual(dalle.dropped.map((item) => item.field), ['stream', 'partialImages']);
  assert.equal('stream' in buildGenerationRequest(gen('gpt-image-2', { stream: false })), false);
});

test('prompt: required, limited per model in characters', () => {
  assert.deepEqual(fields(gen('gpt-image-2', { prompt: '   ' })), ['prompt']);
  assert.deepEqual(fields(gen('dall-e-2', { prompt: 'x'.repeat(1000) })), []);
  assert.deepEqual(fields(gen('dall-e-2', { prompt: 'x'.repeat(1001) })), ['prompt']);
  assert.deepEqual(fields(gen('dall-e-3', { prompt: 'x'.repeat(4000) })), []);
  assert.deepEqual(fields(gen('dall-e-3', { prompt: 'x'.repeat(4001) })), ['prompt']);
  assert.deepEqual(fields(gen('gpt-image-2', { prompt: 'x'.repeat(32000) })), []);
  assert.equal(
    validateGeneration(gen('gpt-image-2', { prompt: 'x'.repeat(32001) }))[0]?.message,
    'The prompt has 32,001 characters; gpt-image-2 accepts at most 32,000. Shorten it.',
  );
  // An emoji is one character, not two UTF-16 units.
  assert.deepEqual(fields(gen('dall-e-2', { prompt: '🦊'.repeat(1000) })), []);
  assert.deepEqual(fields(gen('my-custom', { prompt: 'x'.repeat(100000) })), []);
  assert.deepEqual(fields(gen('  ', {})), ['model']);
});

test('every problem is reported at once, and the error carries them all', () => {
  const options = gen('dall-e-3', { size: '999x999', n: 0, background: 'transparent', prompt: '' });
  assert.deepEqual(fields(options).sort(), ['background', 'n', 'prompt', 'size']);
  try {
    buildGenerationRequest(options);
    assert.fail('expected InvalidParametersError');
  } catch (error) {
    assert.ok(error instanceof InvalidParametersError);
    assert.equal(error.problems.length, 4);
    assert.match(error.message, /Size 999x999 is not available for dall-e-3/);
  }
});

test('size auto on DALL·E is dropped (server default), a wrong size is an error', () => {
  const prepared = prepareGeneration(gen('dall-e-3', { size: 'auto' }));
  assert.deepEqual(prepared.problems, []);
  assert.equal('size' in prepared.body, false);
  assert.equal(prepared.dropped[0]?.reason, 'dall-e-3 has no automatic size; its default (1024x1024) is used.');
  assert.equal(buildGenerationRequest(gen('gpt-image-2', { size: 'auto' })).size, 'auto');
  assert.equal('size' in buildGenerationRequest(gen('gpt-image-2', { size: '' })), false);
});

test('defaults per family', () => {
  assert.deepEqual(defaultsFor('gpt-image-2'), {
    size: 'auto',
    quality: 'auto',
    n: 1,
    outputFormat: 'png',
    background: 'auto',
    moderation: 'auto',
  });
  assert.deepEqual(defaultsFor('dall-e-2'), { size: '1024x1024', quality: 'standard', n: 1, responseFormat: 'b64_json' });
  // Defaults are copies: a caller cannot change the table.
  const defaults = defaultsFor('gpt-image-2');
  defaults.size = '64x64';
  assert.equal(defaultsFor('gpt-image-2').size, 'auto');
  // The preselected defaults always make a valid request.
  for (const model of KNOWN_MODELS) {
    const d = defaultsFor(model);
    const options: GenerationOptions = { model, prompt: PROMPT, size: d.size, quality: d.quality, n: d.n };
    if (d.outputFormat) options.outputFormat = d.outputFormat;
    if (d.background) options.background = d.background;
    if (d.style) options.style = d.style;
    if (d.responseFormat) options.responseFormat = d.responseFormat;
    assert.deepEqual(prepareGeneration(options).problems, [], model);
    assert.deepEqual(prepareGeneration(options).dropped, [], model);
  }
});

test('shutdown warnings around 2026-12-01', () => {
  const at = (iso: string) => new Date(iso);
  assert.equal(shutdownWarning('gpt-image-1.5', at('2026-10-31T23:59:59Z')), undefined);
  assert.equal(
    shutdownWarning('gpt-image-1.5', at('2026-11-01T00:00:00Z')),
    'gpt-image-1.5 shuts down on 2026-12-01 (in 30 days). Switch to gpt-image-2.5-sunburst before then.',
  );
  assert.equal(
    shutdownWarning('gpt-image-1-mini', at('2026-11-30T12:00:00Z')),
    'gpt-image-1-mini shuts down on 2026-12-01 (in 1 day). Switch to gpt-image-2.5-sunburst before then.',
  );
  assert.equal(
    shutdownWarning('chatgpt-image-latest', at('2026-12-01T00:00:00Z')),
    'chatgpt-image-latest was shut down on 2026-12-01. Use gpt-image-2.5-sunburst instead.',
  );
  assert.equal(
    shutdownWarning('gpt-image-1', at('2026-11-15T00:00:00Z')),
    'gpt-image-1 was shut down on 2026-10-23. Use gpt-image-2.5-sunburst instead.',
  );
  assert.equal(shutdownWarning('gpt-image-2', at('2026-11-15T00:00:00Z')), undefined);
  assert.equal(shutdownWarning('my-custom', at('2026-11-15T00:00:00Z')), undefined);
  assert.equal(isShutDown('gpt-image-1.5', at('2026-11-30T23:59:59Z')), false);
  assert.equal(isShutDown('gpt-image-1.5', at('2026-12-01T00:00:00Z')), true);
});

test('DALL·E retirement is OpenAI-only', () => {
  const now = new Date('2026-11-15T00:00:00Z');
  assert.equal(
    shutdownWarning('dall-e-3', now),
    "dall-e-3 was retired on OpenAI's service on 2026-05-12. Use gpt-image-2 instead.",
  );
  assert.equal(shutdownWarning('dall-e-3', now, 'https://api.openai.com/v1'), shutdownWarning('dall-e-3', now));
  assert.equal(shutdownWarning('dall-e-2', now, 'http://localhost:8080/v1'), undefined);
  assert.equal(isShutDown('dall-e-2', now, 'https://my-gateway.example/v1'), false);
  assert.equal(isShutDown('dall-e-2', now), true);
  assert.equal(isOpenAIBaseUrl(undefined), true);
  assert.equal(isOpenAIBaseUrl('https://eu.api.openai.com/v1'), true);
  assert.equal(isOpenAIBaseUrl('https://myres.openai.azure.com/openai'), false);
  assert.equal(isOpenAIBaseUrl('https://api.openai.com.evil.example/v1'), false);
  assert.equal(isOpenAIBaseUrl('not a url'), false);
});

test('pickers offer the models that still answer, and the configured one even when it does not', () => {
  const now = new Date('2026-11-15T00:00:00Z');
  const ids = ['gpt-image-2', 'gpt-image-1', 'dall-e-3', 'my-custom'];
  assert.deepEqual(modelsStillAnswering(ids, now), ['gpt-image-2', 'my-custom'], 'shut down everywhere, and DALL·E on OpenAI, left out');
  assert.deepEqual(modelsStillAnswering(ids, now, 'http://localhost:8080/v1'), ['gpt-image-2', 'dall-e-3', 'my-custom'], 'DALL·E still answers on a compatible server');
  assert.deepEqual(modelsStillAnswering(ids, now, undefined, 'gpt-image-1'), ['gpt-image-2', 'gpt-image-1', 'my-custom'], 'the configured model stays, in its place');
});
