import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeForLog, IMAGE_ID_PATTERN, parseStudioMessage } from '../../src/panels/studio/studioMessages';
import type { StudioParams, StudioToHost } from '../../shared/protocol';
import { studioToHostSchema } from '../../shared/messageSchemas';
import { STUDIO_COMPLEXITIES, STUDIO_GIF_LIMITS, STUDIO_QUALITIES } from '../../shared/messageLimits';
import { ALL_COMPLEXITIES, ALL_QUALITIES, GIF_LIMITS } from '../../src/openai/modelTable';

const ID = '0123456789abcdef01234567';
const PARAMS: StudioParams = {
  model: 'gpt-image-2',
  size: '1024x1024',
  quality: 'low',
  n: 3,
  background: 'auto',
  outputFormat: 'png',
  style: 'vivid',
  complexity: 'high',
  frameCount: 4,
  frameDurationMs: 120,
};

const accepted = (value: unknown) => {
  const result = parseStudioMessage(value);
  assert.ok(result.ok, `expected acceptance, got ${JSON.stringify(result)}`);
  return result.message;
};

const refused = (value: unknown, reason: string) => {
  const result = parseStudioMessage(value);
  assert.deepEqual(result, { ok: false, reason }, `for ${JSON.stringify(value)}`);
};

/** One well-formed message of every type. */
const VALID: StudioToHost[] = [
  { type: 'ready' },
  { type: 'cancel' },
  { type: 'rememberChoices', params: PARAMS },
  { type: 'forgetChoices' },
  { type: 'estimate', requestId: 1, prompt: '', params: PARAMS },
  { type: 'generate', requestId: 2, prompt: 'a lighthouse', params: PARAMS },
  { type: 'historyQuery', requestId: 3, filter: 'lighthouse', offset: 60, limit: 60 },
  { type: 'thumbnails', ids: [ID, ID.replace('0', 'f')] },
  { type: 'imageAction', requestId: 4, id: ID, action: 'delete' },
  { type: 'metrics', historyFirstScreenMs: 123.4, historyTiles: 60, historyEmbedded: true },
];

test('every well-formed message is accepted exactly as sent', () => {
  const valid: unknown[] = VALID;
  for (const message of valid) assert.deepEqual(accepted(message), message);
  for (const action of ['open', 'reveal', 'copyPath', 'copyMarkdown', 'insert', 'createVariations', 'editWithMask', 'delete']) {
    assert.deepEqual(accepted({ type: 'imageAction', requestId: 0, id: ID, action }), { type: 'imageAction', requestId: 0, id: ID, action });
  }
  for (const size of ['auto', '1536x1024', '3840x2160', '99999x1']) {
    assert.equal((accepted({ type: 'estimate', requestId: 1, prompt: 'x', params: { ...PARAMS, size } }) as { params: StudioParams }).params.size, size);
  }
});

test('non-objects and unknown types are refused', () => {
  refused(undefined, 'not an object');
  refused(null, 'not an object');
  refused('ready', 'not an object');
  refused(42, 'not an object');
  refused([{ type: 'ready' }], 'not an object');
  refused(new Date(), 'not an object');
  refused({}, 'unknown message type undefined');
  refused({ type: 7 }, 'unknown message type 7');
  refused({ type: 'openFile', path: '/etc/passwd' }, 'unknown message type "openFile"');
  refused({ type: 'deleteFile', uri: 'file:///home/me/.ssh/id_rsa' }, 'unknown message type "deleteFile"');
  refused({ type: 'toString' }, 'unknown message type "toString"');
  refused({ type: '__proto__' }, 'unknown message type "__proto__"');
  refused({ type: 'constructor' }, 'unknown message type "constructor"');
});

test('a path or URI smuggled beside a valid action is refused (exact keys)', () => {
  refused({ type: 'imageAction', requestId: 1, id: ID, action: 'open', path: '/etc/passwd' }, 'imageAction: unexpected field "path"');
  refused({ type: 'imageAction', requestId: 1, id: ID, action: 'delete', uri: 'file:///tmp/x' }, 'imageAction: unexpected field "uri"');
  refused({ type: 'ready', extra: true }, 'ready: unexpected field "extra"');
  refused({ type: 'cancel', jobId: 'abc' }, 'cancel: unexpected field "jobId"');
  refused({ type: 'imageAction', requestId: 1, action: 'open' }, 'imageAction: missing field "id"');
  refused({ type: 'generate', requestId: 1, prompt: 'x' }, 'generate: missing field "params"');
  refused(
    { type: 'generate', requestId: 1, prompt: 'x', params: { ...PARAMS, folder: '../../outside' } },
    'params: unexpected field "folder"',
  );
  refused({ type: 'generate', requestId: 1, prompt: 'x', params: { ...PARAMS, model: undefined } }, 'params.model must be a string');
  const inherited = Object.create({ id: ID }) as Record<string, unknown>;
  Object.assign(inherited, { type: 'imageAction', requestId: 1, action: 'open' });
  refused(inherited, 'not an object');
});

