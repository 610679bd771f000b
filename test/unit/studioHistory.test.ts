import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareNewestFirst, matchesFilter, paramsFromSidecar, parseSidecar, type HistoryRecord } from '../../src/panels/studio/historyRecord';

const sidecar = (change: Record<string, unknown> = {}) =>
  JSON.stringify({
    generator: 'image-studio',
    version: 1,
    prompt: 'A lighthouse on a cliff at sunset',
    model: 'gpt-image-2',
    parameters: { model: 'gpt-image-2', n: 1, size: '1536x1024', quality: 'high', output_format: 'webp', background: 'opaque', stream: true, partial_images: 2 },
    costUsd: 0.1664,
    requestId: 'req_1',
    server: 'api.openai.com',
    width: 1536,
    height: 1024,
    createdAt: '2026-11-21T10:15:00.000Z',
    image: 'a-lighthouse-20261121-101500.webp',
    ...change,
  });

test('a generation sidecar becomes a history record with its form values', () => {
  assert.deepEqual(parseSidecar(sidecar({ revisedPrompt: 'A tall lighthouse' }), 'a-lighthouse-20261121-101500.json'), {
    imageName: 'a-lighthouse-20261121-101500.webp',
    prompt: 'A lighthouse on a cliff at sunset',
    revisedPrompt: 'A tall lighthouse',
    model: 'gpt-image-2',
    width: 1536,
    height: 1024,
    quality: 'high',
    costUsd: 0.1664,
    createdAt: '2026-11-21T10:15:00.000Z',
    createdMs: Date.parse('2026-11-21T10:15:00.000Z'),
    params: {
      model: 'gpt-image-2', size: '1536x1024', quality: 'high', n: 1, background: 'opaque', outputFormat: 'webp', style: 'vivid',
      complexity: 'default', frameCount: 9, frameDurationMs: 200,
    },
  });
});

test('variations and edits are marked and get no Run Again values', () => {
  const record = parseSidecar(sidecar({ operation: 'variation', image: 'cat.var-1.png' }), 'cat.var-1.json');
  assert.equal(record?.origin, 'variation');
  assert.equal(record?.params, undefined);
});

test('malformed, foreign and dangerous sidecars are skipped', () => {
  const name = 'a-lighthouse-20261121-101500.json';
  const skipped: [string, string][] = [
    ['not json', '{ "generator": "image-studio", '],
    ['empty', ''],
    ['an array', '[]'],
    ['null', 'null'],
    ['another generator', sidecar({ generator: 'other-tool' })],
    ['another version', sidecar({ version: 2 })],
    ['no prompt', sidecar({ prompt: undefined })],
    ['prompt not text', sidecar({ prompt: 42 })],
    ['no model', sidecar({ model: '' })],
    ['bad date', sidecar({ createdAt: 'yesterday' })],
    ['no image', sidecar({ image: undefined })],
    ['image in another folder', sidecar({ image: '../secrets/a-lighthouse-20261121-101500.webp' })],
    ['absolute image path', sidecar({ image: '/etc/a-lighthouse-20261121-101500.png' })],
    ['backslash path', sidecar({ image: '..\\a-lighthouse-20261121-101500.png' })],
    ['not an image', sidecar({ image: 'a-lighthouse-20261121-101500.html' })],
    ['another file in the folder', sidecar({ image: 'someone-elses-photo.png' })],
    ['too large', sidecar({ prompt: 'x'.repeat(300 * 1024) })],
  ];
  for (const [why, text] of skipped) assert.equal(parseSidecar(text, name), undefined, why);
});

test('odd but harmless values are tolerated', () => {
  const record = parseSidecar(sidecar({ width: -3, height: 'tall', costUsd: Number.NaN, parameters: 'broken' }), 'a-lighthouse-20261121-101500.json');
  assert.ok(record);
  assert.equal(record.width, 0);
  assert.equal(record.height, 0);
  assert.equal(record.costUsd, undefined);
  assert.equal(record.params?.size, 'auto');
  assert.equal(record.params?.outputFormat, 'webp', 'from the file extension');
});

