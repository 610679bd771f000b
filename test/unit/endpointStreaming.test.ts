// `stream: true`: server-sent events shaped as the spec's ImageGenStreamEvent and
// ImageEditStreamEvent, consumed through the openai SDK's own stream parser.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import sharp from 'sharp';
import { imageUpload, TEST_KEY, useEndpoint } from '../endpoint/fixtures';

const local = useEndpoint();

const PARTIAL_KEYS = ['b64_json', 'background', 'created_at', 'output_format', 'partial_image_index', 'quality', 'size', 'type'];
const COMPLETED_KEYS = ['b64_json', 'background', 'created_at', 'output_format', 'quality', 'size', 'type', 'usage'];

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('streaming', () => {
  test('generation: N partial_image events, then completed with usage; every image decodes', async () => {
    const stream = await local.client.images.generate({ model: 'gpt-image-1.5', prompt: 'a streaming fox', stream: true, partial_images: 3, size: '1024x1536', quality: 'low' });
    const events = await collect(stream);
    assert.deepEqual(
      events.map((e) => e.type),
      ['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed'],
    );
    for (const [index, event] of events.entries()) {
      assert.deepEqual(Object.keys(event).sort(), event.type.endsWith('completed') ? COMPLETED_KEYS : PARTIAL_KEYS);
      if (event.type === 'image_generation.partial_image') assert.equal(event.partial_image_index, index);
      assert.equal(event.size, '1024x1536');
      assert.equal(event.quality, 'low');
      assert.equal(event.output_format, 'png');
      assert.equal(event.background, 'opaque');
      assert.equal(typeof event.created_at, 'number');
      const meta = await sharp(Buffer.from(event.b64_json, 'base64')).metadata();
      assert.equal(`${meta.width}x${meta.height}`, '1024x1536');
    }
    const completed = events.at(-1) as OpenAI.Images.ImageGenCompletedEvent;
    assert.equal(completed.usage.total_tokens, completed.usage.input_tokens + completed.usage.output_tokens);
    assert.equal(typeof completed.usage.input_tokens_details.text_tokens, 'number');
  });

  test('partial_images 0 (or absent) → just the completed event', async () => {
    for (const partial_images of [0, undefined]) {
      const events = await collect(await local.client.images.generate({ model: 'gpt-image-2', prompt: 'p0', stream: true, size: '256x256', ...(partial_images === undefined ? {} : { partial_images }) }));
      assert.deepEqual(events.map((e) => e.type), ['image_generation.completed']);
    }
  });

  test('the wire format: text/event-stream, `event:` lines naming each type, no [DONE]', async () => {
    const res = await fetch(`${local.endpoint.url}/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-2', prompt: 'wire', stream: true, partial_images: 1, size: '64x64', output_format: 'webp' }),
    });
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
    const text = await res.text();
    const blocks = text.trim().split('\n\n');
    assert.equal(blocks.length, 2);
    for (const block of blocks) {
      const [eventLine, dataLine] = block.split('\n');
      const payload = JSON.parse(dataLine.replace(/^data: /, '')) as { type: string; output_format: string };
      assert.equal(eventLine, `event: ${payload.type}`);
      assert.equal(payload.output_format, 'webp');
    }
    assert.doesNotMatch(text, /\[DONE\]/);
  });

  test('edit stream: image_edit.* events; multipart stream/partial_images fields are honoured', async () => {
    const stream = await local.client.images.edit({ model: 'gpt-image-2.5-flare', prompt: 'edit stream', image: await imageUpload(320, 240), stream: true, partial_images: 2, quality: 'xhigh' });
    const events = await collect(stream);
    assert.deepEqual(events.map((e) => e.type), ['image_edit.partial_image', 'image_edit.partial_image', 'image_edit.completed']);
    assert.equal(events[0].size, '320x240');
    assert.equal(events[2].quality, 'xhigh');
    assert.equal(local.endpoint.requests.at(-1)?.fields?.stream, 'true');
  });

  test('transparent webp stream keeps alpha in partials and final', async () => {
    const events = await collect(await local.client.images.generate({ model: 'gpt-image-1-mini', prompt: 'alpha', stream: true, partial_images: 1, background: 'transparent', output_format: 'webp' }));
    for (const event of events) {
      assert.equal(event.background, 'transparent');
      const meta = await sharp(Buffer.from(event.b64_json, 'base64')).metadata();
      assert.equal(meta.format, 'webp');
      assert.equal(meta.hasAlpha, true);
    }
  });

  test('stream is refused for DALL·E; stream errors arrive as normal JSON errors before any event', async () => {
    await assert.rejects(local.client.images.generate({ model: 'dall-e-3', prompt: 'x', stream: true }), (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'stream');
    await assert.rejects(local.client.images.generate({ model: 'gpt-image-2', prompt: 'x', stream: true, size: '100x100' }), (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'size');
    assert.equal(local.endpoint.invalidRequests().length, 2);
  });
});
