// The Images parameters that came after the 2026-08-21 spec (known from the `openai`
// typings, see test/endpoint/typingsOverlay.ts): complexity, markup, safety_identifier,
// xhigh/max quality on edits, and the schema overlay itself. GIF and SVG output are in
// endpointGifSvg.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import sharp from 'sharp';
import { imageCalls, imageUpload, makeImage, TEST_KEY, useEndpoint, type Refusal } from '../endpoint/fixtures';
import { findSpecPath } from '../endpoint/server';
import { loadSpec } from '../endpoint/spec';

const local = useEndpoint();
const { generate, edit, rejects } = imageCalls(local);

type Params = Record<string, unknown>;

function lastRequest() {
  const request = local.endpoint.requests.at(-1);
  assert.ok(request, 'a recorded request');
  return request;
}

const SMALL = { size: '64x64', quality: 'low' };

describe('complexity', () => {
  const accepting = ['gpt-image-2', 'gpt-image-2-2026-04-21', 'gpt-image-2.5-flare', 'gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.6-flare', 'gpt-image-2.6-sunburst'];

  test('low, medium and high on the gpt-image-2 and 2.5 families, generations and edits; recorded as sent', async () => {
    for (const model of accepting) {
      for (const complexity of ['low', 'medium', 'high']) {
        await generate({ model, prompt: 'c', complexity, ...SMALL });
        assert.deepEqual(lastRequest().validationErrors, [], `${model} ${complexity}`);
        assert.equal(lastRequest().json?.complexity, complexity);
      }
    }
    await edit({ model: 'gpt-image-2', prompt: 'c', image: await imageUpload(32, 32), complexity: 'high', quality: 'low' });
    assert.deepEqual(lastRequest().validationErrors, []);
    assert.equal(lastRequest().fields?.complexity, 'high');
  });

  test('null means omitted, on every model', async () => {
    for (const model of ['gpt-image-1.5', 'dall-e-2']) {
      await generate({ model, prompt: 'c', complexity: null, size: model === 'dall-e-2' ? '256x256' : undefined, quality: model === 'dall-e-2' ? undefined : 'low' });
      assert.deepEqual(lastRequest().validationErrors, [], model);
    }
  });

  test('refused on the older families, naming complexity', async () => {
    for (const model of ['gpt-image-1-mini', 'gpt-image-1.5', 'chatgpt-image-latest', 'dall-e-2', 'dall-e-3']) {
      await rejects(generate({ model, prompt: 'x', complexity: 'low' }), { param: 'complexity', code: 'unsupported_parameter', message: new RegExp(`'complexity' is not supported with the '${model}' model`) });
    }
    await rejects(edit({ model: 'gpt-image-1.5', prompt: 'x', image: await imageUpload(32, 32), complexity: 'medium' }), { param: 'complexity', code: 'unsupported_parameter' });
  });

  test('outside the enum → invalid_value listing low, medium and high', async () => {
    await rejects(generate({ model: 'gpt-image-2', prompt: 'x', complexity: 'extreme' }), { param: 'complexity', code: 'invalid_value', message: /'low', 'medium', and 'high'/ });
    await rejects(edit({ model: 'gpt-image-2.5-flare', prompt: 'x', image: await imageUpload(32, 32), complexity: 'auto' }), { param: 'complexity', code: 'invalid_value' });
    await rejects(generate({ model: 'gpt-image-2', prompt: 'x', complexity: 3 }), { param: 'complexity', code: 'invalid_type' });
  });

  test('not a variations parameter', async () => {
    await rejects(local.client.images.createVariation({ image: await imageUpload(256, 256), complexity: 'low' } as never), { param: 'complexity', code: 'unknown_parameter' });
  });
});

