// The pure parts of src/imaging (size planning, sniffing, wording, the pipeline queue) and
// the sharp configuration itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageError, imageErrorFromSharp, isImageError } from '../../src/imaging/imageErrors';
import { displayName } from '../../src/imaging/inspectImage';
import { MAX_OUTPUT_PIXELS, planShape, shrinkKeepingShape } from '../../src/imaging/planShape';
import { prepareInputImage, type PreparedImage } from '../../src/imaging/prepareInputImage';
import { loadSharp, withPipelineSlot } from '../../src/imaging/sharpSafety';
import { endsEarly, sniffFormat } from '../../src/imaging/sniffFormat';
import { formatBytes, summarizePreparation } from '../../src/imaging/summarizePreparation';

const GPT = { square: false, maxSide: 3840, aspect: { min: 1 / 3, max: 3 } };
const DALLE2 = { square: true, maxSide: 1024, minSide: 256 };

test('sharp is not loaded until first used, then configured once', () => {
  const sharpLoaded = () => Object.keys(require.cache).some((path) => /[\\/]node_modules[\\/]sharp[\\/]/.test(path));
  assert.equal(sharpLoaded(), false, 'importing src/imaging must not load the native module');
  const sharp = loadSharp();
  assert.equal(sharpLoaded(), true);
  assert.equal(loadSharp(), sharp);
  const cache = sharp.cache();
  assert.deepEqual([cache.memory.max, cache.items.max], [0, 0], 'operation cache off');
  assert.ok(sharp.concurrency() <= 4);
});

test('planShape: dall-e-2 square from a 1920x1080 photo, padded or cropped', () => {
  assert.deepEqual(planShape({ width: 1920, height: 1080 }, DALLE2), {
    scaled: { width: 1024, height: 576 },
    box: { width: 1024, height: 1024 },
    mode: 'pad',
    reason: 'square',
    upscale: 1,
    final: { width: 1024, height: 1024 },
  });
  // Cropping keeps resolution: scale so the 1080 crop becomes 1024, then cut.
  assert.deepEqual(planShape({ width: 1920, height: 1080 }, { ...DALLE2, squareMode: 'crop' }), {
    scaled: { width: 1820, height: 1024 },
    box: { width: 1024, height: 1024 },
    mode: 'crop',
    reason: 'square',
    upscale: 1,
    final: { width: 1024, height: 1024 },
  });
});

test('planShape: aspect limits, exactly at and beyond 1:3', () => {
  const tall = planShape({ width: 13, height: 169 }, GPT);
  assert.deepEqual([tall.box, tall.mode, tall.reason], [{ width: 57, height: 169 }, 'pad', 'aspect']);
  assert.ok(57 / 169 >= 1 / 3 && 56 / 169 < 1 / 3, '57 is the narrowest width in range');
  assert.deepEqual(planShape({ width: 13, height: 169 }, { ...GPT, squareMode: 'crop' }).box, { width: 13, height: 39 });
  assert.equal(planShape({ width: 100, height: 300 }, GPT).mode, 'none', 'exactly 1:3 is accepted');
  assert.equal(planShape({ width: 300, height: 100 }, GPT).mode, 'none', 'exactly 3:1 is accepted');
  assert.deepEqual(planShape({ width: 301, height: 100 }, GPT).box, { width: 301, height: 101 });
});

test('planShape: never more than 4096x4096 out, even without maxSide; small images enlarged by whole factors', () => {
  const huge = planShape({ width: 20000, height: 14000 }, { square: false });
  assert.ok(huge.final.width * huge.final.height <= MAX_OUTPUT_PIXELS);
  assert.deepEqual(huge.final, { width: 4895, height: 3426 });
  // Cropping a 100 MP strip: the decoded strip itself is bounded, not just the crop.
  const strip = planShape({ width: 100_000, height: 1000 }, { square: true, squareMode: 'crop' });
  assert.ok(strip.scaled.width * strip.scaled.height <= MAX_OUTPUT_PIXELS);

  assert.deepEqual(planShape({ width: 20, height: 20 }, DALLE2).final, { width: 260, height: 260 });
  assert.equal(planShape({ width: 20, height: 20 }, DALLE2).upscale, 13);
  // Enlarging stops at maxSide even if minSide is then not reached.
  const capped = planShape({ width: 16, height: 16 }, { square: true, maxSide: 100, minSide: 256 });
  assert.deepEqual([capped.upscale, capped.final.width], [6, 96]);
});

