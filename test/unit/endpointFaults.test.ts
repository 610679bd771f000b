// Injected faults: every kind, as the openai SDK experiences it, plus ordering, counts,
// path limits and recording.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { type APIError } from 'openai';
import sharp from 'sharp';
import { clientFor, imageUpload, useEndpoint } from '../endpoint/fixtures';

const local = useEndpoint();

const GPT = { model: 'gpt-image-2', prompt: 'fault', size: '64x64' } as const;
const DALLE = { model: 'dall-e-2', prompt: 'fault', size: '256x256' } as const;

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
}

describe('status faults', () => {
  const cases: [number, new (...args: never[]) => APIError, string | number | null, string, RegExp][] = [
    [401, OpenAI.AuthenticationError, 'invalid_api_key', 'invalid_request_error', /^Incorrect API key provided: sk-\*{12}0000\. You can find your API key at https:\/\/platform\.openai\.com\/account\/api-keys\.$/],
    [403, OpenAI.PermissionDeniedError, null, 'invalid_request_error', /^Your organization must be verified to use the model `gpt-image-2`\. /],
    [429, OpenAI.RateLimitError, 'rate_limit_exceeded', 'requests', /^Rate limit reached for gpt-image-2 in organization org-test .* Please try again in 1s\./],
    [500, OpenAI.InternalServerError, null, 'server_error', /^The server had an error while processing your request\. Sorry about that!$/],
    [502, OpenAI.InternalServerError, 502, 'cf_bad_gateway', /^Bad gateway\.$/],
    [503, OpenAI.InternalServerError, null, 'server_error', /^The server is overloaded or not ready yet\.$/],
  ];
  for (const [status, errorClass, code, type, message] of cases) {
    test(`${status} with the service's error body`, async () => {
      local.endpoint.inject({ kind: 'status', status });
      const error = await failure(local.client.images.generate(GPT));
      assert.ok(error instanceof errorClass, String(error));
      assert.equal(error.status, status);
      assert.equal(error.code, code);
      assert.equal(error.type, type);
      const body = error.error as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['code', 'message', 'param', 'type']);
      assert.match(String(body.message), message);
      assert.deepEqual(local.endpoint.requests[0].faults, ['status']);
      assert.equal(local.endpoint.requests[0].status, status);
      // One use only: the next call succeeds.
      await local.client.images.generate(GPT);
    });
  }

  test('429 carries retry-after (default 1 s, or as injected)', async () => {
    local.endpoint.inject({ kind: 'status', status: 429 });
    local.endpoint.inject({ kind: 'status', status: 429, retryAfter: 7, code: 'insufficient_quota', type: 'insufficient_quota', message: 'You exceeded your current quota.' });
    const first = (await failure(local.client.models.list())) as APIError;
    assert.equal(first.headers?.get('retry-after'), '1');
    const second = (await failure(local.client.models.list())) as APIError;
    assert.equal(second.headers?.get('retry-after'), '7');
    assert.equal(second.code, 'insufficient_quota');
    assert.equal(second.type, 'insufficient_quota');
    assert.match(second.message, /^429 You exceeded your current quota\.$/);
  });

  test('403 defaults to the organization-verification message naming the model', async () => {
    local.endpoint.inject({ kind: 'status', status: 403 });
    const error = (await failure(local.client.images.generate({ ...GPT, model: 'gpt-image-2.6-flare' }))) as APIError;
    assert.match(error.message, /organization must be verified to use the model `gpt-image-2\.6-flare`/);
  });

  test('times: N fails N calls; the SDK retries through a transient 500', async () => {
    local.endpoint.inject({ kind: 'status', status: 500, times: 2 });
    await failure(local.client.images.generate(GPT));
    await failure(local.client.images.generate(GPT));
    await local.client.images.generate(GPT);
    local.endpoint.reset();
    local.endpoint.inject({ kind: 'status', status: 503, retryAfter: 0 });
    const retrying = clientFor(local.endpoint, { maxRetries: 1 });
    await retrying.images.generate(GPT);
    assert.deepEqual(local.endpoint.requests.map((r) => [r.status, r.faults]), [[503, ['status']], [200, []]]);
  });

  test('faults apply in order, one per request', async () => {
    local.endpoint.inject({ kind: 'status', status: 500 });
    local.endpoint.inject({ kind: 'status', status: 503 });
    local.endpoint.inject({ kind: 'status', status: 429 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(await local.client.models.list().then(() => 200, (e: APIError) => e.status ?? 0));
    }
    assert.deepEqual(statuses, [500, 503, 429, 200]);
  });

  test('a path limits the fault to that route (with or without /v1)', async () => {
    local.endpoint.inject({ kind: 'status', status: 500, path: '/images/edits' });
    local.endpoint.inject({ kind: 'status', status: 502, path: '/v1/images/variations' });
    await local.client.images.generate(GPT);
    await local.client.models.list();
    assert.equal(local.endpoint.pendingFaults().length, 2);
    const image = await imageUpload(64, 64);
    assert.equal(((await failure(local.client.images.edit({ model: 'gpt-image-2', prompt: 'x', image }))) as APIError).status, 500);
    assert.equal(((await failure(local.client.images.createVariation({ image: await imageUpload(256, 256) }))) as APIError).status, 502);
    assert.deepEqual(local.endpoint.pendingFaults(), []);
  });

  test('faults hit even invalid requests (gateway errors come first) and they stay recorded as invalid', async () => {
    local.endpoint.inject({ kind: 'status', status: 500 });
    await failure(local.client.images.generate({ model: 'dall-e-3', prompt: 'x', n: 3 }));
    assert.equal(local.endpoint.requests[0].status, 500);
    assert.equal(local.endpoint.invalidRequests().length, 1);
  });

  test('clearFaults drops everything queued', async () => {
    local.endpoint.inject({ kind: 'status', status: 500, times: 5 });
    local.endpoint.inject({ kind: 'stall' });
    local.endpoint.clearFaults();
    await local.client.images.generate(GPT);
    assert.deepEqual(local.endpoint.requests[0].faults, []);
  });
});

