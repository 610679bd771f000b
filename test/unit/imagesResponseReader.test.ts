// The streaming reader of non-streaming Images API answers (src/openai/imagesResponseReader.ts):
// whatever the chunking, it must read what JSON.parse reads, decode `b64_json` to the bytes
// Buffer.from(b64, 'base64') gives, and refuse what is not a valid answer.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  ImagesResponseParser,
  MAX_IMAGE_BYTES,
  MAX_OTHER_BYTES,
  MAX_TEXT_BYTES,
  readImagesResponse,
  type ReadImagesResponse,
} from '../../src/openai/imagesResponseReader';
import { InvalidResponseError } from '../../src/openai/responseErrors';

/** `body` cut at the given byte offsets. */
function pieces(body: Buffer, splits: number[]): Buffer[] {
  const starts = [0, ...splits];
  return starts.map((start, index) => body.subarray(start, splits[index] ?? body.length));
}

/** Parses `body` fed in pieces cut at the given byte offsets. */
function parseSplit(body: Buffer, splits: number[]): ReadImagesResponse {
  const parser = new ImagesResponseParser();
  for (const piece of pieces(body, splits)) parser.push(piece);
  return parser.end();
}

function parseWhole(body: string | Buffer): ReadImagesResponse {
  return parseSplit(Buffer.isBuffer(body) ? body : Buffer.from(body), []);
}

/** A tiny deterministic generator, so a failing chunking can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomSplits(length: number, seed: number, largest = 7): number[] {
  const next = random(seed);
  const splits: number[] = [];
  for (let at = 1 + Math.floor(next() * largest); at < length; at += 1 + Math.floor(next() * largest)) splits.push(at);
  return splits;
}

/** What the reader must give for `body`, worked out with JSON.parse and Buffer.from. */
function expected(body: string): ReadImagesResponse {
  const json = JSON.parse(body) as { created?: number; usage?: Record<string, unknown>; data?: Record<string, unknown>[] };
  return {
    entries: (json.data ?? []).map((item) => ({
      ...(typeof item.b64_json === 'string' && item.b64_json ? { bytes: Buffer.from(item.b64_json, 'base64') } : {}),
      ...(typeof item.url === 'string' && item.url ? { url: item.url } : {}),
      ...(typeof item.revised_prompt === 'string' ? { revisedPrompt: item.revised_prompt } : {}),
    })),
    ...(typeof json.created === 'number' ? { created: json.created } : {}),
    ...(json.usage ? { usage: json.usage } : {}),
  };
}

function assertSame(actual: ReadImagesResponse, wanted: ReadImagesResponse, context = ''): void {
  assert.equal(actual.created, wanted.created, context);
  assert.deepEqual(actual.usage, wanted.usage, context);
  assert.equal(actual.entries.length, wanted.entries.length, context);
  actual.entries.forEach((entry, index) => {
    const want = wanted.entries[index];
    assert.equal(entry.url, want.url, context);
    assert.equal(entry.revisedPrompt, want.revisedPrompt, context);
    assert.equal(entry.bytes === undefined, want.bytes === undefined, `${context}: entry ${index} has bytes`);
    if (entry.bytes && want.bytes) assert.ok(entry.bytes.equals(want.bytes), `${context}: bytes of entry ${index}`);
  });
}

const invalid = (pattern: RegExp) => (error: unknown) => error instanceof InvalidResponseError && pattern.test(error.message);

const USAGE = { input_tokens: 12, output_tokens: 400, total_tokens: 412, input_tokens_details: { text_tokens: 12, image_tokens: 0 } };

