// Every file in shared/fixtures/images goes through prepareInputImage (for a dall-e-2 edit
// and a GPT edit) and, where it is accepted, the result through verifyImage; the outcome is
// checked against what the fixtures README says the extension should do. Fixtures are read
// in place, never copied.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isImageError, type ImageErrorCode } from '../../src/imaging/imageErrors';
import { inspectImage } from '../../src/imaging/inspectImage';
import { prepareInputImage, type PreparedImage, type PrepareTarget } from '../../src/imaging/prepareInputImage';
import { loadSharp, openImage } from '../../src/imaging/sharpSafety';
import { verifyImage } from '../../src/imaging/verifyImage';
import { fixturesDir } from '../fixturesDir';
import { DALLE2_EDIT, GPT_EDIT } from './imagingTargets';

const FIXTURES = fixturesDir();
const read = (name: string) => readFileSync(join(FIXTURES, name));

interface Out {
  format: 'png' | 'jpeg' | 'webp';
  width: number;
  height: number;
  channels: 3 | 4;
  steps?: string[];
  warnings?: string[];
}
type Expectation = { gpt: Out; dalle: Out } | { code: ImageErrorCode; message: string };

const ANIMATED = 'only the first of 10 frames is used';
const TRANSPARENT = 'the image is fully transparent, so there is nothing to see or edit';