test('an extra path or uri is refused on every message type, and in params', () => {
  const schemaTypes = studioToHostSchema.pipe[1].options.map((option) => option.entries.type.literal);
  assert.deepEqual(VALID.map((message) => message.type).sort(), [...schemaTypes].sort(), 'one valid example per message type');
  for (const message of VALID) {
    refused({ ...message, path: '/etc/passwd' }, `${message.type}: unexpected field "path"`);
    refused({ ...message, uri: 'file:///home/me/.ssh/id_rsa' }, `${message.type}: unexpected field "uri"`);
  }
  for (const key of ['path', 'uri']) {
    refused({ type: 'generate', requestId: 1, prompt: 'x', params: { ...PARAMS, [key]: '/tmp/x' } }, `params: unexpected field "${key}"`);
  }
});

test('ids must look like host-issued ids: paths, traversal and lookalikes are refused', () => {
  for (const id of ['../images/a.png', '/etc/passwd', 'C:\\Windows\\win.ini', 'file:///tmp/a.png', '', ID.toUpperCase(), `${ID}0`, ID.slice(1), `${ID.slice(0, 23)}g`, 12]) {
    refused({ type: 'imageAction', requestId: 1, id, action: 'open' }, 'id is not an image id');
  }
  assert.ok(IMAGE_ID_PATTERN.test(ID));
  refused({ type: 'thumbnails', ids: [ID, '../x'] }, 'id is not an image id');
  refused({ type: 'thumbnails', ids: [] }, 'ids must be a list of 1 to 100 image ids');
  refused({ type: 'thumbnails', ids: ID }, 'ids must be a list of 1 to 100 image ids');
  refused({ type: 'thumbnails', ids: Array.from({ length: 101 }, () => ID) }, 'ids must be a list of 1 to 100 image ids');
});

test('actions outside the list are refused', () => {
  for (const action of ['rm', 'openExternal', 'OPEN', '', 'delete ', 5]) {
    refused(
      { type: 'imageAction', requestId: 1, id: ID, action },
      'action must be one of open, reveal, copyPath, copyMarkdown, insert, createVariations, editWithMask, delete',
    );
  }
});

