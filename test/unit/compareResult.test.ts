// No silent downgrades: each way a result can differ from what was asked is one sentence;
// a result that is what was asked has none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultDifferences, type ResultFacts } from '../../src/jobs/compareResult';

const still = (extra: Partial<ResultFacts> = {}): ResultFacts => ({ format: 'png', width: 1024, height: 1024, frames: 1, ...extra });

test('what was asked: no differences (auto size, unsent format = PNG, jpg = jpeg)', () => {
  assert.deepEqual(resultDifferences({ size: '1024x1024', output_format: 'png' }, still()), []);
  assert.deepEqual(resultDifferences({ size: 'auto' }, still({ width: 1536 })), []);
  assert.deepEqual(resultDifferences({ output_format: 'jpeg' }, still({ format: 'jpg' })), []);
  assert.deepEqual(resultDifferences({ background: 'transparent' }, still({ usesTransparency: true, answered: { background: 'opaque' } })), []);
});

test('size, format and transparency differences are each named', () => {
  assert.deepEqual(resultDifferences({ size: '1536x1024', output_format: 'webp', background: 'transparent' }, still({ usesTransparency: false })), [
    'Asked for 1536x1024, got 1024x1024.',
    'Asked for WebP, got PNG.',
    'Asked for a transparent background, got an image with no transparent pixels.',
  ]);
  assert.deepEqual(resultDifferences({ background: 'transparent' }, still({ answered: { background: 'opaque' } })), [
    'Asked for a transparent background; the service says it made an opaque one.',
  ]);
});

test('a GIF: frame count (9 when not sent) and frame duration (rounded to 10 ms)', () => {
  const gif = (frames: number, delays: number[]) => still({ format: 'gif', frames, frameDurationsMs: delays });
  assert.deepEqual(resultDifferences({ output_format: 'gif', frame_count: 4, frame_duration_ms: 124 }, gif(4, [120, 120, 120, 120])), []);
  assert.deepEqual(resultDifferences({ output_format: 'gif' }, gif(9, Array(9).fill(200))), []);
  assert.deepEqual(resultDifferences({ output_format: 'gif', frame_count: 12, frame_duration_ms: 100 }, gif(9, [100, 200, 200, 100, 100, 100, 100, 100, 100])), [
    'Asked for 12 frames, got 9.',
    'Asked for 100 ms per frame, got 200 ms on 2 frames.',
  ]);
  assert.deepEqual(resultDifferences({ output_format: 'gif' }, still()), ['Asked for GIF, got PNG.'], 'a still PNG for a GIF is a format difference');
});