describe('moderation faults', () => {
  test('gpt style: 400 image_generation_user_error / moderation_blocked', async () => {
    local.endpoint.inject({ kind: 'moderation', style: 'gpt' });
    const error = (await failure(local.client.images.generate(GPT))) as APIError;
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.equal(error.type, 'image_generation_user_error');
    assert.equal(error.code, 'moderation_blocked');
    assert.match(error.message, /rejected by the safety system/);
    assert.ok(error.message.includes(String(local.endpoint.requests[0].requestId)));
  });

  test('legacy style: 400 content_policy_violation', async () => {
    local.endpoint.inject({ kind: 'moderation', style: 'legacy' });
    const error = (await failure(local.client.images.generate(DALLE))) as APIError;
    assert.equal(error.type, 'invalid_request_error');
    assert.equal(error.code, 'content_policy_violation');
  });

  test('only valid image requests are moderated; the fault waits for one', async () => {
    local.endpoint.inject({ kind: 'moderation', style: 'gpt' });
    await local.client.models.list();
    const invalid = (await failure(local.client.images.generate({ ...GPT, quality: 'hd' }))) as APIError;
    assert.equal(invalid.param, 'quality');
    assert.equal(local.endpoint.pendingFaults().length, 1);
    const refused = (await failure(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image: await imageUpload(32, 32) }))) as APIError;
    assert.equal(refused.code, 'moderation_blocked');
    assert.deepEqual(local.endpoint.requests.map((r) => r.faults.length), [0, 0, 1]);
  });
});

describe('connection faults', () => {
  test('delay: answers normally after the delay', async () => {
    local.endpoint.inject({ kind: 'delay', ms: 300 });
    const started = Date.now();
    const result = await local.client.images.generate(GPT);
    assert.ok(Date.now() - started >= 290);
    assert.ok(result.data?.[0].b64_json);
    assert.deepEqual(local.endpoint.requests[0].faults, ['delay']);
  });

  test('delay longer than the client timeout → APIConnectionTimeoutError', async () => {
    local.endpoint.inject({ kind: 'delay', ms: 1000 });
    const error = await failure(clientFor(local.endpoint, { timeout: 200 }).images.generate(GPT));
    assert.ok(error instanceof OpenAI.APIConnectionTimeoutError, String(error));
  });

  test('reset: part of the body, then the connection drops', async () => {
    local.endpoint.inject({ kind: 'reset' });
    const error = await failure(local.client.images.generate(GPT));
    assert.ok(error instanceof Error, String(error));
    assert.deepEqual(local.endpoint.requests[0].faults, ['reset']);
    await local.client.images.generate(GPT);
  });

  test('stall: headers then silence until the client gives up', async () => {
    local.endpoint.inject({ kind: 'stall' });
    const started = Date.now();
    const error = await failure(clientFor(local.endpoint, { timeout: 400 }).images.generate(GPT));
    assert.ok(error instanceof Error);
    assert.ok(Date.now() - started >= 390, 'gave up on its own timeout');
    assert.equal(local.endpoint.requests[0].status, 200);
    await local.client.images.generate(GPT);
  });

  test('stall with an abort signal', async () => {
    local.endpoint.inject({ kind: 'stall' });
    const error = await failure(local.client.images.generate(GPT, { signal: AbortSignal.timeout(200) }));
    assert.ok(error instanceof Error);
  });

  test('malformedJson: 200 with a truncated JSON body', async () => {
    local.endpoint.inject({ kind: 'malformedJson' });
    const error = await failure(local.client.images.generate(GPT));
    assert.ok(error instanceof SyntaxError, String(error));
  });
});

