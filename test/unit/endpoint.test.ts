// The local OpenAI-compatible endpoint: routes, auth, results, recording and the control
// API, exercised over loopback through the real `openai` SDK.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import OpenAI from 'openai';
import sharp from 'sharp';
import { findSpecPath, startEndpoint } from '../endpoint/server';
import { clientFor, imageUpload, TEST_KEY, useEndpoint } from '../endpoint/fixtures';

const local = useEndpoint();

function origin(): string {
  return local.endpoint.url.replace(/\/v1$/, '');
}

async function decode(b64: string | undefined) {
  assert.ok(b64, 'b64_json present');
  return sharp(Buffer.from(b64, 'base64')).metadata();
}

describe('start-up', () => {
  test('listens on 127.0.0.1 with a /v1 base URL', () => {
    assert.match(local.endpoint.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.equal(local.endpoint.url, `http://127.0.0.1:${local.endpoint.port}/v1`);
  });

  test('findSpecPath finds the shared OpenAPI contract, and honours IMAGE_STUDIO_OPENAPI', () => {
    const found = findSpecPath();
    assert.ok(found.endsWith('shared/openai-openapi/openapi.yaml'), found);
    assert.ok(existsSync(found));
    const saved = process.env.IMAGE_STUDIO_OPENAPI;
    process.env.IMAGE_STUDIO_OPENAPI = '/elsewhere/openapi.yaml';
    try {
      assert.equal(findSpecPath(), '/elsewhere/openapi.yaml');
    } finally {
      if (saved === undefined) delete process.env.IMAGE_STUDIO_OPENAPI;
      else process.env.IMAGE_STUDIO_OPENAPI = saved;
    }
  });

  test('two endpoints run side by side on different ports', async () => {
    const other = await startEndpoint();
    try {
      assert.notEqual(other.port, local.endpoint.port);
      await clientFor(other).models.list();
      assert.equal(other.requests.length, 1);
      assert.equal(local.endpoint.requests.length, 0);
    } finally {
      await other.close();
    }
  });

  test('a missing spec file fails start-up', async () => {
    await assert.rejects(startEndpoint({ specPath: '/nonexistent/openapi.yaml' }), /ENOENT/);
  });
});

describe('auth', () => {
  test('no Authorization header → 401 invalid_api_key', async () => {
    const res = await fetch(`${local.endpoint.url}/models`);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: Record<string, unknown> };
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.code, 'invalid_api_key');
    assert.equal(body.error.param, null);
  });

  test('empty bearer token and non-bearer schemes → 401', async () => {
    for (const authorization of ['Bearer ', 'Bearer', `Basic ${Buffer.from('a:b').toString('base64')}`, TEST_KEY]) {
      const res = await fetch(`${local.endpoint.url}/images/generations`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'dall-e-2', prompt: 'x' }),
      });
      assert.equal(res.status, 401, authorization);
    }
  });

  test('the SDK surfaces 401 as AuthenticationError', async () => {
    const noKey = new OpenAI({ apiKey: 'placeholder', baseURL: local.endpoint.url, maxRetries: 0, defaultHeaders: { authorization: null } as never });
    await assert.rejects(noKey.models.list(), (error: unknown) => error instanceof OpenAI.AuthenticationError && error.code === 'invalid_api_key');
  });

  test('acceptedKeys rejects other keys with a masked key in the message', async () => {
    const strict = await startEndpoint({ acceptedKeys: ['sk-good-key-1234'] });
    try {
      await clientFor(strict, { apiKey: 'sk-good-key-1234' }).models.list();
      const error = await clientFor(strict, { apiKey: 'sk-wrong-key-98765' }).models.list().then(
        () => assert.fail('accepted a wrong key'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof OpenAI.AuthenticationError);
      assert.equal(error.code, 'invalid_api_key');
      assert.match(error.message, /Incorrect API key provided: sk-\*+8765\./);
      assert.doesNotMatch(error.message, /wrong-key/);
      assert.deepEqual(strict.requests.map((r) => r.status), [200, 401]);
    } finally {
      await strict.close();
    }
  });
});

