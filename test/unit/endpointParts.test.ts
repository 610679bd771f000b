// The endpoint's building blocks in isolation: multipart parsing, size rules, upload
// limits, the fault queue, image rendering, and the CLI.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import sharp from 'sharp';
import { statusError } from '../endpoint/errors';
import { FaultQueue } from '../endpoint/faults';
import { renderImage } from '../endpoint/images';
import { findModel } from '../endpoint/models';
import { multipartBoundary, MultipartError, parseMultipart } from '../endpoint/multipart';
import { checkServiceRules, flexibleSizeProblem, type UploadedImage } from '../endpoint/serviceRules';
import { findSpecPath, loadSpec } from '../endpoint/spec';

const MB = 1024 * 1024;

function form(boundary: string, parts: string[]): Buffer {
  return Buffer.from(`${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`, 'latin1');
}

describe('multipart parser', () => {
  test('text fields, files, array names, quoted boundary and escaped filenames', () => {
    const body = form('XyZ', [
      'Content-Disposition: form-data; name="prompt"\r\n\r\nline one\r\nline two',
      'Content-Disposition: form-data; name="image[]"; filename="a \\"b\\".png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--not-a-boundary',
      'Content-Disposition: form-data; name="mask"; filename=""\r\n\r\n',
    ]);
    assert.equal(multipartBoundary('multipart/form-data; boundary="XyZ"'), 'XyZ');
    const parts = parseMultipart(body, 'XyZ');
    assert.equal(parts.length, 3);
    assert.deepEqual([parts[0].name, parts[0].data.toString(), parts[0].filename], ['prompt', 'line one\r\nline two', undefined]);
    assert.deepEqual([parts[1].name, parts[1].filename, parts[1].contentType], ['image[]', 'a "b".png', 'image/png']);
    assert.equal(parts[1].data.toString('latin1'), '\x89PNG\r\n--not-a-boundary');
    assert.deepEqual([parts[2].filename, parts[2].contentType, parts[2].data.length], ['', 'application/octet-stream', 0]);
  });

  test('not multipart, or no boundary → undefined', () => {
    assert.equal(multipartBoundary('application/json'), undefined);
    assert.equal(multipartBoundary('multipart/form-data'), undefined);
    assert.equal(multipartBoundary(undefined), undefined);
    assert.equal(multipartBoundary('multipart/form-data; boundary=abc; charset=utf-8'), 'abc');
  });

  test('malformed bodies throw MultipartError', () => {
    assert.throws(() => parseMultipart(Buffer.from('no boundary here'), 'b'), MultipartError);
    assert.throws(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated'), 'b'), MultipartError);
    assert.throws(() => parseMultipart(form('b', ['Content-Type: text/plain\r\n\r\nx']), 'b'), MultipartError);
    assert.throws(() => parseMultipart(form('b', ['Content-Disposition: form-data\r\n\r\nx']), 'b'), MultipartError);
  });
});

describe('size rules for gpt-image-2 and later', () => {
  test('boundaries', () => {
    for (const ok of ['3840x2160', '2160x3840', '1024x3072', '3072x1024', '16x16', '16x48', '2880x2880', '1536x864']) {
      assert.equal(flexibleSizeProblem(ok), undefined, ok);
    }
    for (const bad of ['3856x2160', '1024x3088', '3840x2176', '16x64', '8x8', '0x16', '1024x', 'x', '-16x16', '1024x1024 ', '4096x1024']) {
      assert.ok(flexibleSizeProblem(bad), bad);
    }
  });
});

describe('upload limits', () => {
  const png = (size: number, w = 256, h = 256): UploadedImage => ({ contentType: 'image/png', size, format: 'png', width: w, height: h, hasAlpha: true });
  const edit = (model: string, images: UploadedImage[], mask?: UploadedImage) =>
    checkServiceRules(findModel(model)!, { operation: 'edit', body: { prompt: 'x' }, images, mask }).map((e) => e.param);

  test('dall-e-2: under 4 MB', () => {
    assert.deepEqual(edit('dall-e-2', [png(4 * MB - 1)]), []);
    assert.deepEqual(edit('dall-e-2', [png(4 * MB)]), ['image']);
    assert.deepEqual(edit('dall-e-2', [png(100)], png(4 * MB)), ['mask']);
  });

  test('GPT models: under 50 MB each', () => {
    assert.deepEqual(edit('gpt-image-1.5', [png(50 * MB - 1), png(10)]), []);
    assert.deepEqual(edit('gpt-image-2', [png(10), png(50 * MB)]), ['image']);
  });
});

describe('fault queue', () => {
  const image = { path: '/v1/images/generations', category: 'image', stream: false } as const;
  const file = { path: '/files/img-1.png', category: 'file', stream: false } as const;

  test('order, times, and at most the first applicable fault', () => {
    const queue = new FaultQueue();
    queue.inject({ kind: 'expiredUrl' });
    queue.inject({ kind: 'status', status: 500, times: 2 });
    queue.inject({ kind: 'streamCut' });
    const first = queue.next(image)!;
    assert.equal(first.kind, 'status');
    queue.use(first);
    assert.deepEqual(queue.pending().map((f) => [f.kind, f.remaining]), [['expiredUrl', 1], ['status', 1], ['streamCut', 1]]);
    queue.use(queue.next(image)!);
    assert.equal(queue.next(image), undefined, 'streamCut needs a streaming request');
    assert.equal(queue.next({ ...image, stream: true })?.kind, 'streamCut');
    assert.equal(queue.next(file)?.kind, 'expiredUrl');
  });

  test('path prefixes match whole segments', () => {
    const queue = new FaultQueue();
    queue.inject({ kind: 'status', status: 500, path: '/images' });
    assert.ok(queue.next(image));
    assert.equal(queue.next({ path: '/v1/imagesX', category: 'api', stream: false }), undefined);
  });

  test('invalid faults are refused', () => {
    const queue = new FaultQueue();
    assert.throws(() => queue.inject({ kind: 'status', status: 302 }));
    assert.throws(() => queue.inject({ kind: 'moderation', style: 'other' } as never));
    assert.throws(() => queue.inject({ kind: 'status', status: 500, times: 1.5 }));
  });

  test('status error bodies', () => {
    const error = statusError(418, 'm', { message: 'teapot' });
    assert.equal(error.status, 418);
    assert.equal(error.body.error.message, 'teapot');
    assert.equal(statusError(429, 'm', { retryAfter: 3 }).headers?.['retry-after'], '3');
  });
});

describe('rendering and spec loading', () => {
  test('renders every format at odd and tiny sizes', async () => {
    for (const [width, height] of [[1, 1], [17, 3], [300, 40]]) {
      for (const format of ['png', 'jpeg', 'webp'] as const) {
        const meta = await sharp(await renderImage({ width, height, prompt: 'tiny & <odd>', format, caption: 'c' })).metadata();
        assert.deepEqual([meta.width, meta.height, meta.format], [width, height, format]);
      }
    }
  });

  test('the spec is parsed once per path and exposes the image schemas', () => {
    const spec = loadSpec(findSpecPath());
    assert.equal(loadSpec(findSpecPath()), spec);
    assert.ok(spec.properties('CreateImageRequest').includes('moderation'));
    assert.ok(!spec.properties('CreateImageEditRequest').includes('moderation'));
    assert.ok(spec.isBinary('CreateImageEditRequest', 'image'));
    assert.ok(!spec.isBinary('CreateImageEditRequest', 'prompt'));
    assert.equal(spec.coerceField('CreateImageEditRequest', 'n', '3'), 3);
    assert.equal(spec.coerceField('CreateImageEditRequest', 'stream', 'true'), true);
    assert.equal(spec.coerceField('CreateImageEditRequest', 'size', '1024x1024'), '1024x1024');
  });
});

describe('CLI (test/endpoint/main.ts)', () => {
  // Built next to the test bundles by esbuild.mjs (out/test/endpoint/main.js).
  const main = join(__dirname, '..', 'endpoint', 'main.js');
  test('prints IMAGE_STUDIO_ENDPOINT=… and exits cleanly on SIGTERM', { skip: !existsSync(main) && 'main.js not built' }, async () => {
    const child = spawn(process.execPath, [main, '--port', '0', '--accept-key', 'sk-cli'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited early (${code})`)));
      });
      const match = /^IMAGE_STUDIO_ENDPOINT=(http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(line);
      assert.ok(match, line);
      assert.equal((await fetch(`${match[1]}/models`, { headers: { authorization: 'Bearer sk-cli' } })).status, 200);
      assert.equal((await fetch(`${match[1]}/models`, { headers: { authorization: 'Bearer sk-other' } })).status, 401);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
