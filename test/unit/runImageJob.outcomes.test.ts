// The one job runner (src/jobs/runImageJob.ts): what does not end in images — not sent (no key,
// invalid, declined), shutdown warnings, failures, cancellation — and one sidecar format for every
// kind; run for real against the local endpoint with the fakes of test/unit/jobRunnerFakes.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyRequest } from '../endpoint/fixtures';
import type { CostQuestion, ImageJobRequest, JobDestination } from '../../src/jobs/imageJob';
import { isImageError } from '../../src/imaging/imageErrors';
import { inputTargetFor, prepareSource, type SourceImage } from '../../src/jobs/jobSources';
import { runImageJob } from '../../src/jobs/runImageJob';
import { SHAPE, SIDECAR_COMMON, SIDECAR_FROM_SOURCES, type VariationJob, editJob, endpoint, eventTypes, expectKind, fakeEnv, fakeObserver, filesIn, generateJob, imageRequests, imagesOf, intoFolder, keysOf, maskedEditJob, notSent, outDir, prepared, settingsFor, startOf, until, uriOf, variationJob } from './jobRunnerFakes';
// ---------------------------------------------------------------------------------------------
// Not sent

/** One request of each kind, all valid and sendable. */
const everyKind: [ImageJobRequest['kind'], () => Promise<ImageJobRequest>][] = [
  ['generate', async () => generateJob('A lighthouse', { quality: 'low' })],
  ['edit', () => editJob(['with-alpha.png'])],
  ['variation', () => variationJob(['with-alpha.png'], { n: 2 })],
  ['maskedEdit', () => maskedEditJob()],
];

