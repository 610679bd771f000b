// Strict composite (src/imaging/strictComposite.ts), pixel-exact: outside the mask every
// pixel is the original's, deep inside the result's, and a feather band of the chosen width
// blends at the inside edge of the mask. Also the outpainting case (a transparent strip).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { blendPixels, compositeWeights, strictComposite } from '../../src/imaging/strictComposite';

/** A deterministic noisy RGB(A) image, so no two neighbouring pixels are alike. */
function noise(width: number, height: number, seed: number, alpha?: (x: number, y: number) => number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let state = seed;
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      data[i * 4 + c] = state >> 23;
    }
    data[i * 4 + 3] = alpha ? alpha(i % width, Math.floor(i / width)) : 255;
  }
  return data;
}

const png = (raw: Buffer, width: number, height: number) => sharp(raw, { raw: { width, height, channels: 4 } }).png().toBuffer();

async function decode(bytes: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const pixel = (data: Uint8Array, width: number, x: number, y: number) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];

/** Coverage 255 inside the rectangle, 0 outside. */
function rectCoverage(width: number, height: number, [rx, ry, rw, rh]: [number, number, number, number]): Uint8Array {
  const coverage = new Uint8Array(width * height);
  for (let y = ry; y < ry + rh; y++) for (let x = rx; x < rx + rw; x++) coverage[y * width + x] = 255;
  return coverage;
}

describe('compositeWeights', () => {
  test('no feather: the weights are the coverage', () => {
    const coverage = new Uint8Array([0, 10, 255, 0]);
    assert.deepEqual([...compositeWeights(coverage, 2, 2, 0)], [0, 10, 255, 0]);
  });

  test('a 2 px feather ramps 1/3, 2/3, full from the mask edge inwards, 0 outside', () => {
    const width = 12;
    const coverage = rectCoverage(width, 1, [3, 0, 9, 1]);
    const weights = compositeWeights(coverage, width, 1, 2);
    assert.deepEqual([...weights], [0, 0, 0, 85, 170, 255, 255, 255, 255, 255, 255, 255]);
  });

  test('the image border is not an edge: a mask touching it is not faded there', () => {
    const coverage = rectCoverage(6, 6, [0, 0, 6, 6]);
    assert.ok(compositeWeights(coverage, 6, 6, 2).every((weight) => weight === 255));
  });

  test('where the original is fully transparent (an outpainted strip) there is no ramp', () => {
    const coverage = rectCoverage(6, 1, [3, 0, 3, 1]);
    const alpha = new Uint8Array([255, 255, 255, 0, 0, 0]);
    assert.deepEqual([...compositeWeights(coverage, 6, 1, 2, alpha)], [0, 0, 0, 255, 255, 255]);
  });

  test('soft coverage scales the weight', () => {
    const coverage = new Uint8Array([0, 0, 0, 128, 128, 128, 128]);
    assert.deepEqual([...compositeWeights(coverage, 7, 1, 2)], [0, 0, 0, 43, 85, 128, 128]);
  });
});

describe('blendPixels', () => {
  test('weight 0 gives the original and 255 the result, byte for byte', () => {
    const original = Buffer.from([1, 2, 3, 255, 9, 8, 7, 0]);
    const result = Buffer.from([200, 100, 50, 255, 60, 70, 80, 255]);
    assert.deepEqual([...blendPixels(original, result, new Uint8Array([0, 255]))], [1, 2, 3, 255, 60, 70, 80, 255]);
  });

  test('a half weight mixes opaque pixels halfway', () => {
    const out = blendPixels(Buffer.from([0, 100, 200, 255]), Buffer.from([100, 100, 0, 255]), new Uint8Array([128]));
    assert.deepEqual([...out], [50, 100, 100, 255]);
  });
});

