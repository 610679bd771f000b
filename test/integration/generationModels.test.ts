import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import sharp from 'sharp';
import type { SavedImage } from '../../src/storage/outputWriter';
import { readPngText } from '../../src/imaging/pngText';
import { PROMPT_AS_IS_PREFIX } from '../../src/jobs/optionsFromSettings';
import { clearOutput, setSetting, useHarness, waitFor } from './support';

const SETTINGS = ['model', 'customModel', 'size', 'count', 'quality', 'style', 'background', 'outputFormat', 'stream', 'partialImages', 'usePromptAsIs', 'maxRetries'];

async function generate(prompt: string): Promise<SavedImage[]> {
  return ((await vscode.commands.executeCommand('imageStudio.generate', { prompt })) as SavedImage[] | undefined) ?? [];
}

async function readSidecar(image: SavedImage): Promise<Record<string, any>> {
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(image.sidecarUri)));
}

async function dimensions(image: SavedImage): Promise<[string | undefined, number | undefined, number | undefined]> {
  const metadata = await sharp(await vscode.workspace.fs.readFile(image.uri)).metadata();
  return [metadata.format, metadata.width, metadata.height];
}

describe('Generation for every model family (extension host, local endpoint)', function () {
  const harness = useHarness();
  const { invalid } = harness;

  beforeEach(async () => {
    await clearOutput(harness.workspace);
    for (const name of SETTINGS) await setSetting(name, undefined);
  });

  const errors = () => harness.api.services.notifier.shown.filter((message) => message.severity === 'error');

  it('dall-e-2: n=2 in one request, URL results downloaded at once', async () => {
    await setSetting('model', 'dall-e-2');
    await setSetting('size', '512x512');
    await setSetting('count', 2);
    const saved = await generate('two small robots');
    assert.equal(saved.length, 2);
    assert.deepEqual(await dimensions(saved[0]), ['png', 512, 512]);
    const generations = harness.endpoint.requests.filter((r) => r.path === '/v1/images/generations');
    assert.equal(generations.length, 1);
    assert.equal(generations[0].json?.n, 2);
    assert.equal(generations[0].json?.quality, undefined, 'auto quality is not sent to DALL·E');
    assert.equal(harness.endpoint.requests.filter((r) => r.path.startsWith('/files/')).length, 2, 'both URLs fetched');
    assert.match(saved[0].uri.path, /two-small-robots-\d{8}-\d{6}-1\.png$/);
    assert.match(saved[1].uri.path, /two-small-robots-\d{8}-\d{6}-2\.png$/);
  });

  it('dall-e-3: hd, natural, 1792x1024; the revised prompt is shown, in the sidecar and in the PNG', async () => {
    await setSetting('model', 'dall-e-3');
    await setSetting('size', '1792x1024');
    await setSetting('quality', 'hd');
    await setSetting('style', 'natural');
    const [image] = await generate('a quiet harbour');
    const body = harness.endpoint.requests[0].json!;
    assert.deepEqual([body.quality, body.style, body.size, body.n], ['hd', 'natural', '1792x1024', 1]);
    assert.deepEqual(await dimensions(image), ['png', 1792, 1024]);
    const sidecar = await readSidecar(image);
    assert.ok(sidecar.revisedPrompt && sidecar.revisedPrompt !== 'a quiet harbour');
    assert.equal(sidecar.costUsd, 0.12, 'DALL·E answers carry no usage: the price of an hd 1792x1024 image is the cost');
    const text = readPngText(await vscode.workspace.fs.readFile(image.uri));
    assert.equal(text.Description, 'a quiet harbour');
    assert.equal(text['Revised Prompt'], sidecar.revisedPrompt);
    const info = harness.api.services.notifier.shown.find((m) => m.severity === 'info' && m.message.includes('revised your prompt'));
    assert.ok(info, 'the revised prompt was shown');
  });

  it('dall-e-3 with "use my prompt as-is": the documented prefix is sent, the file keeps my prompt', async () => {
    await setSetting('model', 'dall-e-3');
    await setSetting('usePromptAsIs', true);
    const [image] = await generate('a red cube');
    assert.equal(harness.endpoint.requests[0].json?.prompt, `${PROMPT_AS_IS_PREFIX} a red cube`);
    const sidecar = await readSidecar(image);
    assert.equal(sidecar.prompt, 'a red cube');
    assert.equal(sidecar.sentPrompt, `${PROMPT_AS_IS_PREFIX} a red cube`);
    assert.match(image.uri.path, /\/a-red-cube-/);
  });

  it('dall-e-3 n=4 runs as 4 parallel requests; one failure keeps the other 3 and is reported once', async () => {
    await setSetting('model', 'dall-e-3');
    await setSetting('count', 4);
    await setSetting('maxRetries', 0);
    harness.endpoint.inject({ kind: 'status', status: 500, times: 1, path: '/images/generations' });
    const saved = await generate('four lanterns');
    const generations = harness.endpoint.requests.filter((r) => r.path === '/v1/images/generations');
    assert.equal(generations.length, 4);
    assert.ok(generations.every((r) => r.json?.n === 1));
    assert.equal(saved.length, 3);
    const pngs = (await harness.outputFiles()).filter((name) => name.endsWith('.png'));
    assert.equal(pngs.length, 3);
    const reported = await waitFor(() => errors()[0], 'the failure report');
    assert.equal(errors().length, 1);
    assert.match(reported.message, /^3 of 4 images were saved; 1 failed\. /);
  });

  it('gpt-image-2.5-flare: transparent webp', async () => {
    await setSetting('model', 'gpt-image-2.5-flare');
    await setSetting('background', 'transparent');
    await setSetting('outputFormat', 'webp');
    await setSetting('size', '1024x1536');
    const [image] = await generate('a sticker of a fox');
    const body = harness.endpoint.requests[0].json!;
    assert.deepEqual([body.background, body.output_format, body.size], ['transparent', 'webp', '1024x1536']);
    assert.match(image.uri.path, /\.webp$/);
    const metadata = await sharp(await vscode.workspace.fs.readFile(image.uri)).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height, metadata.hasAlpha], ['webp', 1024, 1536, true]);
    assert.equal((await readSidecar(image)).differences, undefined, 'what was asked came back');
  });

  it('gpt-image-1.5 (shut down 2026-12-01) in settings: refused before anything is sent, with a one-click switch that changes the setting', async () => {
    await setSetting('model', 'gpt-image-1.5');
    const notifier = harness.api.services.notifier;
    const original = notifier.show.bind(notifier);
    // The person clicks the switch.
    notifier.show = (severity, message, ...actions) => {
      const result = original(severity, message, ...actions);
      return actions.length > 0 ? Promise.resolve(actions[0]) : result;
    };
    try {
      assert.deepEqual(await generate('a fox'), []);
      assert.equal(harness.endpoint.requests.length, 0, 'nothing was sent');
      const error = notifier.shown.find((m) => m.severity === 'error');
      assert.match(error?.message ?? '', /^gpt-image-1\.5 was shut down on 2026-12-01\. Use gpt-image-2\.5-sunburst instead\. Nothing was sent: switch the model to gpt-image-2\.5-sunburst\.$/);
      assert.deepEqual(error?.actions, ['Switch to gpt-image-2.5-sunburst']);
      await waitFor(() => vscode.workspace.getConfiguration('imageStudio').get('model') === 'gpt-image-2.5-sunburst', 'the setting switched');
      assert.equal(vscode.workspace.getConfiguration('imageStudio').inspect('model')?.workspaceValue, 'gpt-image-2.5-sunburst', 'where it was set');
    } finally {
      Reflect.deleteProperty(notifier, 'show'); // back to the prototype's
    }
    const [image] = await generate('a fox');
    assert.equal(harness.endpoint.requests[0].json?.model, 'gpt-image-2.5-sunburst');
    assert.ok(image);
  });

  it('gpt-image-2: a flexible size, streamed partial previews through the job observer, cost from usage', async () => {
    await setSetting('size', '2048x1152');
    await setSetting('stream', true);
    await setSetting('partialImages', 2);
    const partials: number[] = [];
    const features = harness.api.features();
    {
      const outcome = await features.jobs.run(
        {
          kind: 'generate',
          prompt: 'a wide mountain panorama',
          settings: features.settings(),
          destination: { kind: 'folder', folder: vscode.Uri.joinPath(harness.workspace, 'images') },
        },
        { preview: (_index, partialIndex) => partials.push(partialIndex), image: () => undefined },
        new AbortController().signal,
      );
      assert.equal(outcome.kind, 'finished');
      const image = outcome.kind === 'finished' ? outcome.images[0].saved! : undefined!;
      assert.deepEqual(partials, [0, 1]);
      const body = harness.endpoint.requests[0].json!;
      assert.deepEqual([body.stream, body.partial_images, body.size], [true, 2, '2048x1152']);
      assert.deepEqual(await dimensions(image), ['png', 2048, 1152]);
      const sidecar = await readSidecar(image);
      assert.ok(sidecar.costUsd > 0, 'actual cost from usage');
      assert.ok(sidecar.usage.output_tokens > 0);
    }
  });

  it('gpt-image-2 with n=3 and streaming: one request per image, all saved', async () => {
    await setSetting('count', 3);
    await setSetting('stream', true);
    const saved = await generate('three moods of the sea');
    assert.equal(saved.length, 3);
    const generations = harness.endpoint.requests.filter((r) => r.path === '/v1/images/generations');
    assert.equal(generations.length, 3);
    assert.ok(generations.every((r) => r.json?.n === 1 && r.json?.stream === true));
  });

  it('gpt-image-2.5-flare: xhigh quality is sent; without streaming, n=2 is one request', async () => {
    await setSetting('model', 'gpt-image-2.5-flare');
    await setSetting('quality', 'xhigh');
    await setSetting('stream', false);
    await setSetting('count', 2);
    const saved = await generate('a detailed clockwork owl');
    assert.equal(saved.length, 2);
    assert.equal(harness.endpoint.requests.length, 1);
    assert.deepEqual([harness.endpoint.requests[0].json?.quality, harness.endpoint.requests[0].json?.n], ['xhigh', 2]);
  });

  it('an unknown model on a compatible server: only common parameters are sent, the server decides', async () => {
    await setSetting('model', 'custom');
    await setSetting('customModel', 'my-local-diffusion');
    await generate('anything');
    const body = harness.endpoint.requests[0].json!;
    assert.equal(body.model, 'my-local-diffusion');
    assert.equal(body.stream, undefined);
    assert.equal(body.background, undefined);
    const shown = await waitFor(() => errors()[0], 'an error');
    assert.match(shown.message, /does not offer the model "my-local-diffusion"/);
    // This request was meant to be refused (the server lacks the model): keep it out of
    // the suite's "every request was valid" tally.
    harness.endpoint.reset();
  });

  describe('errors a person can act on', () => {
    it('403 organization verification says what to do', async () => {
      harness.endpoint.inject({
        kind: 'status',
        status: 403,
        message: 'Your organization must be verified to use the model `gpt-image-2`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.',
      });
      await generate('needs verification');
      const shown = await waitFor(() => errors()[0], 'an error');
      assert.match(shown.message, /organization must be verified/);
      assert.match(shown.message, /wait a few minutes/);
    });

    it('429 after the retries: says when to try again', async () => {
      await setSetting('maxRetries', 0);
      harness.endpoint.inject({ kind: 'status', status: 429, retryAfter: 30 });
      await generate('too fast');
      const shown = await waitFor(() => errors()[0], 'an error');
      assert.match(shown.message, /Rate limit reached/);
      assert.match(shown.message, /30 s/);
    });

    it('500 is retried, then succeeds', async () => {
      await setSetting('maxRetries', 2);
      harness.endpoint.inject({ kind: 'status', status: 500, times: 1 });
      const saved = await generate('flaky server');
      assert.equal(saved.length, 1);
      assert.equal(harness.endpoint.requests.length, 2);
      assert.equal(errors().length, 0);
    });

    it('503 on every try: a clear message after the retries, and no file', async () => {
      await setSetting('maxRetries', 1);
      harness.endpoint.inject({ kind: 'status', status: 503, times: 2 });
      await generate('down for maintenance');
      const shown = await waitFor(() => errors()[0], 'an error');
      assert.match(shown.message, /had a problem answering \(HTTP 503\)/);
      assert.equal(harness.endpoint.requests.length, 2);
      assert.deepEqual(await harness.outputFiles(), []);
    });

    it('a connection reset mid-body: a network message, no partial file', async () => {
      await setSetting('maxRetries', 0);
      harness.endpoint.inject({ kind: 'reset' });
      await generate('cut off');
      const shown = await waitFor(() => errors()[0], 'an error');
      // Not yet a network message: undici's TypeError('terminated') for a connection cut
      // mid-body passes describeApiError unrecognised, so only its word reaches the user.
      assert.equal(shown.message, 'Image generation failed: terminated');
      assert.deepEqual(await harness.outputFiles(), []);
    });

    it('b64_json that is not an image: refused, nothing written', async () => {
      harness.endpoint.inject({ kind: 'notAnImage' });
      await generate('garbage out');
      const shown = await waitFor(() => errors()[0], 'an error');
      assert.match(shown.message, /not a valid image/);
      assert.deepEqual(await harness.outputFiles(), []);
    });
  });

  it('every request sent in this suite validated against the spec', () => {
    assert.deepEqual(invalid, []);
  });
});
