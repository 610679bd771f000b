// The mask editor's message validation (src/panels/maskEditor/maskMessages.ts) and its
// masked edit request (src/openai/maskedEdit.ts) through the real SDK to the local endpoint.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startEndpoint, type Endpoint } from '../endpoint/server';
import { TEST_KEY } from '../endpoint/fixtures';
import { checkExtendedSize, parseMaskEditorMessage, RejectedMessageError } from '../../src/panels/maskEditor/maskMessages';
import { fromMaskEditorSchema } from '../../shared/messageSchemas';
import { maskProblems, requestMaskedEdit } from '../../src/openai/maskedEdit';
import { APIConnectionTimeoutError } from 'openai';
import { createClient } from '../../src/openai/imagesClient';
import { InvalidParametersError } from '../../src/openai/modelCapabilities';
import { defaultMaskSettings, maskModelChoice } from '../../src/panels/maskEditor/maskModels';
import { DEFAULT_SETTINGS } from '../../src/config/defaultSettings';

const SETTINGS = { model: 'gpt-image-2', size: 'auto', quality: 'low', n: 1, outputFormat: 'png', background: 'auto', strictComposite: true, featherPx: 2 };
const EXTENSION = { left: 0, top: 0, right: 256, bottom: 0 };
const generate = (overrides: Record<string, unknown> = {}) => ({
  type: 'generate',
  requestId: 3,
  revision: 1,
  prompt: 'a cat on a sofa',
  settings: SETTINGS,
  extension: EXTENSION,
  mask: new Uint8Array([137, 80, 78, 71]),
  ...overrides,
});

function rejects(value: unknown, pattern: RegExp): void {
  assert.throws(() => parseMaskEditorMessage(value), (error: unknown) => error instanceof RejectedMessageError && pattern.test(error.message));
}

