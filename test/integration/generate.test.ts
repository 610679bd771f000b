import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import sharp from 'sharp';
import type { SavedImage } from '../../src/storage/outputWriter';
import { thumbnailName } from '../../src/storage/thumbnailCache';
import { CANARY_KEY, clearOutput, setSetting, useHarness, waitFor } from './support';

describe('Generate Image (extension host, local endpoint)', function () {
  const harness = useHarness();
  const { invalid } = harness;

  beforeEach(async () => {
    await clearOutput(harness.workspace);
    await setSetting('model', undefined);
    await setSetting('size', undefined);
    await setSetting('count', undefined);
    await setSetting('quality', undefined);
  });

  it('registers every command in package.json, and nothing else', async () => {
    const manifest = vscode.extensions.getExtension('image-studio.image-studio')!.packageJSON as {
      contributes: { commands: { command: string }[] };
    };
    const declared = manifest.contributes.commands.map((command) => command.command).sort();
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('imageStudio.')).sort();
    assert.deepEqual(registered, declared);
  });

  it('saves a verified PNG of the requested size and a sidecar, and opens it', async () => {
    await setSetting('size', '1536x1024');
    const saved = (await vscode.commands.executeCommand('imageStudio.generate', {
      prompt: 'A lighthouse on a cliff at sunset',
    })) as SavedImage[];
    assert.equal(saved.length, 1);
    const name = saved[0].uri.path.split('/').pop()!;
    assert.match(name, /^a-lighthouse-on-a-cliff-at-sunset-\d{8}-\d{6}\.png$/);
    const bytes = await vscode.workspace.fs.readFile(saved[0].uri);
    const metadata = await sharp(bytes).metadata();
    assert.equal(metadata.format, 'png');
    assert.equal(metadata.width, 1536);
    assert.equal(metadata.height, 1024);

    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(saved[0].sidecarUri)));
    assert.equal(sidecar.prompt, 'A lighthouse on a cliff at sunset');
    assert.equal(sidecar.model, 'gpt-image-2');
    assert.equal(sidecar.parameters.size, '1536x1024');
    assert.equal(sidecar.image, name);
    assert.equal(sidecar.width, 1536);
    assert.ok(sidecar.usage?.total_tokens > 0, 'usage kept in the sidecar');
    assert.ok(!Number.isNaN(Date.parse(sidecar.createdAt)));

    assert.deepEqual(await harness.outputFiles(), [name, name.replace(/\.png$/, '.json')].sort());
    await waitFor(
      () => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => (tab.input as { uri?: vscode.Uri })?.uri?.toString() === saved[0].uri.toString())),
      'the image to open in an editor tab',
    );

    // The studio's thumbnail was filed from the verification decode, before any panel asked.
    const thumbnail = vscode.Uri.joinPath(
      harness.api.services.context.globalStorageUri,
      'thumbnails',
      thumbnailName(saved[0].uri, await vscode.workspace.fs.stat(saved[0].uri)),
    );
    const thumbnailMeta = await sharp(await vscode.workspace.fs.readFile(thumbnail)).metadata();
    assert.deepEqual([thumbnailMeta.format, thumbnailMeta.width, thumbnailMeta.height], ['webp', 256, 171]);

    const requests = harness.endpoint.requests;
    assert.equal(requests.length, 1);
    assert.equal(requests[0].path, '/v1/images/generations');
    assert.deepEqual(requests[0].validationErrors, []);
    assert.equal(requests[0].json?.model, 'gpt-image-2');
    assert.equal(requests[0].json?.response_format, undefined, 'GPT image models take no response_format');
  });

  it('never overwrites: the same prompt twice in one second gives two files', async () => {
    const first = (await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'twin' })) as SavedImage[];
    const second = (await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'twin' })) as SavedImage[];
    assert.notEqual(first[0].uri.toString(), second[0].uri.toString());
    assert.equal((await harness.outputFiles()).filter((name) => name.endsWith('.png')).length, 2);
  });

  it('with no key: asks to set one and sends nothing', async () => {
    await harness.api.services.keys.clear();
    try {
      const result = await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'no key' });
      assert.equal(result, undefined);
      assert.equal(harness.endpoint.requests.length, 0);
      const shown = harness.api.services.notifier.shown.at(-1);
      assert.equal(shown?.severity, 'warning');
      assert.equal(shown!.message, "Set your API key to generate images. It is kept in VS Code's secret storage.");
      assert.deepEqual(shown!.actions, ['Set API Key']);
    } finally {
      await harness.api.services.keys.set(CANARY_KEY);
    }
  });

  it('a 401 becomes a clear message with a Set API Key action, and no file', async () => {
    harness.endpoint.inject({ kind: 'status', status: 401, times: 5 });
    await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'rejected key' });
    const shown = await waitFor(() => harness.api.services.notifier.shown.find((m) => m.severity === 'error'), 'an error');
    assert.equal(shown.message, `The API key was rejected by 127.0.0.1:${harness.endpoint.port}. Set a valid key for this server.`);
    assert.ok(shown.actions.includes('Set API Key'), JSON.stringify(shown));
    assert.equal(harness.endpoint.requests.length, 1, '401 is not retried');
    assert.deepEqual(await harness.outputFiles(), []);
  });

  it('a moderation refusal is named, never retried, and leaves no file', async () => {
    harness.endpoint.inject({ kind: 'moderation', style: 'gpt', times: 5 });
    await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'something refused' });
    const shown = await waitFor(() => harness.api.services.notifier.shown.find((m) => m.severity === 'error'), 'an error');
    assert.equal(shown.message, 'The safety system rejected this request. Change the prompt or the input images; sending it again unchanged will not help.');
    assert.equal(harness.endpoint.requests.length, 1);
    assert.deepEqual(await harness.outputFiles(), []);
  });

  it('a 429 with retry-after is retried after the wait and then succeeds', async () => {
    harness.endpoint.inject({ kind: 'status', status: 429, retryAfter: 1, times: 1 });
    const started = Date.now();
    const saved = (await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'patience' })) as SavedImage[];
    assert.equal(saved.length, 1);
    assert.equal(harness.endpoint.requests.length, 2);
    assert.ok(Date.now() - started >= 900, 'waited for retry-after');
  });

  it('parameters the model rejects are refused before any request', async () => {
    await setSetting('model', 'dall-e-3');
    await setSetting('size', '512x512');
    await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'wrong size' });
    const shown = await waitFor(() => harness.api.services.notifier.shown.find((m) => m.severity === 'error'), 'an error');
    assert.match(shown.message, /512x512/);
    assert.match(shown.message, /1024x1024/);
    assert.equal(harness.endpoint.requests.length, 0);
  });

  it('keeps the API key out of the log, settings, sidecars and request bodies', async () => {
    await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'secret keeping' });
    harness.endpoint.inject({ kind: 'status', status: 401 });
    await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'secret keeping 401' });
    const log = harness.api.services.logger.recent.join('\n');
    // The log does hold both requests (so it could have leaked the key), the 401 included.
    assert.match(log, /generate \w+: 1\/1 image\(s\) in \d+ ms/);
    assert.match(log, /imageStudio\.generate failed \(auth, HTTP 401, request req_[0-9a-f]+\)/);
    assert.ok(!log.includes(CANARY_KEY), 'key in the log');
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration('imageStudio'));
    assert.ok(!settingsText.includes(CANARY_KEY), 'key in settings');
    for (const name of await harness.outputFiles()) {
      const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(harness.workspace, 'images', name))).toString('latin1');
      assert.ok(!text.includes(CANARY_KEY), `key in ${name}`);
    }
    for (const request of harness.endpoint.requests) {
      assert.equal(request.headers.authorization, `Bearer ${CANARY_KEY}`);
      for (const [header, value] of Object.entries(request.headers)) {
        if (header !== 'authorization') assert.ok(!String(value).includes(CANARY_KEY), `key in header ${header}`);
      }
      assert.ok(!JSON.stringify(request.json ?? {}).includes(CANARY_KEY), 'key in a request body');
    }
    for (const message of harness.api.services.notifier.shown) {
      assert.ok(!message.message.includes(CANARY_KEY), 'key in a notification');
    }
  });

  it('every request sent in this suite validated against the spec', () => {
    // Runs last: afterEach collected every request the endpoint found invalid.
    assert.deepEqual(invalid, []);
  });
});
