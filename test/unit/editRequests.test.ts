// Edit and variation requests (src/openai/editRequests.ts) and the job around them
// (src/generation/editJob.ts), sent through the real `openai` SDK to the local endpoint,
// which records every multipart part and judges the request against the OpenAPI spec.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APIConnectionTimeoutError, type OpenAI } from 'openai';
import sharp from 'sharp';
import { startEndpoint, type Endpoint, type RecordedRequest } from '../endpoint/server';
import { makeImage, onlyRequest, TEST_KEY } from '../endpoint/fixtures';
import { createClient, type ClientConfig } from '../../src/openai/imagesClient';
import { InvalidParametersError, validateSize } from '../../src/openai/modelCapabilities';
import {
  editSizeChoices,
  prepareEdit,
  prepareEditParameters,
  prepareVariation,
  requestEdit,
  requestVariation,
  type EditInputImage,
} from '../../src/openai/editRequests';
import { inputTargetFor, variationOperationFor } from '../../src/jobs/jobSources';

const MB = 1024 * 1024;
let endpoint: Endpoint;
let config: ClientConfig;

before(async () => {
  endpoint = await startEndpoint();
  config = { apiKey: TEST_KEY, baseUrl: endpoint.url, timeoutMs: 20_000, maxRetries: 0 };
});
after(() => endpoint.close());
beforeEach(() => endpoint.reset());


async function input(width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png', name?: string): Promise<EditInputImage> {
  const bytes = await makeImage(width, height, { format, alpha: format !== 'jpeg' });
  const extension = format === 'jpeg' ? 'jpg' : format;
  return { bytes, fileName: name ?? `input.${extension}`, mimeType: `image/${format}`, width, height };
}

const only = (path: string): RecordedRequest => onlyRequest(endpoint, path);