describe('runImageJob: not sent', () => {
  for (const [kind, make] of everyKind) {
    test(`${kind}: without a key nothing is planned, asked or sent`, async () => {
      const env = fakeEnv({ key: undefined });
      const observer = fakeObserver();
      const outcome = await runImageJob(env, await make(), observer, new AbortController().signal);
      assert.deepEqual(notSent(outcome), { kind: 'notSent', reason: 'noKey' });
      assert.equal(endpoint.requests.length, 0);
      assert.deepEqual(observer.events, []);
      assert.deepEqual([env.saves.length, env.asked], [0, []]);
    });

    test(`${kind}: declined at the cost question, nothing is sent`, async () => {
      const env = fakeEnv({ needsConfirmation: () => true });
      const observer = fakeObserver({ confirm: false });
      const outcome = await runImageJob(env, await make(), observer, new AbortController().signal);
      assert.deepEqual(notSent(outcome), { kind: 'notSent', reason: 'declined' });
      assert.equal(endpoint.requests.length, 0);
      assert.deepEqual(eventTypes(observer), ['confirmCost']);
      const { question } = observer.events[0] as { question: CostQuestion };
      assert.equal(question.usd, env.asked[0]);
      assert.ok(question.usd > 0);
      assert.ok(question.label.startsWith('~$'), question.label);
      assert.ok(question.basis.includes('image'), question.basis);
      assert.ok(env.infos.includes('cost: declined; nothing sent'), env.infos.join('\n'));
    });

    test(`${kind}: a presenter that cannot ask (no confirmCost) does not send above the threshold`, async () => {
      const observer = fakeObserver({ confirm: 'absent' });
      const outcome = await runImageJob(fakeEnv({ needsConfirmation: () => true }), await make(), observer, new AbortController().signal);
      assert.deepEqual(notSent(outcome), { kind: 'notSent', reason: 'declined' });
      assert.equal(endpoint.requests.length, 0);
      assert.deepEqual(observer.events, []);
    });
  }

  test('variations of several sources are priced once per source, so a job of more than 10 images is still asked about', async () => {
    const env = fakeEnv();
    const observer = fakeObserver({ confirm: false });
    const job = await variationJob(['with-alpha.png', '5_webp_a.webp', 'flowers.jpeg'], { n: 4, size: '256x256' });
    assert.deepEqual(notSent(await runImageJob({ ...env, needsConfirmation: () => true }, job, observer, new AbortController().signal)), { kind: 'notSent', reason: 'declined' });
    assert.deepEqual(observer.events, [
      { type: 'confirmCost', question: { usd: 0.192, label: '~$0.192', basis: '3 sources × (4 images × $0.016 (dall-e-2, standard, 256x256))' } },
    ]);
    assert.equal(endpoint.requests.length, 0);
  });

  test('the cost label of variations made as edits counts each source\'s request', async () => {
    const settings = settingsFor({ model: 'gpt-image-2', quality: 'low' });
    const sources = await Promise.all(['with-alpha.png', '5_webp_a.webp'].map((name) => prepared(name, 'gpt-image-2', 'edit')));
    const job: VariationJob = { kind: 'variation', prompt: 'vary it', settings: { ...settings, count: 1, size: '1024x1024' }, destination: intoFolder(), sources };
    const observer = fakeObserver();
    expectKind(await runImageJob(fakeEnv({ needsConfirmation: () => true }), job, observer, new AbortController().signal), 'finished');
    // Per source: 272 output tokens at $40/M + 2 prompt tokens at $5/M = $0.01089.
    assert.deepEqual((observer.events[0] as { question: CostQuestion }).question, {
      usd: 0.02178,
      label: '~$0.022',
      basis: '2 sources × (1 image × ~272 output tokens at $40/M + ~2 prompt tokens at $5/M (gpt-image-2, low, 1024x1024; estimate))',
    });
    assert.equal(startOf(observer).costLabel, '~$0.022');
  });

  test('answering yes to the cost question sends the job', async () => {
    const observer = fakeObserver({ confirm: true });
    const outcome = await runImageJob(fakeEnv({ needsConfirmation: () => true }), generateJob('A lighthouse', { quality: 'low' }), observer, new AbortController().signal);
    expectKind(outcome, 'finished');
    assert.deepEqual(eventTypes(observer), ['confirmCost', 'started', 'image']);
    assert.equal(endpoint.requests.length, 1);
  });

  test('no price known (a custom model): nothing to ask, the job starts without a cost label', async () => {
    // The endpoint serves no unknown model, so the job is cancelled before it could send:
    // what matters here is that nobody was asked.
    const controller = new AbortController();
    controller.abort();
    const observer = fakeObserver({ confirm: false });
    const env = fakeEnv({ needsConfirmation: () => true });
    const outcome = expectKind(await runImageJob(env, generateJob('A lighthouse', { model: 'my-local-model' }), observer, controller.signal), 'cancelled');
    assert.deepEqual(eventTypes(observer), ['started']);
    assert.deepEqual(startOf(observer).costLabel, '');
    assert.ok(env.infos.includes('cost: no price known for my-local-model; not estimated'), env.infos.join('\n'));
    assert.deepEqual(env.asked, []);
    assert.deepEqual([outcome.images.length, outcome.failures, endpoint.requests.length], [0, [], 0]);
  });

  const invalid: [string, () => Promise<ImageJobRequest>, string[]][] = [
    ['generate: a size dall-e-3 cannot make', async () => generateJob('A lighthouse', { model: 'dall-e-3', size: '512x512' }), ['512x512']],
    ['generate: an empty prompt', async () => generateJob('  '), ['The prompt is empty. Describe the image you want.']],
    ['edit: dall-e-3 cannot edit', async () => ({ ...(await editJob(['with-alpha.png'])), settings: settingsFor({ model: 'dall-e-3' }) }), ['dall-e-3 cannot edit images or make variations.']],
    ['variation: more than 10 images from one source', () => variationJob(['with-alpha.png'], { n: 11 }), ['Number of variations 11 is not possible. Choose a whole number from 1 to 10.']],
    ['maskedEdit: a mask of another size than the image', () => maskedEditJob({ maskSize: 48 }), ['The mask is 48x48 but the image is 64x64; they must be the same size.']],
  ];
  for (const [name, make, messages] of invalid) {
    test(`invalid — ${name}: every problem listed, nothing asked or sent`, async () => {
      const env = fakeEnv({ needsConfirmation: () => true });
      const observer = fakeObserver();
      const request = await make();
      const outcome = notSent(await runImageJob(env, request, observer, new AbortController().signal));
      assert.equal(outcome.reason, 'invalid');
      const problems = outcome.problems ?? [];
      for (const message of messages) {
        assert.ok(problems.some((problem) => problem.message.includes(message)), `a problem says "${message}": ${JSON.stringify(problems)}`);
      }
      assert.equal(endpoint.requests.length, 0);
      assert.deepEqual(observer.events, []);
      assert.deepEqual(env.warnings, [`${request.kind}: not sent: ${problems.map((problem) => problem.message).join(' ')}`]);
    });
  }

  test('a variation asked of several sources reports a wrong size once, not once per source', async () => {
    const outcome = notSent(await runImageJob(fakeEnv(), await variationJob(['with-alpha.png', '5_webp_a.webp'], { size: '1792x1024' }), fakeObserver(), new AbortController().signal));
    assert.equal(outcome.reason, 'invalid');
    assert.equal(outcome.problems?.length, 1, JSON.stringify(outcome.problems));
    assert.ok(outcome.problems?.[0].message.includes('1792x1024'), outcome.problems?.[0].message);
    assert.equal(endpoint.requests.length, 0);
  });
});

