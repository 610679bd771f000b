import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidateBaseNames, slugify, timestampForFileName } from '../../src/storage/fileNames';

const SAFE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

test('slugify keeps words, drops everything else', () => {
  assert.equal(slugify('A red fox, jumping over the moon!'), 'a-red-fox-jumping-over-the-moon');
  assert.equal(slugify('Café crème brûlée'), 'cafe-creme-brulee');
});

test('slugify never produces a path, a control character or an empty name', () => {
  const hostile = [
    '../../etc/passwd',
    '..\\..\\windows\\system32',
    '/absolute/path',
    'line\nbreak\u0000nul\u001b[31m',
    '🦊🌕✨',
    '',
    '   ',
    '....',
    'x'.repeat(5000),
    'word '.repeat(1000),
  ];
  for (const prompt of hostile) {
    const slug = slugify(prompt);
    assert.match(slug, SAFE, `unsafe slug for ${JSON.stringify(prompt.slice(0, 40))}: ${slug}`);
    assert.ok(slug.length <= 48, `slug too long: ${slug.length}`);
  }
  assert.equal(slugify('🦊🌕✨'), 'image');
  assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
});

test('slugify avoids Windows-reserved device names', () => {
  for (const reserved of ['CON', 'prn', 'Aux', 'nul', 'COM1', 'lpt9']) {
    const slug = slugify(reserved);
    assert.notEqual(slug.toLowerCase(), reserved.toLowerCase());
    assert.match(slug, SAFE);
  }
});

test('slugify cuts long prompts at a word boundary', () => {
  const slug = slugify('a watercolor painting of a lighthouse on a cliff at sunset with seagulls');
  assert.equal(slug, 'a-watercolor-painting-of-a-lighthouse-on-a-cliff');
  assert.ok(slug.length <= 48);
});

test('timestamps sort and contain no colon', () => {
  const stamp = timestampForFileName(new Date(2026, 10, 21, 9, 5, 7));
  assert.equal(stamp, '20261121-090507');
});

test('candidate names are distinct and deterministic', () => {
  const date = new Date(2026, 0, 2, 3, 4, 5);
  const names = candidateBaseNames('sunset', date);
  const first = [names.next().value, names.next().value, names.next().value];
  assert.deepEqual(first, ['sunset-20260102-030405', 'sunset-20260102-030405_2', 'sunset-20260102-030405_3']);
  const indexed = candidateBaseNames('sunset', date, 2).next().value;
  assert.equal(indexed, 'sunset-20260102-030405-3');
});