/** What the fixtures README asks for, as exact values. */
const EXPECTED: Record<string, Expectation> = {
  'flowers.jpeg': {
    gpt: { format: 'jpeg', width: 1920, height: 1080, channels: 3, steps: ['JPEG quality 90', 'removed EXIF metadata'] },
    dalle: {
      format: 'png',
      width: 1024,
      height: 1024,
      channels: 4,
      steps: [
        'converted JPEG → PNG',
        'downscaled 1920x1080 → 1024x576',
        'padded 1024x576 → 1024x1024 (transparent)',
        'removed EXIF metadata',
      ],
    },
  },
  '2569067123_aca715a2ee_o.jpg': {
    gpt: { format: 'jpeg', width: 2725, height: 2225, channels: 3 },
    dalle: { format: 'png', width: 1024, height: 1024, channels: 4 },
  },
  'alpha-premultiply-2048x1536-paper.png': {
    gpt: { format: 'png', width: 2048, height: 1536, channels: 4, steps: [] },
    dalle: {
      format: 'png',
      width: 1024,
      height: 1024,
      channels: 4,
      steps: ['downscaled 2048x1536 → 1024x768', 'padded 1024x768 → 1024x1024 (transparent)'],
    },
  },
  'Landscape_6.jpg': {
    gpt: {
      format: 'jpeg',
      width: 600,
      height: 450,
      channels: 3,
      steps: ['applied EXIF orientation', 'JPEG quality 90', 'removed EXIF metadata'],
    },
    dalle: { format: 'png', width: 600, height: 600, channels: 4 },
  },
  'Portrait_3.jpg': {
    gpt: { format: 'jpeg', width: 450, height: 600, channels: 3 },
    dalle: { format: 'png', width: 600, height: 600, channels: 4 },
  },
  'Channel_digital_image_CMYK_color.jpg': {
    gpt: { format: 'jpeg', width: 500, height: 333, channels: 3, steps: ['converted CMYK → sRGB', 'JPEG quality 90', 'removed EXIF metadata'] },
    dalle: { format: 'png', width: 500, height: 500, channels: 4 },
  },
  'Flag_of_the_Netherlands-16bit.png': {
    gpt: { format: 'png', width: 900, height: 600, channels: 3, steps: ['reduced 16 → 8 bits per channel'] },
    dalle: { format: 'png', width: 900, height: 900, channels: 4 },
  },
  'concert.jpg': {
    gpt: { format: 'jpeg', width: 400, height: 267, channels: 3 },
    dalle: {
      format: 'png',
      width: 400,
      height: 400,
      channels: 4,
      steps: [
        'converted JPEG → PNG',
        'converted greyscale → RGB',
        'padded 400x267 → 400x400 (transparent)',
        'removed EXIF metadata',
      ],
    },
  },
  'with-alpha.png': {
    gpt: { format: 'png', width: 256, height: 192, channels: 4 },
    dalle: { format: 'png', width: 256, height: 256, channels: 4 },
  },
  'full-transparent.png': {
    gpt: { format: 'png', width: 300, height: 300, channels: 4, warnings: [TRANSPARENT] },
    dalle: { format: 'png', width: 300, height: 300, channels: 4, warnings: [TRANSPARENT] },
  },
  '2x2_fdcce6.png': {
    code: 'tooSmall',
    message: '2x2_fdcce6.png is only 2x2 pixels, too small to edit. Pick an image at least 16 pixels across.',
  },
  '5_webp_a.webp': {
    gpt: { format: 'webp', width: 300, height: 300, channels: 4 },
    dalle: { format: 'png', width: 300, height: 300, channels: 4, steps: ['converted WebP → PNG'] },
  },
  'animated-loop-3.gif': {
    gpt: {
      format: 'png',
      width: 370,
      height: 285,
      channels: 4,
      steps: ['converted GIF → PNG', 'first frame of an animated GIF'],
      warnings: [ANIMATED],
    },
    dalle: { format: 'png', width: 370, height: 370, channels: 4, warnings: [ANIMATED] },
  },
  'big-height.webp': {
    gpt: {
      format: 'webp',
      width: 57,
      height: 169,
      channels: 4,
      steps: ['first frame of an animated WebP', 'padded 13x169 → 57x169 (transparent, aspect ratio limit)', 'WebP quality 90'],
      warnings: ['only the first of 97 frames is used'],
    },
    dalle: {
      format: 'png',
      width: 338,
      height: 338,
      channels: 4,
      steps: [
        'converted WebP → PNG',
        'first frame of an animated WebP',
        'padded 13x169 → 169x169 (transparent)',
        'enlarged 169x169 → 338x338 (×2, nearest neighbour)',
      ],
      warnings: ['only the first of 97 frames is used'],
    },
  },
  'truncated.png': {
    code: 'damaged',
    message: 'truncated.png looks damaged (the file ends early). Re-export it and try again.',
  },
  'corrupt-header.jpg': {
    code: 'damaged',
    message: 'corrupt-header.jpg looks damaged (its header is broken). Re-export it and try again.',
  },
  'giant-image.jpg': {
    gpt: { format: 'jpeg', width: 3840, height: 2688, channels: 3 },
    dalle: {
      format: 'png',
      width: 1024,
      height: 1024,
      channels: 4,
      steps: [
        'converted JPEG → PNG',
        'converted greyscale → RGB',
        'downscaled 20000x14000 → 1024x716',
        'padded 1024x716 → 1024x1024 (transparent)',
      ],
    },
  },
  '65536-uint32-limit.png': {
    code: 'tooManyPixels',
    message:
      '65536-uint32-limit.png is 65536x65536 pixels (4,295 megapixels), more than the 100-megapixel limit. Downscale it in an image editor and try again.',
  },
};