describe('requestEdit (GPT image models)', () => {
  test('one image goes as an `image` part with its name, MIME type and exact bytes', async () => {
    const image = await input(512, 384, 'png', 'cat.png');
    const result = await requestEdit(createClient(config), { model: 'gpt-image-2', prompt: 'add a hat', images: [image], n: 2 });
    const request = only('/v1/images/edits');
    assert.deepEqual(
      request.files?.map((file) => [file.field, file.filename, file.contentType, file.size, file.format, file.width, file.height]),
      [['image', 'cat.png', 'image/png', image.bytes.length, 'png', 512, 384]],
    );
    assert.ok(request.files?.[0].bytes.equals(Buffer.from(image.bytes)), 'uploaded unchanged');
    assert.deepEqual(request.fields, { model: 'gpt-image-2', prompt: 'add a hat', n: '2' });
    assert.equal(result.images.length, 2);
    assert.equal(result.images[0].from, 'b64_json');
    assert.ok(result.requestId?.startsWith('req_'));
    assert.ok((result.usage?.input_tokens_details?.image_tokens ?? 0) > 0, 'usage counts the input image');
    const metadata = await sharp(result.images[0].bytes).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ['png', 512, 384], 'auto size follows the input');
  });

  test('several images go as `image[]` parts, in order, each with its own type', async () => {
    const images = [await input(300, 200, 'png', 'a.png'), await input(400, 300, 'jpeg', 'b.jpg'), await input(256, 256, 'webp', 'c.webp')];
    await requestEdit(createClient(config), { model: 'gpt-image-2', prompt: 'combine them', images, size: '1024x1024' });
    const request = only('/v1/images/edits');
    assert.deepEqual(
      request.files?.map((file) => [file.field, file.filename, file.contentType, file.size, file.format]),
      [
        ['image[]', 'a.png', 'image/png', images[0].bytes.length, 'png'],
        ['image[]', 'b.jpg', 'image/jpeg', images[1].bytes.length, 'jpeg'],
        ['image[]', 'c.webp', 'image/webp', images[2].bytes.length, 'webp'],
      ],
    );
    assert.equal(request.fields?.size, '1024x1024');
  });

  test('settings meant for generations or for DALL·E are not sent to an edit', async () => {
    const prepared = prepareEditParameters({ model: 'gpt-image-2', prompt: 'p', quality: 'hd', outputFormat: 'webp', background: 'opaque' });
    assert.deepEqual(prepared.problems, []);
    assert.deepEqual(prepared.parameters, { model: 'gpt-image-2', prompt: 'p', output_format: 'webp', background: 'opaque' });
    assert.deepEqual(prepared.dropped.map((d) => d.field), ['quality']);
    await requestEdit(createClient(config), { model: 'gpt-image-2', prompt: 'p', images: [await input(64, 64)], quality: 'hd', outputFormat: 'webp' });
    const request = only('/v1/images/edits');
    assert.equal(request.fields?.response_format, undefined, 'GPT image models take no response_format');
    assert.equal(request.fields?.quality, undefined);
    assert.equal(request.fields?.output_format, 'webp');
  });

  test('streams partial previews, then the image', async () => {
    const partials: number[] = [];
    const result = await requestEdit(
      createClient(config),
      { model: 'gpt-image-2', prompt: 'stream it', images: [await input(256, 256)], stream: true, partialImages: 2 },
      { onPartialImage: (index, bytes) => partials.push(index + (bytes.length > 0 ? 0 : 100)) },
    );
    const request = only('/v1/images/edits');
    assert.deepEqual([request.fields?.stream, request.fields?.partial_images], ['true', '2']);
    assert.deepEqual(partials, [0, 1]);
    assert.equal(result.images.length, 1);
    assert.ok(result.usage?.total_tokens);
  });

  test('a refusal from the service is thrown as the SDK error', async () => {
    endpoint.inject({ kind: 'moderation', style: 'gpt' });
    await assert.rejects(
      requestEdit(createClient(config), { model: 'gpt-image-2', prompt: 'p', images: [await input(64, 64)] }),
      (error: Error & { status?: number; code?: string }) => error.status === 400 && error.code === 'moderation_blocked',
    );
  });

  test('an abort cancels the upload in flight', async () => {
    endpoint.inject({ kind: 'delay', ms: 5000 });
    const controller = new AbortController();
    const pending = requestEdit(createClient(config), { model: 'gpt-image-2', prompt: 'p', images: [await input(64, 64)] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(pending, (error: Error) => /abort/i.test(error.name) || /abort/i.test(error.message));
  });
});

describe('a body that stalls after the headers', () => {
  // openai 7.x bounds reading a JSON answer itself, but stops counting at a stream's headers:
  // without the request's deadline the streamed edit would wait for the runtime's 5 minutes.
  const TIMEOUT_MS = 1500;
  const stalled: [string, (client: OpenAI) => Promise<unknown>][] = [
    ['an edit', async (client) => requestEdit(client, { model: 'gpt-image-2', prompt: 'p', images: [await input(64, 64)] })],
    ['a streamed edit', async (client) => requestEdit(client, { model: 'gpt-image-2', prompt: 'p', images: [await input(64, 64)], stream: true })],
    ['a variation', async (client) => requestVariation(client, { model: 'dall-e-2', image: await input(64, 64) })],
  ];
  for (const [what, send] of stalled) {
    test(`${what} fails as a connection timeout within the client timeout`, { timeout: 10 * TIMEOUT_MS }, async () => {
      endpoint.inject({ kind: 'stall' });
      const started = Date.now();
      await assert.rejects(send(createClient({ ...config, timeoutMs: TIMEOUT_MS, maxRetries: 0 })), (error: unknown) => {
        assert.ok(error instanceof APIConnectionTimeoutError, String(error));
        return true;
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= TIMEOUT_MS - 50 && elapsed < 2 * TIMEOUT_MS, `ended after ${elapsed} ms`);
      assert.equal(endpoint.requests[0].status, 200, 'the headers had arrived');
    });
  }
});

describe('requestEdit and requestVariation (dall-e-2)', () => {
  test('an edit sends one square PNG as `image` and asks for base64', async () => {
    const image = await input(256, 256, 'png', 'square.png');
    const result = await requestEdit(createClient(config), { model: 'dall-e-2', prompt: 'p', images: [image], size: '512x512', quality: 'auto' });
    const request = only('/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.contentType]), [['image', 'square.png', 'image/png']]);
    assert.deepEqual(request.fields, { model: 'dall-e-2', prompt: 'p', size: '512x512', response_format: 'b64_json' });
    assert.equal(result.images.length, 1);
  });

  test('a variation goes to /images/variations with the image, n, size and base64, and no prompt', async () => {
    const image = await input(300, 300, 'png', 'cat.png');
    const result = await requestVariation(createClient(config), { model: 'dall-e-2', image, n: 3, size: '256x256' });
    const request = only('/v1/images/variations');
    assert.deepEqual(
      request.files?.map((file) => [file.field, file.filename, file.contentType, file.size]),
      [['image', 'cat.png', 'image/png', image.bytes.length]],
    );
    assert.deepEqual(request.fields, { model: 'dall-e-2', response_format: 'b64_json', n: '3', size: '256x256' });
    assert.equal(result.images.length, 3);
    const metadata = await sharp(result.images[2].bytes).metadata();
    assert.deepEqual([metadata.width, metadata.height], [256, 256]);
  });

  test('size auto on a variation is left to the server (1024x1024)', async () => {
    const prepared = prepareVariation({ model: 'dall-e-2', image: await input(64, 64), size: 'auto' });
    assert.deepEqual(prepared.problems, []);
    assert.equal(prepared.parameters.size, undefined);
    assert.deepEqual(prepared.dropped.map((d) => d.field), ['size']);
  });
});

describe('parameters are checked before anything is sent', () => {
  const refusals: [string, () => Promise<unknown>, RegExp][] = [
    ['dall-e-3 cannot edit', async () => requestEdit(createClient(config), { model: 'dall-e-3', prompt: 'p', images: [await input(64, 64)] }), /dall-e-3 cannot edit images or make variations.*gpt-image-2/],
    ['dall-e-2 edits one image only', async () => requestEdit(createClient(config), { model: 'dall-e-2', prompt: 'p', images: [await input(64, 64), await input(64, 64)] }), /dall-e-2 edits one image at a time, and 2 were selected/],
    ['GPT takes at most 16 images', async () => requestEdit(createClient(config), { model: 'gpt-image-2', prompt: 'p', images: Array(17).fill(await input(32, 32)) }), /at most 16 images in one edit, and 17 were selected/],
    ['no image', async () => requestEdit(createClient(config), { model: 'gpt-image-2', prompt: 'p', images: [] }), /at least one image/],
    ['empty prompt', async () => requestEdit(createClient(config), { model: 'gpt-image-2', prompt: ' ', images: [await input(64, 64)] }), /prompt is empty/],
    ['dall-e-2 prompt over 1000 characters', async () => requestEdit(createClient(config), { model: 'dall-e-2', prompt: 'x'.repeat(1001), images: [await input(64, 64)] }), /1,001 characters; dall-e-2 accepts at most 1,000/],
    ['a JPEG for dall-e-2', async () => requestEdit(createClient(config), { model: 'dall-e-2', prompt: 'p', images: [await input(64, 64, 'jpeg', 'cat.jpg')] }), /cat\.jpg is image\/jpeg; dall-e-2 reads PNG images only/],
    ['a non-square image for dall-e-2', async () => requestEdit(createClient(config), { model: 'dall-e-2', prompt: 'p', images: [await input(64, 48, 'png', 'wide.png')] }), /wide\.png is 64x48; dall-e-2 needs a square image/],
    ['4 MB is not under 4 MB', async () => requestVariation(createClient(config), { model: 'dall-e-2', image: { ...(await input(64, 64)), bytes: new Uint8Array(4 * MB) } }), /is 4 MB; dall-e-2 takes images smaller than 4 MB/],
    ['a size variations do not make', async () => requestVariation(createClient(config), { model: 'dall-e-2', image: await input(64, 64), size: '1536x1024' }), /Size 1536x1024 is not available for variations\. Choose 256x256, 512x512 or 1024x1024/],
    ['n = 11', async () => requestVariation(createClient(config), { model: 'dall-e-2', image: await input(64, 64), n: 11 }), /Number of variations 11 is not possible/],
    ['variations on a GPT model', async () => requestVariation(createClient(config), { model: 'gpt-image-2', image: await input(64, 64) }), /gpt-image-2 has no variations endpoint/],
    ['an invalid flexible size', async () => requestEdit(createClient(config), { model: 'gpt-image-2', prompt: 'p', images: [await input(64, 64)], size: '1000x1000' }), /multiples of 16/],
    ['transparent JPEG output', async () => requestEdit(createClient(config), { model: 'gpt-image-2', prompt: 'p', images: [await input(64, 64)], background: 'transparent', outputFormat: 'jpeg' }), /transparent background needs PNG or WebP/],
  ];
  for (const [name, send, message] of refusals) {
    test(name, async () => {
      await assert.rejects(send(), (error: Error) => {
        assert.ok(error instanceof InvalidParametersError, `${error.name}: ${error.message}`);
        assert.match(error.message, message);
        return true;
      });
      assert.equal(endpoint.requests.length, 0, 'nothing sent');
    });
  }

  test('every problem is listed at once', () => {
    const { problems } = prepareEdit({ model: 'dall-e-2', prompt: '', images: [{ bytes: new Uint8Array(5 * MB), fileName: 'big.jpg', mimeType: 'image/jpeg', width: 10, height: 20 }] });
    assert.deepEqual(problems.map((p) => p.field), ['prompt', 'image', 'image', 'image']);
  });
});

describe('editSizeChoices', () => {
  test('gpt-image-2: auto first, then the source\'s shape, then the usual sizes, all valid', () => {
    const choices = editSizeChoices('gpt-image-2', 'edit', { width: 1920, height: 1080, name: 'flowers.jpeg' });
    assert.deepEqual(choices.slice(0, 3).map((c) => c.size), ['auto', '1360x768', '1024x1024']);
    assert.match(choices[1].detail ?? '', /shape of flowers\.jpeg/);
    for (const { size } of choices) assert.equal(validateSize('gpt-image-2', size), undefined, size);
    assert.equal(new Set(choices.map((c) => c.size)).size, choices.length, 'no duplicates');
  });

  test('gpt-image-2: an extreme aspect is clamped to 1:3', () => {
    const choices = editSizeChoices('gpt-image-2', 'edit', { width: 13, height: 169 });
    assert.equal(choices[1].size, '592x1776');
    assert.equal(validateSize('gpt-image-2', choices[1].size), undefined);
  });

  test('gpt-image-1.5: auto, then the fixed size closest to the source', () => {
    assert.deepEqual(editSizeChoices('gpt-image-1.5', 'edit', { width: 600, height: 900 }).map((c) => c.size), ['auto', '1024x1536', '1024x1024', '1536x1024']);
  });

  test('dall-e-2 and variations: the three square sizes, largest first', () => {
    assert.deepEqual(editSizeChoices('dall-e-2', 'edit').map((c) => c.size), ['1024x1024', '512x512', '256x256']);
    assert.deepEqual(editSizeChoices('dall-e-2', 'variation', { width: 1920, height: 1080 }).map((c) => c.size), ['1024x1024', '512x512', '256x256']);
  });
});

describe('variationOperationFor and inputTargetFor', () => {
  test('dall-e-2 uses the variations endpoint, GPT and unknown models edits, dall-e-3 nothing', () => {
    assert.equal(variationOperationFor('dall-e-2'), 'variation');
    assert.equal(variationOperationFor('gpt-image-2'), 'edit');
    assert.equal(variationOperationFor('gpt-image-1.5'), 'edit');
    assert.equal(variationOperationFor('my-server-model'), 'edit');
    assert.equal(variationOperationFor('dall-e-3'), undefined);
  });

  test('targets follow the endpoint: dall-e-2 square PNG under 4 MB, GPT any of three formats under 50 MB', () => {
    const shape = { squareMode: 'crop', padColor: 'edge' } as const;
    assert.deepEqual(inputTargetFor('dall-e-2', 'variation', shape), {
      squareMode: 'crop', padColor: 'edge', formats: ['png'], maxBytes: 4 * MB - 1, square: true, maxSide: 1024, requireAlpha: false,
    });
    assert.equal(inputTargetFor('dall-e-2', 'edit', shape).requireAlpha, true);
    assert.deepEqual(inputTargetFor('gpt-image-2', 'edit', shape), {
      squareMode: 'crop', padColor: 'edge', formats: ['png', 'jpeg', 'webp'], maxBytes: 50 * MB - 1, square: false, aspect: { min: 1 / 3, max: 3 }, maxSide: 3840,
    });
  });
});