describe('parseMaskEditorMessage', () => {
  test('accepts well-formed messages as sent (model and size trimmed)', () => {
    assert.deepEqual(parseMaskEditorMessage(generate()), generate());
    assert.deepEqual(parseMaskEditorMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseMaskEditorMessage({ type: 'keep', resultId: 'a'.repeat(24) }), { type: 'keep', resultId: 'a'.repeat(24) });
    const padded = parseMaskEditorMessage(generate({ settings: { ...SETTINGS, model: ' gpt-image-2 ', size: ' auto' } }));
    assert.deepEqual(padded.type === 'generate' && [padded.settings.model, padded.settings.size], ['gpt-image-2', 'auto']);
  });

  test('refuses fields it does not know: a path or URI beside a valid message is a forgery, not something to drop', () => {
    rejects({ ...generate(), uri: 'file:///etc/passwd', path: '../../x' }, /^generate: unexpected field "uri"$/);
    rejects({ type: 'ready', extra: 1 }, /^ready: unexpected field "extra"$/);
    rejects(generate({ settings: { ...SETTINGS, folder: '../..' } }), /^settings: unexpected field "folder"$/);
    rejects(generate({ extension: { ...EXTENSION, path: '/tmp/x' } }), /^extension: unexpected field "path"$/);
    rejects({ type: 'cancel' }, /^cancel: missing field "requestId"$/);
  });

  test('an extra path or uri is refused on every message type, and in settings and extension', () => {
    const resultId = 'a'.repeat(24);
    const estimate = { type: 'estimate', requestId: 2, prompt: 'a cat', settings: SETTINGS, extension: EXTENSION };
    const valid: Record<string, unknown>[] = [
      { type: 'ready' },
      estimate,
      generate(),
      { type: 'cancel', requestId: 3 },
      ...['keep', 'discard', 'editAgain', 'openKept'].map((type) => ({ type, resultId })),
    ];
    const schemaTypes = fromMaskEditorSchema.pipe[1].options.map((option) => option.entries.type.literal);
    assert.deepEqual(valid.map((message) => message.type).sort(), [...schemaTypes].sort(), 'one valid example per message type');
    for (const message of valid) {
      assert.doesNotThrow(() => parseMaskEditorMessage(message), `${String(message.type)} is well-formed`);
      for (const key of ['path', 'uri']) {
        rejects({ ...message, [key]: '/etc/passwd' }, new RegExp(`^${String(message.type)}: unexpected field "${key}"$`));
      }
    }
    for (const key of ['path', 'uri']) {
      for (const message of [estimate, generate()]) {
        rejects({ ...message, settings: { ...SETTINGS, [key]: 'file:///tmp/x' } }, new RegExp(`^settings: unexpected field "${key}"$`));
        rejects({ ...message, extension: { ...EXTENSION, [key]: 'file:///tmp/x' } }, new RegExp(`^extension: unexpected field "${key}"$`));
      }
    }
  });

  test('refuses unknown types and non-objects', () => {
    rejects('ready', /not an object/);
    rejects(null, /not an object/);
    rejects([], /not an object/);
    rejects({ type: 'writeFile', path: '/tmp/x' }, /unknown message type/);
  });

  test('bytes must be bytes: number arrays and base64 are refused', () => {
    rejects(generate({ mask: [137, 80, 78, 71] }), /mask is not bytes/);
    rejects(generate({ mask: 'iVBORw0KGgo=' }), /mask is not bytes/);
    rejects(generate({ mask: new Uint8Array(0) }), /mask is empty/);
    rejects(generate({ mask: new Uint8Array(33 * 1024 * 1024) }), /over the/);
  });

  test('ranges: extension sides, n, feather, prompt length, ids', () => {
    rejects(generate({ extension: { ...EXTENSION, right: -1 } }), /extension.right/);
    rejects(generate({ extension: { ...EXTENSION, right: 1.5 } }), /extension.right/);
    rejects(generate({ extension: { ...EXTENSION, right: 5000 } }), /extension.right/);
    rejects(generate({ extension: { left: 0, top: 0, right: 0 } }), /extension.bottom/);
    rejects(generate({ settings: { ...SETTINGS, n: 11 } }), /settings.n/);
    rejects(generate({ settings: { ...SETTINGS, featherPx: 99 } }), /featherPx/);
    rejects(generate({ settings: { ...SETTINGS, size: '1024x1024; rm -rf' } }), /size/);
    rejects(generate({ settings: { ...SETTINGS, outputFormat: 'gif' } }), /outputFormat/);
    rejects(generate({ settings: { ...SETTINGS, strictComposite: 'yes' } }), /strictComposite/);
    rejects(generate({ prompt: 'x'.repeat(32_001) }), /prompt is longer/);
    rejects(generate({ requestId: -1 }), /requestId/);
    rejects({ type: 'keep', resultId: '../../../etc/passwd' }, /not one the host issued/);
    rejects({ type: 'discard', resultId: 42 }, /resultId is not a string/);
  });

  test('settings: a model name that is not blank, a quality word, bounded sizes; plain objects only', () => {
    rejects(generate({ settings: { ...SETTINGS, model: '   ' } }), /^settings.model is empty$/);
    rejects(generate({ settings: { ...SETTINGS, model: 'm'.repeat(201) } }), /^settings.model is longer than 200 characters$/);
    rejects(generate({ settings: { ...SETTINGS, quality: 'HIGH' } }), /^settings.quality is not a quality$/);
    rejects(generate({ settings: { ...SETTINGS, size: ' '.repeat(30) + '1x1 ' } }), /^settings.size is longer than 32 characters$/);
    rejects(generate({ settings: { ...SETTINGS, background: 'clear' } }), /^settings.background must be one of auto, opaque, transparent$/);
    rejects(generate({ revision: 1.5 }), /^revision must be a whole number/);
    rejects(generate({ settings: [SETTINGS] }), /^settings must be an object$/);
    rejects(generate({ extension: new Uint8Array(4) }), /^extension must be an object$/);
    rejects(generate({ extension: { left: 0, top: 0, right: 0 } }), /^generate: missing field "extension.bottom"$/);
  });

  test('complexity: default, low, medium or high, or absent (the settings decide); anything else is refused', () => {
    for (const complexity of ['default', 'low', 'medium', 'high']) {
      const parsed = parseMaskEditorMessage(generate({ settings: { ...SETTINGS, complexity } }));
      assert.equal(parsed.type === 'generate' && parsed.settings.complexity, complexity);
    }
    const absent = parseMaskEditorMessage(generate());
    assert.ok(absent.type === 'generate' && !('complexity' in absent.settings), 'absent stays absent');
    const estimate = { type: 'estimate', requestId: 2, prompt: 'a cat', extension: EXTENSION };
    for (const forged of ['extreme', 'HIGH', 'high ', '', 'xhigh', 3, null, true, ['high'], { value: 'high' }]) {
      rejects(generate({ settings: { ...SETTINGS, complexity: forged } }), /^settings\.complexity must be one of default, low, medium, high$/);
      rejects({ ...estimate, settings: { ...SETTINGS, complexity: forged } }, /^settings\.complexity must be one of default, low, medium, high$/);
    }
  });

  test('the extended canvas is bounded', () => {
    assert.deepEqual(checkExtendedSize({ width: 1920, height: 1080 }, EXTENSION), { width: 2176, height: 1080 });
    assert.throws(() => checkExtendedSize({ width: 8000, height: 100 }, EXTENSION), RejectedMessageError);
    assert.throws(() => checkExtendedSize({ width: 7000, height: 7000 }, { left: 0, top: 0, right: 0, bottom: 0 }), RejectedMessageError);
  });
});

