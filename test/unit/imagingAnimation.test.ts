// verifyImage on animations (frames, their durations, the first frame's thumbnail and
// preview, damage) and its transparency check (every pixel counts, even one in 8 million).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../fixturesDir';
import { isImageError } from '../../src/imaging/imageErrors';
import { loadSharp, openImage } from '../../src/imaging/sharpSafety';
import { anyAlphaBelowOpaque, MAX_TRANSPARENCY_RAW_PIXELS, verifyImage } from '../../src/imaging/verifyImage';

const read = (file: string) => readFileSync(join(fixturesDir(), file));

/** An animated GIF of `frames` solid frames (frame i has colour `colour(i)`, alpha 255 unless `transparentAt` hits). */
async function animatedGif(width: number, height: number, frames: number, options: { transparentFrame?: number } = {}): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * frames * 4);
  for (let f = 0; f < frames; f++) {
    const [r, g, b] = colour(f);
    for (let p = 0; p < width * height; p++) {
      const i = (f * width * height + p) * 4;
      raw[i] = r;
      raw[i + 1] = g;
      raw[i + 2] = b;
      raw[i + 3] = f === options.transparentFrame && p === width * 3 + 5 ? 0 : 255;
    }
  }
  return loadSharp()(raw, { raw: { width, height: height * frames, channels: 4, pageHeight: height } })
    .gif({ delay: Array.from({ length: frames }, (_, i) => 40 + 10 * i), loop: 0, effort: 1, dither: 0 })
    .toBuffer();
}

function colour(frame: number): [number, number, number] {
  return [(frame * 53) % 256, 255 - ((frame * 29) % 256), frame % 2 === 0 ? 40 : 220];
}

/** The mean colour of a WebP picture, and its size. */
async function picture(webp: Buffer | undefined) {
  assert.ok(webp, 'a picture');
  const { data, info } = await loadSharp()(webp).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const mean = [0, 1, 2].map((c) => {
    let sum = 0;
    for (let i = c; i < data.length; i += 3) sum += data[i];
    return sum / (data.length / 3);
  });
  return { width: info.width, height: info.height, mean };
}

/** An RGBA PNG, opaque but for the pixels given (x, y, alpha). */
async function rgbaPng(width: number, height: number, holes: [number, number, number][] = []): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height * 4; i += 4) raw[i] = (i >> 2) % 251; // not flat, so it is a real decode
  for (const [x, y, alpha] of holes) raw[(y * width + x) * 4 + 3] = alpha;
  return openImage(raw, { raw: { width, height, channels: 4 } }).png({ compressionLevel: 1 }).toBuffer();
}

test('animated-loop-3.gif: 10 frames with their durations, thumbnail and preview of the first frame', async () => {
  const bytes = read('animated-loop-3.gif');
  const verified = await verifyImage(bytes, 'animated-loop-3.gif', { thumbnail: true, previewEdge: 512 });
  assert.deepEqual([verified.format, verified.width, verified.height, verified.frames], ['gif', 370, 285, 10]);
  assert.deepEqual(verified.frameDurationsMs, [3000, 3000, 3000, 3000, 3000, 3000, 3000, 3000, 3000, 15000]);
  const thumbnail = await picture(verified.thumbnail);
  const preview = await picture(verified.preview);
  assert.deepEqual([thumbnail.width, thumbnail.height], [256, 197]);
  assert.deepEqual([preview.width, preview.height], [370, 285], 'never enlarged');
  // The first frame, decoded on its own, looks the same (and the last one does not).
  const first = await picture(await loadSharp()(bytes, { pages: 1 }).resize(256).webp().toBuffer());
  const last = await picture(await loadSharp()(bytes, { page: 9, pages: 1 }).resize(256).webp().toBuffer());
  const distance = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + Math.abs(value - b[i]), 0);
  assert.ok(distance(thumbnail.mean, first.mean) < 3, `thumbnail ${thumbnail.mean} vs first frame ${first.mean}`);
  assert.ok(distance(first.mean, last.mean) > 10, 'the frames differ, so the check means something');
  const plain = await verifyImage(bytes, 'animated-loop-3.gif');
  assert.deepEqual([plain.frames, plain.thumbnail, plain.preview, plain.usesTransparency], [10, undefined, undefined, undefined]);
});

test('a generated 16-frame GIF: frames, delays, the first frame\'s colour in the thumbnail', async () => {
  const bytes = await animatedGif(320, 240, 16);
  const verified = await verifyImage(bytes, 'sixteen.gif', { thumbnail: true });
  assert.deepEqual([verified.width, verified.height, verified.frames], [320, 240, 16]);
  assert.deepEqual(verified.frameDurationsMs, Array.from({ length: 16 }, (_, i) => 40 + 10 * i));
  const thumbnail = await picture(verified.thumbnail);
  assert.deepEqual([thumbnail.width, thumbnail.height], [256, 192]);
  thumbnail.mean.forEach((value, c) => assert.ok(Math.abs(value - colour(0)[c]) < 4, `channel ${c}: ${value} vs ${colour(0)[c]}`));
  // Still images say one frame and no durations.
  const still = await verifyImage(read('with-alpha.png'));
  assert.deepEqual([still.frames, still.frameDurationsMs], [1, undefined]);
});

