// resultFromImagesResponse (src/openai/imagesClient.ts), the one funnel of non-streaming
// generations, edits and variations: the body is read as a stream, the request id reported
// at the headers, aborts and deadlines reported as before; then the same through the real
// `openai` SDK and the local endpoint (retries, error statuses, faults).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { APIConnectionTimeoutError, APIUserAbortError, BadRequestError } from 'openai';
import sharp from 'sharp';
import { startEndpoint, type Endpoint } from '../endpoint/server';
import { TEST_KEY } from '../endpoint/fixtures';
import { createClient, requestGeneration, resultFromImagesResponse, withDeadline, type PendingRawResponse } from '../../src/openai/imagesClient';
import { describeApiError } from '../../src/openai/apiErrors';
import { InvalidResponseError } from '../../src/openai/responseErrors';

const USAGE = { input_tokens: 3, output_tokens: 5, total_tokens: 8 };

/** An SDK call already answered with `body` (sent in the given chunks, then open or closed). */
function answered(chunks: (string | Buffer)[], options: { type?: string; requestId?: string; keepOpen?: boolean; onCancel?: () => void } = {}): PendingRawResponse {
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(Buffer.from(chunks[index++]));
      else if (!options.keepOpen) controller.close();
    },
    cancel: options.onCancel,
  });
  const headers: Record<string, string> = { 'content-type': options.type ?? 'application/json' };
  if (options.requestId) headers['x-request-id'] = options.requestId;
  return { asResponse: async () => new Response(body, { headers }) };
}

const invalid = (pattern: RegExp) => (error: unknown) => error instanceof InvalidResponseError && pattern.test(error.message);