/** Decodes a prepared upload and checks it against `out` and the endpoint's rules. */
async function checkPrepared(p: PreparedImage, out: Out, target: PrepareTarget, label: string): Promise<void> {
  assert.ok(p.bytes.length <= target.maxBytes, `${label}: ${p.bytes.length} bytes over the limit`);
  const meta = await openImage(p.bytes).metadata();
  assert.deepEqual(
    { format: meta.format, width: meta.width, height: meta.height, channels: meta.channels },
    { format: out.format, width: out.width, height: out.height, channels: out.channels },
    label,
  );
  assert.deepEqual({ w: p.width, h: p.height, f: p.format }, { w: out.width, h: out.height, f: out.format }, label);
  assert.equal(meta.space, 'srgb', `${label}: not sRGB`);
  assert.equal(meta.depth, 'uchar', `${label}: not 8-bit`);
  assert.ok(!meta.isPalette, `${label}: palette PNG (dall-e-2 wants RGB/RGBA)`);
  assert.equal(meta.exif, undefined, `${label}: EXIF left in the upload`);
  assert.equal(p.mimeType, `image/${out.format}`);
  assert.match(p.fileName, new RegExp(`\\.${out.format === 'jpeg' ? 'jpg' : out.format}$`));
  if (target.square) assert.equal(p.width, p.height, `${label}: not square`);
  if (target.maxSide) assert.ok(Math.max(p.width, p.height) <= target.maxSide, `${label}: over maxSide`);
  if (target.aspect) {
    const ratio = p.width / p.height;
    assert.ok(ratio >= target.aspect.min && ratio <= target.aspect.max, `${label}: ratio ${ratio}`);
  }
  if (out.steps) assert.deepEqual(p.steps, out.steps, `${label}: steps`);
  assert.deepEqual(p.warnings, out.warnings ?? [], `${label}: warnings`);
  const verified = await verifyImage(p.bytes, p.fileName);
  assert.deepEqual([verified.width, verified.height, verified.format], [out.width, out.height, out.format]);
}

test('every fixture has an expectation (a new fixture must be described here)', () => {
  const files = readdirSync(FIXTURES).filter((f) => f !== 'README.md').sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`fixture ${file}: prepared as its README row says`, async () => {
    const bytes = read(file);
    if ('code' in expected) {
      for (const target of [GPT_EDIT, DALLE2_EDIT]) {
        await assert.rejects(prepareInputImage(bytes, file, target), (error) => {
          assert.ok(isImageError(error, expected.code), `${file}: ${String(error)}`);
          assert.equal(error.message, expected.message);
          assert.equal(error.fileName, file);
          return true;
        });
      }
      if (expected.code === 'tooSmall') {
        // Small is fine for an API result; only an edit input needs room to work.
        assert.deepEqual((await verifyImage(bytes, file)).width, 2);
      } else {
        await assert.rejects(verifyImage(bytes, file), (error) => isImageError(error, expected.code));
        // Making the thumbnail from the same decode must not let damage through.
        await assert.rejects(verifyImage(bytes, file, { thumbnail: true }), (error) => isImageError(error, expected.code));
      }
      return;
    }
    // verifyImage accepts the original too, except the giant: it has no shrink-on-load
    // allowance, because it checks every pixel at full size.
    if (file === 'giant-image.jpg') {
      await assert.rejects(verifyImage(bytes, file), (error) => isImageError(error, 'tooManyPixels'));
    } else {
      const info = await inspectImage(bytes, file);
      const verified = await verifyImage(bytes, file);
      assert.deepEqual([verified.width, verified.height, verified.format], [info.storedWidth, info.storedHeight, info.format]);
      const withThumbnail = await verifyImage(bytes, file, { thumbnail: true });
      assert.equal(withThumbnail.frames, info.frames);
      // Animations too: the thumbnail is their first frame (imagingAnimation.test.ts).
      const thumb = await loadSharp()(withThumbnail.thumbnail!).metadata();
      assert.equal(thumb.format, 'webp');
      assert.equal(thumb.pages ?? 1, 1, `${file}: a still thumbnail`);
      assert.ok(Math.max(thumb.width!, thumb.height!) <= 256, `${file}: thumbnail ${thumb.width}x${thumb.height}`);
    }
    const gpt = await prepareInputImage(bytes, file, GPT_EDIT);
    await checkPrepared(gpt, expected.gpt, GPT_EDIT, `${file} (GPT)`);
    const dalle = await prepareInputImage(bytes, file, DALLE2_EDIT);
    await checkPrepared(dalle, expected.dalle, DALLE2_EDIT, `${file} (dall-e-2)`);
    assert.equal(dalle.original.bytes, bytes.length);
  });
}

