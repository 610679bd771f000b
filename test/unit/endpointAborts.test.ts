// Aborted requests: the endpoint records a client that closes the connection before its
// answer is complete, and `waitForAborted` resolves on that event, so tests assert "the
// cancelled request never lands" without sleeping past the answer it would have had.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { clientFor, imageUpload, useEndpoint } from '../endpoint/fixtures';
import { startEndpoint } from '../endpoint/server';
import { waitFor } from '../harness/poll';

const local = useEndpoint();

const GPT = { model: 'gpt-image-2', prompt: 'abort me', size: '64x64' } as const;

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
}

/**
 * Starts a generation that waits `ms` at the endpoint; resolves once the endpoint has it,
 * with the call's outcome (wrapped: a returned promise would be awaited too).
 */
async function delayedGeneration(ms: number, controller: AbortController): Promise<{ call: Promise<unknown> }> {
  local.endpoint.inject({ kind: 'delay', ms });
  const call = failure(local.client.images.generate(GPT, { signal: controller.signal }));
  await waitFor(() => local.endpoint.requests.length === 1, 'the request to reach the endpoint');
  return { call };
}

describe('aborted requests', () => {
  test('a client that cancels during a delay is recorded, and the delay ends with it', async () => {
    const controller = new AbortController();
    const { call } = await delayedGeneration(60_000, controller);
    const waiting = local.endpoint.waitForAborted('/v1/images/generations');
    controller.abort();
    const aborted = await waiting;
    assert.ok((await call) instanceof OpenAI.APIUserAbortError);
    assert.equal(aborted, local.endpoint.requests[0]);
    assert.equal(aborted.status, 0, 'nothing was answered');
    assert.deepEqual(aborted.faults, ['delay']);
    assert.ok(aborted.aborted! >= aborted.time && aborted.aborted! - aborted.time < 30_000, 'aborted long before the delay was over');
    // The endpoint stopped waiting: the next request is answered at once.
    await local.client.images.generate(GPT);
    assert.equal(local.endpoint.requests[1].status, 200);
    assert.equal(local.endpoint.requests[1].aborted, undefined);
  });

  test('waitForAborted resolves at once for an abort it missed, and matches paths like faults do', async () => {
    const controller = new AbortController();
    const { call } = await delayedGeneration(60_000, controller);
    controller.abort();
    await call;
    const first = await local.endpoint.waitForAborted();
    assert.equal(await local.endpoint.waitForAborted('/images/generations'), first, 'without the /v1 prefix');
    assert.equal(await local.endpoint.waitForAborted('/v1/images'), first, 'a prefix');
    await assert.rejects(local.endpoint.waitForAborted('/v1/images/edits', 50), /no request to \/v1\/images\/edits was aborted by its client within 50 ms; requests: POST \/v1\/images\/generations → no answer yet \(aborted\)/);
  });

  test('an abort on another path does not satisfy the wait; the right one does', async () => {
    const waiting = local.endpoint.waitForAborted('/v1/images/edits');
    const generation = new AbortController();
    const { call: first } = await delayedGeneration(60_000, generation);
    generation.abort();
    await first;
    await local.endpoint.waitForAborted('/v1/images/generations');
    local.endpoint.inject({ kind: 'delay', ms: 60_000 });
    const edit = new AbortController();
    const editing = failure(local.client.images.edit({ model: 'gpt-image-1.5', prompt: 'x', image: await imageUpload(32, 32) }, { signal: edit.signal }));
    await waitFor(() => local.endpoint.requests.length === 2, 'the edit to reach the endpoint');
    edit.abort();
    await editing;
    assert.equal((await waiting).path, '/v1/images/edits');
  });

  test('complete answers, errors and connections the endpoint cuts itself are not aborts', async () => {
    await local.client.images.generate(GPT);
    local.endpoint.inject({ kind: 'status', status: 500 });
    await failure(local.client.images.generate(GPT));
    local.endpoint.inject({ kind: 'reset' });
    await failure(local.client.images.generate(GPT));
    local.endpoint.inject({ kind: 'streamCut' });
    const stream = await local.client.images.generate({ ...GPT, stream: true, partial_images: 1 });
    await failure((async () => {
      for await (const _event of stream) {
        // read until the cut
      }
    })());
    assert.deepEqual(local.endpoint.requests.map((r) => [r.status, r.faults]), [[200, []], [500, ['status']], [200, ['reset']], [200, ['streamCut']]]);
    assert.deepEqual(local.endpoint.requests.filter((r) => r.aborted !== undefined), []);
    await assert.rejects(local.endpoint.waitForAborted(undefined, 100), /no request was aborted by its client within 100 ms/);
  });

  test('a client that gives up on a stalled body is an abort after the headers', async () => {
    local.endpoint.inject({ kind: 'stall' });
    const waiting = local.endpoint.waitForAborted();
    await failure(clientFor(local.endpoint, { timeout: 300 }).images.generate(GPT));
    const aborted = await waiting;
    assert.equal(aborted.status, 200, 'the headers had been sent');
    assert.deepEqual(aborted.faults, ['stall']);
  });

  test('reset() forgets aborts', async () => {
    const controller = new AbortController();
    const { call } = await delayedGeneration(60_000, controller);
    controller.abort();
    await call;
    await local.endpoint.waitForAborted();
    local.endpoint.reset();
    await assert.rejects(local.endpoint.waitForAborted(undefined, 50), /requests: none/);
  });

  test('the control API lists when a request was aborted', async () => {
    const controller = new AbortController();
    const { call } = await delayedGeneration(60_000, controller);
    controller.abort();
    await call;
    const { aborted } = await local.endpoint.waitForAborted();
    const listed = (await (await fetch(`http://127.0.0.1:${local.endpoint.port}/_control/requests`)).json()) as { aborted?: number }[];
    assert.equal(listed[0].aborted, aborted);
  });

  test('close() ends stalled answers without calling them aborts', async () => {
    const endpoint = await startEndpoint();
    endpoint.inject({ kind: 'stall' });
    const call = failure(clientFor(endpoint, { timeout: 20_000 }).images.generate(GPT));
    await waitFor(() => endpoint.requests[0]?.status === 200, 'the stalled headers');
    await endpoint.close();
    await call;
    assert.equal(endpoint.requests[0].aborted, undefined);
  });
});
