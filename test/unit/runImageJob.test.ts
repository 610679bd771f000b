// The one job runner (src/jobs/runImageJob.ts), each kind of request run for real against the
// local endpoint with a fake environment and observer (test/unit/jobRunnerFakes.ts).
// Not-sent paths, failures, cancellation and the sidecar format: runImageJob.outcomes.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { onlyRequest } from '../endpoint/fixtures';
import type { CostQuestion } from '../../src/jobs/imageJob';
import { runImageJob } from '../../src/jobs/runImageJob';
import type { RateOverrides } from '../../src/openai/costEstimate';
import { MASKED, NOW, type VariationJob, editJob, endpoint, eventTypes, expectKind, expectedTokenCost, fakeEnv, fakeObserver, filesIn, generateJob, imageRequests, imagesOf, insideRect, intoFolder, maskedEditJob, outDir, prepared, settingsFor, startOf, variationJob } from './jobRunnerFakes';
// ---------------------------------------------------------------------------------------------

describe('runImageJob: generate', () => {
  test('n = 1 on gpt-image-2: one valid request; the image verified, saved with its sidecar, priced from its usage', async () => {
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, generateJob('A lighthouse on a cliff'), observer, new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/generations');
    assert.deepEqual(request.json, {
      model: 'gpt-image-2',
      prompt: 'A lighthouse on a cliff',
      n: 1,
      size: '1024x1024',
      quality: 'auto',
      output_format: 'png',
      background: 'auto',
      moderation: 'auto',
    });
    assert.deepEqual(eventTypes(observer), ['started', 'image'], 'below the threshold nothing is asked');
    const start = startOf(observer);
    assert.deepEqual({ ...start, jobId: '' }, { jobId: '', model: 'gpt-image-2', count: 1, costLabel: '~$0.042', previews: false, preparation: [] });
    assert.match(start.jobId, /^[0-9a-f]{12}$/);

    const [image] = outcome.images;
    assert.equal(imagesOf(observer).length, 1);
    assert.equal(imagesOf(observer)[0], image, 'the observer got the image the outcome lists');
    assert.deepEqual(
      [image.index, image.group, image.format, image.mimeType, image.width, image.height, image.composited, image.requestId],
      [0, 0, 'png', 'image/png', 1024, 1024, false, request.requestId],
    );
    assert.ok(image.thumbnail && image.thumbnail.length > 0, 'the studio thumbnail is made while verifying');
    assert.equal((await sharp(image.bytes).metadata()).format, 'png');
    const usage = image.usage!;
    assert.ok(usage.output_tokens_details!.image_tokens! > 0, 'the endpoint reports usage');
    assert.equal(image.costUsd, expectedTokenCost(usage, 1));
    assert.equal(outcome.costUsd, image.costUsd);
    assert.deepEqual([outcome.jobId, outcome.model, outcome.requested, outcome.failures], [start.jobId, 'gpt-image-2', 1, []]);
    assert.deepEqual(outcome.groups.map((group) => [group.requested, group.images.length, group.failures.length]), [[1, 1, 0]]);
    assert.equal(outcome.groups[0].images[0], image);

    const parameters = { model: 'gpt-image-2', n: 1, size: '1024x1024', quality: 'auto', output_format: 'png', background: 'auto', moderation: 'auto' };
    assert.deepEqual(image.sidecar.parameters, parameters);
    assert.deepEqual(image.sidecar, {
      generator: 'image-studio',
      version: 1,
      prompt: 'A lighthouse on a cliff',
      model: 'gpt-image-2',
      parameters,
      usage,
      costUsd: image.costUsd,
      requestId: request.requestId,
      server: `127.0.0.1:${endpoint.port}`,
      width: 1024,
      height: 1024,
    });

    assert.equal(env.saves.length, 1);
    assert.deepEqual(env.saves[0].context, { date: NOW, count: 1, sources: [] });
    assert.deepEqual(filesIn(outDir), ['image-1.json', 'image-1.png']);
    assert.ok(readFileSync(join(outDir, 'image-1.png')).equals(image.bytes), 'the verified bytes are what is saved');
    assert.equal(image.saved?.uri.fsPath, join(outDir, 'image-1.png'));
    assert.ok(env.infos.some((line) => line.startsWith('cost: estimated $0.042 — 1 image × ~1,056 output tokens')), env.infos.join('\n'));
  });

  test('a job asking for a preview (an agent call) gets it from the verifying decode and leaves the thumbnail to saving', async () => {
    const env = fakeEnv();
    const job = { ...generateJob('A lighthouse on a cliff'), previewEdge: 512 };
    const outcome = expectKind(await runImageJob(env, job, fakeObserver(), new AbortController().signal), 'finished');
    const [image] = outcome.images;
    const preview = await sharp(image.preview!).metadata();
    assert.deepEqual([preview.format, preview.width, preview.height], ['webp', 512, 512]);
    assert.equal(image.thumbnail, undefined, 'the thumbnail is not on the caller\'s path');
    assert.equal(env.saves[0].image.preview, image.preview, 'saving gets the preview to make the thumbnail from');
  });

  test('the price table from prices() makes both the estimate and the actual cost', async () => {
    const prices: RateOverrides = { 'gpt-image-2': { kind: 'tokens', textInputPerMillion: 1000, imageInputPerMillion: 1000, imageOutputPerMillion: 1000 } };
    const asked: CostQuestion[] = [];
    const observer = fakeObserver();
    const env = fakeEnv({ prices });
    const job = generateJob('A lighthouse', { quality: 'low' });
    const outcome = expectKind(await runImageJob({ ...env, needsConfirmation: () => true }, job, { ...observer, confirmCost: async (question) => (asked.push(question), true) }, new AbortController().signal), 'finished');
    // 272 output tokens + 3 prompt tokens at $1000 per million.
    assert.deepEqual(asked, [{ usd: 0.275, label: '~$0.275', basis: '1 image × ~272 output tokens at $1,000/M + ~3 prompt tokens at $1,000/M (gpt-image-2, low, 1024x1024; estimate)' }]);
    const usage = outcome.images[0].usage!;
    assert.equal(outcome.costUsd, (usage.total_tokens! * 1000) / 1e6);
    assert.equal(outcome.images[0].sidecar.costUsd, outcome.costUsd);
  });

  test('n = 3 on dall-e-3: three requests of one image in parallel, each revised prompt carried to its image and sidecar', async () => {
    // Each answer waits a little, so all three must be in flight together to arrive before the first answer.
    endpoint.inject({ kind: 'delay', ms: 150, times: 3 });
    const env = fakeEnv();
    const observer = fakeObserver();
    const job = generateJob('a fox in the snow', { model: 'dall-e-3', count: 3, quality: 'standard' });
    const outcome = expectKind(await runImageJob(env, job, observer, new AbortController().signal), 'finished');
    assert.equal(imageRequests().length, 3);
    for (const request of imageRequests()) {
      assert.equal(request.path, '/v1/images/generations');
      assert.deepEqual(request.json, { model: 'dall-e-3', prompt: 'a fox in the snow', n: 1, size: '1024x1024', quality: 'standard', style: 'vivid' });
    }
    const firstImageAt = Math.min(...observer.events.flatMap((event) => (event.type === 'image' ? [event.at] : [])));
    assert.ok(imageRequests().every((request) => request.time < firstImageAt), 'all three were sent before any image came back');
    assert.equal(startOf(observer).costLabel, '~$0.12');
    assert.deepEqual(outcome.images.map((image) => image.index), [0, 1, 2]);
    assert.deepEqual(filesIn(outDir), ['image-1.json', 'image-1.png', 'image-2.json', 'image-2.png', 'image-3.json', 'image-3.png']);
    for (const image of outcome.images) {
      assert.equal(image.revisedPrompt, 'A detailed illustration of: a fox in the snow');
      assert.equal(image.sidecar.revisedPrompt, image.revisedPrompt);
      assert.equal(image.costUsd, 0.04, 'DALL·E answers carry no usage: the price of a standard 1024x1024 image is the cost');
      assert.deepEqual(image.sidecar.parameters, { model: 'dall-e-3', n: 1, size: '1024x1024', quality: 'standard', style: 'vivid' });
    }
    assert.deepEqual(env.saves.map((save) => save.context.count), [3, 3, 3], 'siblings of one job are numbered');
    assert.equal(outcome.costUsd, 0.12, 'three images at $0.04');
  });

  test('maxConcurrentRequests bounds the requests in flight', async () => {
    const observer = fakeObserver();
    const job = generateJob('a fox', { model: 'dall-e-3', count: 3, quality: 'standard', maxConcurrentRequests: 2 });
    expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    const firstImageAt = Math.min(...observer.events.flatMap((event) => (event.type === 'image' ? [event.at] : [])));
    const arrivals = imageRequests().map((request) => request.time).sort((a, b) => a - b);
    assert.equal(arrivals.length, 3);
    assert.ok(arrivals[2] >= firstImageAt, 'the third request waited for one of the first two to be done');
  });

  test('streamed n = 2: two requests of one image; each image arrives under the index its previews had', async () => {
    // The first request to arrive answers late, so the second finishes first.
    endpoint.inject({ kind: 'delay', ms: 300, times: 1 });
    const observer = fakeObserver();
    const job = generateJob('a paper boat', { stream: true, partialImages: 2, count: 2, quality: 'low' });
    const outcome = expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    assert.equal(endpoint.requests.length, 2);
    for (const request of endpoint.requests) {
      assert.deepEqual([request.json?.n, request.json?.stream, request.json?.partial_images], [1, true, 2]);
    }
    assert.equal(startOf(observer).previews, true);
    // Per image: both previews, in order, then the image; nothing for an index after its image.
    const byIndex = new Map<number, string[]>();
    for (const event of observer.events) {
      if (event.type === 'preview') byIndex.set(event.index, [...(byIndex.get(event.index) ?? []), `preview ${event.partialIndex}`]);
      if (event.type === 'image') byIndex.set(event.image.index, [...(byIndex.get(event.image.index) ?? []), 'image']);
    }
    assert.deepEqual([...byIndex.entries()].sort(([a], [b]) => a - b), [
      [0, ['preview 0', 'preview 1', 'image']],
      [1, ['preview 0', 'preview 1', 'image']],
    ]);
    const previews = observer.events.flatMap((event) => (event.type === 'preview' ? [event.bytes] : []));
    for (const bytes of previews) assert.equal((await sharp(bytes).metadata()).format, 'png', 'previews are images');
    assert.deepEqual(outcome.images.map((image) => [image.index, (image.sidecar.parameters as Record<string, unknown>).stream, (image.sidecar.parameters as Record<string, unknown>).partial_images]), [
      [0, true, 2],
      [1, true, 2],
    ]);
  });

  test('usePromptAsIs on dall-e-3: the prefixed prompt is kept as sentPrompt beside the prompt as written', async () => {
    const outcome = expectKind(
      await runImageJob(fakeEnv(), generateJob('a red circle', { model: 'dall-e-3', quality: 'standard', usePromptAsIs: true }), fakeObserver(), new AbortController().signal),
      'finished',
    );
    const request = onlyRequest({ requests: imageRequests() }, '/v1/images/generations');
    const sent = String(request.json?.prompt);
    assert.ok(sent.startsWith('I NEED to test how the tool works with extremely simple prompts.') && sent.endsWith(' a red circle'), sent);
    const [image] = outcome.images;
    assert.equal(image.sidecar.sentPrompt, sent);
    assert.deepEqual([image.sidecar.prompt, image.sidecar.sentPrompt], ['a red circle', sent]);
  });
});