describe('requestMaskedEdit (local endpoint)', () => {
  let endpoint: Endpoint;
  before(async () => {
    endpoint = await startEndpoint();
  });
  after(() => endpoint.close());
  beforeEach(() => endpoint.reset());

  const image = async (width: number, height: number) => ({
    bytes: await sharp({ create: { width, height, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 1 } } }).png().toBuffer(),
    width,
    height,
    fileName: 'cat.png',
    mimeType: 'image/png',
  });
  const mask = async (width: number, height: number) => {
    const rgba = Buffer.alloc(width * height * 4, 0);
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = i < rgba.length / 2 ? 0 : 255;
    return { bytes: await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer(), width, height, fileName: 'mask.png', mimeType: 'image/png' };
  };

  test('sends image and mask as files (field names, types) and a valid request', async () => {
    const client = createClient({ apiKey: TEST_KEY, baseUrl: endpoint.url, timeoutMs: 20_000, maxRetries: 0 });
    const result = await requestMaskedEdit(client, { model: 'gpt-image-2', prompt: 'a cat', image: await image(64, 48), mask: await mask(64, 48), quality: 'low' });
    assert.equal(result.images.length, 1);
    const request = endpoint.requests[0];
    assert.deepEqual(request.validationErrors, []);
    const files = request.files ?? [];
    assert.deepEqual(files.map((file) => [file.field, file.contentType, file.width, file.height]), [
      ['image', 'image/png', 64, 48],
      ['mask', 'image/png', 64, 48],
    ]);
    assert.equal(request.fields?.stream, undefined, 'never stream: false');
  });

  test('a body that stalls after the headers fails as a connection timeout within the client timeout', { timeout: 15_000 }, async () => {
    // Bounded by the SDK's body timeout and by the request's deadline, whichever comes first.
    endpoint.inject({ kind: 'stall' });
    const client = createClient({ apiKey: TEST_KEY, baseUrl: endpoint.url, timeoutMs: 1500, maxRetries: 0 });
    const started = Date.now();
    await assert.rejects(
      requestMaskedEdit(client, { model: 'gpt-image-2', prompt: 'a cat', image: await image(64, 48), mask: await mask(64, 48) }),
      (error: unknown) => error instanceof APIConnectionTimeoutError,
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1450 && elapsed < 3000, `ended after ${elapsed} ms`);
    assert.equal(endpoint.requests[0].status, 200, 'the headers had arrived');
  });

  test('refuses a mask of another size before sending', async () => {
    const client = createClient({ apiKey: TEST_KEY, baseUrl: endpoint.url, timeoutMs: 20_000, maxRetries: 0 });
    await assert.rejects(
      requestMaskedEdit(client, { model: 'gpt-image-2', prompt: 'a cat', image: await image(64, 48), mask: await mask(48, 48) }),
      (error: unknown) => error instanceof InvalidParametersError && /48x48 but the image is 64x48/.test(error.message),
    );
    assert.equal(endpoint.requests.length, 0);
  });

  test('mask problems: not PNG, 4 MB or more', async () => {
    const img = await image(8, 8);
    const problems = maskProblems(img, { ...img, mimeType: 'image/webp', bytes: Buffer.alloc(4 * 1024 * 1024) });
    assert.deepEqual(problems.map((problem) => problem.field), ['mask', 'mask']);
  });
});

describe('the mask editor\'s Complexity picker (maskModels)', () => {
  const size = { width: 1024, height: 1024, name: 'cat.png' };

  test('offered where the capability table says the model takes complexity', () => {
    assert.equal(maskModelChoice('gpt-image-2', size).complexity, true);
    assert.equal(maskModelChoice('gpt-image-1', size).complexity, false);
    assert.equal(maskModelChoice('dall-e-2', size).complexity, false);
  });

  test('starts at the complexity setting where the model takes it, else at default (nothing sent)', () => {
    const models = ['gpt-image-2', 'gpt-image-1'].map((id) => maskModelChoice(id, size));
    const settings = { ...DEFAULT_SETTINGS, complexity: 'high' as const };
    assert.equal(defaultMaskSettings({ ...settings, model: 'gpt-image-2' }, models).complexity, 'high');
    assert.equal(defaultMaskSettings({ ...settings, model: 'gpt-image-1' }, models).complexity, 'default');
    assert.equal(defaultMaskSettings({ ...DEFAULT_SETTINGS, model: 'gpt-image-2' }, models).complexity, 'default');
  });
});
