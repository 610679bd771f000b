// The bench's arithmetic and formatting (test/bench/stats.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  anotherRun,
  formatBytes,
  formatSummary,
  formatTarget,
  formatValue,
  median,
  meets,
  overheadPercents,
  pairwiseRatios,
  ratio,
  round,
  summarize,
} from '../bench/stats';

test('median of odd and even counts, unsorted input left alone', () => {
  const values = [5, 1, 3];
  assert.equal(median(values), 3);
  assert.deepEqual(values, [5, 1, 3]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), RangeError);
});

test('summarize gives median, min, max and count, and refuses what is not a measurement', () => {
  assert.deepEqual(summarize([12, 10, 30, 11, 13]), { median: 12, min: 10, max: 30, n: 5, samples: [12, 10, 30, 11, 13] });
  assert.throws(() => summarize([]), RangeError);
  assert.throws(() => summarize([1, Number.NaN]), RangeError);
  assert.throws(() => summarize([1, Number.POSITIVE_INFINITY]), RangeError);
});

test('round keeps about three significant digits', () => {
  assert.equal(round(1234.4), '1234');
  assert.equal(round(123.6), '124');
  assert.equal(round(12.34), '12.3');
  assert.equal(round(1.234), '1.23');
  assert.equal(round(3), '3');
  assert.equal(round(-1.5), '-1.50');
});

test('bytes print as B, KB or MB with 1024 steps', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(4622), '4.51 KB');
  assert.equal(formatBytes(60 * 1024), '60 KB');
  assert.equal(formatBytes(8_930_516), '8.52 MB');
});

test('values carry their unit', () => {
  assert.equal(formatValue(2.4, 'ms'), '2.40 ms');
  assert.equal(formatValue(1024 * 1024, 'bytes'), '1 MB');
  assert.equal(formatValue(187.3, 'MB'), '187 MB');
  assert.equal(formatValue(4.06, 'percent'), '4.06 %');
  assert.equal(formatValue(14.62, 'ratio'), '14.6×');
  assert.equal(formatValue(5, 'count'), '5');
});

test('a summary prints its median with the range and count; one sample prints alone', () => {
  assert.equal(formatSummary(summarize([155, 139, 171, 144, 155]), 'ms'), '155 ms (139–171, n = 5)');
  assert.equal(formatSummary(summarize([2, 1, 3]), 'ms'), '2 ms (1–3, n = 3)');
  assert.equal(formatSummary(summarize([4622]), 'bytes'), '4.51 KB');
  assert.equal(formatSummary(summarize([1000, 2048]), 'bytes'), '1.49 KB (1000 B–2 KB, n = 2)');
});

test('targets: ≤ and ≥, met at the boundary', () => {
  assert.equal(formatTarget({ op: '<=', value: 10, unit: 'ms' }), '≤ 10 ms');
  assert.equal(formatTarget({ op: '>=', value: 10, unit: 'ratio' }), '≥ 10×');
  assert.equal(meets(10, { op: '<=', value: 10, unit: 'ms' }), true);
  assert.equal(meets(10.01, { op: '<=', value: 10, unit: 'ms' }), false);
  assert.equal(meets(10, { op: '>=', value: 10, unit: 'ratio' }), true);
  assert.equal(meets(9.9, { op: '>=', value: 10, unit: 'ratio' }), false);
  assert.equal(meets(Number.NaN, { op: '<=', value: 10, unit: 'ms' }), false);
});

test('ratios per interleaved pair, and overhead in percent', () => {
  assert.equal(ratio(1347, 155), 1347 / 155);
  assert.throws(() => ratio(1, 0), RangeError);
  assert.deepEqual(pairwiseRatios([20, 30], [10, 10]), [2, 3]);
  assert.throws(() => pairwiseRatios([1, 2], [1]), RangeError);
  const overhead = overheadPercents([2100, 2200], [2000, 2000]);
  assert.ok(Math.abs(overhead[0] - 5) < 1e-9 && Math.abs(overhead[1] - 10) < 1e-9);
});

test('run plans: the minimum always, more only while time is left, never past the maximum', () => {
  const plan = { min: 3, max: 5, seconds: 60 };
  assert.equal(anotherRun(plan, 2, 0, 999_000), true, 'below the minimum whatever the time');
  assert.equal(anotherRun(plan, 3, 0, 59_000), true);
  assert.equal(anotherRun(plan, 3, 0, 60_000), false, 'out of time');
  assert.equal(anotherRun(plan, 5, 0, 1_000), false, 'at the maximum');
});