describe('runImageJob: edit', () => {
  test('several references make one request with every image as `image[]`; one image, its sidecar naming every source', async () => {
    const job = await editJob(['with-alpha.png', 'flowers.jpeg', '5_webp_a.webp']);
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, job, observer, new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.contentType]), [
      ['image[]', 'with-alpha.png', 'image/png'],
      ['image[]', 'flowers.jpg', 'image/jpeg'],
      ['image[]', '5_webp_a.webp', 'image/webp'],
    ]);
    assert.deepEqual(request.fields, { model: 'gpt-image-2', prompt: 'put them in one scene', n: '1', size: '1024x1024', quality: 'auto', output_format: 'png', background: 'auto' });
    const summaries = job.sources.map((source) => source.summary);
    assert.deepEqual(startOf(observer).preparation, summaries);
    assert.equal(outcome.images.length, 1);
    const [image] = outcome.images;
    assert.deepEqual(env.saves[0].context.sources, job.sources.map((source) => source.source));
    assert.deepEqual(image.sidecar, {
      generator: 'image-studio',
      version: 1,
      operation: 'edit',
      endpoint: '/images/edits',
      prompt: 'put them in one scene',
      model: 'gpt-image-2',
      parameters: { model: 'gpt-image-2', n: 1, size: '1024x1024', quality: 'auto', output_format: 'png', background: 'auto' },
      usage: image.usage,
      costUsd: expectedTokenCost(image.usage!, 1),
      requestId: request.requestId,
      server: `127.0.0.1:${endpoint.port}`,
      width: 1024,
      height: 1024,
      source: 'images/with-alpha.png',
      sources: ['images/with-alpha.png', 'images/flowers.jpeg', 'images/5_webp_a.webp'],
      preparation: summaries,
    });
    assert.ok(image.usage!.input_tokens_details!.image_tokens! > 0, 'the usage counts the input images');
  });

  test('a JPEG on a GPT model is sent as a JPEG', async () => {
    const job = await editJob(['flowers.jpeg'], { size: 'auto' });
    expectKind(await runImageJob(fakeEnv(), job, fakeObserver(), new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.contentType, file.format, file.width, file.height]), [['image', 'flowers.jpg', 'image/jpeg', 'jpeg', 1920, 1080]]);
  });

  test("streamed edits with n = 3 are three requests of one image (the `stream` setting's contract), previews under each image's index", async () => {
    const job = await editJob(['with-alpha.png'], { n: 3, settings: { stream: true, partialImages: 1, quality: 'low' } });
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    assert.equal(endpoint.requests.length, 3);
    for (const request of endpoint.requests) {
      assert.deepEqual([request.fields?.n, request.fields?.stream, request.fields?.partial_images, request.files?.length], ['1', 'true', '1', 1]);
    }
    const previews = observer.events.flatMap((event) => (event.type === 'preview' ? [`${event.index}/${event.partialIndex}`] : []));
    assert.deepEqual(previews.sort(), ['0/0', '1/0', '2/0']);
    assert.deepEqual(outcome.images.map((image) => image.index), [0, 1, 2]);
    assert.deepEqual(outcome.images[0].sidecar.parameters, { model: 'gpt-image-2', n: 1, size: '1024x1024', quality: 'low', output_format: 'png', background: 'auto', stream: true, partial_images: 1 });
  });
});