/** Raw pixels of an encoded image. */
async function pixels(bytes: Buffer, channels: 1 | 3 | 4) {
  let image = openImage(bytes);
  if (channels === 1) image = image.greyscale();
  else if (channels === 4) image = image.ensureAlpha();
  else image = image.removeAlpha();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  /** Mean of channel `c` over a rectangle given in fractions of the image. */
  const mean = (c: number, x0: number, y0: number, x1: number, y1: number) => {
    let sum = 0;
    let n = 0;
    for (let y = Math.floor(y0 * info.height); y < Math.floor(y1 * info.height); y++) {
      for (let x = Math.floor(x0 * info.width); x < Math.floor(x1 * info.width); x++) {
        sum += data[(y * info.width + x) * info.channels + c];
        n++;
      }
    }
    return sum / n;
  };
  const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x + 1) * info.channels)];
  return { data, info, mean, at };
}

test('EXIF orientation: Landscape_6 and Portrait_3 come out upright (sky at the top)', async () => {
  // Inspected by eye: upright, Landscape_6 is a 600x450 landscape (stored 450x600, turned
  // 90°) and Portrait_3 a 450x600 portrait (stored upside down). Both show a bright sky
  // above darker ground, so a missing or wrong rotation swaps or turns these bands.
  for (const [file, width, height] of [['Landscape_6.jpg', 600, 450], ['Portrait_3.jpg', 450, 600]] as const) {
    const p = await prepareInputImage(read(file), file, GPT_EDIT);
    assert.deepEqual([p.width, p.height], [width, height], file);
    const { mean } = await pixels(p.bytes, 1);
    const top = mean(0, 0, 0, 1, 0.1);
    const bottom = mean(0, 0, 0.9, 1, 1);
    assert.ok(top > bottom + 40, `${file}: top ${top.toFixed(0)} should be well above bottom ${bottom.toFixed(0)}`);
    const info = await inspectImage(read(file), file);
    assert.deepEqual([info.width, info.height, info.storedWidth, info.storedHeight], [width, height, 450, 600]);
  }
});

test('colour: CMYK becomes true-colour sRGB, 16-bit keeps its colours, greyscale stays grey', async () => {
  // The CMYK photo's lower-left is lawn: green must dominate (a naive CMYK read inverts it).
  const cmyk = await pixels((await prepareInputImage(read('Channel_digital_image_CMYK_color.jpg'), 'c.jpg', GPT_EDIT)).bytes, 3);
  const [r, g, b] = [0, 1, 2].map((c) => cmyk.mean(c, 0, 0.75, 0.3, 1));
  assert.ok(g > r + 3 && g > b + 10, `lawn should be green, got ${r.toFixed(0)},${g.toFixed(0)},${b.toFixed(0)}`);

  const flag = await pixels((await prepareInputImage(read('Flag_of_the_Netherlands-16bit.png'), 'f.png', GPT_EDIT)).bytes, 3);
  assert.deepEqual(flag.at(450, 50), [174, 28, 40]);
  assert.deepEqual(flag.at(450, 300), [255, 255, 255]);
  assert.deepEqual(flag.at(450, 550), [33, 70, 139]);

  const grey = await pixels((await prepareInputImage(read('concert.jpg'), 'g.jpg', GPT_EDIT)).bytes, 3);
  for (let i = 0; i < grey.data.length; i += 3 * 997) {
    const [pr, pg, pb] = grey.data.subarray(i, i + 3);
    assert.ok(Math.max(pr, pg, pb) - Math.min(pr, pg, pb) <= 3, `pixel ${i / 3} is coloured: ${pr},${pg},${pb}`);
  }
});