describe('markup (edits, gpt-image-2.5 family)', () => {
  const MODEL = 'gpt-image-2.5-flare';

  /** A markup drawing: transparent everywhere but a red diagonal stroke. */
  async function markupPng(width: number, height: number): Promise<Buffer> {
    const pixels = Buffer.alloc(width * height * 4);
    for (let i = 0; i < Math.min(width, height); i++) pixels.writeUInt32BE(0xff0000ff, (i * width + i) * 4);
    return sharp(pixels, { raw: { width, height, channels: 4 } }).png().toBuffer();
  }

  async function markupUpload(width: number, height: number, options: { format?: 'png' | 'jpeg' | 'webp'; alpha?: boolean; bytes?: Buffer } = {}) {
    const bytes = options.bytes ?? (options.format === undefined || options.format === 'png' ? await markupPng(width, height) : undefined);
    return imageUpload(width, height, { alpha: true, name: 'markup.png', ...options, bytes });
  }

  test('a transparent PNG of the first image size is accepted and recorded like mask', async () => {
    const markup = await markupPng(128, 96);
    for (const model of [MODEL, 'gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.6-sunburst']) {
      const result = await edit({ model, prompt: 'follow the arrows', image: [await imageUpload(128, 96), await imageUpload(32, 32)], markup: await markupUpload(128, 96, { bytes: markup }), quality: 'low' });
      assert.equal(result.data?.length, 1, model);
      const request = lastRequest();
      assert.deepEqual(request.validationErrors, [], model);
      const file = request.files?.find((f) => f.field === 'markup');
      assert.ok(file, 'the markup file is recorded');
      assert.deepEqual([file.filename, file.contentType, file.format, file.width, file.height, file.hasAlpha], ['markup.png', 'image/png', 'png', 128, 96, true]);
      assert.ok(file.bytes.equals(markup), 'recorded unchanged');
    }
    const overHttp = (await (await fetch(`${local.endpoint.url.replace(/\/v1$/, '')}/_control/requests`)).json()) as { files?: Record<string, unknown>[] }[];
    const recorded = overHttp.at(-1)?.files?.find((f) => f.field === 'markup');
    assert.equal(recorded?.width, 128);
    assert.equal(recorded?.bytes, undefined, 'the control API leaves bytes out, as for mask');
  });

  test('dimensions are compared after EXIF orientation', async () => {
    // 64x32 pixels stored, orientation 6 (turned a quarter): displayed 32x64.
    const turned = await sharp(await makeImage(64, 32, { format: 'jpeg' })).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    assert.equal((await sharp(turned).metadata()).orientation, 6);
    const image = () => imageUpload(64, 32, { format: 'jpeg', bytes: turned });
    await edit({ model: MODEL, prompt: 'x', image: await image(), markup: await markupUpload(32, 64), quality: 'low' });
    assert.deepEqual(lastRequest().validationErrors, []);
    assert.equal(lastRequest().files?.find((f) => f.field === 'image')?.orientation, 6, 'orientation recorded');
    await rejects(edit({ model: MODEL, prompt: 'x', image: await image(), markup: await markupUpload(64, 32) }), {
      param: 'markup',
      code: 'invalid_image_dimensions',
      message: /the markup \(64x32\) must have the same dimensions as the first image after its orientation \(32x64\)/,
    });
  });

  test('refused on older families', async () => {
    for (const model of ['gpt-image-2', 'gpt-image-1.5', 'dall-e-2']) {
      const size = model === 'dall-e-2' ? 256 : 64;
      await rejects(edit({ model, prompt: 'x', image: await imageUpload(size, size), markup: await markupUpload(size, size) }), { param: 'markup', code: 'unsupported_parameter', message: new RegExp(`'${model}'`) });
    }
  });

  test('each refusal names markup and says why', async () => {
    const image = await imageUpload(64, 64);
    const cases: [Params, Refusal][] = [
      [{ mask: await imageUpload(64, 64, { alpha: true }), markup: await markupUpload(64, 64) }, { code: 'invalid_value', message: /markup cannot be combined with mask/ }],
      [{ markup: await markupUpload(64, 64, { format: 'jpeg', alpha: false }) }, { code: 'invalid_image_format', message: /must be a PNG file, got a jpeg image/ }],
      [{ markup: await markupUpload(64, 64, { format: 'webp' }) }, { code: 'invalid_image_format', message: /got a webp image/ }],
      [{ markup: await markupUpload(64, 64, { bytes: Buffer.from('not a png') }) }, { code: 'invalid_image_format', message: /undecodable/ }],
      [{ markup: await markupUpload(64, 64, { bytes: await makeImage(64, 64) }) }, { code: 'invalid_value', message: /must be a transparent PNG, but it has no alpha channel/ }],
      [
        { markup: await markupUpload(64, 64, { bytes: await sharp(await makeImage(64, 64)).ensureAlpha(1).png().toBuffer() }) },
        { code: 'invalid_value', message: /must contain transparent pixels, but every pixel is fully opaque/ },
      ],
      [{ markup: await markupUpload(64, 48) }, { code: 'invalid_image_dimensions', message: /\(64x48\).*\(64x64\)/ }],
    ];
    for (const [extra, expected] of cases) await rejects(edit({ model: MODEL, prompt: 'x', image, ...extra }), { param: 'markup', ...expected });
  });

  test('one semi-transparent pixel is enough; 16-bit PNGs are judged on their own scale', async () => {
    const pixels = Buffer.alloc(16 * 16 * 4, 255);
    pixels[3] = 254;
    const almostOpaque = await sharp(pixels, { raw: { width: 16, height: 16, channels: 4 } }).png().toBuffer();
    await edit({ model: MODEL, prompt: 'x', image: await imageUpload(16, 16), markup: await markupUpload(16, 16, { bytes: almostOpaque }), quality: 'low' });
    assert.deepEqual(lastRequest().validationErrors, []);
    const opaque16 = await sharp(Buffer.alloc(16 * 16 * 4, 255), { raw: { width: 16, height: 16, channels: 4 } }).toColourspace('rgb16').png().toBuffer();
    assert.equal((await sharp(opaque16).metadata()).depth, 'ushort');
    await rejects(edit({ model: MODEL, prompt: 'x', image: await imageUpload(16, 16), markup: await markupUpload(16, 16, { bytes: opaque16 }) }), { param: 'markup', message: /fully opaque/ });
  });

  test('markup sent as a text field, or in a JSON edit', async () => {
    const boundary = 'b0undary';
    const image = await makeImage(16, 16);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\n${MODEL}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nx\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
      image,
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="markup"\r\n\r\nhttps://example.com/markup.png\r\n--${boundary}--\r\n`),
    ]);
    const res = await fetch(`${local.endpoint.url}/images/edits`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    assert.equal(res.status, 400);
    const error = ((await res.json()) as { error: { param: string; code: string } }).error;
    assert.deepEqual([error.param, error.code], ['markup', 'invalid_type']);
    const json = await fetch(`${local.endpoint.url}/images/edits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, prompt: 'x', images: [{ file_id: 'file-1' }], markup: { file_id: 'file-2' } }),
    });
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: { param: string; code: string } }).error.code, 'unknown_parameter', 'the typings add markup to multipart edits only');
  });
});

describe('safety_identifier', () => {
  test('echoed in the response: a non-empty safety_identifier, else user, else absent', async () => {
    const cases: [Params, string | undefined][] = [
      [{ safety_identifier: 'hash-1' }, 'hash-1'],
      [{ safety_identifier: 'hash-1', user: 'u-1' }, 'hash-1'],
      [{ safety_identifier: '', user: 'u-1' }, 'u-1'],
      [{ safety_identifier: null, user: 'u-1' }, 'u-1'],
      [{ user: 'u-1' }, 'u-1'],
      [{ safety_identifier: '' }, undefined],
      [{}, undefined],
    ];
    for (const [extra, echoed] of cases) {
      const result = await generate({ model: 'gpt-image-2', prompt: 's', ...SMALL, ...extra });
      assert.deepEqual(lastRequest().validationErrors, [], JSON.stringify(extra));
      if (echoed === undefined) assert.ok(!('safety_identifier' in result), `no echo for ${JSON.stringify(extra)}`);
      else assert.equal(result.safety_identifier, echoed, JSON.stringify(extra));
    }
    assert.equal(local.endpoint.requests[0].json?.safety_identifier, 'hash-1', 'recorded as sent');
  });

  test('on every model family, edits (multipart) and the completed stream event', async () => {
    const dalle = await generate({ model: 'dall-e-2', prompt: 's', size: '256x256', safety_identifier: 'd2' });
    assert.equal(dalle.safety_identifier, 'd2');
    const edited = await edit({ model: 'gpt-image-1.5', prompt: 's', image: await imageUpload(32, 32), safety_identifier: 'e-1', quality: 'low' });
    assert.equal(edited.safety_identifier, 'e-1');
    assert.equal(lastRequest().fields?.safety_identifier, 'e-1');
    const events: OpenAI.Images.ImageGenStreamEvent[] = [];
    for await (const event of await local.client.images.generate({ model: 'gpt-image-2.5-flare', prompt: 's', size: '64x64', quality: 'low', stream: true, partial_images: 1, safety_identifier: 'st-1' })) {
      events.push(event);
    }
    assert.deepEqual(events.map((e) => e.type), ['image_generation.partial_image', 'image_generation.completed']);
    const completed = events[1] as OpenAI.Images.ImageGenCompletedEvent;
    assert.equal(completed.safety_identifier, 'st-1');
    assert.ok(!('safety_identifier' in events[0]), 'partial events do not carry it (typings)');
  });

  test('at most 128 characters; a string', async () => {
    await generate({ model: 'gpt-image-2', prompt: 's', ...SMALL, safety_identifier: 'x'.repeat(128) });
    assert.deepEqual(lastRequest().validationErrors, []);
    await rejects(generate({ model: 'gpt-image-2', prompt: 's', safety_identifier: 'x'.repeat(129) }), {
      param: 'safety_identifier',
      code: 'string_above_max_length',
      message: /maximum length 128, but got a string with length 129/,
    });
    await rejects(edit({ model: 'gpt-image-2', prompt: 's', image: await imageUpload(32, 32), safety_identifier: 'y'.repeat(200) }), { param: 'safety_identifier', code: 'string_above_max_length' });
    await rejects(generate({ model: 'gpt-image-2', prompt: 's', safety_identifier: 42 }), { param: 'safety_identifier', code: 'invalid_type' });
    await rejects(local.client.images.createVariation({ image: await imageUpload(256, 256), safety_identifier: 'v' } as never), { param: 'safety_identifier', code: 'unknown_parameter' });
  });
});

describe('quality xhigh and max', () => {
  test('on 2.5-family edits; refused on gpt-image-2 edits and generations', async () => {
    for (const quality of ['xhigh', 'max']) {
      const result = await edit({ model: 'gpt-image-2.6-flare', prompt: 'q', image: await imageUpload(32, 32), quality });
      assert.equal(result.quality, quality);
      await rejects(edit({ model: 'gpt-image-2', prompt: 'q', image: await imageUpload(32, 32), quality }), { param: 'quality', code: 'invalid_value', message: /'low', 'medium', 'high', and 'auto'/ });
      await rejects(generate({ model: 'gpt-image-2-2026-04-21', prompt: 'q', quality }), { param: 'quality', code: 'invalid_value' });
    }
  });
});

describe('the typings overlay on the spec', () => {
  test('adds exactly the newer fields, to generations and multipart edits only', () => {
    const spec = loadSpec(findSpecPath());
    const generations = spec.properties('CreateImageRequest');
    for (const key of ['complexity', 'frame_count', 'frame_duration_ms', 'safety_identifier', 'svg']) assert.ok(generations.includes(key), key);
    assert.ok(!generations.includes('markup'));
    const edits = spec.properties('CreateImageEditRequest');
    for (const key of ['complexity', 'frame_count', 'frame_duration_ms', 'safety_identifier', 'markup']) assert.ok(edits.includes(key), key);
    assert.ok(!edits.includes('svg'));
    assert.ok(spec.isBinary('CreateImageEditRequest', 'markup'), 'markup is a file part, like mask');
    assert.equal(spec.coerceField('CreateImageEditRequest', 'frame_count', '4'), 4);
    for (const key of ['complexity', 'markup', 'safety_identifier', 'frame_count']) {
      assert.ok(!spec.properties('CreateImageVariationRequest').includes(key), key);
      assert.ok(!spec.properties('EditImageBodyJsonParam').includes(key), key);
    }
    const formats = (spec.property('CreateImageRequest', 'output_format') as { enum: unknown[] }).enum;
    assert.deepEqual(formats, ['png', 'jpeg', 'webp', 'gif', 'svg', null]);
  });
});