// Small but with every kind of token: escapes in text (surrogate pair, lone surrogate,
// quotes, `\/`), raw UTF-8, escapes inside base64, padding, unknown fields, nesting.
const SMALL = String.raw`{ "created": 1713833628, "background":"opaque", "extra": {"a": [1, -2.5e3, true, false, null, {}, []], "b": "\u00e9\ud83d\ude00\ud800 x"},
 "data": [ {"revised_prompt": "A \"cat\" \/ é 🦊\n\ttab", "b64_json": "aGVs\u002B\/+\/bG8g\nd29ybGQ=", "x": 0},
 {"url": "https://files.example/a.png?se=1&sig=x", "b64_json": null}, {"b64_json":"QUJD"} ],
 "usage": {"input_tokens": 12, "output_tokens": 400, "total_tokens": 412, "input_tokens_details": {"text_tokens": 12, "image_tokens": 0}},
 "quality": "low" }`;

describe('reading what JSON.parse reads', () => {
  test('the small document, whole', () => {
    const result = parseWhole(SMALL);
    assertSame(result, expected(SMALL));
    assert.equal(result.entries[0].revisedPrompt, 'A "cat" / é 🦊\n\ttab');
    assert.equal(result.entries[0].bytes?.toString('latin1'), Buffer.from('aGVs+/+/bG8gd29ybGQ=', 'base64').toString('latin1'));
    assert.deepEqual(result.usage, USAGE);
  });

  test('split in two at every byte', () => {
    const body = Buffer.from(SMALL);
    const want = expected(SMALL);
    for (let at = 0; at <= body.length; at++) assertSame(parseSplit(body, [at]), want, `split at ${at}`);
  });

  test('split in three at every pair of positions', () => {
    const body = Buffer.from(SMALL);
    const want = expected(SMALL);
    for (let first = 1; first < body.length; first++) {
      for (let second = first + 1; second < body.length; second += 4) assertSame(parseSplit(body, [first, second]), want, `splits ${first}, ${second}`);
    }
  });

  test('one byte at a time', () => {
    const body = Buffer.from(SMALL);
    assertSame(parseSplit(body, Array.from({ length: body.length - 1 }, (_, index) => index + 1)), expected(SMALL));
  });

  test('large images in random chunks of 1–7 bytes, and of up to 64 KB', () => {
    const images = [randomBytes(200_000), randomBytes(70_001), randomBytes(3)];
    // Every `/` escaped (JSON allows it, PHP does it) and line breaks every 76 characters.
    const escaped = (b64: string) => b64.replace(/(.{76})/g, '$1\\r\\n').replace(/\//g, '\\/');
    const body = JSON.stringify({
      usage: USAGE,
      data: images.map((bytes, index) => ({ b64_json: bytes.toString('base64'), revised_prompt: `prompt ${index} ✓` })),
      created: 1,
    }).replace(/"b64_json":"([^"]*)"/g, (_, b64: string) => `"b64_json":"${escaped(b64)}"`);
    const bytes = Buffer.from(body);
    for (const seed of [1, 2, 3]) {
      const result = parseSplit(bytes, randomSplits(bytes.length, seed));
      assertSame(result, expected(body), `seed ${seed}`);
      result.entries.forEach((entry, index) => assert.ok(entry.bytes?.equals(images[index]), `image ${index}, seed ${seed}`));
    }
    const coarse = parseSplit(bytes, randomSplits(bytes.length, 9, 64 * 1024));
    coarse.entries.forEach((entry, index) => assert.ok(entry.bytes?.equals(images[index]), `image ${index} in large chunks`));
  });

  test('base64 with or without padding, lines and escaped characters decodes like Buffer.from', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 8, 100]) {
      const bytes = randomBytes(length);
      const b64 = bytes.toString('base64');
      const forms = [b64, b64.replace(/=+$/, ''), b64.replace(/\+/g, '\\u002B').replace(/\//g, '\\u002f'), b64.replace(/(.{4})/g, '$1\\n')];
      for (const form of forms) {
        const body = `{"data":[{"b64_json":"${form}","url":"https://x.example/i.png"}]}`;
        for (const splits of [[], randomSplits(body.length, length, 3)]) {
          const [entry] = parseSplit(Buffer.from(body), splits).entries;
          if (length === 0) assert.equal(entry.bytes, undefined, 'an empty b64_json is no data');
          else assert.ok(entry.bytes?.equals(bytes), `${length} bytes as ${form}`);
        }
      }
    }
  });

  test('any field order, whitespace and unknown fields, at every level', () => {
    const value = {
      data: [{ future_field: { deep: [[{ b64_json: 'not decoded here' }]] }, b64_json: 'QUJD', revised_prompt: '' }],
      output_format: 'png',
      usage: { ...USAGE, b64_json: 'kept as text' },
      size: '1536x1024',
      created: 0,
      partial: [1e-7, -0, 0.5, 123456789012345, 1e300],
    };
    for (const body of [JSON.stringify(value), JSON.stringify(value, null, 2), JSON.stringify(value, null, '\t').replace(/\n/g, '\r\n')]) {
      const result = parseWhole(`\r\n ${body} \n\t`);
      assertSame(result, expected(body));
      assert.equal(result.entries[0].revisedPrompt, '');
      assert.equal(result.created, 0);
      assert.equal(result.usage?.b64_json, 'kept as text');
    }
  });

  test('a UTF-8 byte order mark is skipped, as response.text() does', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"data":[{"b64_json":"QUJD"}]}')]);
    for (let at = 0; at <= body.length; at++) assert.equal(parseSplit(body, [at]).entries[0].bytes?.toString(), 'ABC');
  });

  test('missing or odd data, created and usage', () => {
    assert.deepEqual(parseWhole('{}'), { entries: [] });
    assert.deepEqual(parseWhole('{"data": {"b64_json": "QUJD"}, "created": "soon", "usage": [1]}'), { entries: [] });
    assert.deepEqual(parseWhole('{"data": [1, "x", null, [], {"revised_prompt": 5}]}').entries, [{}, {}, {}, {}, {}]);
    // The last of two keys wins, as in JSON.parse.
    assert.equal(parseWhole('{"data": [{"b64_json": "QUJD"}], "data": [{"b64_json": "REVG"}]}').entries[0].bytes?.toString(), 'DEF');
  });

  test('a key named __proto__ is a plain property', () => {
    const result = parseWhole('{"usage": {"__proto__": {"polluted": true}, "total_tokens": 1}, "data": []}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(result.usage), Object.prototype);
    assert.deepEqual(Object.keys(result.usage ?? {}), ['__proto__', 'total_tokens']);
  });
});

