// GIF and SVG output (the gpt-image-2.5 family, after the 2026-08-21 spec; see
// test/endpoint/typingsOverlay.ts): real animated GIFs and real SVG documents, every refusal,
// and the `hostileSvg` fault for sanitizer tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import sharp from 'sharp';
import { imageCalls, imageUpload, TEST_KEY, useEndpoint } from '../endpoint/fixtures';
import { HOSTILE_SVG_PARTS } from '../endpoint/server';

const local = useEndpoint();
const { generate, edit, rejects } = imageCalls(local);

type Params = Record<string, unknown>;

function only(result: OpenAI.ImagesResponse): Buffer {
  assert.equal(result.data?.length, 1);
  const b64 = result.data[0].b64_json;
  assert.ok(b64, 'b64_json present');
  return Buffer.from(b64, 'base64');
}

/** Every frame of a GIF as raw RGBA, with what sharp reads of the animation. */
async function decodeGif(bytes: Buffer) {
  const meta = await sharp(bytes, { animated: true }).metadata();
  assert.equal(meta.format, 'gif');
  const pages = meta.pages ?? 1;
  const frames = await Promise.all(Array.from({ length: pages }, (_, page) => sharp(bytes, { page }).ensureAlpha().raw().toBuffer()));
  return { meta, pages, frameWidth: meta.width, frameHeight: meta.pageHeight ?? meta.height, frames };
}

/** Renders the SVG with librsvg, which refuses XML that is not well-formed. */
async function renderSvgText(bytes: Buffer): Promise<{ text: string; width: number; height: number }> {
  const text = bytes.toString('utf8');
  const { info } = await sharp(bytes).png().toBuffer({ resolveWithObject: true });
  return { text, width: info.width, height: info.height };
}

