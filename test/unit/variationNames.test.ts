// Names of results made from a source image: `cat.png` → `cat.var-1.png`, never reusing a number.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  candidateResultBaseNames,
  firstFreeNumber,
  MAX_FILE_NAME_BYTES,
  resultBaseName,
  sourceStem,
} from '../../src/storage/variationNames';

function firstCandidates(source: string, existing: string[], count: number, label: 'var' | 'edit' = 'var'): string[] {
  const names: string[] = [];
  for (const name of candidateResultBaseNames(source, label, existing)) {
    names.push(name);
    if (names.length === count) break;
  }
  return names;
}

describe('sourceStem', () => {
  test('drops the last extension only', () => {
    assert.equal(sourceStem('cat.png'), 'cat');
    assert.equal(sourceStem('cat.JPEG'), 'cat');
    assert.equal(sourceStem('archive.tar.webp'), 'archive.tar');
    assert.equal(sourceStem('cat.var-1.png'), 'cat.var-1');
  });

  test('a dot file or a name without extension stays whole', () => {
    assert.equal(sourceStem('.png'), '.png');
    assert.equal(sourceStem('README'), 'README');
  });
});

describe('candidateResultBaseNames', () => {
  test('an empty folder starts at 1 and counts up', () => {
    assert.deepEqual(firstCandidates('cat.png', [], 3), ['cat.var-1', 'cat.var-2', 'cat.var-3']);
  });

  test('edits are labelled edit', () => {
    assert.deepEqual(firstCandidates('cat.png', [], 2, 'edit'), ['cat.edit-1', 'cat.edit-2']);
  });

  test('numbering continues after the highest existing result, gaps are not refilled', () => {
    const existing = ['cat.png', 'cat.var-1.png', 'cat.var-1.json', 'cat.var-4.jpg', 'cat.var-4.json'];
    assert.deepEqual(firstCandidates('cat.png', existing, 2), ['cat.var-5', 'cat.var-6']);
  });

  test('an orphaned sidecar also holds its number', () => {
    assert.equal(firstFreeNumber('cat.png', 'var', ['cat.var-7.json']), 8);
  });

  test('names are compared case-insensitively (Windows, macOS)', () => {
    assert.equal(firstFreeNumber('cat.png', 'var', ['CAT.VAR-2.PNG']), 3);
    assert.equal(firstFreeNumber('Cat.png', 'var', ['cat.var-3.png']), 4);
  });

  test('other files do not count', () => {
    const existing = [
      'dog.var-9.png', // another source
      'cat.var-x.png', // not a number
      'cat.var-01.png', // leading zero: not a name this writer makes
      'cat.variation-5.png',
      'cat.var-6.png.bak', // two extensions
      'cat.edit-8.png', // other label
      'xcat.var-9.png',
      'cat.var-1234567890.png', // more digits than a result ever has
    ];
    assert.equal(firstFreeNumber('cat.png', 'var', existing), 1);
    assert.equal(firstFreeNumber('cat.png', 'edit', existing), 9);
  });

  test('a different extension of the same stem shares the numbers', () => {
    // cat.png and cat.jpg both make cat.var-N: their results must not collide.
    assert.equal(firstFreeNumber('cat.jpg', 'var', ['cat.var-2.png']), 3);
  });

  test('regular-expression characters in names are literal', () => {
    assert.equal(firstFreeNumber('a+b (1).png', 'var', ['a+b (1).var-2.png', 'aab (1).var-7.png']), 3);
    assert.deepEqual(firstCandidates('a+b (1).png', [], 1), ['a+b (1).var-1']);
  });

  test('a variation of a variation keeps its lineage in the name', () => {
    assert.deepEqual(firstCandidates('cat.var-1.png', ['cat.var-1.png'], 1), ['cat.var-1.var-1']);
  });

  test('unicode names are kept as they are', () => {
    assert.deepEqual(firstCandidates('café 猫.webp', ['café 猫.var-1.png'], 1), ['café 猫.var-2']);
  });
});

describe('resultBaseName', () => {
  test('a long name is cut so the result and its sidecar fit in 255 bytes, the same for every number', () => {
    const source = `${'é'.repeat(200)}.png`; // 400 bytes of stem
    const one = resultBaseName(source, 'var', 1);
    const big = resultBaseName(source, 'var', 123456789);
    assert.ok(Buffer.byteLength(`${big}.webp`) <= MAX_FILE_NAME_BYTES, `${Buffer.byteLength(`${big}.webp`)} bytes`);
    assert.equal(one.replace(/\.var-1$/, ''), big.replace(/\.var-123456789$/, ''));
    assert.ok(!one.includes('\uFFFD'), 'cut at a whole character');
    // Existing results of a long name are recognised, so numbering still continues.
    assert.equal(firstFreeNumber(source, 'var', [`${resultBaseName(source, 'var', 4)}.png`]), 5);
  });

  test('a long name of emoji or accented letters is cut between graphemes, never inside one', () => {
    const family = '👩‍👩‍👧‍👦'; // 25 bytes, one grapheme
    const stem = resultBaseName(`${family.repeat(20)}.png`, 'edit', 1).replace(/\.edit-1$/, '');
    assert.ok(stem.length > 0);
    for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(stem)) assert.equal(segment, family);
    const decomposed = resultBaseName(`${'e\u0301'.repeat(200)}.png`, 'var', 1).replace(/\.var-1$/, '');
    assert.ok(decomposed.endsWith('e\u0301'), 'the last letter keeps its accent');
  });

  test('a short name is not touched', () => {
    assert.equal(resultBaseName('cat.png', 'var', 12), 'cat.var-12');
  });
});
