// Outpainting geometry (webview/maskEditor/outpaintPlan.ts) and the host's side of it:
// extending the image (transparent new area) and shaping the upload for each model.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {
  extendedSize,
  extensionProblem,
  extensionToAspect,
  extensionToSize,
  roundExtension,
} from '../../webview/maskEditor/outpaintPlan';
import { buildMaskedUpload, extendImage } from '../../src/panels/maskEditor/composeUpload';
import { InvalidParametersError } from '../../src/openai/modelCapabilities';

const FLOWERS = { width: 1920, height: 1080 };

describe('outpainting geometry', () => {
  test('to 1:1, centred: equal bands above and below', () => {
    assert.deepEqual(extensionToAspect(FLOWERS, 1, 'center'), { left: 0, top: 420, right: 0, bottom: 420 });
  });

  test('to 3:2 keeping the top: all the new rows at the bottom', () => {
    assert.deepEqual(extensionToAspect(FLOWERS, 3 / 2, 'top'), { left: 0, top: 0, right: 0, bottom: 200 });
  });

  test('to a wider shape adds columns; an odd number puts the extra one on the right', () => {
    assert.deepEqual(extensionToAspect({ width: 101, height: 100 }, 2, 'center'), { left: 49, top: 0, right: 50, bottom: 0 });
    assert.deepEqual(extensionToAspect({ width: 100, height: 100 }, 16 / 9, 'left'), { left: 0, top: 0, right: 78, bottom: 0 });
    assert.deepEqual(extensionToAspect({ width: 100, height: 100 }, 16 / 9, 'right'), { left: 78, top: 0, right: 0, bottom: 0 });
  });

  test('an image already of the shape gets nothing (no floating-point crumbs)', () => {
    assert.deepEqual(extensionToAspect(FLOWERS, 16 / 9, 'center'), { left: 0, top: 0, right: 0, bottom: 0 });
    assert.deepEqual(extensionToAspect({ width: 1024, height: 3072 }, 1 / 3, 'center'), { left: 0, top: 0, right: 0, bottom: 0 });
  });

  test('with a multiple of 16 both sides end on multiples and the shape holds', () => {
    const base = { width: 1000, height: 750 };
    const extension = extensionToAspect(base, 16 / 9, 'center', 16);
    const size = extendedSize(base, extension);
    assert.equal(size.width % 16, 0);
    assert.equal(size.height % 16, 0);
    assert.ok(size.width >= base.width && size.height >= base.height);
    assert.ok(Math.abs(size.width / size.height / (16 / 9) - 1) <= 0.005, `${size.width}x${size.height}`);
    assert.deepEqual(size, { width: 1360, height: 768 });
  });

  test('never shrinks: a target smaller than the image adds nothing on that axis', () => {
    assert.deepEqual(extensionToSize(FLOWERS, { width: 1024, height: 1536 }, 'center'), { left: 0, top: 228, right: 0, bottom: 228 });
  });

  test('rounding an extension to a multiple adds to the right and bottom', () => {
    const base = { width: 1000, height: 1000 };
    assert.deepEqual(roundExtension(base, { left: 0, top: 0, right: 256, bottom: 0 }, 16), { left: 0, top: 0, right: 264, bottom: 8 });
    // Keeping the right: the new columns go left; rows are shared above and below.
    assert.deepEqual(roundExtension(base, { left: 0, top: 0, right: 0, bottom: 0 }, 16, 'right'), { left: 8, top: 4, right: 0, bottom: 4 });
  });

  test('limits: whole non-negative pixels, per side, per canvas', () => {
    assert.equal(extensionProblem(FLOWERS, { left: 0, top: 0, right: 256, bottom: 0 }), undefined);
    assert.match(extensionProblem(FLOWERS, { left: -1, top: 0, right: 0, bottom: 0 }) ?? '', /non-negative/);
    assert.match(extensionProblem(FLOWERS, { left: 0.5, top: 0, right: 0, bottom: 0 }) ?? '', /whole/);
    assert.match(extensionProblem(FLOWERS, { left: 5000, top: 0, right: 0, bottom: 0 }) ?? '', /per side/);
    assert.match(extensionProblem({ width: 6000, height: 6000 }, { left: 0, top: 0, right: 4000, bottom: 0 }) ?? '', /per side/);
    assert.match(extensionProblem({ width: 6000, height: 6000 }, { left: 0, top: 0, right: 1000, bottom: 1000 }) ?? '', /megapixels/);
  });
});