test('request ids must be whole numbers ≥ 0', () => {
  for (const requestId of [-1, 1.5, '1', null, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
    refused({ type: 'historyQuery', requestId, filter: '', offset: 0, limit: 10 }, 'requestId must be a whole number ≥ 0');
  }
});

test('prompts: strings up to 32,000 characters; generate needs text', () => {
  const long = 'x'.repeat(32_000);
  assert.equal((accepted({ type: 'generate', requestId: 1, prompt: long, params: PARAMS }) as { prompt: string }).prompt, long);
  refused({ type: 'generate', requestId: 1, prompt: `${long}x`, params: PARAMS }, 'prompt is longer than 32000 characters');
  refused({ type: 'generate', requestId: 1, prompt: '   \n ', params: PARAMS }, 'prompt is empty');
  refused({ type: 'generate', requestId: 1, prompt: ['a'], params: PARAMS }, 'prompt must be a string');
  assert.ok(parseStudioMessage({ type: 'estimate', requestId: 1, prompt: '', params: PARAMS }).ok, 'an empty prompt can be estimated');
});

test('parameters: n 1–10, vocabularies, size and model shapes', () => {
  const withParams = (change: Partial<Record<keyof StudioParams, unknown>>) => ({ type: 'generate', requestId: 1, prompt: 'x', params: { ...PARAMS, ...change } });
  for (const n of [0, 11, 2.5, '3', -1]) refused(withParams({ n }), 'params.n must be a whole number from 1 to 10');
  refused(withParams({ quality: 'ultra' }), 'params.quality must be one of auto, low, medium, high, xhigh, max, standard, hd');
  refused(withParams({ background: 'clear' }), 'params.background must be one of auto, opaque, transparent');
  refused(withParams({ outputFormat: 'bmp' }), 'params.outputFormat must be one of png, jpeg, webp, gif, svg');
  refused(withParams({ style: 'noir' }), 'params.style must be one of vivid, natural');
  for (const size of ['1024', '1024x', 'x1024', '0x1024', '1024X1024', '123456x1', ' 1024x1024', 'big']) {
    refused(withParams({ size }), 'params.size must be WIDTHxHEIGHT or auto');
  }
  refused(withParams({ size: 'x'.repeat(12) }), 'params.size is longer than 11 characters');
  for (const model of ['gpt image', 'a\nb', '', 'ü-model']) refused(withParams({ model }), 'params.model must be a model name without spaces');
  refused(withParams({ model: 'm'.repeat(201) }), 'params.model is longer than 200 characters');
  refused({ type: 'generate', requestId: 1, prompt: 'x', params: null }, 'params must be an object');
  refused({ type: 'generate', requestId: 1, prompt: 'x', params: [PARAMS] }, 'params must be an object');
});

test('remembered choices are form values of the same shape as Generate\'s, nothing else', () => {
  const remember = (params: unknown) => ({ type: 'rememberChoices', params });
  refused(remember({ ...PARAMS, n: 11 }), 'params.n must be a whole number from 1 to 10');
  refused(remember({ ...PARAMS, size: '../x' }), 'params.size must be WIDTHxHEIGHT or auto');
  refused(remember({ ...PARAMS, folder: '/tmp' }), 'params: unexpected field "folder"');
  refused(remember('gpt-image-2'), 'params must be an object');
  refused({ type: 'rememberChoices' }, 'rememberChoices: missing field "params"');
  refused({ type: 'forgetChoices', params: PARAMS }, 'forgetChoices: unexpected field "params"');
});

test('the qualities the studio accepts are the model table\'s', () => {
  assert.deepEqual([...STUDIO_QUALITIES], [...ALL_QUALITIES]);
});

test('complexity and the GIF frames: accepted in their ranges, absent means the settings\' values', () => {
  const params = (change: Record<string, unknown>) => (accepted({ type: 'estimate', requestId: 1, prompt: 'x', params: { ...PARAMS, ...change } }) as { params: StudioParams }).params;
  for (const complexity of ['default', 'low', 'medium', 'high']) assert.equal(params({ complexity }).complexity, complexity);
  for (const frameCount of [2, 9, 16]) assert.equal(params({ frameCount }).frameCount, frameCount);
  for (const frameDurationMs of [10, 200, 655_350]) assert.equal(params({ frameDurationMs }).frameDurationMs, frameDurationMs);
  // A sender that predates them (or leaves them to the settings) sends none of them.
  const { complexity: _c, frameCount: _f, frameDurationMs: _d, ...older } = PARAMS;
  assert.deepEqual(params({ ...older, complexity: undefined, frameCount: undefined, frameDurationMs: undefined }), { ...older, complexity: undefined, frameCount: undefined, frameDurationMs: undefined });
  assert.deepEqual(accepted({ type: 'rememberChoices', params: older }), { type: 'rememberChoices', params: older });
});

test('complexity and the GIF frames: anything else is refused, saying what is allowed', () => {
  const withParams = (change: Record<string, unknown>) => ({ type: 'generate', requestId: 1, prompt: 'x', params: { ...PARAMS, ...change } });
  for (const complexity of ['extreme', 'High', '', 3, null]) refused(withParams({ complexity }), 'params.complexity must be one of default, low, medium, high');
  for (const frameCount of [1, 17, 4.5, '4', -2, Number.NaN, Number.POSITIVE_INFINITY, null]) {
    refused(withParams({ frameCount }), 'params.frameCount must be a whole number from 2 to 16');
  }
  for (const frameDurationMs of [0, 9, 655_351, 12.5, '200', 2 ** 60, null]) {
    refused(withParams({ frameDurationMs }), 'params.frameDurationMs must be a whole number from 10 to 655350');
  }
  refused({ type: 'rememberChoices', params: { ...PARAMS, frameCount: 99 } }, 'params.frameCount must be a whole number from 2 to 16');
  refused(withParams({ frames: 4 }), 'params: unexpected field "frames"');
});

test('the studio\'s complexities and GIF limits are the model table\'s', () => {
  assert.deepEqual([...STUDIO_COMPLEXITIES], ['default', ...ALL_COMPLEXITIES]);
  const { sizes: _sizes, ...frames } = GIF_LIMITS;
  assert.deepEqual({ ...STUDIO_GIF_LIMITS }, frames);
});

test('history queries are bounded', () => {
  const query = (change: Record<string, unknown>) => ({ type: 'historyQuery', requestId: 1, filter: '', offset: 0, limit: 60, ...change });
  refused(query({ limit: 0 }), 'limit must be a whole number from 1 to 200');
  refused(query({ limit: 201 }), 'limit must be a whole number from 1 to 200');
  refused(query({ offset: -1 }), 'offset must be a whole number from 0 to 100000');
  refused(query({ filter: 'x'.repeat(501) }), 'filter is longer than 500 characters');
  refused(query({ filter: /x/ }), 'filter must be a string');
});

test('metrics must be plausible durations', () => {
  refused({ type: 'metrics', historyFirstScreenMs: -5, historyTiles: 1, historyEmbedded: false }, 'historyFirstScreenMs is not a duration');
  refused({ type: 'metrics', historyFirstScreenMs: 'fast', historyTiles: 1, historyEmbedded: false }, 'historyFirstScreenMs is not a duration');
  refused({ type: 'metrics', historyFirstScreenMs: 10, historyTiles: -1, historyEmbedded: false }, 'historyTiles must be a whole number from 0 to 100000');
  refused({ type: 'metrics', historyFirstScreenMs: 10, historyTiles: 1, historyEmbedded: 'yes' }, 'historyEmbedded must be true or false');
});

test('describeForLog names the type and never echoes content', () => {
  assert.equal(describeForLog({ type: 'imageAction', id: '/etc/passwd' }), '"imageAction"');
  assert.equal(describeForLog({ type: 'x\u0000\u202ey' }), '"x??y"');
  assert.equal(describeForLog('hello'), 'string');
  assert.equal(describeForLog([]), 'an array');
  assert.equal(describeForLog({ path: '/etc/passwd' }), 'a message without a type');
});