test('shrinkKeepingShape keeps squares square and ratios in range after rounding', () => {
  assert.deepEqual(shrinkKeepingShape({ width: 1024, height: 1024 }, 0.9, DALLE2), { width: 921, height: 921 });
  for (let f = 0.5; f < 0.96; f += 0.01) {
    const s = shrinkKeepingShape({ width: 57, height: 169 }, f, GPT);
    assert.ok(s.width / s.height >= 1 / 3, `${s.width}x${s.height} at ${f}`);
  }
});

test('sniffFormat recognises images, refused formats, SVG and text', () => {
  const b = (...bytes: number[]) => Uint8Array.from(bytes);
  assert.equal(sniffFormat(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)), 'png');
  assert.equal(sniffFormat(b(0xff, 0xd8, 0xff, 0xe0)), 'jpeg');
  assert.equal(sniffFormat(Buffer.from('GIF89a....')), 'gif');
  assert.equal(sniffFormat(Buffer.from('RIFF\0\0\0\0WEBPVP8 ')), 'webp');
  assert.equal(sniffFormat(Buffer.from('\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf', 'latin1')), 'avif');
  assert.equal(sniffFormat(Buffer.from('\0\0\0\x18ftypmif1\0\0\0\0mif1heic', 'latin1')), 'heic');
  assert.equal(sniffFormat(Buffer.from('\0\0\0\x18ftypmif1\0\0\0\0mif1avif', 'latin1')), 'avif');
  assert.equal(sniffFormat(b(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0)), 'tiff');
  assert.equal(sniffFormat(Buffer.from('%PDF-1.7\n')), 'pdf');
  assert.equal(sniffFormat(Buffer.from('  \n<svg xmlns="http://www.w3.org/2000/svg"/>')), 'svg');
  assert.equal(sniffFormat(Buffer.from('<!DOCTYPE svg><!-- x --><SVG>')), 'svg');
  assert.equal(sniffFormat(Buffer.from('<html><body>not svg</body></html>')), 'text');
  assert.equal(sniffFormat(Buffer.from('just words')), 'text');
  assert.equal(sniffFormat(b(0, 1, 2, 3, 4, 5)), 'unknown');
});

test('endsEarly spots missing end markers', () => {
  const iend = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
  assert.equal(endsEarly(Uint8Array.from([0x89, 1, 2, ...iend]), 'png'), false);
  assert.equal(endsEarly(Uint8Array.from([0x89, 1, 2, ...iend.slice(0, -1)]), 'png'), true);
  assert.equal(endsEarly(Uint8Array.from([0xff, 0xd8, 9, 0xff, 0xd9, 0, 0]), 'jpeg'), false);
  assert.equal(endsEarly(Uint8Array.from([0xff, 0xd8, 9, 9]), 'jpeg'), true);
  // A GIF is complete when its blocks, by their own lengths, reach the trailer: a 1x1 GIF
  // with a global colour table, a comment extension and one image.
  const gif = Buffer.concat([
    Buffer.from('GIF89a'),
    Buffer.from([1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255]),
    Buffer.from([0x21, 0xfe, 3, 0x3b, 0x3b, 0x3b, 0]),
    Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b]),
  ]);
  assert.equal(endsEarly(gif, 'gif'), false);
  assert.equal(sniffFormat(gif), 'gif');
  for (let cut = 1; cut < gif.length; cut++) assert.equal(endsEarly(gif.subarray(0, cut), 'gif'), true, `cut at ${cut}`);
  assert.equal(endsEarly(Buffer.from('GIF89a;'), 'gif'), true, 'a trailer where the screen descriptor should be');
  const webp = Buffer.from('RIFF\0\0\0\0WEBPxxxx');
  webp.writeUInt32LE(webp.length - 8, 4);
  assert.equal(endsEarly(webp, 'webp'), false);
  assert.equal(endsEarly(webp.subarray(0, -1), 'webp'), true);
});