test('alpha is kept exactly, and square padding is transparent', async () => {
  const withAlpha = await pixels((await prepareInputImage(read('with-alpha.png'), 'w.png', GPT_EDIT)).bytes, 4);
  for (let i = 3; i < withAlpha.data.length; i += 4) assert.equal(withAlpha.data[i], 168);

  const paper = await pixels((await prepareInputImage(read('alpha-premultiply-2048x1536-paper.png'), 'p.png', GPT_EDIT)).bytes, 4);
  const alphas = new Set<number>();
  for (let i = 3; i < paper.data.length; i += 4) alphas.add(paper.data[i]);
  assert.ok(alphas.has(0) && alphas.has(255) && alphas.size > 2, 'paper keeps its range of alpha');

  // flowers for dall-e-2: 1024x576 content centred in 1024x1024, 224 px of clear border above and below.
  const flowers = await pixels((await prepareInputImage(read('flowers.jpeg'), 'f.jpeg', DALLE2_EDIT)).bytes, 4);
  assert.equal(flowers.at(512, 223)[3], 0);
  assert.equal(flowers.at(512, 224)[3], 255);
  assert.equal(flowers.at(512, 799)[3], 255);
  assert.equal(flowers.at(512, 800)[3], 0);
});

/** Runs `work`, sampling RSS every 5 ms; returns the peak growth in MB and the time in ms. */
async function measure(work: () => Promise<unknown>): Promise<{ peakMb: number; ms: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { peakMb: (peak - before) / 1e6, ms: performance.now() - start };
}

test('65536x65536 PNG bomb: refused from its header, instantly, with no pixel memory', async () => {
  const bytes = read('65536-uint32-limit.png');
  const { peakMb, ms } = await measure(() =>
    assert.rejects(prepareInputImage(bytes, 'bomb.png', GPT_EDIT), (e) => isImageError(e, 'tooManyPixels')),
  );
  // Decoding even one row would be 196 KB and the image 12.9 GB; a header read is ~1 ms.
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  assert.ok(peakMb < 20, `RSS grew ${peakMb.toFixed(1)} MB`);
});

test('280-megapixel JPEG: downscaled by shrink-on-load in bounded time and memory', async () => {
  const bytes = read('giant-image.jpg');
  let prepared: PreparedImage | undefined;
  const { peakMb, ms } = await measure(async () => (prepared = await prepareInputImage(bytes, 'giant.jpg', GPT_EDIT)));
  assert.deepEqual([prepared?.width, prepared?.height], [3840, 2688]);
  // Measured on a 2-core machine in a fresh process: ~0.35 s and a peak RSS growth of
  // ~108 MB (the 1/4-scale decode is 17.5 MB, the 3840x2688 RGB result 31 MB, plus
  // libvips working buffers). A full-size decode alone would be 280 MB (one byte per pixel,
  // greyscale) or 840 MB as RGB, so staying under 200 MB proves it never happened.
  assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
  assert.ok(peakMb < 200, `RSS grew ${peakMb.toFixed(1)} MB`);
});

test('corrupt JPEG data that laxer levels decode into garbage blocks is refused', async () => {
  // 200 bytes flipped mid-scan in flowers.jpeg: sharp's 'error' and 'truncated' levels
  // decode this without complaint (measured), only 'warning' (our FAIL_ON) stops it.
  const bytes = Buffer.from(read('flowers.jpeg'));
  const middle = Math.floor(bytes.length / 2);
  for (let i = middle; i < middle + 200; i++) bytes[i] ^= 0x5a;
  const message = 'flowers.jpeg looks damaged (its image data is corrupt). Re-export it and try again.';
  await assert.rejects(prepareInputImage(bytes, 'flowers.jpeg', GPT_EDIT), { code: 'damaged', message });
  await assert.rejects(verifyImage(bytes, 'flowers.jpeg'), { code: 'damaged', message });
  await openImage(bytes, { failOn: 'error' }).raw().toBuffer(); // the laxer level really does let it through
});