test('paramsFromSidecar fills what the request left to the server', () => {
  assert.deepEqual(paramsFromSidecar('dall-e-3', { size: '1792x1024', quality: 'hd', style: 'natural', n: 1 }, 'x.png', 1792, 1024), {
    model: 'dall-e-3',
    size: '1792x1024',
    quality: 'hd',
    n: 1,
    background: 'auto',
    outputFormat: 'png',
    style: 'natural',
    complexity: 'default',
    frameCount: 9,
    frameDurationMs: 200,
  });
  assert.equal(paramsFromSidecar('m', {}, 'x.jpg', 800, 600).size, '800x600');
  assert.equal(paramsFromSidecar('m', {}, 'x.jpg', 800, 600).outputFormat, 'jpeg');
  assert.equal(paramsFromSidecar('m', { n: 40 }, 'x.png', 0, 0).n, 1);
});

test('Run Again asks for the same GIF and the same complexity: frames, their duration and complexity from the request', () => {
  const gif = paramsFromSidecar('gpt-image-2.5-flare', { size: '1024x1024', output_format: 'gif', frame_count: 4, frame_duration_ms: 120, complexity: 'high' }, 'x.gif', 1024, 1024);
  assert.deepEqual(
    { outputFormat: gif.outputFormat, complexity: gif.complexity, frameCount: gif.frameCount, frameDurationMs: gif.frameDurationMs },
    { outputFormat: 'gif', complexity: 'high', frameCount: 4, frameDurationMs: 120 },
  );
  // What the request left out, or a sidecar edited by hand, gets what the service used by default.
  const odd = paramsFromSidecar('gpt-image-2.5-flare', { output_format: 'gif', frame_count: 40, frame_duration_ms: 2.5, complexity: 'extreme' }, 'x.gif', 1024, 1024);
  assert.deepEqual([odd.complexity, odd.frameCount, odd.frameDurationMs], ['default', 9, 200]);
});

const record = (createdAt: string, imageName: string, extra: Partial<HistoryRecord> = {}): HistoryRecord => ({
  imageName,
  prompt: 'p',
  model: 'gpt-image-2',
  width: 1024,
  height: 1024,
  createdAt,
  createdMs: Date.parse(createdAt),
  ...extra,
});

test('newest first; images of one job in their numbered order', () => {
  const records = [
    record('2026-11-20T10:00:00Z', 'old.png'),
    record('2026-11-21T10:00:00Z', 'job-10.png'),
    record('2026-11-21T10:00:00Z', 'job-2.png'),
    record('2026-11-21T11:00:00Z', 'newest.png'),
  ];
  assert.deepEqual(records.sort(compareNewestFirst).map((r) => r.imageName), ['newest.png', 'job-2.png', 'job-10.png', 'old.png']);
});

test('the filter needs every word somewhere in prompt, revised prompt, model, name or size', () => {
  const r = record('2026-11-21T10:00:00Z', 'lighthouse-1.png', { prompt: 'A Lighthouse at dusk', revisedPrompt: 'stormy sea', model: 'dall-e-3', width: 1792 });
  assert.ok(matchesFilter(r, ''));
  assert.ok(matchesFilter(r, '   '));
  assert.ok(matchesFilter(r, 'lighthouse'));
  assert.ok(matchesFilter(r, 'LIGHTHOUSE dusk'));
  assert.ok(matchesFilter(r, 'stormy dall-e'));
  assert.ok(matchesFilter(r, '1792x1024'));
  assert.ok(!matchesFilter(r, 'lighthouse forest'));
  assert.ok(matchesFilter(record('2026-11-21T10:00:00Z', 'x.png', { origin: 'edit' }), 'edit'));
});