test('a truncated GIF is refused as damaged, thumbnail or not', async () => {
  const bytes = await animatedGif(320, 240, 16);
  const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
  for (const options of [{}, { thumbnail: true }, { thumbnail: true, previewEdge: 512 }, { checkTransparency: true }]) {
    await assert.rejects(verifyImage(cut, 'cut.gif', options), (error) => {
      assert.ok(isImageError(error, 'damaged'), String(error));
      assert.equal(error.message, 'cut.gif looks damaged (the file ends early). Re-export it and try again.');
      return true;
    });
  }
});

test('transparency: fixtures with transparent pixels say so; opaque RGBA and RGB do not', async () => {
  for (const [file, expected] of [['with-alpha.png', true], ['full-transparent.png', true], ['5_webp_a.webp', true], ['flowers.jpeg', false], ['animated-loop-3.gif', false]] as const) {
    const verified = await verifyImage(read(file), file, { checkTransparency: true, thumbnail: true });
    assert.equal(verified.usesTransparency, expected, file);
    assert.ok(verified.thumbnail, `${file}: the thumbnail too`);
  }
  const opaque = await rgbaPng(64, 48);
  const verified = await verifyImage(opaque, 'opaque.png', { checkTransparency: true });
  assert.deepEqual([verified.hasAlpha, verified.channels, verified.usesTransparency], [true, 4, false]);
  assert.equal((await verifyImage(opaque, 'opaque.png')).usesTransparency, undefined, 'only when asked');
});

test('transparency: one pixel of 3840x2160 (alpha 0, or 254) is found; the thumbnail and preview come from the same decode', async () => {
  for (const alpha of [0, 254]) {
    const bytes = await rgbaPng(3840, 2160, [[3777, 2101, alpha]]);
    const verified = await verifyImage(bytes, 'one.png', { checkTransparency: true, thumbnail: true, previewEdge: 512 });
    assert.equal(verified.usesTransparency, true, `alpha ${alpha}`);
    assert.deepEqual([(await picture(verified.thumbnail)).width, (await picture(verified.preview)).width], [256, 512]);
  }
  const opaque = await verifyImage(await rgbaPng(3840, 2160), 'opaque.png', { checkTransparency: true });
  assert.equal(opaque.usesTransparency, false);
});

test('transparency in one frame of an animation, and above the in-memory bound (a streaming second pass)', async () => {
  assert.equal((await verifyImage(await animatedGif(64, 48, 8, { transparentFrame: 5 }), 'a.gif', { checkTransparency: true, thumbnail: true })).usesTransparency, true);
  assert.equal((await verifyImage(await animatedGif(64, 48, 8), 'a.gif', { checkTransparency: true })).usesTransparency, false);
  const width = 6000;
  const height = 3000;
  assert.ok(width * height > MAX_TRANSPARENCY_RAW_PIXELS);
  const big = await verifyImage(await rgbaPng(width, height, [[5999, 2999, 200]]), 'big.png', { checkTransparency: true, thumbnail: true });
  assert.deepEqual([big.usesTransparency, (await picture(big.thumbnail)).width], [true, 256]);
  assert.equal((await verifyImage(await rgbaPng(width, height), 'big.png', { checkTransparency: true })).usesTransparency, false);
});

test('anyAlphaBelowOpaque reads every pixel, aligned or not, RGBA or grey+alpha', () => {
  const rgba = Buffer.alloc(4 * 1001, 255);
  assert.equal(anyAlphaBelowOpaque(rgba, 4), false);
  rgba[4 * 1000 + 3] = 254;
  assert.equal(anyAlphaBelowOpaque(rgba, 4), true);
  const unaligned = Buffer.alloc(4 * 10 + 1, 255).subarray(1);
  assert.equal(anyAlphaBelowOpaque(unaligned, 4), false);
  unaligned[4 * 9 + 3] = 0;
  assert.equal(anyAlphaBelowOpaque(unaligned, 4), true);
  assert.equal(anyAlphaBelowOpaque(Buffer.from([10, 255, 20, 255]), 2), false);
  assert.equal(anyAlphaBelowOpaque(Buffer.from([10, 255, 20, 3]), 2), true);
  // Colour bytes of 0 never count as transparency.
  assert.equal(anyAlphaBelowOpaque(Buffer.from([0, 0, 0, 255]), 4), false);
});