describe('runImageJob: shutdown warnings', () => {
  test('a model shutting down everywhere: the warning reaches the observer before the job starts, and the job runs', async () => {
    const observer = fakeObserver();
    const job = generateJob('A lighthouse', { model: 'gpt-image-1.5', quality: 'low' });
    expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    assert.deepEqual(eventTypes(observer), ['warn', 'started', 'image']);
    assert.deepEqual(observer.events[0], { type: 'warn', message: 'gpt-image-1.5 shuts down on 2026-12-01 (in 11 days). Switch to gpt-image-2.5-sunburst before then.' });
    assert.equal(onlyRequest(endpoint, '/v1/images/generations').json?.model, 'gpt-image-1.5');
  });

  test("a DALL·E model aimed at OpenAI's service: refused before the cost question, naming the successor, so nothing leaves", async () => {
    // baseUrl '' means OpenAI's service, where DALL·E no longer answers. The fetch guard
    // refuses non-loopback hosts too, so even a regression could not send anything.
    const observer = fakeObserver({ confirm: true });
    const env = fakeEnv({ needsConfirmation: () => true });
    const outcome = await runImageJob(env, generateJob('A lighthouse', { model: 'dall-e-3', quality: 'standard', baseUrl: '' }), observer, new AbortController().signal);
    const refused = notSent(outcome);
    assert.equal(refused.reason, 'invalid');
    assert.deepEqual(refused.problems?.map((problem) => [problem.field, problem.allowed]), [['model', ['gpt-image-2']]]);
    assert.match(refused.problems?.[0].message ?? '', /^dall-e-3 was retired on OpenAI's service on 2026-05-12\. Use gpt-image-2 instead\. Nothing was sent: switch the model to gpt-image-2 \(or set imageStudio\.baseUrl to a compatible server that still offers it\)\.$/);
    assert.deepEqual(eventTypes(observer), [], 'no warning, no cost question: the refusal says it all');
    assert.equal(endpoint.requests.length, 0);
  });

  test('a model shut down everywhere is refused even on a compatible server', async () => {
    const observer = fakeObserver();
    const outcome = await runImageJob(fakeEnv(), generateJob('A lighthouse', { model: 'gpt-image-1' }), observer, new AbortController().signal);
    const refused = notSent(outcome);
    assert.deepEqual(refused.problems?.map((problem) => problem.allowed), [['gpt-image-2.5-sunburst']]);
    assert.match(refused.problems?.[0].message ?? '', /^gpt-image-1 was shut down on 2026-10-23\. Use gpt-image-2\.5-sunburst instead\. Nothing was sent: switch the model to gpt-image-2\.5-sunburst\.$/);
    assert.equal(endpoint.requests.length, 0);
  });

  test('DALL·E on a compatible server is not warned about', async () => {
    const observer = fakeObserver();
    expectKind(await runImageJob(fakeEnv(), generateJob('A lighthouse', { model: 'dall-e-2', size: '256x256' }), observer, new AbortController().signal), 'finished');
    assert.deepEqual(eventTypes(observer), ['started', 'image']);
  });
});

describe('runImageJob: failures', () => {
  test('one of three requests failing: the job finishes with the other images kept and the failure listed', async () => {
    endpoint.inject({ kind: 'status', status: 500, times: 1, message: 'The server had an error while processing your request (test fault).' });
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, generateJob('a fox', { model: 'dall-e-3', count: 3, quality: 'standard' }), observer, new AbortController().signal), 'finished');
    assert.deepEqual(imageRequests().map((request) => request.status).sort(), [200, 200, 500]);
    assert.equal(outcome.images.length, 2);
    const indexes = outcome.images.map((image) => image.index);
    assert.ok(indexes[0] < indexes[1] && indexes.every((index) => index >= 0 && index < 3), `each image keeps its request's place: ${indexes}`);
    assert.equal(imagesOf(observer).length, 2);
    assert.ok(imagesOf(observer).every((image) => outcome.images.includes(image)), 'the observer got the images the outcome lists');
    assert.equal(outcome.failures.length, 1);
    const failure = outcome.failures[0] as { status?: number; message?: string };
    assert.equal(failure.status, 500);
    assert.ok(failure.message?.includes('The server had an error while processing your request (test fault).'), failure.message);
    assert.deepEqual(outcome.groups[0].failures, outcome.failures);
    assert.equal(filesIn(outDir).length, 4, 'two images and their sidecars');
    assert.ok(env.infos.some((line) => line.includes('2/3 image(s)') && line.endsWith('; 1 failed')), env.infos.join('\n'));
  });

  test('every request failing: the outcome is failed, with the first failure as its error', async () => {
    endpoint.inject({ kind: 'status', status: 500, times: 2, message: 'The server had an error while processing your request (test fault).' });
    const env = fakeEnv();
    const outcome = expectKind(await runImageJob(env, generateJob('a fox', { model: 'dall-e-3', count: 2, quality: 'standard' }), fakeObserver(), new AbortController().signal), 'failed');
    assert.equal(imageRequests().length, 2);
    assert.equal(outcome.failures.length, 2);
    assert.equal(outcome.error, outcome.failures[0]);
    assert.equal((outcome.error as { status?: number }).status, 500);
    assert.deepEqual([outcome.images.length, env.saves.length, filesIn(outDir)], [0, 0, []]);
  });

  test('an answer that is not an image is a failure, and nothing is saved', async () => {
    endpoint.inject({ kind: 'notAnImage' });
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, await editJob(['with-alpha.png']), observer, new AbortController().signal), 'failed');
    assert.deepEqual(endpoint.requests[0].faults, ['notAnImage']);
    assert.ok(String((outcome.error as Error).message).startsWith('The server sent data that is not a valid image ('), String(outcome.error));
    assert.deepEqual([env.saves.length, filesIn(outDir), imagesOf(observer).length], [0, [], 0]);
  });

  test('a stream cut before its image is a failure naming the cut', async () => {
    endpoint.inject({ kind: 'streamCut', graceful: true });
    const outcome = expectKind(
      await runImageJob(fakeEnv(), generateJob('a boat', { stream: true, partialImages: 1, quality: 'low' }), fakeObserver(), new AbortController().signal),
      'failed',
    );
    assert.equal((outcome.error as Error).message, 'The image stream ended before the image was complete.');
    assert.deepEqual(filesIn(outDir), []);
  });
});