function rootAttributes(svg: string): Record<string, string> {
  const root = /<svg\b([^>]*)>/.exec(svg);
  assert.ok(root, 'an <svg> root element');
  return Object.fromEntries([...root[1].matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

const GIF = { model: 'gpt-image-2.5-flare', prompt: 'a bouncing ball', output_format: 'gif' };
const SVG = { model: 'gpt-image-2.5-sunburst', prompt: 'a fox', output_format: 'svg' };

describe('GIF output (gpt-image-2.5 family)', () => {
  test('defaults: 9 frames of 1024x1024, 200 ms each, looping, and the frames differ', async () => {
    const result = await generate({ ...GIF, size: 'auto' });
    assert.equal(result.output_format, 'gif');
    assert.equal(result.size, '1024x1024');
    const gif = await decodeGif(only(result));
    assert.equal(gif.pages, 9);
    assert.deepEqual([gif.frameWidth, gif.frameHeight], [1024, 1024]);
    assert.deepEqual(gif.meta.delay, Array(9).fill(200));
    assert.equal(gif.meta.loop, 0, 'loops forever');
    assert.ok(!gif.frames[0].equals(gif.frames[8]), 'first and last frames differ (the disc moves)');
    assert.ok(!gif.frames[3].equals(gif.frames[4]), 'neighbouring frames differ');
    const request = local.endpoint.requests.at(-1)!;
    assert.deepEqual(request.validationErrors, []);
    assert.equal(request.json?.output_format, 'gif');
  });

  test('frame_count and frame_duration_ms (rounded to the nearest 10 ms) on every GIF size', async () => {
    const cases: [string, string, number, number, number][] = [
      ['gpt-image-2.5-flare-2026-09-08', '1024x1536', 16, 14, 10],
      ['gpt-image-2.6-sunburst', '1536x1024', 2, 15, 20],
      ['gpt-image-2.5-sunburst-2026-09-08', '1024x1024', 3, 655350, 655350],
      ['gpt-image-2.6-flare', '1024x1024', 2, 10, 10],
    ];
    for (const [model, size, frame_count, frame_duration_ms, delay] of cases) {
      const result = await generate({ ...GIF, model, size, frame_count, frame_duration_ms, quality: 'low' });
      const gif = await decodeGif(only(result));
      assert.equal(gif.pages, frame_count, model);
      assert.equal(`${gif.frameWidth}x${gif.frameHeight}`, size, model);
      assert.deepEqual(gif.meta.delay, Array(frame_count).fill(delay), `${frame_duration_ms} ms → ${delay}`);
      assert.equal(result.size, size);
    }
  });

  test('edits: multipart frame fields, and no size means 1024x1024 whatever the input size', async () => {
    const result = await edit({ model: 'gpt-image-2.6-flare', prompt: 'animate', image: await imageUpload(64, 48), output_format: 'gif', frame_count: 3, frame_duration_ms: 120 });
    assert.equal(result.output_format, 'gif');
    const gif = await decodeGif(only(result));
    assert.equal(gif.pages, 3);
    assert.deepEqual([gif.frameWidth, gif.frameHeight], [1024, 1024]);
    assert.deepEqual(gif.meta.delay, [120, 120, 120]);
    const request = local.endpoint.requests.at(-1)!;
    assert.deepEqual(request.validationErrors, []);
    assert.deepEqual([request.fields?.output_format, request.fields?.frame_count, request.fields?.frame_duration_ms], ['gif', '3', '120']);
  });

  test('a transparent background stays transparent in every frame', async () => {
    const gif = await decodeGif(only(await generate({ ...GIF, background: 'transparent', frame_count: 2 })));
    assert.equal(gif.pages, 2);
    for (const frame of gif.frames) assert.equal(frame[3], 0, 'the top-left pixel is transparent');
    const opaque = await decodeGif(only(await generate({ ...GIF, frame_count: 2 })));
    assert.equal(opaque.frames[0][3], 255);
  });

  test('refused on older families, and without the GIF preview formats in the list', async () => {
    for (const model of ['gpt-image-2', 'gpt-image-2-2026-04-21', 'gpt-image-1.5']) {
      await rejects(generate({ ...GIF, model }), { param: 'output_format', code: 'invalid_value', message: /Supported values for .* are: 'png', 'jpeg', and 'webp'\./ });
    }
    await rejects(edit({ model: 'gpt-image-2', prompt: 'x', image: await imageUpload(32, 32), output_format: 'gif' }), { param: 'output_format', code: 'invalid_value' });
    await rejects(generate({ ...GIF, model: 'dall-e-2' }), { param: 'output_format', code: 'unsupported_parameter' });
  });

  test('frame_count and frame_duration_ms need output_format gif', async () => {
    await rejects(generate({ model: 'gpt-image-2.5-flare', prompt: 'x', frame_count: 4 }), { param: 'frame_count', code: 'invalid_value', message: /only supported with output_format 'gif'/ });
    await rejects(generate({ model: 'gpt-image-2.5-flare', prompt: 'x', output_format: 'png', frame_duration_ms: 100 }), { param: 'frame_duration_ms', message: /output_format 'gif'/ });
    await rejects(edit({ model: 'gpt-image-2.5-flare', prompt: 'x', image: await imageUpload(32, 32), frame_count: 4 }), { param: 'frame_count', message: /output_format 'gif'/ });
    await rejects(generate({ model: 'gpt-image-1.5', prompt: 'x', frame_duration_ms: 100 }), { param: 'frame_duration_ms' });
    // null is "omitted"
    const result = await generate({ model: 'gpt-image-2.5-flare', prompt: 'x', frame_count: null, frame_duration_ms: null, quality: 'low', size: '64x64' });
    assert.equal(result.output_format, 'png');
  });

  test('frame ranges: 2–16 frames, 10–655350 ms, integers only', async () => {
    await rejects(generate({ ...GIF, frame_count: 1 }), { param: 'frame_count', code: 'integer_below_min_value', message: />= 2/ });
    await rejects(generate({ ...GIF, frame_count: 17 }), { param: 'frame_count', code: 'integer_above_max_value', message: /<= 16/ });
    await rejects(generate({ ...GIF, frame_count: 2.5 }), { param: 'frame_count', code: 'invalid_type' });
    await rejects(generate({ ...GIF, frame_count: '4' }), { param: 'frame_count', code: 'invalid_type' });
    await rejects(generate({ ...GIF, frame_duration_ms: 9 }), { param: 'frame_duration_ms', code: 'integer_below_min_value', message: />= 10/ });
    await rejects(generate({ ...GIF, frame_duration_ms: 655351 }), { param: 'frame_duration_ms', code: 'integer_above_max_value', message: /<= 655350/ });
    await rejects(generate({ ...GIF, frame_duration_ms: 12.5 }), { param: 'frame_duration_ms', code: 'invalid_type' });
  });

  test('GIF sizes only: 1024x1024, 1536x1024, 1024x1536, auto', async () => {
    for (const size of ['512x512', '2048x2048', '1536x864', '16x16']) {
      await rejects(generate({ ...GIF, size }), { param: 'size', code: 'invalid_value', message: /GIF output .* supports sizes '1024x1024', '1536x1024', '1024x1536', and 'auto'/ });
    }
    await rejects(edit({ model: 'gpt-image-2.5-flare', prompt: 'x', image: await imageUpload(32, 32), output_format: 'gif', size: '512x512' }), { param: 'size' });
  });

  test('no streaming, partial images, output_compression or masks', async () => {
    await rejects(generate({ ...GIF, stream: true }), { param: 'stream', code: 'invalid_value', message: /GIF output does not support streaming/ });
    await rejects(generate({ ...GIF, partial_images: 1 }), { param: 'partial_images', message: /GIF output does not support partial images/ });
    await rejects(generate({ ...GIF, output_compression: 50 }), { param: 'output_compression', message: /output format is 'gif'/ });
    const image = await imageUpload(64, 64);
    await rejects(edit({ model: 'gpt-image-2.5-sunburst', prompt: 'x', image, output_format: 'gif', mask: await imageUpload(64, 64, { alpha: true }) }), { param: 'mask', message: /GIF output does not support masks/ });
    await rejects(edit({ model: 'gpt-image-2.5-sunburst', prompt: 'x', image, output_format: 'gif', stream: true }), { param: 'stream' });
    // partial_images 0 and stream false are fine
    const result = await generate({ ...GIF, frame_count: 2, stream: false, partial_images: 0, quality: 'low' });
    assert.equal((await decodeGif(only(result))).pages, 2);
  });
});

describe('SVG output (gpt-image-2.5 family, generations only)', () => {
  test('a real SVG document of 1024x1024 for auto, the prompt escaped, svg_usage from the default author', async () => {
    const prompt = 'A <b>bold</b> & "quoted" fox\'s <script>den</script>';
    const result = await generate({ ...SVG, prompt, size: 'auto' });
    assert.equal(result.output_format, 'svg');
    assert.equal(result.size, '1024x1024');
    const svg = await renderSvgText(only(result));
    assert.deepEqual([svg.width, svg.height], [1024, 1024]);
    assert.match(svg.text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
    const root = rootAttributes(svg.text);
    assert.deepEqual([root.xmlns, root.width, root.height, root.viewBox], ['http://www.w3.org/2000/svg', '1024', '1024', '0 0 1024 1024']);
    assert.ok((svg.text.match(/<(rect|circle|polygon)\b/g) ?? []).length >= 3, 'a few shapes');
    assert.match(svg.text, /<text [^>]*>A &lt;b&gt;bold&lt;\/b&gt; &amp; &quot;quoted&quot;/);
    assert.ok(!svg.text.includes('<script'), 'the prompt never becomes markup');
    assert.ok(!svg.text.includes('<b>'));
    assert.ok(result.usage && result.usage.total_tokens > 0, 'the usual usage');
    const usage = result.svg_usage;
    assert.ok(usage, 'svg_usage');
    assert.equal(usage.model, 'gpt-5.5-svg-author');
    assert.equal(usage.total_tokens, usage.input_tokens + usage.output_tokens);
    assert.ok(usage.reasoning_tokens > 0 && usage.reasoning_tokens < usage.output_tokens);
  });

  test('the asked size and author: width, height and viewBox match; svg_usage names svg.model', async () => {
    const result = await generate({ ...SVG, model: 'gpt-image-2.6-flare', size: '1536x864', svg: { model: 'gpt-5.5-mini', reasoning: { effort: 'high' } }, complexity: 'low' });
    const svg = await renderSvgText(only(result));
    assert.deepEqual([svg.width, svg.height], [1536, 864]);
    const root = rootAttributes(svg.text);
    assert.deepEqual([root.width, root.height, root.viewBox], ['1536', '864', '0 0 1536 864']);
    assert.equal(result.svg_usage?.model, 'gpt-5.5-mini');
    const plain = await generate({ ...SVG, model: 'gpt-image-2.6-flare', size: '1536x864', svg: { model: 'gpt-5.5-mini', reasoning: { effort: 'none' } } });
    assert.equal(plain.svg_usage?.reasoning_tokens, 0);
    assert.ok(result.svg_usage!.reasoning_tokens > 0, 'effort high reasons, none does not');
    for (const svgParam of [null, { model: 'm', reasoning: null }, { model: 'm', reasoning: { effort: null } }, { model: 'm', reasoning: {} }]) {
      const ok = await generate({ ...SVG, size: '256x256', svg: svgParam });
      assert.equal(ok.output_format, 'svg', JSON.stringify(svgParam));
    }
    assert.deepEqual(local.endpoint.invalidRequests(), []);
    assert.deepEqual(local.endpoint.requests[0].json?.svg, { model: 'gpt-5.5-mini', reasoning: { effort: 'high' } }, 'recorded as sent');
  });

  test('refused on older families; an SVG edit is refused with the service message', async () => {
    for (const model of ['gpt-image-2', 'gpt-image-1.5']) await rejects(generate({ ...SVG, model }), { param: 'output_format', code: 'invalid_value', message: /'png', 'jpeg', and 'webp'/ });
    await rejects(edit({ model: 'gpt-image-2.5-flare', prompt: 'x', image: await imageUpload(32, 32), output_format: 'svg' }), { param: 'output_format', message: /SVG edits are not supported/ });
    await rejects(edit({ model: 'gpt-image-2', prompt: 'x', image: await imageUpload(32, 32), output_format: 'svg' }), { param: 'output_format', message: /SVG edits are not supported/ });
  });

  test('n = 1, no streaming, partial images or output_compression', async () => {
    await rejects(generate({ ...SVG, n: 2 }), { param: 'n', code: 'invalid_value', message: /SVG output requires n=1/ });
    await rejects(generate({ ...SVG, stream: true }), { param: 'stream', message: /SVG output does not support streaming/ });
    await rejects(generate({ ...SVG, partial_images: 2 }), { param: 'partial_images', message: /SVG output does not support partial images/ });
    await rejects(generate({ ...SVG, output_compression: 0 }), { param: 'output_compression', message: /output format is 'svg'/ });
  });

  test('the svg object: only with output_format svg, a non-empty model, known efforts and keys, not on edits', async () => {
    await rejects(generate({ model: 'gpt-image-2.5-flare', prompt: 'x', svg: { model: 'a' } }), { param: 'svg', code: 'invalid_value', message: /only supported with output_format 'svg'/ });
    await rejects(generate({ model: 'gpt-image-2.5-flare', prompt: 'x', output_format: 'png', svg: { model: 'a' } }), { param: 'svg' });
    await rejects(generate({ ...SVG, svg: { model: '' } }), { param: 'svg.model', code: 'string_below_min_length' });
    await rejects(generate({ ...SVG, svg: {} }), { param: 'svg.model', code: 'missing_required_parameter' });
    await rejects(generate({ ...SVG, svg: { model: 5 } }), { param: 'svg.model', code: 'invalid_type' });
    await rejects(generate({ ...SVG, svg: { model: 'a', reasoning: { effort: 'huge' } } }), { param: 'svg.reasoning.effort', code: 'invalid_value', message: /'none', 'minimal', 'low', 'medium', 'high', 'xhigh', and 'max'/ });
    await rejects(generate({ ...SVG, svg: { model: 'a', temperature: 1 } }), { param: 'svg.temperature', code: 'unknown_parameter' });
    await rejects(generate({ ...SVG, svg: 'gpt-5.5' }), { param: 'svg', code: 'invalid_type' });
    await rejects(edit({ model: 'gpt-image-2.5-flare', prompt: 'x', image: await imageUpload(32, 32), svg: 'a' }), { param: 'svg', code: 'unknown_parameter' });
  });
});

describe('hostileSvg fault', () => {
  test('waits for an SVG generation, then answers a hostile but well-formed SVG of the asked size, once', async () => {
    local.endpoint.inject({ kind: 'hostileSvg' });
    await generate({ model: 'gpt-image-2.5-flare', prompt: 'png', size: '64x64', quality: 'low' });
    await rejects(generate({ ...SVG, n: 2 }), { param: 'n' });
    assert.deepEqual(local.endpoint.pendingFaults().map((f) => f.kind), ['hostileSvg'], 'neither a PNG nor an invalid request takes it');

    const result = await generate({ ...SVG, size: '512x256' });
    const svg = await renderSvgText(only(result));
    assert.deepEqual([svg.width, svg.height], [512, 256], 'still parses as XML, at the asked size');
    for (const [name, part] of Object.entries(HOSTILE_SVG_PARTS)) assert.ok(svg.text.includes(part), `contains ${name}: ${part}`);
    assert.match(svg.text, /<script\b/);
    assert.match(svg.text, /<svg [^>]*onload=/);
    assert.match(svg.text, /href="javascript:/);
    assert.match(svg.text, /xlink:href="http:\/\//);
    assert.match(svg.text, /<foreignObject[^>]*><div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml">/);
    assert.equal(result.output_format, 'svg');
    assert.ok(result.svg_usage);
    assert.deepEqual(local.endpoint.requests.at(-1)?.faults, ['hostileSvg']);
    assert.deepEqual(local.endpoint.pendingFaults(), []);

    const clean = (await renderSvgText(only(await generate({ ...SVG, size: '512x256' })))).text;
    for (const part of Object.values(HOSTILE_SVG_PARTS)) assert.ok(!clean.includes(part), `the next answer is clean: ${part}`);
  });

  test('queued over the control API like every fault', async () => {
    const control = `${local.endpoint.url.replace(/\/v1$/, '')}/_control/faults`;
    const queued = await fetch(control, { method: 'POST', body: JSON.stringify({ kind: 'hostileSvg', times: 2 }) });
    assert.equal(queued.status, 200);
    assert.deepEqual(await queued.json(), [{ kind: 'hostileSvg', times: 2, remaining: 2 }]);
    for (let i = 0; i < 2; i++) assert.ok(only(await generate({ ...SVG, size: '64x64' })).toString('utf8').includes(HOSTILE_SVG_PARTS.script));
    assert.ok(!only(await generate({ ...SVG, size: '64x64' })).toString('utf8').includes(HOSTILE_SVG_PARTS.script));
    const bad = await fetch(control, { method: 'POST', body: JSON.stringify({ kind: 'hostileSVG' }) });
    assert.equal(bad.status, 400);
  });

  test('an edit never takes it (SVG edits do not exist)', async () => {
    local.endpoint.inject({ kind: 'hostileSvg' });
    const result = await edit({ model: 'gpt-image-2.5-flare', prompt: 'x', image: await imageUpload(32, 32), quality: 'low' });
    assert.equal((await sharp(only(result)).metadata()).format, 'png');
    assert.equal(local.endpoint.pendingFaults().length, 1);
  });
});

describe('raw JSON bodies', () => {
  test('output_format gif/svg pass the schema overlay only on generations; JSON edits keep the spec', async () => {
    const post = (path: string, body: Params) =>
      fetch(`${local.endpoint.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post('/images/generations', { ...GIF, frame_count: 2, quality: 'low' });
    assert.equal(ok.status, 200);
    const json = await post('/images/edits', { model: 'gpt-image-2.5-flare', prompt: 'x', images: [{ file_id: 'file-1' }], output_format: 'gif' });
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: { param: string } }).error.param, 'output_format');
  });
});

describe('downgrade fault', () => {
  test('the next image answer is less than was asked (opaque, 1024x1024, a 2-frame GIF) while its JSON claims what was asked', async () => {
    local.endpoint.inject({ kind: 'downgrade' });
    const result = await generate({ model: 'gpt-image-2.5-flare', prompt: 'a sticker', size: '1536x1024', background: 'transparent', quality: 'low' });
    const meta = await sharp(only(result)).metadata();
    assert.deepEqual([meta.width, meta.height], [1024, 1024]);
    const stats = await sharp(only(result)).stats();
    assert.ok(stats.isOpaque, 'no transparent pixel');
    assert.deepEqual([result.size, result.background], ['1536x1024', 'transparent'], 'the answer claims what was asked');
    assert.deepEqual(local.endpoint.requests.at(-1)?.faults, ['downgrade']);
    local.endpoint.inject({ kind: 'downgrade' });
    const gif = await decodeGif(only(await generate({ ...GIF, frame_count: 5, size: '1024x1024' })));
    assert.equal(gif.pages, 2);
    const honest = await sharp(only(await generate({ model: 'gpt-image-2.5-flare', prompt: 'a sticker', size: '1536x1024', background: 'transparent', quality: 'low' }))).stats();
    assert.ok(!honest.isOpaque, 'the next answer is what was asked again');
  });
});