describe('models', () => {
  test('GET /v1/models lists the served image models in the list shape', async () => {
    const ids: string[] = [];
    for await (const model of local.client.models.list()) {
      assert.equal(model.object, 'model');
      assert.equal(typeof model.created, 'number');
      assert.equal(typeof model.owned_by, 'string');
      ids.push(model.id);
    }
    for (const id of ['dall-e-2', 'dall-e-3', 'gpt-image-1-mini', 'gpt-image-1.5', 'chatgpt-image-latest', 'gpt-image-2', 'gpt-image-2.5-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.6-sunburst']) {
      assert.ok(ids.includes(id), `${id} listed`);
    }
    assert.ok(!ids.includes('gpt-image-1'), 'shut-down gpt-image-1 not listed');
  });

  test('GET /v1/models/{id} retrieves one model, 404 for unknown or shut down', async () => {
    const model = await local.client.models.retrieve('gpt-image-2');
    assert.equal(model.id, 'gpt-image-2');
    await assert.rejects(local.client.models.retrieve('gpt-image-1'), OpenAI.NotFoundError);
    await assert.rejects(local.client.models.retrieve('no-such-model'), OpenAI.NotFoundError);
  });

  test('unknown routes → 404 Invalid URL, recorded as invalid', async () => {
    const res = await fetch(`${local.endpoint.url}/images/generate`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}` } });
    assert.equal(res.status, 404);
    const body = (await res.json()) as { error: { message: string } };
    assert.equal(body.error.message, 'Invalid URL (POST /v1/images/generate)');
    const wrongMethod = await fetch(`${local.endpoint.url}/images/generations`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    assert.equal(wrongMethod.status, 404);
    assert.equal(local.endpoint.invalidRequests().length, 2);
  });
});

describe('generations', () => {
  test('gpt-image-1.5: base64 PNG of the requested size, with echo fields and usage', async () => {
    const result = await local.client.images.generate({ model: 'gpt-image-1.5', prompt: 'A red fox under the moon', size: '1536x1024', quality: 'low' });
    assert.equal(result.data?.length, 1);
    assert.equal(result.data?.[0].url, undefined);
    assert.equal(result.data?.[0].revised_prompt, undefined);
    const meta = await decode(result.data?.[0].b64_json);
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 1536);
    assert.equal(meta.height, 1024);
    assert.equal(result.size, '1536x1024');
    assert.equal(result.quality, 'low');
    assert.equal(result.output_format, 'png');
    assert.equal(result.background, 'opaque');
    assert.equal(typeof result.created, 'number');
    const usage = result.usage!;
    assert.ok(usage.input_tokens > 0 && usage.output_tokens > 0);
    assert.equal(usage.total_tokens, usage.input_tokens + usage.output_tokens);
    assert.equal(usage.input_tokens_details.text_tokens + usage.input_tokens_details.image_tokens, usage.input_tokens);
  });

  test('size auto and no size → 1024x1024; quality auto is reported resolved', async () => {
    for (const size of ['auto', undefined] as const) {
      const result = await local.client.images.generate({ model: 'gpt-image-1-mini', prompt: 'auto', ...(size ? { size } : {}), quality: 'auto' });
      const meta = await decode(result.data?.[0].b64_json);
      assert.equal(`${meta.width}x${meta.height}`, '1024x1024');
      assert.equal(result.size, '1024x1024');
      assert.ok(['low', 'medium', 'high'].includes(String(result.quality)));
    }
  });

  test('output_format jpeg and webp produce those formats', async () => {
    for (const output_format of ['jpeg', 'webp'] as const) {
      const result = await local.client.images.generate({ model: 'gpt-image-2', prompt: 'formats', size: '256x256', output_format, output_compression: 50 });
      assert.equal((await decode(result.data?.[0].b64_json)).format, output_format);
      assert.equal(result.output_format, output_format);
    }
  });

  test('background transparent gives an image with alpha and transparent pixels', async () => {
    const result = await local.client.images.generate({ model: 'gpt-image-1.5', prompt: 'sticker', background: 'transparent', size: '1024x1024', quality: 'low' });
    assert.equal(result.background, 'transparent');
    const bytes = Buffer.from(result.data![0].b64_json!, 'base64');
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.channels, 4);
    assert.equal(data[3], 0, 'corner pixel fully transparent');
  });

  test('n images, each a distinct real image', async () => {
    const result = await local.client.images.generate({ model: 'gpt-image-2', prompt: 'many', n: 3, size: '256x256' });
    assert.equal(result.data?.length, 3);
    const unique = new Set(result.data!.map((d) => d.b64_json));
    assert.equal(unique.size, 3);
    for (const d of result.data!) assert.equal((await decode(d.b64_json)).width, 256);
  });

  test('the image shows the prompt: different prompts give different pictures', async () => {
    const a = await local.client.images.generate({ model: 'dall-e-2', prompt: 'alpha', size: '256x256', response_format: 'b64_json' });
    const b = await local.client.images.generate({ model: 'dall-e-2', prompt: 'omega', size: '256x256', response_format: 'b64_json' });
    assert.notEqual(a.data![0].b64_json, b.data![0].b64_json);
  });

  test('long and hostile prompts still render', async () => {
    const prompt = `<svg onload="x">&amp; ${'🦊 '.repeat(50)} ${'w'.repeat(3000)} \u0000\u001b[31m`;
    const result = await local.client.images.generate({ model: 'gpt-image-2', prompt, size: '512x512' });
    assert.equal((await decode(result.data?.[0].b64_json)).width, 512);
  });

  test('dall-e-2 defaults to url results; the URL serves the PNG without auth', async () => {
    const result = await local.client.images.generate({ model: 'dall-e-2', prompt: 'url please', size: '256x256' });
    const url = result.data?.[0].url;
    assert.ok(url);
    assert.equal(result.data?.[0].b64_json, undefined);
    assert.ok(url.startsWith(`${origin()}/files/`), url);
    assert.match(new URL(url).pathname, /^\/files\/[\w-]+\.png$/);
    assert.equal(result.usage, undefined, 'DALL·E answers carry no usage');
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 256);
    assert.equal(local.endpoint.requests.at(-1)?.path, new URL(url).pathname);
  });

  test('dall-e-3 returns revised_prompt, b64 on request', async () => {
    const result = await local.client.images.generate({ model: 'dall-e-3', prompt: 'a lighthouse', size: '1024x1792', quality: 'hd', style: 'natural', response_format: 'b64_json' });
    assert.ok(result.data?.[0].revised_prompt?.includes('a lighthouse'));
    const meta = await decode(result.data?.[0].b64_json);
    assert.equal(`${meta.width}x${meta.height}`, '1024x1792');
  });

  test('no model: dall-e-2 by default, gpt-image-1.5 when a GPT-only parameter is used', async () => {
    await local.client.images.generate({ prompt: 'default', size: '256x256' });
    assert.equal(local.endpoint.requests.at(-1)?.model, 'dall-e-2');
    await local.client.images.generate({ prompt: 'default', output_format: 'webp', quality: 'low' });
    assert.equal(local.endpoint.requests.at(-1)?.model, 'gpt-image-1.5');
  });

  test('url images expire after urlTtlMs', async () => {
    const short = await startEndpoint({ urlTtlMs: 50 });
    try {
      const result = await clientFor(short).images.generate({ model: 'dall-e-2', prompt: 'brief', size: '256x256' });
      await new Promise((r) => setTimeout(r, 80));
      assert.equal((await fetch(result.data![0].url!)).status, 404);
    } finally {
      await short.close();
    }
  });
});

describe('edits and variations', () => {
  test('gpt edit with one image: result has the input size, upload recorded in detail', async () => {
    const image = await imageUpload(1024, 1536, { name: 'portrait.png' });
    const result = await local.client.images.edit({ model: 'gpt-image-1.5', image, prompt: 'add a hat', quality: 'low' });
    const meta = await decode(result.data?.[0].b64_json);
    assert.equal(`${meta.width}x${meta.height}`, '1024x1536');
    assert.equal(result.size, '1024x1536');
    assert.ok(result.usage!.input_tokens_details.image_tokens > 0);
    const record = local.endpoint.requests.at(-1)!;
    assert.equal(record.path, '/v1/images/edits');
    assert.equal(record.status, 200);
    assert.deepEqual(record.validationErrors, []);
    assert.equal(record.fields?.prompt, 'add a hat');
    assert.equal(record.fields?.model, 'gpt-image-1.5');
    assert.equal(record.files?.length, 1);
    const file = record.files![0];
    assert.equal(file.field, 'image');
    assert.equal(file.filename, 'portrait.png');
    assert.equal(file.contentType, 'image/png');
    assert.equal(file.width, 1024);
    assert.equal(file.height, 1536);
    assert.equal(file.hasAlpha, false);
    assert.equal(file.size, file.bytes.length);
    assert.ok(file.size > 0);
    assert.match(String(record.headers['content-type']), /^multipart\/form-data; boundary=/);
  });

  test('gpt edit with several images (image[]) and a mask; requested size wins', async () => {
    const images = [await imageUpload(512, 512, { alpha: true }), await imageUpload(300, 200, { format: 'jpeg' }), await imageUpload(64, 64, { format: 'webp' })];
    const mask = await imageUpload(512, 512, { alpha: true, name: 'mask.png' });
    const result = await local.client.images.edit({ model: 'gpt-image-2', image: images, mask, prompt: 'combine', size: '1024x1024', input_fidelity: 'high' });
    assert.equal((await decode(result.data?.[0].b64_json)).width, 1024);
    const record = local.endpoint.requests.at(-1)!;
    const uploaded = record.files!.filter((f) => f.field === 'image[]');
    assert.deepEqual(uploaded.map((f) => f.contentType), ['image/png', 'image/jpeg', 'image/webp']);
    assert.deepEqual(uploaded.map((f) => f.format), ['png', 'jpeg', 'webp']);
    assert.equal(uploaded[0].hasAlpha, true);
    assert.equal(uploaded[1].width, 300);
    assert.equal(record.files!.filter((f) => f.field === 'mask').length, 1);
  });

  test('dall-e-2 edit: square PNG in, url out; variation likewise', async () => {
    const edit = await local.client.images.edit({ model: 'dall-e-2', image: await imageUpload(256, 256, { alpha: true }), prompt: 'sea', size: '512x512' });
    const res = await fetch(edit.data![0].url!);
    assert.equal((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width, 512);
    const variation = await local.client.images.createVariation({ image: await imageUpload(256, 256), n: 2, size: '256x256', response_format: 'b64_json' });
    assert.equal(variation.data?.length, 2);
    assert.equal((await decode(variation.data?.[1].b64_json)).width, 256);
    assert.equal(local.endpoint.requests.at(-1)?.model, 'dall-e-2');
  });

  test('JSON edits with data URLs are accepted for GPT models', async () => {
    const png = (await imageUpload(256, 256)).arrayBuffer();
    const dataUrl = `data:image/png;base64,${Buffer.from(await png).toString('base64')}`;
    const res = await fetch(`${local.endpoint.url}/images/edits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-1.5', prompt: 'json edit', images: [{ image_url: dataUrl }] }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data: { b64_json: string }[]; size: string };
    assert.equal(body.size, '256x256');
    const dalle = await fetch(`${local.endpoint.url}/images/edits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'dall-e-2', prompt: 'json edit', images: [{ image_url: dataUrl }] }),
    });
    assert.equal(dalle.status, 400);
  });
});

describe('recording', () => {
  test('JSON request: method, path, headers, size, parsed body, status, time', async () => {
    const before = Date.now();
    await local.client.images.generate({ model: 'gpt-image-2', prompt: 'recorded', size: '256x256', user: 'u-1' });
    const [record] = local.endpoint.requests;
    assert.equal(record.method, 'POST');
    assert.equal(record.path, '/v1/images/generations');
    assert.equal(record.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.match(String(record.headers['user-agent']), /OpenAI/);
    assert.deepEqual(record.json, { model: 'gpt-image-2', prompt: 'recorded', size: '256x256', user: 'u-1' });
    assert.equal(record.bodySize, Buffer.byteLength(JSON.stringify(record.json)));
    assert.equal(record.status, 200);
    assert.ok(record.time >= before && record.time <= Date.now());
    assert.deepEqual(record.validationErrors, []);
    assert.match(record.requestId, /^req_/);
  });

  test('rejected requests are recorded with their errors; invalidRequests() finds only them', async () => {
    await local.client.images.generate({ model: 'dall-e-2', prompt: 'fine', size: '256x256' });
    await assert.rejects(local.client.images.generate({ model: 'dall-e-3', prompt: 'bad', n: 2 }));
    await assert.rejects(local.client.images.generate({ model: 'gpt-image-1.5', prompt: 'bad', response_format: 'url' }));
    const invalid = local.endpoint.invalidRequests();
    assert.equal(invalid.length, 2);
    assert.equal(invalid[0].status, 400);
    assert.match(invalid[0].validationErrors[0], /'n'/);
    assert.equal(invalid[0].error?.param, 'n');
    assert.equal(invalid[1].error?.code, 'unknown_parameter');
  });

  test('reset() empties the same requests array and forgets url images', async () => {
    const list = local.endpoint.requests;
    const result = await local.client.images.generate({ model: 'dall-e-2', prompt: 'forget me', size: '256x256' });
    local.endpoint.reset();
    assert.equal(list, local.endpoint.requests);
    assert.equal(list.length, 0);
    assert.equal((await fetch(result.data![0].url!)).status, 404);
  });

  test('responses carry x-request-id, matching the record', async () => {
    const { response } = await local.client.images.generate({ model: 'dall-e-2', prompt: 'id', size: '256x256' }).withResponse();
    assert.equal(response.headers.get('x-request-id'), local.endpoint.requests.at(-1)?.requestId);
  });
});

describe('control API', () => {
  async function control(method: string, path: string, body?: unknown) {
    const res = await fetch(`${origin()}/_control/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  test('faults queued over HTTP apply, are listed and can be cleared', async () => {
    const queued = await control('POST', 'faults', [{ kind: 'status', status: 503, times: 2 }, { kind: 'delay', ms: 1 }]);
    assert.equal(queued.status, 200);
    assert.equal((await control('GET', 'faults')).body instanceof Array, true);
    assert.deepEqual(local.endpoint.pendingFaults().map((f) => [f.kind, f.remaining]), [['status', 2], ['delay', 1]]);
    await assert.rejects(local.client.models.list(), (e: unknown) => e instanceof OpenAI.APIError && e.status === 503);
    assert.deepEqual(local.endpoint.pendingFaults().map((f) => [f.kind, f.remaining]), [['status', 1], ['delay', 1]]);
    await control('DELETE', 'faults');
    assert.deepEqual(local.endpoint.pendingFaults(), []);
  });

  test('bad faults are refused with 400', async () => {
    assert.equal((await control('POST', 'faults', { kind: 'explode' })).status, 400);
    assert.equal((await control('POST', 'faults', { kind: 'status', status: 200 })).status, 400);
    assert.equal((await control('POST', 'faults', { kind: 'status', status: 500, times: 0 })).status, 400);
    assert.throws(() => local.endpoint.inject({ kind: 'delay', ms: -1 }), /invalid fault/);
  });

  test('requests are listed without file bytes, filterable to invalid ones; control calls are not recorded', async () => {
    await local.client.images.edit({ model: 'gpt-image-1.5', image: await imageUpload(64, 64), prompt: 'x', quality: 'low' });
    await assert.rejects(local.client.images.generate({ model: 'nope', prompt: 'x' }));
    const all = (await control('GET', 'requests')).body as { files?: Record<string, unknown>[] }[];
    assert.equal(all.length, 2);
    assert.equal(all[0].files?.[0].bytes, undefined);
    assert.equal(all[0].files?.[0].width, 64);
    const invalid = (await control('GET', 'requests?invalid=1')).body as { model: string; status: number }[];
    assert.deepEqual(invalid.map((r) => [r.model, r.status]), [['nope', 404]]);
    assert.equal((await control('POST', 'reset')).status, 200);
    assert.equal(local.endpoint.requests.length, 0);
    assert.equal((await control('GET', 'nothing')).status, 404);
  });
});
