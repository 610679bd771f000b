// Thumbnails and previews of sanitized SVG drawings (renderSvgPreview): WebP, at the size
// asked for whatever size the drawing claims, and SVG still refused by sharp everywhere else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isImageError } from '../../src/imaging/imageErrors';
import { verifyImage } from '../../src/imaging/verifyImage';
import { loadSharp } from '../../src/imaging/sharpSafety';
import { loadSvgSanitizer } from '../../src/imaging/svg/loadSvgSanitizer';
import { makeSvgThumbnail, renderSvgPreview, sizedForRender } from '../../src/imaging/svg/renderSvgPreview';
import type { SanitizedSvg } from '../../src/imaging/svg/sanitizedSvg';
import { BENIGN_DRAWING, HOSTILE_SAMPLES } from './svgCorpus';

const { sanitizeSvg } = loadSvgSanitizer();

async function describe(webp: Buffer | undefined) {
  assert.ok(webp, 'a picture');
  const { data, info } = await loadSharp()(webp).raw().toBuffer({ resolveWithObject: true });
  assert.equal((await loadSharp()(webp).metadata()).format, 'webp');
  const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
  return { width: info.width, height: info.height, at };
}

test('a thumbnail and a preview from one render, at the sizes asked for, the drawing\'s aspect kept', async () => {
  const { svg } = await sanitizeSvg(BENIGN_DRAWING);
  const made = await renderSvgPreview(svg, { thumbnail: true, previewEdge: 512 });
  const thumbnail = await describe(made.thumbnail);
  const preview = await describe(made.preview);
  assert.deepEqual([thumbnail.width, thumbnail.height], [256, 171]);
  assert.deepEqual([preview.width, preview.height], [512, 341]);
  // The orange square behind the round clip (drawing units 90,40 → 3/4 across, half down).
  const [r, g, b] = preview.at(384, 170);
  assert.ok(r > 200 && g > 100 && g < 200 && b < 80, `orange, got ${r},${g},${b}`);
  assert.deepEqual(await renderSvgPreview(svg, {}), {});
  const only = await renderSvgPreview(svg, { previewEdge: 64 });
  assert.deepEqual([only.thumbnail, (await describe(only.preview)).width], [undefined, 64]);
});

test('a drawing claiming 100000x50000 px is rendered at the thumbnail size, never at its own', async () => {
  const { svg, width, height } = await sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="50000"><circle cx="50000" cy="25000" r="20000" fill="blue"/></svg>');
  assert.deepEqual([width, height], [100000, 50000]);
  const start = performance.now();
  const made = await renderSvgPreview(svg, { thumbnail: true, previewEdge: 100000 });
  assert.ok(performance.now() - start < 5000);
  const preview = await describe(made.preview);
  assert.deepEqual([preview.width, preview.height], [2048, 1024], 'the preview edge is capped');
  const [r, g, b] = preview.at(1024, 512);
  assert.ok(r < 4 && g < 4 && b > 250, `blue, got ${r},${g},${b}`);
  // Tiny drawings are vector art: scaled up to the size asked for.
  const icon = await sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 8"><rect width="16" height="8" fill="red"/></svg>');
  assert.deepEqual([icon.width, icon.height], [16, 8]);
  const thumb = await describe((await renderSvgPreview(icon.svg, { thumbnail: true })).thumbnail);
  assert.deepEqual([thumb.width, thumb.height], [256, 128]);
});

test('the root is resized for the render, with a viewBox added when there was none', () => {
  const sized = sizedForRender('<svg xmlns="http://www.w3.org/2000/svg" width="4cm" height="2cm"><rect width="10" height="10"/></svg>' as never, 256);
  assert.match(sized.svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="256" height="128" viewBox="0 0 151\.18\d* 75\.59\d*"><rect width="10" height="10"\/><\/svg>$/);
  const none = sizedForRender('<svg xmlns="http://www.w3.org/2000/svg"/>' as never, 512);
  assert.deepEqual([none.svg, none.width, none.height], ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150" width="512" height="256"/>', 512, 256]);
  assert.throws(() => sizedForRender('<html/>' as never, 256), /does not start with sanitizeSvg's <svg> root tag/);
});

test('SVG stays refused by every other path, during and after a render', async () => {
  const { svg } = await sanitizeSvg(BENIGN_DRAWING);
  const bytes = Buffer.from(svg);
  const rendering = renderSvgPreview(svg, { thumbnail: true });
  await assert.rejects(verifyImage(bytes, 'drawing.png'), (error) => isImageError(error, 'unsupportedFormat'));
  await rendering;
  await assert.rejects(loadSharp()(bytes).metadata(), /unsupported image format/);
  await assert.rejects(verifyImage(bytes, 'drawing.png'), /is an SVG drawing/);
});

test('hostile drawings render once sanitized; the history thumbnail sanitizes again', async () => {
  for (const sample of HOSTILE_SAMPLES) {
    const thumbnail = await describe(await makeSvgThumbnail(Buffer.from(sample.svg), 'drawing.svg'));
    assert.deepEqual([thumbnail.width, thumbnail.height], [256, 128], sample.name);
    const [r, g, b] = thumbnail.at(20, 20);
    assert.ok(Math.abs(r - 0x33) + Math.abs(g - 0x66) + Math.abs(b - 0xcc) <= 6, `${sample.name}: the benign rect is drawn (${r},${g},${b})`);
  }
  await assert.rejects(makeSvgThumbnail(Buffer.from('<!DOCTYPE svg [<!ENTITY a "b">]><svg/>'), 'drawing.svg'), (error) => isImageError(error, 'unsafe'));
});

test('a drawing whose <use> repeats 10^24 elements is refused by the renderer\'s limit, in bounded time', async () => {
  let body = '<defs><rect id="a0" width="1" height="1" fill="red"/>';
  for (let i = 1; i < 25; i++) body += `<g id="a${i}">${`<use href="#a${i - 1}"/>`.repeat(10)}</g>`;
  const { svg } = await sanitizeSvg(`<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">${body}</defs><use href="#a24"/></svg>`);
  const start = performance.now();
  await assert.rejects(renderSvgPreview(svg, { thumbnail: true }, 'bomb.svg'), (error) => {
    assert.ok(isImageError(error, 'tooComplex'), String(error));
    assert.match(error.message, /^bomb\.svg repeats its parts so often that drawing it would take too long \(.*500000 referenced elements\)\. Ask for a simpler drawing, or for a PNG instead\.$/);
    return true;
  });
  assert.ok(performance.now() - start < 31_000, 'within the pipeline time limit');
});

test('sizedForRender splits the root tag at XML white space only: a name holding U+1680 is one name, not two', () => {
  // sanitizeSvg drops such names (not SVG attribute names); this is the renderer's own reading.
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" a\u1680b="1" width="40" height="20"><rect width="40" height="20"/></svg>' as SanitizedSvg;
  const sized = sizedForRender(svg, 80);
  assert.deepEqual([sized.width, sized.height], [80, 40]);
  assert.ok(sized.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" a\u1680b="1" width="80" height="40" viewBox="0 0 40 20">'), sized.svg);
});
