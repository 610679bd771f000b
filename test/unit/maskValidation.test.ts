// Mask checks (src/imaging/maskValidation.ts): what the mask editor sends is refused with a
// clear message unless it is a PNG of the image's size with alpha and something painted;
// the upload is binarised exactly.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { fixturesDir } from '../fixturesDir';
import { downscaleCoverage, encodeApiMask, MaskError, nothingSelectedMessage, validateMask } from '../../src/imaging/maskValidation';

/** A file of shared/fixtures/images. */
function fixture(name: string): Buffer {
  return readFileSync(join(fixturesDir(), name));
}

/** An RGBA mask: opaque black, with alpha 0 inside `hole` (x, y, w, h). */
async function maskWithHole(width: number, height: number, hole?: [number, number, number, number]): Promise<Buffer> {
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  if (hole) {
    const [hx, hy, hw, hh] = hole;
    for (let y = hy; y < hy + hh; y++) for (let x = hx; x < hx + hw; x++) rgba[(y * width + x) * 4 + 3] = 0;
  }
  return sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

async function refusal(promise: Promise<unknown>): Promise<MaskError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MaskError, `expected a MaskError, got ${String(error)}`);
    return error;
  }
  assert.fail('the mask was accepted');
}

describe('validateMask', () => {
  test('accepts a mask with a transparent rectangle and reports exactly what is selected', async () => {
    const mask = await validateMask(await maskWithHole(64, 48, [10, 5, 20, 8]), { width: 64, height: 48 });
    assert.equal(mask.selectedPixels, 160);
    assert.equal(mask.transparentPixels, 160);
    assert.equal(mask.wholeImage, false);
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 64; x++) {
        const inside = x >= 10 && x < 30 && y >= 5 && y < 13;
        assert.equal(mask.coverage[y * 64 + x], inside ? 255 : 0, `pixel ${x},${y}`);
      }
    }
  });

  test('refuses a mask of another size, naming both sizes', async () => {
    const error = await refusal(validateMask(await maskWithHole(64, 48, [0, 0, 4, 4]), { width: 64, height: 64 }));
    assert.equal(error.code, 'wrongSize');
    assert.match(error.message, /64x48.*64x64/);
  });

  test('refuses a mask larger than the image before decoding its pixels', async () => {
    const error = await refusal(validateMask(await maskWithHole(4000, 4000, [0, 0, 4, 4]), { width: 100, height: 100 }));
    assert.equal(error.code, 'wrongSize');
  });

  test('refuses a mask without alpha', async () => {
    const rgb = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000' } }).png().toBuffer();
    const error = await refusal(validateMask(rgb, { width: 32, height: 32 }));
    assert.equal(error.code, 'noAlpha');
  });

  test('refuses a mask where nothing is transparent: "Nothing is selected to edit"', async () => {
    const error = await refusal(validateMask(await maskWithHole(32, 32), { width: 32, height: 32 }));
    assert.equal(error.code, 'nothingSelected');
    assert.equal(error.message, nothingSelectedMessage());
    assert.match(error.message, /^Nothing is selected to edit: paint the area to change\.$/);
  });

  test('a fully transparent mask (fixture) selects the whole image', async () => {
    const mask = await validateMask(fixture('full-transparent.png'), { width: 300, height: 300 });
    assert.equal(mask.wholeImage, true);
    assert.equal(mask.selectedPixels, 300 * 300);
  });

  test('refuses what is not a PNG, and damaged PNGs', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toBuffer();
    assert.equal((await refusal(validateMask(jpeg, { width: 8, height: 8 }))).code, 'notPng');
    assert.equal((await refusal(validateMask(new Uint8Array(0), { width: 8, height: 8 }))).code, 'empty');
    const png = await maskWithHole(64, 64, [0, 0, 8, 8]);
    const damaged = Buffer.concat([png.subarray(0, 60), Buffer.alloc(40, 7), png.subarray(100)]);
    assert.equal((await refusal(validateMask(damaged, { width: 64, height: 64 }))).code, 'damaged');
  });

  test('refuses masks over the byte bound without decoding', async () => {
    const error = await refusal(validateMask(new Uint8Array(2048), { width: 8, height: 8 }, 1024));
    assert.equal(error.code, 'tooLarge');
  });

  test('soft edges count as selected; only alpha 0 counts as transparent', async () => {
    const rgba = Buffer.alloc(4 * 4 * 4);
    const alphas = [255, 255, 128, 0, 255, 1, 254, 0, 255, 255, 255, 255, 255, 255, 255, 255];
    alphas.forEach((alpha, i) => (rgba[i * 4 + 3] = alpha));
    const png = await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } }).png().toBuffer();
    const mask = await validateMask(png, { width: 4, height: 4 });
    assert.equal(mask.selectedPixels, 5);
    assert.equal(mask.transparentPixels, 2);
    assert.deepEqual([...mask.coverage.subarray(0, 8)], [0, 0, 127, 255, 0, 254, 1, 255]);
  });
});

describe('encodeApiMask', () => {
  test('any coverage becomes fully transparent; the rest is opaque; same size; has alpha', async () => {
    const coverage = new Uint8Array([0, 1, 128, 255, 0, 0]);
    const png = await encodeApiMask(coverage, 3, 2);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [3, 2, 4]);
    const alphas = [0, 1, 2, 3, 4, 5].map((i) => data[i * 4 + 3]);
    assert.deepEqual(alphas, [255, 0, 0, 0, 255, 255]);
    assert.ok((await sharp(png).metadata()).hasAlpha);
  });

  test('a 3840x2160 stroke mask stays far under the 4 MB limit', async () => {
    const width = 3840;
    const height = 2160;
    const coverage = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((x - 1900) ** 2 + (y - 1000) ** 2 < 600 ** 2 || (x + y) % 97 < 9) coverage[y * width + x] = 255;
    const png = await encodeApiMask(coverage, width, height);
    assert.ok(png.length < 1024 * 1024, `${png.length} bytes`);
  });
});

describe('downscaleCoverage', () => {
  test('a target pixel is selected when any source pixel under it is', () => {
    const from = { width: 4, height: 4 };
    const coverage = new Uint8Array(16);
    coverage[5] = 200; // (1,1)
    coverage[15] = 30; // (3,3)
    assert.deepEqual([...downscaleCoverage(coverage, from, 2, 2)], [200, 0, 0, 30]);
  });

  test('non-integer factors cover every source pixel', () => {
    const from = { width: 3, height: 3 };
    const coverage = new Uint8Array(9);
    coverage[4] = 255; // the centre, under every target pixel of a 2x2
    assert.deepEqual([...downscaleCoverage(coverage, from, 2, 2)], [255, 255, 255, 255]);
  });
});
