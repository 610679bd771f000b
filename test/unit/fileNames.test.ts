import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidateBaseNames, MAX_SLUG_BYTES, MAX_SLUG_LENGTH, slugify, timestampForFileName } from '../../src/storage/fileNames';

/** Words of letters and digits (with their combining marks) joined by single hyphens: nothing else. */
const SAFE = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(-[\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*$/u;
/** Characters no file name may hold on Windows, macOS or Linux, control and bidi characters. */
const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const graphemes = (text: string) => Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (part) => part.segment);
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

test('slugify keeps words, drops everything else', () => {
  assert.equal(slugify('A red fox, jumping over the moon!'), 'a-red-fox-jumping-over-the-moon');
  // Accents stay (NFC): the name reads as the prompt does.
  assert.equal(slugify('Café crème brûlée'), 'café-crème-brûlée');
  assert.equal(slugify('Cafe\u0301'), 'café'); // decomposed input comes out composed (NFC)
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
    assert.doesNotMatch(slug, UNSAFE);
    assert.ok(graphemes(slug).length <= MAX_SLUG_LENGTH, `slug too long: ${slug.length}`);
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

test('a Chinese prompt gives a readable Chinese name', () => {
  assert.equal(slugify('一只戴着宇航员头盔的橘猫，水彩风格'), '一只戴着宇航员头盔的橘猫-水彩风格');
  assert.equal(slugify('「未来城市」的夜景：霓虹灯、雨、4K'), '未来城市-的夜景-霓虹灯-雨-4k');
  assert.equal(slugify('東京の夜景、ネオン'), '東京の夜景-ネオン');
  assert.equal(slugify('고양이 수채화'), '고양이-수채화');
  assert.equal(slugify('Кошка в шлеме'), 'кошка-в-шлеме');
  const date = new Date(2026, 0, 2, 3, 4, 5);
  assert.equal(candidateBaseNames('橘猫，水彩', date).next().value, '橘猫-水彩-20260102-030405');
});

test('a long Chinese prompt stays under the byte cap and is cut between characters', () => {
  const prompt = '一只戴着宇航员头盔的橘猫坐在月球表面上仰望地球背景是璀璨的银河画面采用柔和的水彩风格'.repeat(20);
  const slug = slugify(prompt);
  assert.match(slug, SAFE);
  assert.ok(bytes(slug) <= MAX_SLUG_BYTES, `${bytes(slug)} bytes`);
  assert.ok(graphemes(slug).length <= MAX_SLUG_LENGTH);
  assert.ok(prompt.startsWith(slug), 'a prefix of the prompt, whole characters only');
  assert.ok(graphemes(slug).length >= 40, 'uses the room it has');
  // The whole name, with the longest suffixes it can get, fits in 255 bytes.
  const longest = `${candidateBaseNames(prompt, new Date(2026, 11, 31, 23, 59, 59), 999).next().value}_999999.webp`;
  assert.ok(bytes(longest) <= 255, `${bytes(longest)} bytes`);
  // Mixed: a short English word then a long unspaced Chinese run fills up rather than stopping at "cat".
  const mixed = slugify(`cat ${'橘猫'.repeat(100)}`);
  assert.ok(mixed.startsWith('cat-橘猫'), mixed);
  assert.ok(bytes(mixed) <= MAX_SLUG_BYTES);
});

test('emoji and combining marks are never split', () => {
  // Emoji are not letters: they go whole, ZWJ sequences and skin tones included.
  assert.equal(slugify('👩‍👩‍👧 family 🦊🏽 fox ✨'), 'family-fox');
  // A letter with marks that have no precomposed form stays one grapheme, even at the cut.
  const heavy = 'q\u0323\u0307';
  const slug = slugify(heavy.repeat(200));
  assert.ok(bytes(slug) <= MAX_SLUG_BYTES);
  for (const grapheme of graphemes(slug)) assert.equal(grapheme, heavy.normalize('NFC'));
  // Keycap digits keep their marks; Devanagari keeps its vowel signs.
  for (const grapheme of graphemes(slugify('1️⃣'.repeat(100)))) assert.equal(grapheme, '1️⃣');
  assert.equal(slugify('नमस्ते दुनिया'), 'नमस्ते-दुनिया');
  // A grapheme too heavy for the cap alone (a letter with hundreds of marks) leaves the fallback, not half of it.
  assert.equal(slugify(`a${'\u0301\u0323'.repeat(200)}`), 'image');
});

test('bidi overrides, zero-width and private characters never reach a name', () => {
  assert.equal(slugify('evil\u202Egnp.exe'), 'evil-gnp-exe');
  assert.equal(slugify('zero\u200Bwidth\uFEFF'), 'zero-width');
  assert.equal(slugify('\uE000\uF8FF'), 'image');
  assert.equal(slugify('名前. '), '名前');
  assert.equal(slugify('ＣＯＮ'), 'ｃｏｎ'); // fullwidth letters are not a device name
});
