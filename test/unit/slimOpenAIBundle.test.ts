// The slimmed SDK really works: our images and model-list code bundled the way esbuild.mjs
// bundles features.js (scripts/slimOpenAI.mjs stubbing every other SDK resource), loaded,
// and run against the local endpoint. Other unit tests use the full SDK from node_modules.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { startEndpoint, type Endpoint, type RecordedRequest } from '../endpoint/server';
import { makeImage, onlyRequest, TEST_KEY } from '../endpoint/fixtures';
import { ROOT } from '../bench/environment';
import type { ClientConfig } from '../../src/openai/imagesClient';
import type { EditInputImage } from '../../src/openai/editRequests';

/** What the bundle exports: the real modules' functions, run on the slimmed SDK. */
type SlimBundle = typeof import('../../src/openai/imagesClient') &
  typeof import('../../src/openai/editRequests') &
  typeof import('../../src/openai/modelList') &
  Pick<typeof import('openai'), 'APIError' | 'OpenAI'>;

const ENTRY = `
export { createClient, requestGeneration } from './src/openai/imagesClient';
export { requestEdit, requestVariation } from './src/openai/editRequests';
export { fetchImageModels } from './src/openai/modelList';
export { APIError, OpenAI } from 'openai';
`;

const temp = mkdtempSync(join(tmpdir(), 'slim-openai-bundle-'));
let slim: SlimBundle;
/** The bytes each module has in the bundle (the metafile also lists those tree-shaken away). */
let bundled: Map<string, number>;
let endpoint: Endpoint;
let config: ClientConfig;

before(async () => {
  const { slimOpenAI } = await import('../../scripts/slimOpenAI.mjs');
  const outfile = join(temp, 'slim.js');
  // esbuild.mjs's host options, with the SDK bundled through the plugin.
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'slimEntry.ts', loader: 'ts' },
    absWorkingDir: ROOT,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode', 'sharp'],
    plugins: [slimOpenAI()],
    metafile: true,
    logLevel: 'silent',
  });
  bundled = new Map(
    Object.values(result.metafile.outputs)
      .flatMap((output) => Object.entries(output.inputs))
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path, input]) => [path, input.bytesInOutput]),
  );
  slim = require(outfile) as SlimBundle;
  endpoint = await startEndpoint();
  config = { apiKey: TEST_KEY, baseUrl: endpoint.url, timeoutMs: 20_000, maxRetries: 0 };
});
after(async () => {
  await endpoint?.close();
  rmSync(temp, { recursive: true, force: true });
});
beforeEach(() => endpoint.reset());

const only = (path: string): RecordedRequest => onlyRequest(endpoint, path);

async function input(width: number, height: number, fileName: string): Promise<EditInputImage> {
  return { bytes: await makeImage(width, height, { alpha: true }), fileName, mimeType: 'image/png', width, height };
}

describe('the slimmed openai SDK', () => {
  test('leaves out the stream helpers; every resource we do not call is a stub of a few bytes', () => {
    const paths = [...bundled.keys()];
    assert.ok(bundled.get('node_modules/openai/resources/images.mjs')! > 500, 'the real Images resource');
    assert.deepEqual(paths.filter((path) => path.includes('node_modules/openai/lib/')), []);
    const stubs = paths.filter((path) => /openai\/resources\/(?!images\.mjs|models\.mjs)/.test(path));
    assert.ok(stubs.length >= 20, `stubs: ${stubs.join(', ')}`);
    assert.deepEqual(stubs.filter((path) => bundled.get(path)! > 200), [], 'no stub carries real code');
  });

  test('generation', async () => {
    const result = await slim.requestGeneration(slim.createClient(config), { model: 'gpt-image-2', prompt: 'a slim fox', size: '256x256' });
    only('/v1/images/generations');
    assert.equal(result.images.length, 1);
    assert.ok(result.images[0].bytes.length > 0);
    assert.ok(result.requestId?.startsWith('req_'));
  });

  test('streaming generation: partial images, then the image', async () => {
    const partials: number[] = [];
    const result = await slim.requestGeneration(
      slim.createClient(config),
      { model: 'gpt-image-1.5', prompt: 'a streaming fox', stream: true, partial_images: 2, size: '1024x1024', quality: 'low' },
      { onPartialImage: (index) => partials.push(index) },
    );
    only('/v1/images/generations');
    assert.deepEqual(partials, [0, 1]);
    assert.equal(result.images.length, 1);
    assert.ok(result.usage?.total_tokens);
  });

  test('edit with an image (multipart upload)', async () => {
    const image = await input(128, 96, 'cat.png');
    const result = await slim.requestEdit(slim.createClient(config), { model: 'gpt-image-2', prompt: 'add a hat', images: [image] });
    const request = only('/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.size]), [['image', 'cat.png', image.bytes.length]]);
    assert.ok(request.files?.[0].bytes.equals(Buffer.from(image.bytes)), 'uploaded unchanged');
    assert.equal(result.images.length, 1);
  });

  test('variation', async () => {
    const result = await slim.requestVariation(slim.createClient(config), { model: 'dall-e-2', image: await input(64, 64, 'square.png'), n: 2, size: '256x256' });
    only('/v1/images/variations');
    assert.equal(result.images.length, 2);
  });

  test('models.list (paginated)', async () => {
    const models = await slim.fetchImageModels(slim.createClient(config));
    only('/v1/models');
    assert.ok(models.includes('gpt-image-2'));
  });

  test('a refused request is an APIError of the bundled SDK', async () => {
    const guarded = await startEndpoint({ acceptedKeys: [TEST_KEY] });
    try {
      const client = slim.createClient({ ...config, baseUrl: guarded.url, apiKey: 'sk-wrong' });
      await assert.rejects(slim.requestGeneration(client, { model: 'gpt-image-2', prompt: 'p', size: '256x256' }), (error: unknown) => {
        assert.ok(error instanceof slim.APIError, String(error));
        assert.equal(error.status, 401);
        return true;
      });
    } finally {
      await guarded.close();
    }
  });

  test('a resource we do not bundle throws a clear error, without sending anything', async () => {
    const client = slim.createClient(config);
    assert.throws(() => client.chat.completions.create({ model: 'gpt-5', messages: [] }), {
      message: /^Chat\.completions\.create is not bundled in Image Studio/,
    });
    assert.throws(() => client.responses.create({ model: 'gpt-5', input: 'hi' }), { message: /^Responses\.create is not bundled in Image Studio/ });
    assert.equal(typeof slim.OpenAI.Completions, 'function', 'the static resource classes are still assigned');
    assert.equal(endpoint.requests.length, 0);
  });
});