describe('runImageJob: variation', () => {
  test('a JPEG on dall-e-2 becomes a square PNG under 4 MB, sent to /images/variations; every image verified and handed over', async () => {
    const job = await variationJob(['flowers.jpeg'], { n: 3, size: '512x512' });
    const [source] = job.sources;
    assert.match(source.summary, /converted JPEG → PNG/);
    assert.match(source.summary, /padded 1024x576 → 1024x1024/);
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, job, observer, new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/variations');
    const [file] = request.files ?? [];
    assert.deepEqual([file.field, file.filename, file.contentType, file.format, file.width, file.height], ['image', 'flowers.png', 'image/png', 'png', 1024, 1024]);
    assert.ok(file.size < 4 * 1024 * 1024);
    assert.deepEqual(request.fields, { model: 'dall-e-2', response_format: 'b64_json', n: '3', size: '512x512' });
    // Images of one response are verified a few at a time, so they may reach the observer in any order.
    assert.deepEqual(
      imagesOf(observer)
        .map((image) => [image.width, image.height, image.format, image.group, image.index])
        .sort((a, b) => Number(a[4]) - Number(b[4])),
      [
        [512, 512, 'png', 0, 0],
        [512, 512, 'png', 0, 1],
        [512, 512, 'png', 0, 2],
      ],
    );
    assert.deepEqual(outcome.images[0].sidecar.parameters, { model: 'dall-e-2', response_format: 'b64_json', n: 3, size: '512x512' });
    assert.deepEqual(outcome.groups.map((group) => [group.requested, group.images.length, group.failures.length]), [[3, 3, 0]]);
    assert.deepEqual(env.saves.map((save) => save.context), [0, 1, 2].map(() => ({ date: NOW, count: 3, sources: [source.source] })));
    assert.deepEqual(outcome.images[0].sidecar, {
      generator: 'image-studio',
      version: 1,
      operation: 'variation',
      endpoint: '/images/variations',
      prompt: '',
      model: 'dall-e-2',
      parameters: { model: 'dall-e-2', response_format: 'b64_json', n: 3, size: '512x512' },
      costUsd: 0.018,
      requestId: request.requestId,
      server: `127.0.0.1:${endpoint.port}`,
      width: 512,
      height: 512,
      source: 'images/flowers.jpeg',
      preparation: [source.summary],
    });
  });

  test('one request per source; one group failing does not stop the others, failures are kept per group', async () => {
    const job = await variationJob(['with-alpha.png', '5_webp_a.webp'], { n: 2, settings: { maxConcurrentRequests: 1 } });
    endpoint.inject({ kind: 'status', status: 500, times: 1, message: 'The server had an error while processing your request (test fault).' });
    const env = fakeEnv();
    const outcome = expectKind(await runImageJob(env, job, fakeObserver(), new AbortController().signal), 'finished');
    assert.equal(endpoint.requests.length, 2);
    assert.deepEqual(endpoint.requests.map((request) => [request.files?.[0].filename, request.status]), [
      ['with-alpha.png', 500],
      ['5_webp_a.png', 200],
    ]);
    assert.deepEqual(outcome.groups.map((group) => [group.requested, group.images.length, group.failures.length]), [
      [2, 0, 1],
      [2, 2, 0],
    ]);
    const failure = outcome.groups[0].failures[0] as { status?: number; message?: string };
    assert.equal(failure.status, 500);
    assert.ok(failure.message?.includes('The server had an error while processing your request (test fault).'), failure.message);
    assert.deepEqual(outcome.failures, outcome.groups[0].failures);
    // The second source's images come after the places of the first one's.
    assert.deepEqual(outcome.images.map((image) => [image.group, image.index]), [
      [1, 2],
      [1, 3],
    ]);
    assert.deepEqual(env.saves.map((save) => [save.context.count, save.context.sources.map((source) => source.name)]), [
      [1, ['images/5_webp_a.webp']],
      [1, ['images/5_webp_a.webp']],
    ]);
    assert.equal(outcome.requested, 4);
  });

  test('on a GPT model, variations are edits with the prompt, one request per source, kept as variations in the sidecar', async () => {
    const settings = settingsFor({ model: 'gpt-image-2', quality: 'low' });
    const sources = await Promise.all(['with-alpha.png', '5_webp_a.webp'].map((name) => prepared(name, 'gpt-image-2', 'edit')));
    const job: VariationJob = { kind: 'variation', prompt: settings.variationPrompt, settings: { ...settings, count: 1, size: '1024x1024' }, destination: intoFolder(), sources };
    const outcome = expectKind(await runImageJob(fakeEnv(), job, fakeObserver(), new AbortController().signal), 'finished');
    assert.equal(endpoint.requests.length, 2);
    assert.ok(endpoint.requests.every((request) => request.path === '/v1/images/edits' && request.files?.length === 1 && request.fields?.prompt === settings.variationPrompt));
    assert.deepEqual(outcome.images.map((image) => [image.group, image.index, image.sidecar.operation, image.sidecar.endpoint, image.sidecar.source]), [
      [0, 0, 'variation', '/images/edits', 'images/with-alpha.png'],
      [1, 1, 'variation', '/images/edits', 'images/5_webp_a.webp'],
    ]);
  });
});

