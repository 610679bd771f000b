import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchImageModels, imageModelsAmong, ModelListCache } from '../../src/openai/modelList';
import { createClient } from '../../src/openai/imagesClient';
import { startEndpoint } from '../endpoint/server';

test('image models are picked out of a mixed list, known current ones first', () => {
  const picked = imageModelsAmong(['gpt-4o', 'whisper-1', 'dall-e-3', 'my-flux-dev', 'gpt-image-2', 'text-embedding-3', 'gpt-image-2', 'openai/gpt-image-1.5']);
  assert.deepEqual(picked, ['gpt-image-2', 'dall-e-3', 'my-flux-dev', 'openai/gpt-image-1.5']);
});

test('the list comes from GET /models of the local endpoint', async () => {
  const endpoint = await startEndpoint();
  try {
    const client = createClient({ apiKey: 'sk-test-models', baseUrl: endpoint.url, timeoutMs: 10_000, maxRetries: 0 });
    const models = await fetchImageModels(client);
    assert.ok(models.includes('gpt-image-2'));
    assert.ok(models.includes('dall-e-2'));
    assert.equal(models[0], 'gpt-image-2');
    assert.ok(endpoint.requests.some((request) => request.method === 'GET' && request.path === '/v1/models'));
  } finally {
    await endpoint.close();
  }
});

test('the cache answers from memory, falls back to the table on failure, and retries failures sooner', async () => {
  let clock = 0;
  let calls = 0;
  let fail = false;
  const asked: string[] = [];
  const cache = new ModelListCache(
    async (serverKey) => {
      calls++;
      asked.push(serverKey);
      if (fail) throw new Error('connect ECONNREFUSED 127.0.0.1:9\nstack');
      return ['gpt-image-2'];
    },
    1000,
    100,
    () => clock,
  );
  assert.deepEqual(await cache.get('a'), { models: ['gpt-image-2'], fromServer: true });
  await cache.get('a');
  assert.equal(calls, 1);
  clock = 1001;
  fail = true;
  const fallback = await cache.get('a');
  assert.equal(fallback.fromServer, false);
  assert.ok(fallback.models.includes('gpt-image-2') && fallback.models.includes('dall-e-3'));
  assert.equal(fallback.problem, 'the model list could not be fetched (connect ECONNREFUSED 127.0.0.1:9)');
  clock = 1050;
  await cache.get('a');
  assert.equal(calls, 2, 'the failure is cached briefly');
  clock = 1102;
  fail = false;
  assert.equal((await cache.get('a')).fromServer, true);
  assert.equal(calls, 3);
  // Another server is its own entry, fetched with its own key.
  await cache.get('http://127.0.0.1:9/v1');
  assert.equal(calls, 4);
  assert.deepEqual(asked, ['a', 'a', 'a', 'http://127.0.0.1:9/v1']);
});