describe('refusing what is not a valid answer', () => {
  test('every truncation of a valid body', () => {
    const body = Buffer.from(SMALL);
    for (let length = 0; length < body.length; length++) {
      if (body.subarray(0, length).toString().trim() === '') continue;
      assert.throws(() => parseSplit(body.subarray(0, length), randomSplits(length, length, 5)), invalid(/ended before its JSON was complete/), `first ${length} bytes`);
    }
  });

  test('an empty body, or only whitespace', () => {
    for (const body of ['', '  \r\n\t']) assert.throws(() => parseWhole(body), invalid(/empty answer/));
  });

  test('a top-level value that is not an object', () => {
    for (const body of ['[{"b64_json":"QUJD"}]', '"QUJD"', '42', 'null', '<html>Bad gateway</html>', '\ufeff\ufeff{}']) {
      assert.throws(() => parseWhole(body), invalid(/not a JSON object/), body);
    }
  });

  test('invalid JSON anywhere', () => {
    const bodies = [
      '{"data": [],}',
      '{"data": [1,]}',
      '{"data" []}',
      "{'data': []}",
      '{"data": []} x',
      '{"data": []}{}',
      '{data: []}',
      '{"created": 01}',
      '{"created": 1.}',
      '{"created": -}',
      '{"created": 1e}',
      '{"created": tru}',
      '{"created": nul1}',
      '{"created": True}',
      '{"usage": {"a": 1 "b": 2}}',
      '{"data": [{"revised_prompt": "bad \\x escape"}]}',
      '{"data": [{"revised_prompt": "bad \\u12G4 escape"}]}',
      '{"data": [{"revised_prompt": "raw\nnewline"}]}',
      '{"data": [{"revised_prompt": "raw\ttab"}]}',
      '{"data": [}',
      '{"data": ]}',
    ];
    for (const body of bodies) assert.throws(() => parseWhole(body), invalid(/not valid JSON/), body);
  });

  test('b64_json that is not base64', () => {
    const values = [
      '"QUJ-"', // base64url
      '"QUJ_"',
      '"QU JD"',
      '"QUJD\\t"',
      '"QUJD\\\\"',
      '"QQ==QUJD"', // data after padding
      '"QQ=\\nQ"',
      '"QUJD="', // padding after a whole group
      '"QQ==="',
      '"QUJDQ"', // one character over a group
      '"QUJDQ=="',
      '"QUI=="',
      '"QUJ\\u00e9"',
      '"QUJD\nQUJD"', // a raw line break is not JSON either
      '12',
      '{"b64": "QUJD"}',
      '["QUJD"]',
    ];
    for (const value of values) {
      const body = `{"data": [{"b64_json": ${value}}]}`;
      assert.throws(() => parseWhole(body), invalid(/not valid base64/), body);
      assert.throws(() => parseSplit(Buffer.from(body), randomSplits(body.length, 7, 2)), invalid(/not valid base64/), `${body} in pieces`);
    }
  });

  test('a url that is not a string', () => {
    assert.throws(() => parseWhole('{"data": [{"url": 5}]}'), invalid(/image link that is not a valid URL/));
  });

  test('a text value over the limit, whichever kind', () => {
    const huge = 'x'.repeat(MAX_TEXT_BYTES + 1);
    for (const body of [`{"data": [{"revised_prompt": "${huge}"}]}`, `{"${huge}": 1}`, `{"n": 1${'0'.repeat(MAX_TEXT_BYTES)}}`, `{"x": "${'\\n'.repeat(MAX_TEXT_BYTES + 1)}"}`]) {
      assert.throws(() => parseSplit(Buffer.from(body), [10, 70_000]), invalid(/text value over 1 MB/));
    }
    // Exactly at the limit is fine.
    const atLimit = parseWhole(`{"data": [{"revised_prompt": "${'é'.repeat(MAX_TEXT_BYTES / 2)}", "b64_json": "QUJD"}]}`);
    assert.equal(atLimit.entries[0].revisedPrompt?.length, MAX_TEXT_BYTES / 2);
  });

  test('far more than images and their details', () => {
    const many = `{"x": [${Array.from({ length: MAX_OTHER_BYTES / 8 }, () => '"abcdefg"').join(',')}]}`;
    assert.throws(() => parseSplit(Buffer.from(many), randomSplits(many.length, 1, 64 * 1024)), invalid(/far more than images/));
    // Image data does not count: 12 MB of base64 is fine.
    const image = randomBytes(9 * 1024 * 1024);
    const body = Buffer.from(`{"data": [{"b64_json": "${image.toString('base64')}"}]}`);
    assert.ok(parseSplit(body, randomSplits(body.length, 2, 64 * 1024)).entries[0].bytes?.equals(image));
  });

  test('one image over the size limit is refused as it arrives, not after', () => {
    const parser = new ImagesResponseParser();
    parser.push(Buffer.from('{"data": [{"b64_json": "'));
    // 1 MB of base64 at a time: the refusal comes within one piece of the limit.
    const piece = Buffer.alloc(1024 * 1024, 'A');
    let fed = 0;
    assert.throws(() => {
      for (;;) {
        parser.push(piece);
        fed += piece.length;
        assert.ok(fed <= (MAX_IMAGE_BYTES / 3) * 4 + piece.length, 'still reading past the limit');
      }
    }, invalid(/image of over 64 MB/));
    assert.ok(fed >= (MAX_IMAGE_BYTES / 3) * 4 - piece.length, `refused after ${fed} base64 characters`);
  });

  test('nesting deeper than an answer does', () => {
    assert.throws(() => parseWhole(`{"x": ${'['.repeat(40)}${']'.repeat(40)}}`), invalid(/nests deeper/));
    assert.doesNotThrow(() => parseWhole(`{"x": ${'['.repeat(20)}${']'.repeat(20)}}`));
  });
});