describe('extendImage and buildMaskedUpload', () => {
  const base = async (width: number, height: number) => ({
    bytes: await sharp({ create: { width, height, channels: 4, background: { r: 30, g: 60, b: 90, alpha: 1 } } }).png().toBuffer(),
    width,
    height,
  });

  test('the new area is fully transparent and the image is where the extension puts it', async () => {
    const extended = await extendImage(await base(20, 10), { left: 3, top: 0, right: 5, bottom: 2 });
    assert.deepEqual([extended.width, extended.height], [28, 12]);
    const { data, info } = await sharp(extended.bytes).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [28, 12, 4]);
    const at = (x: number, y: number) => [...data.subarray((y * 28 + x) * 4, (y * 28 + x) * 4 + 4)];
    assert.equal(at(2, 0)[3], 0);
    assert.deepEqual(at(3, 0), [30, 60, 90, 255]);
    assert.deepEqual(at(22, 9), [30, 60, 90, 255]);
    assert.equal(at(23, 5)[3], 0);
    assert.equal(at(10, 10)[3], 0);
  });

  test('GPT image models: image and mask at the canvas size, the mask transparent exactly where painted', async () => {
    const extended = await base(32, 16);
    const coverage = new Uint8Array(32 * 16);
    coverage[5 * 32 + 7] = 255;
    coverage[6 * 32 + 7] = 3;
    const upload = await buildMaskedUpload('gpt-image-2', extended, coverage, 'cat');
    assert.equal(upload.image.fileName, 'cat.png');
    assert.equal(upload.mask.fileName, 'mask.png');
    assert.deepEqual([upload.mask.width, upload.mask.height, upload.image.width, upload.image.height], [32, 16, 32, 16]);
    const { data } = await sharp(upload.mask.bytes).raw().toBuffer({ resolveWithObject: true });
    const transparent = [...Array(32 * 16).keys()].filter((i) => data[i * 4 + 3] === 0);
    assert.deepEqual(transparent, [5 * 32 + 7, 6 * 32 + 7]);
    assert.equal(upload.scaledTo, undefined);
  });

  test('dall-e-2: refuses a canvas that is not square, with the way out', async () => {
    await assert.rejects(buildMaskedUpload('dall-e-2', await base(40, 30), new Uint8Array(1200).fill(255), 'cat'), (error: unknown) => {
      assert.ok(error instanceof InvalidParametersError);
      assert.match(error.message, /square.*40x30.*1:1/);
      return true;
    });
  });

  test('dall-e-2: a 2048 square is sent at 1024, image and mask alike', async () => {
    const coverage = new Uint8Array(2048 * 2048);
    for (let y = 0; y < 2048; y++) for (let x = 0; x < 512; x++) coverage[y * 2048 + x] = 255;
    const upload = await buildMaskedUpload('dall-e-2', await base(2048, 2048), coverage, 'big');
    assert.deepEqual(upload.scaledTo, { width: 1024, height: 1024 });
    assert.deepEqual((await sharp(upload.image.bytes).metadata()).width, 1024);
    const { data, info } = await sharp(upload.mask.bytes).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height], [1024, 1024]);
    assert.equal(data[(500 * 1024 + 255) * 4 + 3], 0);
    assert.equal(data[(500 * 1024 + 256) * 4 + 3], 255);
  });
});
