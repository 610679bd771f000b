// Edit and variation requests (src/openai/editRequests.ts) and the job around them
// (src/generation/editJob.ts), sent through the real `openai` SDK to the local endpoint,
// which records every multipart part and judges the request against the OpenAPI spec.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
import {
  inputTargetFor,
  prepareSource,
  runEditJob,
  variationOperationFor,
  type EditJobImage,
  type PreparedSource,
  type SourceImage,
} from '../../src/generation/editJob';
import { isImageError } from '../../src/imaging/imageErrors';
import { fixturesDir } from '../fixturesDir';

const MB = 1024 * 1024;
let endpoint: Endpoint;
let config: ClientConfig;

before(async () => {
  endpoint = await startEndpoint();
  config = { apiKey: TEST_KEY, baseUrl: endpoint.url, timeoutMs: 20_000, maxRetries: 0 };
});
after(() => endpoint.close());
beforeEach(() => endpoint.reset());

const FIXTURES = fixturesDir();

async function input(width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png', name?: string): Promise<EditInputImage> {
  const bytes = await makeImage(width, height, { format, alpha: format !== 'jpeg' });
  const extension = format === 'jpeg' ? 'jpg' : format;
  return { bytes, fileName: name ?? `input.${extension}`, mimeType: `image/${format}`, width, height };
}

const only = (path: string): RecordedRequest => onlyRequest(endpoint, path);

function fixtureSource(name: string): SourceImage {
  return { name: `images/${name}`, fileName: name, load: async () => readFileSync(join(FIXTURES, name)) };
}

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
    ['dall-e-2 prompt over 1000 characters', async () => requestEdit(createClient(config), { model: 'dall-e-2', prompt: 'x'.repeat(1001), images: [await input(64, 64)] }), /1001 characters; dall-e-2 accepts at most 1000/],
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

