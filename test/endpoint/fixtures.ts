// Helpers for tests that talk to the endpoint: input images made with sharp and an
// `openai` client pointed at the endpoint (no retries, so a fault is seen exactly once).
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import OpenAI, { APIError, toFile } from 'openai';
import sharp from 'sharp';
import { startEndpoint } from './server';
import type { Endpoint, RecordedRequest } from './types';

export const TEST_KEY = 'sk-test-endpoint-0000';

/** A test file's endpoint and a client for it; both are set once the file's `before` hook has run. */
export interface LocalEndpoint {
  readonly endpoint: Endpoint;
  readonly client: OpenAI;
}

/**
 * Starts an endpoint before a file's tests and closes it after them; before each test it is
 * reset (faults, recordings) unless `resetBeforeEach` is false. Call at a test file's top level.
 */
export function useEndpoint(options: { resetBeforeEach?: boolean } = {}): LocalEndpoint {
  const local = {} as { endpoint: Endpoint; client: OpenAI };
  before(async () => {
    local.endpoint = await startEndpoint();
    local.client = clientFor(local.endpoint);
  });
  after(() => local.endpoint.close());
  if (options.resetBeforeEach ?? true) beforeEach(() => local.endpoint.reset());
  return local;
}

/**
 * Untyped images calls against `local` (tests send what the typings may not allow yet, or
 * on purpose what the service refuses), and the refusal check for them.
 */
export function imageCalls(local: LocalEndpoint) {
  type Params = Record<string, unknown>;
  return {
    generate: (params: Params) => local.client.images.generate(params as never) as Promise<OpenAI.ImagesResponse>,
    edit: (params: Params) => local.client.images.edit(params as never) as Promise<OpenAI.ImagesResponse>,
    rejects: (call: Promise<unknown>, expected: Refusal) => assertRefused(local.endpoint, call, expected),
  };
}

/** The one request `endpoint` recorded: to `path`, and accepted by the spec. */
export function onlyRequest(endpoint: Pick<Endpoint, 'requests'>, path: string): RecordedRequest {
  assert.equal(endpoint.requests.length, 1, 'exactly one request');
  const request = endpoint.requests[0];
  assert.equal(request.path, path);
  assert.deepEqual(request.validationErrors, [], 'the spec accepts the request');
  return request;
}

/** How the service answers a refused request (status 400 unless told). */
export interface Refusal {
  status?: number;
  param?: string | null;
  code?: string | null;
  message?: RegExp;
}

/** Asserts `call` fails as the service would answer, and that `endpoint` recorded the request as invalid. */
export async function assertRefused(endpoint: Endpoint, call: Promise<unknown>, expected: Refusal): Promise<APIError> {
  const before = endpoint.invalidRequests().length;
  const error = await call.then(
    () => assert.fail(`expected a ${expected.status ?? 400} rejection`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof APIError, String(error));
  assert.equal(error.status, expected.status ?? 400, error.message);
  assert.equal(error.type, 'invalid_request_error');
  if ('param' in expected) assert.equal(error.param, expected.param, error.message);
  if ('code' in expected) assert.equal(error.code, expected.code, error.message);
  if (expected.message) assert.match(error.message, expected.message);
  assert.equal(endpoint.invalidRequests().length, before + 1, 'recorded as invalid');
  assert.equal(endpoint.requests.at(-1)?.status, expected.status ?? 400);
  return error;
}

/** An `openai` client for `endpoint`: the test key, no retries, a 20 s timeout unless told. */
export function clientFor(endpoint: Pick<Endpoint, 'url'>, options: { apiKey?: string; timeout?: number; maxRetries?: number } = {}): OpenAI {
  return new OpenAI({ apiKey: options.apiKey ?? TEST_KEY, baseURL: endpoint.url, maxRetries: options.maxRetries ?? 0, timeout: options.timeout ?? 20000 });
}

/** A real image: a solid colour, optionally with a transparent hole (alpha) in the middle. */
export async function makeImage(width: number, height: number, options: { format?: 'png' | 'jpeg' | 'webp'; alpha?: boolean } = {}): Promise<Buffer> {
  const format = options.format ?? 'png';
  let image = sharp({ create: { width, height, channels: options.alpha ? 4 : 3, background: { r: 200, g: 80, b: 40, alpha: 1 } } });
  if (options.alpha) {
    const hole = await sharp({ create: { width: Math.max(1, width >> 1), height: Math.max(1, height >> 1), channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    image = sharp(await image.composite([{ input: hole, blend: 'dest-out' }]).png().toBuffer());
  }
  return image.toFormat(format).toBuffer();
}

/** An upload as the SDK sends it; `type` is the part's Content-Type ('' leaves it to the SDK). */
export async function imageUpload(
  width: number,
  height: number,
  options: { format?: 'png' | 'jpeg' | 'webp'; alpha?: boolean; name?: string; type?: string; bytes?: Buffer } = {},
): Promise<File> {
  const format = options.format ?? 'png';
  const bytes = options.bytes ?? (await makeImage(width, height, options));
  return toFile(bytes, options.name ?? `input.${format === 'jpeg' ? 'jpg' : format}`, options.type === '' ? undefined : { type: options.type ?? `image/${format}` });
}