describe('strictComposite', () => {
  const width = 40;
  const height = 30;
  const hole: [number, number, number, number] = [10, 8, 16, 12];

  test('outside the mask = original, inside beyond the feather = result, band between', async () => {
    const originalRaw = noise(width, height, 1);
    const resultRaw = noise(width, height, 2);
    const out = await strictComposite({
      original: await png(originalRaw, width, height),
      result: await png(resultRaw, width, height),
      coverage: rectCoverage(width, height, hole),
      width,
      height,
      featherPx: 2,
    });
    assert.equal(out.resized, false);
    const { data } = await decode(out.bytes);
    const [hx, hy, hw, hh] = hole;
    let band = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside = x >= hx && x < hx + hw && y >= hy && y < hy + hh;
        const depth = inside ? Math.min(x - hx + 1, hx + hw - x, y - hy + 1, hy + hh - y) : 0;
        const got = pixel(data, width, x, y);
        if (!inside) assert.deepEqual(got, pixel(originalRaw, width, x, y), `outside ${x},${y}`);
        else if (depth >= 3) assert.deepEqual(got, pixel(resultRaw, width, x, y), `inside ${x},${y}`);
        else {
          band++;
          // Between the two, channel by channel.
          const o = pixel(originalRaw, width, x, y);
          const r = pixel(resultRaw, width, x, y);
          for (let c = 0; c < 3; c++) assert.ok(got[c] >= Math.min(o[c], r[c]) && got[c] <= Math.max(o[c], r[c]), `band ${x},${y}`);
        }
      }
    }
    assert.equal(band, hw * hh - (hw - 4) * (hh - 4), 'a 2-pixel band inside the mask edge');
  });

  test('without feather the mask edge is hard: every pixel is one or the other', async () => {
    const originalRaw = noise(width, height, 3);
    const resultRaw = noise(width, height, 4);
    const coverage = rectCoverage(width, height, hole);
    const out = await strictComposite({
      original: await png(originalRaw, width, height),
      result: await png(resultRaw, width, height),
      coverage,
      width,
      height,
      featherPx: 0,
    });
    const { data } = await decode(out.bytes);
    for (let i = 0; i < width * height; i++) {
      const source = coverage[i] ? resultRaw : originalRaw;
      assert.deepEqual([...data.subarray(i * 4, i * 4 + 4)], [...source.subarray(i * 4, i * 4 + 4)]);
    }
  });

  test('a result of another size is stretched to the original before compositing', async () => {
    const originalRaw = noise(width, height, 5);
    const result = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 10, g: 200, b: 30 } } }).png().toBuffer();
    const out = await strictComposite({
      original: await png(originalRaw, width, height),
      result,
      coverage: rectCoverage(width, height, hole),
      width,
      height,
    });
    assert.equal(out.resized, true);
    const { data, width: w, height: h } = await decode(out.bytes);
    assert.deepEqual([w, h], [width, height]);
    assert.deepEqual(pixel(data, width, 0, 0), pixel(originalRaw, width, 0, 0));
    assert.deepEqual(pixel(data, width, 18, 14), [10, 200, 30, 255]);
  });

  test('outpainting: the transparent strip takes the result fully, the image outside the mask stays exact', async () => {
    // 30 px of image, then a 10 px transparent strip on the right (the extension), all masked.
    const w = 40;
    const h = 10;
    const originalRaw = noise(w, h, 6, (x) => (x >= 30 ? 0 : 255));
    const resultRaw = noise(w, h, 7);
    const coverage = rectCoverage(w, h, [30, 0, 10, h]);
    const out = await strictComposite({ original: await png(originalRaw, w, h), result: await png(resultRaw, w, h), coverage, width: w, height: h });
    const { data } = await decode(out.bytes);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        assert.deepEqual(pixel(data, w, x, y), pixel(x >= 30 ? resultRaw : originalRaw, w, x, y), `${x},${y}`);
      }
    }
    // Fully opaque output: no alpha channel is kept.
    assert.equal((await sharp(out.bytes).metadata()).channels, 3);
  });

  test('an original with transparency keeps it outside the mask', async () => {
    const originalRaw = noise(width, height, 8, (x, y) => ((x + y) % 3 === 0 ? 0 : 200));
    const out = await strictComposite({
      original: await png(originalRaw, width, height),
      result: await png(noise(width, height, 9), width, height),
      coverage: rectCoverage(width, height, hole),
      width,
      height,
    });
    const { data } = await decode(out.bytes);
    for (const [x, y] of [[0, 0], [1, 0], [39, 29], [9, 8]] as const) assert.deepEqual(pixel(data, width, x, y)[3], pixel(originalRaw, width, x, y)[3]);
  });
});