describe('runImageJob: cancellation', () => {
  test('aborting while the requests wait: cancelled at once, save never called, no file written', async () => {
    endpoint.inject({ kind: 'delay', ms: 4000, times: 2 });
    const controller = new AbortController();
    const env = fakeEnv({ signal: controller.signal });
    const observer = fakeObserver();
    const running = runImageJob(env, generateJob('a fox', { model: 'dall-e-3', count: 2, quality: 'standard' }), observer, controller.signal);
    await until(() => imageRequests().length === 2, 'both requests reached the endpoint');
    const abortedAt = Date.now();
    controller.abort();
    const outcome = expectKind(await running, 'cancelled');
    assert.ok(Date.now() - abortedAt < 1000, `returned ${Date.now() - abortedAt} ms after the abort, not after the answers`);
    assert.deepEqual([outcome.images.length, outcome.failures], [0, []], 'a cancellation is not a failure');
    assert.deepEqual([env.saves.length, filesIn(outDir)], [0, []]);
    assert.deepEqual(eventTypes(observer), ['started']);
    assert.ok(env.infos.some((line) => line.endsWith('; cancelled, kept 0 finished image(s)')), env.infos.join('\n'));
  });

  test('aborting after one image arrived: that image is kept, the other is never saved', async () => {
    // One request answers at once, the other waits until the endpoint is closed or the client gives up.
    endpoint.inject({ kind: 'stall', times: 1 });
    const controller = new AbortController();
    const env = fakeEnv({ signal: controller.signal });
    const observer = fakeObserver({ onImage: () => controller.abort() });
    const started = Date.now();
    const outcome = expectKind(
      await runImageJob(env, generateJob('a fox', { model: 'dall-e-3', count: 2, quality: 'standard' }), observer, controller.signal),
      'cancelled',
    );
    assert.ok(Date.now() - started < 5000, 'the stalled request was given up');
    assert.equal(outcome.images.length, 1);
    assert.deepEqual(env.saves.map((save) => save.afterAbort), [false], 'save is never called after the abort');
    // The image of whichever request answered, under that request's place.
    const kept = outcome.images[0].index + 1;
    assert.deepEqual(filesIn(outDir), [`image-${kept}.json`, `image-${kept}.png`]);
    assert.deepEqual(outcome.failures, []);
  });

  test('aborting a streamed edit mid-stream: cancelled, nothing saved', async () => {
    endpoint.inject({ kind: 'stall', times: 1 });
    const controller = new AbortController();
    const env = fakeEnv({ signal: controller.signal });
    const running = runImageJob(env, await editJob(['with-alpha.png'], { settings: { stream: true, partialImages: 2, quality: 'low' } }), fakeObserver(), controller.signal);
    await until(() => endpoint.requests.length === 1 && endpoint.requests[0].status === 200, 'the stream has begun');
    controller.abort();
    expectKind(await running, 'cancelled');
    assert.deepEqual([env.saves.length, filesIn(outDir)], [0, []]);
  });
});