describe('readImagesResponse', () => {
  /** A body that sends `chunks`, then stays open until cancelled; records the cancel. */
  function openBody(chunks: Uint8Array[]): { body: ReadableStream<Uint8Array>; cancelled: Promise<void> } {
    let markCancelled: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => (markCancelled = resolve));
    let index = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (index < chunks.length) controller.enqueue(chunks[index++]);
        // else: stay pending, as a stalled server does
      },
      cancel() {
        markCancelled();
      },
    });
    return { body, cancelled };
  }

  const streamOf = (chunks: Uint8Array[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
        controller.close();
      },
    });

  /** A response as fetch gives it; a stream body has no content type unless one is given. */
  const json = (body: ConstructorParameters<typeof Response>[0], type = 'application/json') =>
    new Response(body, { headers: type ? { 'content-type': type } : {} });

  test('reads a body in many chunks', async () => {
    const bytes = Buffer.from(SMALL);
    const body = streamOf(pieces(bytes, randomSplits(bytes.length, 4)));
    assertSame(await readImagesResponse(json(body, 'application/json; charset=utf-8')), expected(SMALL));
  });

  test('accepts any JSON media type, refuses the rest', async () => {
    assert.equal((await readImagesResponse(json('{"data":[]}', 'application/vnd.images+json'))).entries.length, 0);
    assert.equal((await readImagesResponse(json('{"data":[]}', 'Application/JSON'))).entries.length, 0);
    await assert.rejects(readImagesResponse(json('<html>', 'text/html; charset=utf-8')), invalid(/content of type text\/html instead of JSON/));
    await assert.rejects(readImagesResponse(json(streamOf([Buffer.from('{"data":[]}')]), '')), invalid(/content of no declared type instead of JSON/));
  });

  test('a response without a body is an empty answer', async () => {
    await assert.rejects(readImagesResponse(new Response(null, { status: 204, headers: { 'content-type': 'application/json' } })), invalid(/empty answer/));
  });

  test('an abort stops reading at once, rejects with the signal\'s reason and cancels the body', async () => {
    const { body, cancelled } = openBody([Buffer.from('{"data": [{"b64_json": "QUJD')]);
    const controller = new AbortController();
    const reading = readImagesResponse(json(body), controller.signal);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    await assert.rejects(reading, (error: unknown) => error instanceof DOMException && error.name === 'AbortError');
    assert.ok(Date.now() - started < 1000);
    await cancelled;
  });

  test('an already aborted signal reads nothing', async () => {
    const { body, cancelled } = openBody([Buffer.from('{}')]);
    const reason = new Error('stop');
    await assert.rejects(readImagesResponse(json(body), AbortSignal.abort(reason)), (error: unknown) => error === reason);
    await cancelled;
  });

  test('invalid JSON stops the download', async () => {
    const { body, cancelled } = openBody([Buffer.from('{"data": [{"b64_json": "QU!D'), Buffer.from('more')]);
    await assert.rejects(readImagesResponse(json(body)), invalid(/not valid base64/));
    await cancelled;
  });

  test('a body cut off by the network rejects with the network\'s error', async () => {
    const failure = new TypeError('terminated');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.from('{"data": ['));
        setTimeout(() => controller.error(failure), 5);
      },
    });
    await assert.rejects(readImagesResponse(json(body)), (error: unknown) => error === failure);
  });
});