describe('runImageJob: masked edit', () => {
  test('one request with the image and its mask; the strict composite keeps every pixel outside the mask; held in memory with its sidecar', async () => {
    const job = await maskedEditJob({ editedFrom: ['a blue door'] });
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, job, observer, new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.contentType, file.width, file.height, file.hasAlpha]), [
      ['image', 'street.png', 'image/png', 64, 64, false],
      ['mask', 'street-mask.png', 'image/png', 64, 64, true],
    ]);
    assert.deepEqual(request.fields, { model: 'gpt-image-2', prompt: 'a red balloon', n: '1', size: 'auto', quality: 'low', output_format: 'png', background: 'auto' });
    assert.deepEqual(eventTypes(observer), ['started', 'progress', 'image']);
    assert.deepEqual(observer.events[1], { type: 'progress', message: 'Restoring every pixel outside the mask…' });

    const [image] = outcome.images;
    assert.deepEqual([image.composited, image.format, image.mimeType, image.width, image.height], [true, 'png', 'image/png', 64, 64]);
    assert.equal(image.saved, undefined, 'a memory destination saves nothing');
    assert.equal(image.thumbnail, undefined, 'no thumbnail for an image that is only held');
    assert.deepEqual(env.saves.map((save) => save.destination), ['memory']);
    assert.deepEqual(env.saves[0].context.sources, [job.source]);
    assert.deepEqual(filesIn(outDir), []);

    const original = await sharp(job.image.bytes).ensureAlpha().raw().toBuffer();
    const result = await sharp(image.bytes).ensureAlpha().raw().toBuffer();
    let changedInside = 0;
    for (let y = 0; y < MASKED.height; y++) {
      for (let x = 0; x < MASKED.width; x++) {
        const at = (y * MASKED.width + x) * 4;
        const same = original.subarray(at, at + 4).equals(result.subarray(at, at + 4));
        if (!insideRect(x, y)) assert.ok(same, `pixel ${x},${y} outside the mask is the original's`);
        else if (insideRect(x, y, 3) && !same) changedInside++;
      }
    }
    assert.ok(changedInside > 0.9 * (MASKED.rect.width - 6) * (MASKED.rect.height - 6), `the model's pixels inside the mask (${changedInside} changed)`);

    assert.deepEqual(image.sidecar, {
      generator: 'image-studio',
      version: 1,
      operation: 'edit',
      endpoint: '/images/edits',
      prompt: 'a red balloon',
      model: 'gpt-image-2',
      parameters: { model: 'gpt-image-2', n: 1, size: 'auto', quality: 'low', output_format: 'png', background: 'auto' },
      usage: image.usage,
      costUsd: expectedTokenCost(image.usage!, 1),
      requestId: request.requestId,
      server: `127.0.0.1:${endpoint.port}`,
      width: 64,
      height: 64,
      source: 'photos/street.png',
      preparation: [],
      mask: job.maskRecord,
      editedFrom: ['a blue door'],
    });
  });

  test('without the strict composite the model\'s image is delivered as it came', async () => {
    const job = await maskedEditJob({ strict: false });
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    assert.deepEqual(eventTypes(observer), ['started', 'image']);
    assert.equal(outcome.images[0].composited, false);
    assert.equal(outcome.images[0].sidecar.editedFrom, undefined, 'no earlier edits, no editedFrom');
  });
});