describe('resultFromImagesResponse', () => {
  test('images, usage, creation time and request id, as before', async () => {
    const images = [randomBytes(50_000), randomBytes(1234)];
    const body = JSON.stringify({ created: 42, data: images.map((bytes, i) => ({ b64_json: bytes.toString('base64'), revised_prompt: `p${i}` })), usage: USAGE, size: '1024x1024' });
    const ids: (string | undefined)[] = [];
    const result = await resultFromImagesResponse(answered([body.slice(0, 10), body.slice(10, 5000), body.slice(5000)], { requestId: 'req_123' }), {
      onRequestId: (id) => ids.push(id),
    });
    assert.deepEqual(ids, ['req_123']);
    assert.equal(result.requestId, 'req_123');
    assert.equal(result.created, 42);
    assert.deepEqual(result.usage, USAGE);
    assert.deepEqual(result.images.map((image) => [image.from, image.revisedPrompt]), [['b64_json', 'p0'], ['b64_json', 'p1']]);
    result.images.forEach((image, index) => assert.ok(image.bytes.equals(images[index])));
  });

  test('the request id is reported when the headers arrive, before the body', async () => {
    const seen: (string | undefined)[] = [];
    const controller = new AbortController();
    const pending = resultFromImagesResponse(answered(['{"data": ['], { requestId: 'req_early', keepOpen: true }), {
      signal: controller.signal,
      onRequestId: (id) => {
        seen.push(id);
        controller.abort();
      },
    });
    await assert.rejects(pending, APIUserAbortError);
    assert.deepEqual(seen, ['req_early']);
  });

  test('no request id header: undefined, as before', async () => {
    const ids: (string | undefined)[] = ['not called'];
    const result = await resultFromImagesResponse(answered(['{"data":[{"b64_json":"QUJD"}]}']), { onRequestId: (id) => (ids[0] = id) });
    assert.deepEqual(ids, [undefined]);
    assert.equal(result.requestId, undefined);
  });

  test('answers that are not usable fail with clear InvalidResponseErrors', async () => {
    const cases: [(string | Buffer)[], RegExp, string?][] = [
      [['{"created": 1, "data": []}'], /answered without any image/],
      [['{"created": 1}'], /answered without any image/],
      [['{"data": [{"revised_prompt": "x"}]}'], /neither data nor a link/],
      [['{"data": [{"b64_json": ""}]}'], /neither data nor a link/],
      [['{"data": [{"b64_json": "QU', 'J!"}]}'], /not valid base64/],
      [['{"data": [{"b64_json": "QUJD"}'], /ended before its JSON was complete/],
      [['{"data": [{"url": "ftp://x/y.png"}]}'], /unsupported scheme/],
      [['{"data": [{"url": "not a url"}]}'], /not a valid URL/],
      [[''], /empty answer/],
      [['<html>Bad gateway</html>'], /content of type text\/html instead of JSON/, 'text/html'],
    ];
    for (const [chunks, message, type] of cases) {
      const failure = await resultFromImagesResponse(answered(chunks, { type }), {}).then(
        () => undefined,
        (error: unknown) => error,
      );
      assert.ok(invalid(message)(failure), `${chunks.join('')}: ${String(failure)}`);
      assert.equal(describeApiError(failure, { model: 'gpt-image-2' }).kind, 'invalidResponse');
    }
  });

  test('URL results are downloaded, in order, with their revised prompts', async () => {
    const files = new Map([['/a.png', randomBytes(3000)], ['/b.png', randomBytes(10)]]);
    const server = http.createServer((req, res) => {
      const bytes = files.get(req.url ?? '');
      res.writeHead(bytes ? 200 : 404, { 'content-type': 'image/png' }).end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const body = JSON.stringify({ data: [{ url: `${origin}/a.png`, revised_prompt: 'a' }, { url: `${origin}/b.png` }] });
      const result = await resultFromImagesResponse(answered([body]), {});
      assert.deepEqual(result.images.map((image) => [image.from, image.revisedPrompt, image.bytes.length]), [['url', 'a', 3000], ['url', undefined, 10]]);
      const gone = JSON.stringify({ data: [{ url: `${origin}/expired.png` }] });
      await assert.rejects(resultFromImagesResponse(answered([gone]), {}), invalid(/expired or is gone \(HTTP 404\)/));
    } finally {
      server.close();
    }
  });

  test('cancelling mid-body stops the download and is reported as a cancellation', async () => {
    let cancelled = false;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const failure = await withDeadline({ signal: controller.signal }, 10_000, (bounded) =>
      resultFromImagesResponse(answered(['{"data": [{"b64_json": "QUJD'], { keepOpen: true, onCancel: () => (cancelled = true) }), bounded),
    ).catch((error: unknown) => error);
    assert.ok(failure instanceof APIUserAbortError, String(failure));
    assert.equal(describeApiError(failure, { model: 'gpt-image-2' }).kind, 'cancelled');
    assert.ok(Date.now() - started < 2000);
    assert.ok(cancelled, 'the body was cancelled');
  });

  test('a body that stalls past the deadline is a timeout', async () => {
    const started = Date.now();
    const failure = await withDeadline({}, 100, (bounded) => resultFromImagesResponse(answered(['{"data": ['], { keepOpen: true }), bounded)).catch(
      (error: unknown) => error,
    );
    assert.ok(failure instanceof APIConnectionTimeoutError, String(failure));
    assert.equal(describeApiError(failure, { model: 'gpt-image-2' }).kind, 'timeout');
    assert.ok(Date.now() - started < 2000);
  });
});

describe('through the SDK and the local endpoint', () => {
  let endpoint: Endpoint;
  before(async () => {
    endpoint = await startEndpoint();
  });
  after(() => endpoint.close());
  beforeEach(() => endpoint.reset());

  const client = (maxRetries = 0) => createClient({ apiKey: TEST_KEY, baseUrl: endpoint.url, timeoutMs: 20_000, maxRetries });

  test('a GPT generation of several images: decodable images, usage and the request id the server sent', async () => {
    const ids: (string | undefined)[] = [];
    const result = await requestGeneration(client(), { model: 'gpt-image-2', prompt: 'a fox', n: 3, size: '1024x1024', quality: 'low' }, { onRequestId: (id) => ids.push(id) });
    assert.equal(result.images.length, 3);
    for (const image of result.images) {
      assert.equal(image.from, 'b64_json');
      assert.equal((await sharp(image.bytes).metadata()).width, 1024);
    }
    assert.equal(typeof result.created, 'number');
    assert.equal(typeof result.usage?.total_tokens, 'number');
    assert.equal(result.requestId, endpoint.requests[0].requestId);
    assert.deepEqual(ids, [result.requestId]);
  });

  test('a dall-e-2 generation answered with URLs is downloaded', async () => {
    const result = await requestGeneration(client(), { model: 'dall-e-2', prompt: 'a fox', n: 2, size: '256x256' });
    assert.deepEqual(result.images.map((image) => image.from), ['url', 'url']);
    assert.equal((await sharp(result.images[1].bytes).metadata()).width, 256);
  });

  test('the SDK still retries a server error before the body is read', async () => {
    endpoint.inject({ kind: 'status', status: 500 });
    const result = await requestGeneration(client(1), { model: 'gpt-image-2', prompt: 'again', quality: 'low' });
    assert.equal(result.images.length, 1);
    assert.deepEqual(endpoint.requests.map((request) => request.status), [500, 200]);
  });

  test('the SDK still throws its error for a refused request', async () => {
    await assert.rejects(requestGeneration(client(), { model: 'gpt-image-2', prompt: 'p', size: '10x10' }), BadRequestError);
  });

  test('a truncated JSON body is an invalid answer', async () => {
    endpoint.inject({ kind: 'malformedJson' });
    await assert.rejects(requestGeneration(client(), { model: 'gpt-image-2', prompt: 'p' }), invalid(/ended before its JSON was complete/));
  });
});