describe('runEditJob', () => {
  const shape = { squareMode: 'pad', padColor: 'transparent' } as const;

  async function prepared(name: string, model: string, operation: 'edit' | 'variation'): Promise<PreparedSource> {
    return prepareSource(fixtureSource(name), inputTargetFor(model, operation, shape));
  }

  test('a JPEG on dall-e-2 becomes a square PNG under 4 MB, sent to /images/variations; every image verified and handed over', async () => {
    const source = await prepared('flowers.jpeg', 'dall-e-2', 'variation');
    assert.match(source.summary, /converted JPEG → PNG/);
    assert.match(source.summary, /padded 1024x576 → 1024x1024/);
    const images: [EditJobImage, number, number][] = [];
    const outcomes = await runEditJob(config, { operation: 'variation', options: { model: 'dall-e-2', n: 3, size: '512x512' } }, [{ inputs: [source] }], {
      onImage: async (image, group, index) => void images.push([image, group, index]),
    });
    const request = only('/v1/images/variations');
    const [file] = request.files ?? [];
    assert.deepEqual([file.field, file.filename, file.contentType, file.format, file.width, file.height], ['image', 'flowers.png', 'image/png', 'png', 1024, 1024]);
    assert.ok(file.size < 4 * MB);
    assert.deepEqual(outcomes, [{ delivered: 3, requested: 3, failures: [], requestIds: [request.requestId] }]);
    assert.deepEqual(images.map(([image, group, index]) => [image.width, image.height, image.format, group, index]), [
      [512, 512, 'png', 0, 0],
      [512, 512, 'png', 0, 1],
      [512, 512, 'png', 0, 2],
    ]);
    assert.deepEqual(images[0][0].parameters, { model: 'dall-e-2', response_format: 'b64_json', n: 3, size: '512x512' });
    assert.equal(images[0][0].imagesInRequest, 3);
  });

  test('a JPEG on a GPT model is sent as a JPEG', async () => {
    const source = await prepared('flowers.jpeg', 'gpt-image-2', 'edit');
    await runEditJob(config, { operation: 'edit', options: { model: 'gpt-image-2', prompt: 'vary', n: 1 } }, [{ inputs: [source] }], { onImage: async () => undefined });
    const request = only('/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.filename, file.contentType, file.format, file.width, file.height]), [['flowers.jpg', 'image/jpeg', 'jpeg', 1920, 1080]]);
  });

  test('streamed edits with n = 3 are three requests of one image (the `stream` setting\'s contract)', async () => {
    const source = await prepared('with-alpha.png', 'gpt-image-2', 'edit');
    const partials: string[] = [];
    const outcomes = await runEditJob(
      config,
      { operation: 'edit', options: { model: 'gpt-image-2', prompt: 'vary', n: 3, stream: true, partialImages: 1 } },
      [{ inputs: [source] }],
      { onImage: async () => undefined, onPartialImage: (group, request, partial) => partials.push(`${group}/${request}/${partial}`) },
    );
    assert.equal(endpoint.requests.length, 3);
    for (const request of endpoint.requests) {
      assert.deepEqual(request.validationErrors, []);
      assert.deepEqual([request.fields?.n, request.fields?.stream, request.files?.length], ['1', 'true', 1]);
    }
    assert.deepEqual(partials.sort(), ['0/0/0', '0/1/0', '0/2/0']);
    assert.equal(outcomes[0].delivered, 3);
  });

  test('one group failing does not stop the others; failures are reported per group', async () => {
    const cat = await prepared('with-alpha.png', 'dall-e-2', 'variation');
    const dog = await prepared('5_webp_a.webp', 'dall-e-2', 'variation');
    endpoint.inject({ kind: 'status', status: 500, times: 1 });
    const outcomes = await runEditJob(config, { operation: 'variation', options: { model: 'dall-e-2', n: 2 } }, [{ inputs: [cat] }, { inputs: [dog] }], {
      concurrency: 1,
      onImage: async () => undefined,
    });
    assert.deepEqual(outcomes.map((o) => [o.delivered, o.failures.length]), [[0, 1], [2, 0]]);
    assert.equal((outcomes[0].failures[0] as { status?: number }).status, 500);
  });

  test('several images make one edit request with every image as `image[]`', async () => {
    const inputs = [await prepared('with-alpha.png', 'gpt-image-2', 'edit'), await prepared('flowers.jpeg', 'gpt-image-2', 'edit'), await prepared('5_webp_a.webp', 'gpt-image-2', 'edit')];
    const outcomes = await runEditJob(config, { operation: 'edit', options: { model: 'gpt-image-2', prompt: 'one scene', n: 1 } }, [{ inputs }], { onImage: async () => undefined });
    const request = only('/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.contentType]), [
      ['image[]', 'with-alpha.png', 'image/png'],
      ['image[]', 'flowers.jpg', 'image/jpeg'],
      ['image[]', '5_webp_a.webp', 'image/webp'],
    ]);
    assert.equal(outcomes[0].delivered, 1);
  });

  test('invalid parameters stop the whole job before any request', async () => {
    const source = await prepared('with-alpha.png', 'dall-e-2', 'variation');
    await assert.rejects(
      runEditJob(config, { operation: 'variation', options: { model: 'dall-e-2', size: '1792x1024' } }, [{ inputs: [source] }, { inputs: [source] }], { onImage: async () => undefined }),
      (error: Error) => error instanceof InvalidParametersError && error.problems.length === 1,
    );
    assert.equal(endpoint.requests.length, 0);
  });

  test('an image the server sends that does not decode is a failure, not a saved file', async () => {
    const source = await prepared('with-alpha.png', 'gpt-image-2', 'edit');
    endpoint.inject({ kind: 'notAnImage' });
    let handed = 0;
    const outcomes = await runEditJob(config, { operation: 'edit', options: { model: 'gpt-image-2', prompt: 'p' } }, [{ inputs: [source] }], { onImage: async () => void handed++ });
    assert.equal(handed, 0);
    assert.match(String(outcomes[0].failures[0]), /not a valid image/);
  });

  test('cancelling aborts the requests and throws', async () => {
    const source = await prepared('with-alpha.png', 'gpt-image-2', 'edit');
    endpoint.inject({ kind: 'delay', ms: 5000, times: 2 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    await assert.rejects(
      runEditJob(config, { operation: 'edit', options: { model: 'gpt-image-2', prompt: 'p' } }, [{ inputs: [source] }, { inputs: [source] }], { signal: controller.signal, onImage: async () => undefined }),
    );
    assert.ok(Date.now() - started < 3000, 'did not wait for the answers');
  });

  const hostile: [string, RegExp][] = [
    ['truncated.png', /truncated\.png looks damaged/],
    ['corrupt-header.jpg', /corrupt-header\.jpg looks damaged \(its header is broken\)/],
    ['65536-uint32-limit.png', /65536-uint32-limit\.png is 65536x65536 pixels/],
  ];
  for (const [name, message] of hostile) {
    test(`${name} is refused by preparation with a message naming it`, async () => {
      await assert.rejects(prepared(name, 'gpt-image-2', 'edit'), (error: Error) => isImageError(error) && message.test(error.message));
      assert.equal(endpoint.requests.length, 0);
    });
  }

  test('zero bytes, text named .png and SVG named .png are refused', async () => {
    const target = inputTargetFor('gpt-image-2', 'edit', shape);
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['empty.png', new Uint8Array(), /empty\.png is empty \(0 bytes\)/],
      ['notes.png', 'just some text\n', /notes\.png is not an image: it contains text/],
      ['drawing.png', '<svg xmlns="http://www.w3.org/2000/svg"/>', /drawing\.png is an SVG drawing/],
    ];
    for (const [fileName, content, message] of cases) {
      const source: SourceImage = { name: fileName, fileName, load: async () => (typeof content === 'string' ? Buffer.from(content) : content) };
      await assert.rejects(prepareSource(source, target), (error: Error) => isImageError(error) && message.test(error.message), fileName);
    }
  });
});