test('error mapping: libvips failures become ImageErrors, program errors stay themselves', () => {
  const ctx = { limitPixels: 100e6, endsEarly: false };
  assert.equal(imageErrorFromSharp(new Error('Input image exceeds pixel limit'), 'a.png', ctx).message,
    'a.png has more pixels than the 100-megapixel limit. Downscale it in an image editor and try again.');
  assert.ok(isImageError(imageErrorFromSharp(new Error('Input buffer has corrupt header: x'), 'a.png', { ...ctx, endsEarly: true }), 'damaged'));
  assert.match(imageErrorFromSharp(new Error('Input buffer has corrupt header: x'), 'a.png', { ...ctx, endsEarly: true }).message, /header is broken/);
  assert.match(imageErrorFromSharp(new Error('timeout: 12% complete'), 'a.png', ctx).message, /took too long/);
  const missing = Object.assign(new Error("Cannot find module 'sharp'"), { code: 'MODULE_NOT_FOUND' });
  assert.equal(imageErrorFromSharp(missing, 'a.png', ctx), missing);
  const badParam = new Error('Expected integer between 1 and 100 for quality but received 0 of type number');
  assert.equal(imageErrorFromSharp(badParam, 'a.png', ctx), badParam);
  assert.ok(new ImageError('empty', 'a', 'm') instanceof Error);
});

test('an impossible target is a caller bug (RangeError), checked before any decoding', async () => {
  const target = { formats: [] as ('png' | 'jpeg')[], maxBytes: 1, square: false };
  await assert.rejects(prepareInputImage(new Uint8Array(0), 'x.png', target), RangeError);
  await assert.rejects(prepareInputImage(new Uint8Array(0), 'x.png', { ...target, formats: ['png'], maxSide: 2 }), RangeError);
  await assert.rejects(
    prepareInputImage(new Uint8Array(0), 'x.png', { ...target, formats: ['png'], aspect: { min: 2, max: 3 } }),
    RangeError,
  );
});

test('wording: byte sizes, display names and the one-line summary', () => {
  assert.deepEqual(
    [formatBytes(812), formatBytes(85_267), formatBytes(4 * 1024 * 1024), formatBytes(4.5 * 1024 * 1024)],
    ['812 bytes', '83 KB', '4 MB', '4.5 MB'],
  );
  assert.equal(displayName('C:\\Users\\me\\cat.png'), 'cat.png');
  assert.equal(displayName('/home/me/cat.png'), 'cat.png');
  assert.equal(displayName(''), 'The image');
  const p: PreparedImage = {
    bytes: Buffer.alloc(2 * 1024 * 1024),
    fileName: 'cat.png',
    mimeType: 'image/png',
    width: 1024,
    height: 1024,
    format: 'png',
    steps: ['converted JPEG → PNG', 'padded 1024x576 → 1024x1024 (transparent)'],
    routineSteps: [],
    warnings: ['only the first of 10 frames is used'],
    original: { format: 'jpeg', width: 1920, height: 1080, bytes: 85_267 },
  };
  assert.equal(
    summarizePreparation(p),
    'cat.png, 1024x1024 PNG, 2 MB: converted JPEG → PNG, padded 1024x576 → 1024x1024 (transparent). Warning: only the first of 10 frames is used.',
  );
  assert.equal(summarizePreparation({ ...p, steps: [], warnings: [] }), 'cat.png, 1024x1024 PNG, 2 MB: no changes needed.');
});

test('withPipelineSlot runs at most two pipelines at once and keeps going after failures', async () => {
  let running = 0;
  let peak = 0;
  const job = (fail: boolean) =>
    withPipelineSlot(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (fail) throw new Error('boom');
      return 1;
    });
  const results = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => job(i % 3 === 0)));
  assert.equal(peak, 2);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected']);
  assert.equal(await job(false), 1, 'slots were all released');
});
