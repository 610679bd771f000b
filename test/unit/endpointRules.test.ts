// What the endpoint accepts and rejects, per model family, the way the service does:
// the spec's schemas plus the per-model rules (sizes, qualities, parameters, uploads).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import OpenAI, { APIError } from 'openai';
import sharp from 'sharp';
import { assertRefused, imageUpload, TEST_KEY, useEndpoint, type Refusal } from '../endpoint/fixtures';

const local = useEndpoint({ resetBeforeEach: false });

type Params = Record<string, unknown>;

/** Asserts the call fails as the service would answer, and that the request is recorded as invalid. */
function rejects(call: Promise<unknown>, expected: Refusal): Promise<APIError> {
  return assertRefused(local.endpoint, call, expected);
}

function generate(params: Params) {
  return local.client.images.generate(params as never);
}

async function accepted(params: Params): Promise<void> {
  const result = await generate({ quality: undefined, ...params });
  assert.ok(result.data?.length, `no data for ${JSON.stringify(params)}`);
  assert.deepEqual(local.endpoint.requests.at(-1)?.validationErrors, []);
}

/** Raw POST for bodies the SDK's types (or its serializer) would not produce. */
async function rawPost(path: string, body: string, contentType = 'application/json') {
  const res = await fetch(`${local.endpoint.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': contentType }, body });
  return { status: res.status, body: (await res.json()) as { error: { message: string; param: string | null; code: string | null; type: string } } };
}

describe('schema (from openapi.yaml)', () => {
  test('missing prompt → missing_required_parameter', async () => {
    await rejects(generate({ model: 'dall-e-2' }), { param: 'prompt', code: 'missing_required_parameter', message: /Missing required parameter: 'prompt'/ });
  });

  test('unknown parameters are rejected by name', async () => {
    await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', foo: 1 }), { param: 'foo', code: 'unknown_parameter' });
    // Parameters from neither the spec nor the `openai` typings (which added safety_identifier and others, see typingsOverlay.ts).
    await rejects(generate({ model: 'gpt-image-2', prompt: 'x', prompt_rewriter: 'off' }), { param: 'prompt_rewriter', code: 'unknown_parameter' });
  });

  test('wrong JSON types → invalid_type naming the parameter', async () => {
    await rejects(generate({ model: 'gpt-image-2', prompt: 'x', n: '2' }), { param: 'n', code: 'invalid_type', message: /expected an integer, but got a string/ });
    await rejects(generate({ model: 'gpt-image-2', prompt: 'x', n: 1.5 }), { param: 'n', code: 'invalid_type', message: /decimal number/ });
    await rejects(generate({ model: 'gpt-image-2', prompt: 'x', stream: 'yes' }), { param: 'stream', code: 'invalid_type' });
    await rejects(generate({ model: 'gpt-image-2', prompt: 42 }), { param: 'prompt', code: 'invalid_type' });
    await rejects(generate({ model: 7, prompt: 'x' }), { param: 'model', code: 'invalid_type' });
  });

  test('enum violations list the allowed values', async () => {
    await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', output_format: 'gif' }), { param: 'output_format', code: 'invalid_value', message: /'png', 'jpeg', and 'webp'/ });
    await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', moderation: 'high' }), { param: 'moderation', code: 'invalid_value' });
    await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', background: 'white' }), { param: 'background', code: 'invalid_value' });
    await rejects(generate({ model: 'dall-e-3', prompt: 'x', style: 'cinematic' }), { param: 'style', code: 'invalid_value' });
  });

  test('numeric ranges: n 1–10, partial_images 0–3', async () => {
    await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', n: 0 }), { param: 'n', code: 'integer_below_min_value' });
    await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', n: 11 }), { param: 'n', code: 'integer_above_max_value' });
    await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', stream: true, partial_images: 4 }), { param: 'partial_images', code: 'integer_above_max_value' });
    await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', stream: true, partial_images: -1 }), { param: 'partial_images', code: 'integer_below_min_value' });
  });

  test('null means "use the default"', async () => {
    await accepted({ model: 'dall-e-2', prompt: 'nulls', size: '256x256', n: null, response_format: null, quality: null });
  });

  test('bodies that are not JSON objects, and the wrong content type', async () => {
    const bad = await rawPost('/images/generations', '{"prompt": ');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /could not parse the JSON body/);
    assert.equal((await rawPost('/images/generations', '["prompt"]')).status, 400);
    const form = await rawPost('/images/generations', '--b\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nx\r\n--b--\r\n', 'multipart/form-data; boundary=b');
    assert.equal(form.status, 400);
    assert.match(form.body.error.message, /Unsupported content type: 'multipart\/form-data'/);
    assert.equal((await rawPost('/images/variations', '{"model":"dall-e-2"}')).status, 400);
    assert.equal((await rawPost('/images/edits', 'not a form', 'multipart/form-data; boundary=zz')).status, 400);
    assert.equal(local.endpoint.invalidRequests().slice(-5).length, 5);
  });
});

describe('models', () => {
  test('unknown model → 404 model_not_found with the service message', async () => {
    await rejects(generate({ model: 'gpt-image-9', prompt: 'x' }), {
      status: 404,
      param: null,
      code: 'model_not_found',
      message: /The model `gpt-image-9` does not exist or you do not have access to it\./,
    });
  });

  test('gpt-image-1 is shut down → 404 model_not_found, on every route', async () => {
    await rejects(generate({ model: 'gpt-image-1', prompt: 'x' }), { status: 404, code: 'model_not_found', message: /`gpt-image-1`/ });
    await rejects(local.client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: await imageUpload(64, 64) }), { status: 404, code: 'model_not_found' });
  });

  test('dall-e-3 cannot edit or make variations; GPT models cannot make variations', async () => {
    await rejects(local.client.images.edit({ model: 'dall-e-3', prompt: 'x', image: await imageUpload(256, 256) }), { param: 'model', code: 'invalid_value' });
    await rejects(local.client.images.createVariation({ model: 'dall-e-3', image: await imageUpload(256, 256) }), { param: 'model', code: 'invalid_value' });
    await rejects(local.client.images.createVariation({ model: 'gpt-image-1.5', image: await imageUpload(256, 256) }), { param: 'model', code: 'invalid_value' });
  });
});

describe('dall-e-2 generations', () => {
  const base = { model: 'dall-e-2', prompt: 'd2' };
  test('accepts its sizes, n up to 10, 1000-char prompts, quality standard, both response formats', async () => {
    for (const size of ['256x256', '512x512', '1024x1024']) await accepted({ ...base, size });
    await accepted({ ...base, size: '256x256', n: 10 });
    await accepted({ ...base, size: '256x256', prompt: 'p'.repeat(1000), quality: 'standard', response_format: 'b64_json' });
    await accepted({ ...base, size: '256x256', response_format: 'url', user: 'someone' });
  });

  test('rejects other sizes, qualities and long prompts', async () => {
    for (const size of ['1536x1024', '1792x1024', 'auto', '128x128']) await rejects(generate({ ...base, size }), { param: 'size', code: 'invalid_value', message: /'256x256', '512x512', and '1024x1024'/ });
    for (const quality of ['hd', 'auto', 'low', 'high']) await rejects(generate({ ...base, quality }), { param: 'quality', code: 'invalid_value' });
    await rejects(generate({ ...base, prompt: 'p'.repeat(1001) }), { param: 'prompt', code: 'string_above_max_length', message: /maximum length 1000/ });
    await rejects(generate({ ...base, prompt: '' }), { param: 'prompt', code: 'string_below_min_length' });
  });

  test('rejects GPT-only parameters and style', async () => {
    const extras: Params[] = [{ style: 'vivid' }, { background: 'opaque' }, { output_format: 'png' }, { output_compression: 50 }, { moderation: 'low' }, { stream: true }, { partial_images: 1 }];
    for (const extra of extras) {
      const [param] = Object.keys(extra);
      await rejects(generate({ ...base, ...extra }), { param, code: 'unsupported_parameter' });
    }
  });
});

describe('dall-e-3 generations', () => {
  const base = { model: 'dall-e-3', prompt: 'd3' };
  test('accepts its sizes, standard/hd, vivid/natural, 4000-char prompts', async () => {
    for (const size of ['1024x1024', '1792x1024', '1024x1792']) await accepted({ ...base, size, response_format: 'b64_json' });
    await accepted({ ...base, quality: 'hd', style: 'vivid', n: 1 });
    await accepted({ ...base, quality: 'standard', style: 'natural', prompt: 'p'.repeat(4000) });
  });

  test('rejects n > 1, other sizes and qualities, long prompts, GPT-only parameters', async () => {
    await rejects(generate({ ...base, n: 2 }), { param: 'n', code: 'invalid_value', message: /n=1/ });
    for (const size of ['512x512', '1536x1024', 'auto']) await rejects(generate({ ...base, size }), { param: 'size', code: 'invalid_value' });
    for (const quality of ['low', 'auto', 'high']) await rejects(generate({ ...base, quality }), { param: 'quality', code: 'invalid_value', message: /'standard' and 'hd'/ });
    await rejects(generate({ ...base, prompt: 'p'.repeat(4001) }), { param: 'prompt', code: 'string_above_max_length' });
    await rejects(generate({ ...base, background: 'transparent' }), { param: 'background', code: 'unsupported_parameter' });
    await rejects(generate({ ...base, stream: true }), { param: 'stream', code: 'unsupported_parameter' });
  });
});

describe('gpt-image-1 family (1-mini, 1.5, chatgpt-image-latest)', () => {
  const models = ['gpt-image-1-mini', 'gpt-image-1.5', 'chatgpt-image-latest'];
  test('accepts the fixed sizes and auto, every quality, 10 images', async () => {
    for (const model of models) {
      for (const size of ['1024x1024', '1536x1024', '1024x1536', 'auto']) await accepted({ model, prompt: 'g1', size, quality: 'low' });
      for (const quality of ['low', 'medium', 'high', 'auto']) {
        await accepted({ model, prompt: 'g1', quality, output_format: 'jpeg', output_compression: 10 });
      }
    }
    await accepted({ model: 'gpt-image-1-mini', prompt: 'ten', n: 10, output_format: 'webp', output_compression: 0 });
  });

  test('accepts background/format/compression/moderation combinations the service allows, and 32000-char prompts', async () => {
    const model = 'gpt-image-1.5';
    await accepted({ model, prompt: 'c', background: 'transparent', output_format: 'png' });
    await accepted({ model, prompt: 'c', background: 'transparent', output_format: 'webp', output_compression: 100 });
    await accepted({ model, prompt: 'c', background: 'opaque', output_format: 'jpeg', output_compression: 0 });
    await accepted({ model, prompt: 'c', background: 'auto', moderation: 'low' });
    await accepted({ model, prompt: 'c', moderation: 'auto', partial_images: 2 });
    await accepted({ model, prompt: 'p'.repeat(32000) });
  });

  test('rejects other sizes, including flexible ones', async () => {
    for (const size of ['256x256', '512x512', '1792x1024', '2048x2048', '1536x864']) {
      await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', size }), { param: 'size', code: 'invalid_value', message: /'1024x1024', '1536x1024', '1024x1536', and 'auto'/ });
    }
  });

  test('rejects DALL·E qualities and xhigh/max', async () => {
    for (const quality of ['standard', 'hd', 'xhigh', 'max']) await rejects(generate({ model: 'gpt-image-1-mini', prompt: 'x', quality }), { param: 'quality', code: 'invalid_value' });
  });

  test('rejects response_format (GPT models always answer base64) and style', async () => {
    for (const response_format of ['url', 'b64_json']) {
      await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', response_format }), { param: 'response_format', code: 'unknown_parameter', message: /Unknown parameter: 'response_format'/ });
    }
    await rejects(generate({ model: 'chatgpt-image-latest', prompt: 'x', style: 'vivid' }), { param: 'style', code: 'unsupported_parameter' });
  });

  test('rejects transparent JPEGs, compression for PNG, out-of-range compression, long prompts', async () => {
    const model = 'gpt-image-1.5';
    await rejects(generate({ model, prompt: 'x', background: 'transparent', output_format: 'jpeg' }), { param: 'background', code: 'invalid_value', message: /'png' or 'webp'/ });
    await rejects(generate({ model, prompt: 'x', output_compression: 50 }), { param: 'output_compression', code: 'invalid_value', message: /'jpeg' or 'webp'/ });
    await rejects(generate({ model, prompt: 'x', output_format: 'png', output_compression: 100 }), { param: 'output_compression', code: 'invalid_value' });
    await rejects(generate({ model, prompt: 'x', output_format: 'jpeg', output_compression: 101 }), { param: 'output_compression', code: 'integer_above_max_value' });
    await rejects(generate({ model, prompt: 'x', output_format: 'webp', output_compression: -1 }), { param: 'output_compression', code: 'integer_below_min_value' });
    await rejects(generate({ model, prompt: 'p'.repeat(32001) }), { param: 'prompt', code: 'string_above_max_length', message: /32000/ });
  });
});

describe('gpt-image-2 and 2.5/2.6 families: flexible sizes', () => {
  const flexible = ['gpt-image-2', 'gpt-image-2-2026-04-21', 'gpt-image-2.5-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.6-sunburst'];

  test('accepts the boundary sizes: 3840x2160, 2160x3840, 1024x3072, 3072x1024, plus small and standard ones', async () => {
    for (const size of ['3840x2160', '2160x3840', '1024x3072', '3072x1024']) {
      const result = await generate({ model: 'gpt-image-2', prompt: 'big', size, output_format: 'jpeg' });
      const meta = await sharp(Buffer.from((result as OpenAI.ImagesResponse).data![0].b64_json!, 'base64')).metadata();
      assert.equal(`${meta.width}x${meta.height}`, size);
    }
    for (const model of flexible) {
      for (const size of ['16x16', '1536x864', '1024x1536', 'auto']) await accepted({ model, prompt: 'flex', size, quality: size === 'auto' ? 'low' : undefined });
    }
  });

  test('rejects sizes past the limits, not multiples of 16, or malformed', async () => {
    const cases: [string, RegExp][] = [
      ['3856x2160', /longest side/],
      ['2160x3856', /longest side/],
      ['1024x3088', /aspect ratio/],
      ['3088x1024', /aspect ratio/],
      ['3840x2176', /8294400 pixels/],
      ['3008x3008', /8294400 pixels/],
      ['1000x1000', /multiples of 16/],
      ['1024x1025', /multiples of 16/],
      ['0x0', /positive/],
      ['1024', /WIDTHxHEIGHT/],
      ['1024X1024', /WIDTHxHEIGHT/],
      ['big', /WIDTHxHEIGHT/],
    ];
    for (const model of ['gpt-image-2', 'gpt-image-2.6-sunburst']) {
      for (const [size, why] of cases) await rejects(generate({ model, prompt: 'x', size }), { param: 'size', code: 'invalid_value', message: why });
    }
  });

  test('xhigh and max only for the 2.5/2.6 models', async () => {
    for (const model of flexible.slice(2)) {
      for (const quality of ['xhigh', 'max']) await accepted({ model, prompt: 'q', quality, size: '256x256' });
    }
    const result = (await generate({ model: 'gpt-image-2.5-flare', prompt: 'q', quality: 'max', size: '256x256' })) as OpenAI.ImagesResponse;
    assert.equal(result.quality, 'max');
    for (const model of ['gpt-image-2', 'gpt-image-2-2026-04-21']) {
      for (const quality of ['xhigh', 'max']) await rejects(generate({ model, prompt: 'x', quality }), { param: 'quality', code: 'invalid_value' });
    }
    await rejects(generate({ model: 'gpt-image-2.5-flare', prompt: 'x', quality: 'ultra' }), { param: 'quality', code: 'invalid_value' });
  });

  test('inherits the GPT rules: no response_format, style, transparent JPEG', async () => {
    await rejects(generate({ model: 'gpt-image-2.6-flare', prompt: 'x', response_format: 'b64_json' }), { param: 'response_format', code: 'unknown_parameter' });
    await rejects(generate({ model: 'gpt-image-2', prompt: 'x', style: 'natural' }), { param: 'style' });
    await rejects(generate({ model: 'gpt-image-2.5-sunburst', prompt: 'x', background: 'transparent', output_format: 'jpeg' }), { param: 'background' });
  });
});

describe('edits', () => {
  test('dall-e-2: one square PNG (mask same size) is fine', async () => {
    const result = await local.client.images.edit({ model: 'dall-e-2', prompt: 'ok', image: await imageUpload(256, 256, { alpha: true }), mask: await imageUpload(256, 256, { alpha: true }), response_format: 'b64_json' });
    assert.equal(result.data?.length, 1);
    assert.deepEqual(local.endpoint.requests.at(-1)?.validationErrors, []);
  });

  test('dall-e-2: rejects several images, non-square, non-PNG, ≥ 4 MB, bad masks, GPT parameters', async () => {
    const square = await imageUpload(256, 256);
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: [square, await imageUpload(256, 256)] }), { param: 'image', message: /exactly one image/ });
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: await imageUpload(256, 128) }), { param: 'image', message: /square/ });
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: await imageUpload(256, 256, { format: 'jpeg' }) }), { param: 'image', message: /png/ });
    // Random RGBA noise does not compress: 1100x1100x4 ≈ 4.8 MB of PNG.
    const noise = await sharp(randomBytes(1100 * 1100 * 4), { raw: { width: 1100, height: 1100, channels: 4 } }).png({ compressionLevel: 0 }).toBuffer();
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: await imageUpload(1100, 1100, { bytes: noise }) }), { param: 'image', code: 'image_too_large', message: /4 MB/ });
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: square, mask: await imageUpload(512, 512, { alpha: true }) }), { param: 'mask', message: /same dimensions/ });
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: square, mask: await imageUpload(256, 256, { format: 'jpeg' }) }), { param: 'mask', message: /PNG/ });
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: square, mask: await imageUpload(256, 256) }), { param: 'mask', message: /alpha/ });
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: square, background: 'transparent' }), { param: 'background', code: 'unsupported_parameter' });
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: square, quality: 'high' }), { param: 'quality' });
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'x', image: square, size: '1024x1536' }), { param: 'size' });
    await rejects(local.client.images.edit({ model: 'dall-e-2', prompt: 'p'.repeat(1001), image: square }), { param: 'prompt', code: 'string_above_max_length' });
  });

  test('GPT: up to 16 png/jpeg/webp images; 17 is too many', async () => {
    const tiny = await imageUpload(16, 16);
    const sixteen = Array.from({ length: 16 }, () => tiny);
    await local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'many', image: sixteen, quality: 'low' });
    assert.deepEqual(local.endpoint.requests.at(-1)?.validationErrors, []);
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'many', image: [...sixteen, tiny] }), { param: 'image', code: 'array_above_max_length' });
  });

  test('GPT: rejects uploads without an image mimetype, GIFs and non-images', async () => {
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image: await imageUpload(64, 64, { type: '' }) }), {
      param: 'image',
      code: 'unsupported_file_mimetype',
      message: /unsupported mimetype \('application\/octet-stream'\)/,
    });
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).gif().toBuffer();
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image: await imageUpload(8, 8, { bytes: gif, name: 'a.gif', type: 'image/gif' }) }), { param: 'image', code: 'unsupported_file_mimetype' });
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image: await imageUpload(8, 8, { bytes: gif, name: 'a.png', type: 'image/png' }) }), { param: 'image', code: 'invalid_image_format' });
    await rejects(local.client.images.edit({ model: 'gpt-image-2', prompt: 'x', image: await imageUpload(8, 8, { bytes: Buffer.from('hello'), type: 'image/png' }) }), { param: 'image', message: /not a decodable image/ });
  });

  test('GPT: mask must match the first image; input_fidelity not for mini; no moderation or response_format in multipart edits', async () => {
    const image = await imageUpload(128, 128);
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image, mask: await imageUpload(64, 64, { alpha: true }) }), { param: 'mask', code: 'invalid_image_dimensions' });
    await rejects(local.client.images.edit({ model: 'gpt-image-1-mini', prompt: 'x', image, input_fidelity: 'high' }), { param: 'input_fidelity', code: 'unsupported_parameter' });
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image, moderation: 'low' } as never), { param: 'moderation', code: 'unknown_parameter' });
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image, response_format: 'b64_json' }), { param: 'response_format', code: 'unknown_parameter' });
    await local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'fine', image, input_fidelity: 'high', quality: 'low' });
    assert.deepEqual(local.endpoint.requests.at(-1)?.validationErrors, []);
  });

  test('missing image or prompt, or an image sent as text', async () => {
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x' } as never), { param: 'image', code: 'missing_required_parameter' });
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', image: await imageUpload(64, 64) } as never), { param: 'prompt', code: 'missing_required_parameter' });
    await rejects(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image: 'not-a-file' } as never), { param: 'image', code: 'invalid_type' });
  });

  test('multipart numbers and booleans are coerced per schema; garbage is a type error', async () => {
    await local.client.images.edit({ model: 'gpt-image-2', prompt: 'x', image: await imageUpload(64, 64), n: 2, quality: 'low' });
    assert.deepEqual(local.endpoint.requests.at(-1)?.fields?.n, '2');
    await rejects(local.client.images.edit({ model: 'gpt-image-2', prompt: 'x', image: await imageUpload(64, 64), n: 'two' } as never), { param: 'n', code: 'invalid_type' });
    await rejects(local.client.images.edit({ model: 'gpt-image-2', prompt: 'x', image: await imageUpload(64, 64), stream: 'maybe' } as never), { param: 'stream', code: 'invalid_type' });
  });
});

describe('variations', () => {
  test('dall-e-2 only, square PNG, its sizes, n ≤ 10, no prompt', async () => {
    await local.client.images.createVariation({ image: await imageUpload(256, 256), size: '256x256', n: 10, response_format: 'b64_json' });
    assert.deepEqual(local.endpoint.requests.at(-1)?.validationErrors, []);
    await rejects(local.client.images.createVariation({ image: await imageUpload(256, 200) }), { param: 'image', message: /square/ });
    await rejects(local.client.images.createVariation({ image: await imageUpload(256, 256, { format: 'webp' }) }), { param: 'image' });
    await rejects(local.client.images.createVariation({ image: await imageUpload(256, 256), size: '1024x1536' as never }), { param: 'size', code: 'invalid_value' });
    await rejects(local.client.images.createVariation({ image: await imageUpload(256, 256), n: 11 }), { param: 'n', code: 'integer_above_max_value' });
    await rejects(local.client.images.createVariation({ image: await imageUpload(256, 256), prompt: 'no' } as never), { param: 'prompt', code: 'unknown_parameter' });
    await rejects(local.client.images.createVariation({} as never), { param: 'image', code: 'missing_required_parameter' });
  });
});
