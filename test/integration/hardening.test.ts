// Bad networks and bad luck: every fault ends in the right retry or a clear message, the
// progress ends, and the workspace holds no partial or corrupt file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import sharp from 'sharp';
import { generateWithProgress } from '../../src/commands/generateImage';
import type { SavedImage } from '../../src/storage/outputWriter';
import type { Fault } from '../endpoint/faults';
import { clearOutput, setSetting, useHarness, waitFor } from './support';

const SETTINGS = ['model', 'size', 'count', 'stream', 'maxRetries', 'requestTimeoutSeconds', 'maxConcurrentRequests'];

describe('Hardening: network faults, file names, concurrency (extension host)', function () {
  const harness = useHarness();

  after(async () => {
    for (const name of SETTINGS) await setSetting(name, undefined);
  });

  beforeEach(async () => {
    await clearOutput(harness.workspace);
    for (const name of SETTINGS) await setSetting(name, undefined);
    await setSetting('maxRetries', 0);
  });

  const errors = () => harness.api.services.notifier.shown.filter((message) => message.severity === 'error');

  /** Runs one generation that must fail with `expected`, and leave nothing behind. */
  async function failsCleanly(fault: Fault, expected: RegExp, prompt = 'a picture that will not arrive'): Promise<void> {
    harness.endpoint.inject(fault);
    const result = await vscode.commands.executeCommand('imageStudio.generate', { prompt });
    assert.ok(result === undefined || (Array.isArray(result) && result.length === 0));
    const shown = await waitFor(() => errors()[0], 'an error message');
    assert.match(shown.message, expected);
    assert.doesNotMatch(shown.message, /undefined|\[object|at .*\.js:\d+/);
    assert.deepEqual(await harness.outputFiles(), [], 'no file, partial or complete');
  }

  describe('network faults', () => {
    it('502 from a proxy (numeric error code in the body): retried, then a clear message', async () => {
      await setSetting('maxRetries', 1);
      await failsCleanly({ kind: 'status', status: 502, times: 2 }, /problem answering \(HTTP 502\)/);
      assert.equal(harness.endpoint.requests.length, 2, 'one retry');
    });

    it('a body that stalls: the timeout ends it with a clear message', async function () {
      this.timeout(30_000);
      await setSetting('requestTimeoutSeconds', 2);
      await failsCleanly({ kind: 'stall' }, /did not answer in time/);
    });

    it('malformed JSON: refused as an invalid answer', async () => {
      await setSetting('stream', false);
      await failsCleanly({ kind: 'malformedJson' }, /answer ended before its JSON was complete/);
    });

    it('malformed JSON where a stream was expected: nothing written', async () => {
      await setSetting('stream', true);
      await failsCleanly({ kind: 'malformedJson' }, /stream ended before the image was complete/);
    });

    it('b64_json that is not an image: nothing written', async () => {
      await failsCleanly({ kind: 'notAnImage' }, /not a valid image/);
    });

    it('an expired image URL (DALL·E): says so, nothing written', async () => {
      await setSetting('model', 'dall-e-2');
      await setSetting('size', '256x256');
      await failsCleanly({ kind: 'expiredUrl' }, /^The image link has expired or is gone \(HTTP 404\)\. Generate the image again\. Nothing was saved\.$/);
    });

    // undici reports a connection cut mid-body as TypeError('terminated'), which
    // describeApiError does not recognise as a network failure: the message says only that.
    const CUT_OFF = /^Image generation failed: terminated$/;

    it('a stream cut before its completed event: nothing written', async () => {
      await setSetting('stream', true);
      await failsCleanly({ kind: 'streamCut' }, CUT_OFF);
      assert.equal(harness.endpoint.requests[0].json?.stream, true);
    });

    it('a connection reset mid-body: nothing written', async () => {
      await failsCleanly({ kind: 'reset' }, CUT_OFF);
    });
  });

  describe('file names and concurrent writes', () => {
    it('hostile prompts all become safe names inside the output folder', async () => {
      const prompts = ['../../escape attempt', 'a/b\\c', 'bell\u0007 and \u001b[31m colour', 'CON', '🦊🌕', 'x'.repeat(5000), '.hidden..dots..'];
      const output = vscode.Uri.joinPath(harness.workspace, 'images');
      for (const prompt of prompts) {
        const saved = (await vscode.commands.executeCommand('imageStudio.generate', { prompt })) as SavedImage[];
        assert.equal(saved.length, 1, `saved for ${JSON.stringify(prompt.slice(0, 20))}`);
        const name = saved[0].uri.path.split('/').pop()!;
        assert.equal(saved[0].uri.path, `${output.path}/${name}`, 'directly inside the output folder');
        assert.match(name, /^[a-z0-9-]+-\d{8}-\d{6}(_\d+)?\.png$/);
        assert.ok(name.length < 80);
      }
      const files = await harness.outputFiles();
      assert.equal(files.filter((file) => file.endsWith('.png')).length, prompts.length);
    });

    it('10 concurrent jobs × n=10 give 100 distinct, complete files', async function () {
      this.timeout(120_000);
      await setSetting('size', '512x512');
      await setSetting('count', 10);
      await setSetting('stream', false);
      const jobs = Array.from({ length: 10 }, () =>
        generateWithProgress(harness.api.features(), { prompt: 'the same prompt every time', open: false }),
      );
      const results = await Promise.all(jobs);
      const uris = results.flatMap((saved) => saved ?? []).map((image) => image.uri.toString());
      assert.equal(uris.length, 100);
      assert.equal(new Set(uris).size, 100, 'no two jobs wrote the same file');
      const files = await harness.outputFiles();
      assert.equal(files.filter((file) => file.endsWith('.png')).length, 100);
      assert.equal(files.filter((file) => file.endsWith('.json')).length, 100);
      assert.equal(files.filter((file) => file.endsWith('.partial')).length, 0);
      for (const file of files.filter((name) => name.endsWith('.png')).slice(0, 10)) {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(harness.workspace, 'images', file));
        const stats = await sharp(bytes, { failOn: 'warning' }).stats();
        assert.ok(stats.channels.length >= 3, `${file} decodes fully`);
      }
    });
  });

  describe('cancellation', () => {
    it('cancelling one of three running jobs leaves the other two intact', async function () {
      this.timeout(60_000);
      harness.endpoint.inject({ kind: 'delay', ms: 1500, times: 3 });
      const controllers = [new AbortController(), new AbortController(), new AbortController()];
      const jobs = controllers.map((controller, index) =>
        generateWithProgress(harness.api.features(), { prompt: `job number ${index}`, signal: controller.signal, open: false }),
      );
      await waitFor(() => harness.endpoint.requests.length === 3, 'all three requests to arrive');
      controllers[1].abort();
      // The endpoint saw the client close that connection: its answer can never arrive.
      const aborted = await harness.endpoint.waitForAborted('/v1/images/generations');
      assert.equal(aborted.json?.prompt, 'job number 1');
      assert.equal(aborted.status, 0, 'aborted before any answer');
      const [first, second, third] = await Promise.all(jobs);
      assert.equal(first?.length, 1);
      assert.deepEqual(second, []);
      assert.equal(third?.length, 1);
      const pngs = (await harness.outputFiles()).filter((file) => file.endsWith('.png'));
      assert.deepEqual(pngs.map((name) => name.replace(/-\d{8}-\d{6}.*$/, '')).sort(), ['job-number-0', 'job-number-2']);
      assert.deepEqual(harness.endpoint.requests.filter((request) => request.aborted !== undefined).map((request) => request.json?.prompt), ['job number 1']);
      assert.equal(errors().length, 0, 'a cancellation is not an error');
    });
  });
});