describe('result faults', () => {
  test('notAnImage: b64_json decodes to bytes that are not an image', async () => {
    local.endpoint.inject({ kind: 'notAnImage' });
    const result = await local.client.images.generate(GPT);
    const bytes = Buffer.from(result.data![0].b64_json!, 'base64');
    assert.ok(bytes.length > 0);
    await assert.rejects(sharp(bytes).metadata());
  });

  test('notAnImage on a url result: the download is not an image', async () => {
    local.endpoint.inject({ kind: 'notAnImage' });
    const result = await local.client.images.generate(DALLE);
    const res = await fetch(result.data![0].url!);
    assert.equal(res.status, 200);
    await assert.rejects(sharp(Buffer.from(await res.arrayBuffer())).metadata());
  });

  test('expiredUrl: the next download of a url result is 404; later ones work', async () => {
    local.endpoint.inject({ kind: 'expiredUrl' });
    const result = await local.client.images.generate(DALLE);
    assert.equal(local.endpoint.pendingFaults().length, 1, 'generation did not consume it');
    const url = result.data![0].url!;
    const expired = await fetch(url);
    assert.equal(expired.status, 404);
    assert.match(await expired.text(), /BlobNotFound/);
    assert.equal((await fetch(url)).status, 200);
    assert.deepEqual(local.endpoint.requests.map((r) => r.faults), [[], ['expiredUrl'], []]);
  });

  test('downloads only get gateway faults that name their path', async () => {
    const result = await local.client.images.generate(DALLE);
    local.endpoint.inject({ kind: 'status', status: 500 });
    assert.equal((await fetch(result.data![0].url!)).status, 200);
    local.endpoint.clearFaults();
    local.endpoint.inject({ kind: 'status', status: 503, path: '/files' });
    assert.equal((await fetch(result.data![0].url!)).status, 503);
  });

  test('streamCut: partials arrive, then the connection drops before completed', async () => {
    local.endpoint.inject({ kind: 'streamCut' });
    await local.client.images.generate(GPT);
    assert.equal(local.endpoint.pendingFaults().length, 1, 'non-streaming calls do not take it');
    const stream = await local.client.images.generate({ ...GPT, stream: true, partial_images: 2 });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof Error, 'iteration fails');
    assert.deepEqual(seen, ['image_generation.partial_image', 'image_generation.partial_image']);
    assert.deepEqual(local.endpoint.requests.at(-1)?.faults, ['streamCut']);
  });

  test('streamCut graceful: the stream just ends without completed', async () => {
    local.endpoint.inject({ kind: 'streamCut', graceful: true });
    const stream = await local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image: await imageUpload(32, 32), stream: true, partial_images: 1, quality: 'low' });
    const seen: string[] = [];
    for await (const event of stream) seen.push(event.type);
    assert.deepEqual(seen, ['image_edit.partial_image']);
  });

  test('notAnImage in a stream: completed carries non-image bytes', async () => {
    local.endpoint.inject({ kind: 'notAnImage' });
    const events: OpenAI.Images.ImageGenStreamEvent[] = [];
    for await (const event of await local.client.images.generate({ ...GPT, stream: true })) events.push(event);
    assert.equal(events.at(-1)?.type, 'image_generation.completed');
    await assert.rejects(sharp(Buffer.from(events.at(-1)!.b64_json, 'base64')).metadata());
  });
});