describe('runImageJob: one sidecar format for every kind', () => {
  test('every kind has the common fields; only images made from sources have operation, endpoint, source and preparation', async () => {
    const sidecars: Record<string, string[]> = {};
    for (const [kind, make] of everyKind) {
      const request = await make();
      // Each job into its own folder (the fake numbers files per job).
      const folder = join(outDir, kind);
      mkdirSync(folder);
      const destination: JobDestination = request.destination.kind === 'memory' ? request.destination : { kind: 'folder', folder: uriOf(folder) };
      const outcome = expectKind(await runImageJob(fakeEnv(), { ...request, destination }, fakeObserver(), new AbortController().signal), 'finished');
      sidecars[kind] = keysOf(outcome.images[0].sidecar);
      assert.deepEqual(outcome.images[0].sidecar.generator, 'image-studio');
      assert.deepEqual(outcome.images[0].sidecar.version, 1);
    }
    const token = ['usage', 'costUsd', 'requestId'];
    assert.deepEqual(sidecars, {
      generate: [...SIDECAR_COMMON, ...token].sort(),
      edit: [...SIDECAR_COMMON, ...SIDECAR_FROM_SOURCES, ...token].sort(),
      // DALL·E reports no usage; its per-image price is the cost.
      variation: [...SIDECAR_COMMON, ...SIDECAR_FROM_SOURCES, 'costUsd', 'requestId'].sort(),
      maskedEdit: [...SIDECAR_COMMON, ...SIDECAR_FROM_SOURCES, ...token, 'mask'].sort(),
    });
    // What was written is what was delivered, plus the two fields the writer adds.
    const written = ['generate', 'edit', 'variation'].flatMap((kind) => filesIn(join(outDir, kind)).filter((name) => name.endsWith('.json')).map((name) => join(outDir, kind, name)));
    assert.equal(written.length, 4, 'one generation, one edit, two variations');
    assert.deepEqual(filesIn(join(outDir, 'maskedEdit')), []);
    for (const name of written) {
      const sidecar = JSON.parse(readFileSync(name, 'utf8')) as Record<string, unknown>;
      for (const key of [...SIDECAR_COMMON, 'image', 'createdAt']) assert.ok(key in sidecar, `${name} has ${key}`);
    }
  });
});

describe('prepareSource: sources refused before any job is made', () => {
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
    const target = inputTargetFor('gpt-image-2', 'edit', SHAPE);
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['empty.png', new Uint8Array(), /empty\.png is empty \(0 bytes\)/],
      ['notes.png', 'just some text\n', /notes\.png is not an image: it contains text/],
      ['drawing.png', '<svg xmlns="http://www.w3.org/2000/svg"/>', /drawing\.png is an SVG drawing/],
    ];
    for (const [fileName, content, message] of cases) {
      const source: SourceImage = { name: fileName, fileName, uri: uriOf(join(outDir, fileName)), load: async () => (typeof content === 'string' ? Buffer.from(content) : content) };
      await assert.rejects(prepareSource(source, target), (error: Error) => isImageError(error) && message.test(error.message), fileName);
    }
  });
});

