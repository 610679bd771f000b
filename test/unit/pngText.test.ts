import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { isPng, readPngText, withPngText, withResultText } from '../../src/imaging/pngText';

async function smallPng(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 6, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 1 } } })
    .png()
    .toBuffer();
}

test('text written into a PNG reads back, UTF-8 intact, pixels unchanged', async () => {
  const png = await smallPng();
  const prompt = 'Un phare au coucher du soleil 🌅 — "quoted" \\ back';
  const tagged = withPngText(png, { Description: prompt, RevisedPrompt: 'A lighthouse at dusk', Empty: '' });
  assert.ok(isPng(tagged));
  assert.deepEqual(readPngText(tagged), { Description: prompt, RevisedPrompt: 'A lighthouse at dusk' });
  // libvips must still decode it (CRCs right) and see the same pixels.
  const [before, after] = await Promise.all([sharp(png).raw().toBuffer(), sharp(tagged).raw().toBuffer()]);
  assert.ok(before.equals(after));
  const metadata = await sharp(tagged, { failOn: 'warning' }).metadata();
  assert.equal(metadata.width, 8);
});

test('refuses non-PNG bytes and bad keywords', async () => {
  assert.throws(() => withPngText(Buffer.from('not a png at all'), { A: 'b' }), /not a PNG/);
  const png = await smallPng();
  assert.throws(() => withPngText(png, { '': 'x' }), /invalid PNG keyword/);
  assert.throws(() => withPngText(png, { ['k'.repeat(80)]: 'x' }), /invalid PNG keyword/);
});

test('a result PNG carries prompt, model, sources and the software; other formats pass through untouched', async () => {
  const png = await smallPng();
  const tagged = withResultText(png, { prompt: 'a fox', model: 'gpt-image-2', source: 'cat.png, dog.jpg' });
  assert.deepEqual(readPngText(tagged), {
    Description: 'a fox',
    Source: 'cat.png, dog.jpg',
    Software: 'Image Studio for VS Code',
    Model: 'gpt-image-2',
  });
  const jpeg = await sharp(png).jpeg().toBuffer();
  assert.equal(withResultText(jpeg, { prompt: 'a fox', model: 'gpt-image-2' }), jpeg);
});

test('a Chinese prompt is stored as written: UTF-8 in an iTXt chunk, read back byte for byte', async () => {
  const png = await smallPng();
  // Decomposed and composed forms, a full-width comma, an emoji with a skin tone: nothing normalized or replaced.
  const prompt = '一只戴着宇航员头盔的橘猫，水彩风格 👩🏽‍🚀 Cafe\u0301';
  const tagged = withResultText(png, { prompt, model: 'gpt-image-2', revisedPrompt: '修订后的提示词：橘猫' });
  const text = readPngText(tagged);
  assert.equal(text.Description, prompt);
  assert.equal(text['Revised Prompt'], '修订后的提示词：橘猫');
  // The raw bytes: an iTXt chunk (tEXt is Latin-1 only) holding the prompt's UTF-8.
  const utf8 = Buffer.from(prompt, 'utf8');
  const at = tagged.indexOf(utf8);
  assert.ok(at > 0, 'the UTF-8 bytes are in the file');
  assert.ok(tagged.includes(Buffer.from('iTXtDescription\0', 'latin1')));
  assert.ok(!tagged.includes(Buffer.from('tEXtDescription', 'latin1')));
  assert.equal((await sharp(tagged, { failOn: 'warning' }).metadata()).width, 8);
});
