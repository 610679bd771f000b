import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { describeApiError, scrubSecrets, serverLabel } from '../../src/openai/apiErrors';

const OPENAI = { model: 'gpt-image-2' };
const LOCAL = { model: 'dall-e-3', baseUrl: 'http://localhost:8080/v1' };

/** An SDK error exactly as the client builds it from an HTTP answer. */
function httpError(status: number, error: Record<string, unknown>, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { error }, undefined, new Headers({ 'x-request-id': 'req_abc123', ...headers }));
}

test('the SDK builds the subclasses these tests rely on', () => {
  assert.ok(httpError(401, { message: 'x' }) instanceof AuthenticationError);
  assert.ok(httpError(403, { message: 'x' }) instanceof PermissionDeniedError);
  assert.ok(httpError(404, { message: 'x' }) instanceof NotFoundError);
  assert.ok(httpError(429, { message: 'x' }) instanceof RateLimitError);
  assert.ok(httpError(400, { message: 'x' }) instanceof BadRequestError);
  assert.ok(httpError(503, { message: 'x' }) instanceof InternalServerError);
});

test('401: key rejected, offers setting a key, echoes no key', () => {
  const error = httpError(401, {
    message: 'Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz123456. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  });
  const described = describeApiError(error, OPENAI);
  assert.deepEqual(described, {
    kind: 'auth',
    message: 'The API key was rejected by OpenAI. Set a valid key for this server.',
    actions: ['setApiKey'],
    retryable: false,
    status: 401,
    requestId: 'req_abc123',
  });
  assert.equal(describeApiError(error, LOCAL).message, 'The API key was rejected by localhost:8080. Set a valid key for this server.');
});

test('403 organization verification says what to do', () => {
  const error = httpError(403, {
    message: "Your organization must be verified to use the model `gpt-image-2`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.",
    type: 'invalid_request_error',
    param: null,
    code: null,
  });
  const described = describeApiError(error, OPENAI);
  assert.equal(described.kind, 'orgVerification');
  assert.equal(described.retryable, false);
  assert.equal(
    described.message,
    'Your OpenAI organization must be verified to use gpt-image-2. Verify it at https://platform.openai.com/settings/organization/general, then wait a few minutes (up to 15) for access to arrive and try again.',
  );
});

test('other 403s are permission problems', () => {
  const described = describeApiError(
    httpError(403, { message: 'You have insufficient permissions for this operation. Missing scopes: api.model.images.request.', type: 'invalid_request_error', code: null }),
    OPENAI,
  );
  assert.equal(described.kind, 'permission');
  assert.deepEqual(described.actions, ['setApiKey']);
  assert.match(described.message, /^This API key is not allowed to use gpt-image-2 on OpenAI \(You have insufficient permissions/);
  const region = describeApiError(
    httpError(403, { message: 'Country, region, or territory not supported', type: 'request_forbidden', code: 'unsupported_country_region_territory' }),
    OPENAI,
  );
  assert.equal(region.kind, 'permission');
  assert.equal(region.message, 'OpenAI does not serve requests from your country, region or territory.');
});

test('moderation_blocked: clear, never retryable, with safety categories', () => {
  const error = httpError(400, {
    message: 'Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID req_9f8e7d. safety_violations=[violence, self-harm].',
    type: 'image_generation_user_error',
    param: null,
    code: 'moderation_blocked',
  });
  const described = describeApiError(error, OPENAI);
  assert.deepEqual(described, {
    kind: 'moderation',
    message: 'The safety system rejected this request (violence, self-harm). Change the prompt or the input images; sending it again unchanged will not help.',
    actions: [],
    retryable: false,
    status: 400,
    requestId: 'req_abc123',
    categories: ['violence', 'self-harm'],
  });
});

test('moderation: legacy content_policy_violation, categories from the body, streamed error events', () => {
  const legacy = describeApiError(
    httpError(400, { message: 'Your request was rejected as a result of our safety system.', type: 'invalid_request_error', code: 'content_policy_violation' }),
    LOCAL,
  );
  assert.equal(legacy.kind, 'moderation');
  assert.equal(legacy.retryable, false);
  assert.equal(legacy.categories, undefined);
  assert.equal(legacy.message, 'The safety system rejected this request. Change the prompt or the input images; sending it again unchanged will not help.');

  const withBody = describeApiError(
    httpError(400, { message: 'Rejected by the safety system.', type: 'image_generation_user_error', code: 'moderation_blocked', safety_violations: ['sexual'] }),
    OPENAI,
  );
  assert.deepEqual(withBody.categories, ['sexual']);

  // The SDK throws stream `error` events as an APIError without a status.
  const streamed = new APIError(undefined, { message: 'Rejected by the safety system.', type: 'image_generation_user_error', code: 'moderation_blocked' }, undefined, new Headers());
  const described = describeApiError(streamed, OPENAI);
  assert.equal(described.kind, 'moderation');
  assert.equal(described.status, undefined);
});

test('an image_generation_user_error that is not about safety is a bad request', () => {
  const described = describeApiError(
    httpError(400, { message: 'Invalid image file or mode for image 1.', type: 'image_generation_user_error', param: 'image', code: 'invalid_image_file' }),
    OPENAI,
  );
  assert.equal(described.kind, 'badRequest');
  assert.equal(described.message, 'OpenAI rejected the request: Invalid image file or mode for image 1. (parameter: image)');
  assert.deepEqual(described.actions, ['openSettings', 'showLog']);
});

test('model_not_found suggests gpt-image-2; DALL·E is explained as retired on OpenAI only', () => {
  const body = { message: 'The model `dall-e-3` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' };
  const onOpenAI = describeApiError(httpError(404, body), { model: 'dall-e-3', baseUrl: 'https://api.openai.com/v1' });
  assert.equal(onOpenAI.kind, 'modelNotFound');
  assert.deepEqual(onOpenAI.actions, ['openSettings']);
  assert.equal(onOpenAI.message, "dall-e-3 is retired on OpenAI's service (DALL·E models no longer answer there). Choose gpt-image-2 in settings.");

  const elsewhere = describeApiError(httpError(404, body), LOCAL);
  assert.equal(elsewhere.message, 'localhost:8080 does not offer the model "dall-e-3". Choose a model that server provides (on OpenAI: gpt-image-2) in settings.');
  assert.doesNotMatch(elsewhere.message, /retired/);

  const shutDown = describeApiError(httpError(404, { ...body, message: 'gone' }), { model: 'gpt-image-1' });
  assert.equal(shutDown.message, 'gpt-image-1 was shut down on 2026-10-23. Choose gpt-image-2.5-sunburst in settings.');

  const typo = describeApiError(httpError(400, { ...body, message: 'nope' }), { model: 'gpt-imag-2' });
  assert.equal(typo.message, 'The model "gpt-imag-2" does not exist on OpenAI or this key has no access to it. Choose a current model such as gpt-image-2 in settings.');
});

test('404 without a model code points at the base URL', () => {
  const described = describeApiError(APIError.generate(404, undefined, 'Not Found', new Headers()), LOCAL);
  assert.equal(described.kind, 'badRequest');
  assert.deepEqual(described.actions, ['openSettings']);
  assert.equal(described.message, 'localhost:8080 has no images endpoint at this address (404). Check the base URL setting; it usually ends in /v1.');
});

test('429 insufficient_quota is billing, not a rate limit', () => {
  const described = describeApiError(
    httpError(429, { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' }),
    OPENAI,
  );
  assert.equal(described.kind, 'quota');
  assert.equal(described.retryable, false);
  assert.equal(
    described.message,
    'The account has run out of credit or reached its spending limit. Add credit or raise the limit at https://platform.openai.com/settings/organization/billing.',
  );
  // Some servers carry the reason in `code` only.
  const codeOnly = describeApiError(httpError(429, { message: 'Quota exceeded', type: 'billing_error', code: 'insufficient_quota' }), LOCAL);
  assert.equal(codeOnly.kind, 'quota');
  assert.equal(codeOnly.message, 'The account has run out of credit or reached its spending limit. Add credit or raise the limit with localhost:8080.');
  const hardLimit = describeApiError(httpError(400, { message: 'Billing hard limit has been reached', type: 'invalid_request_error', code: 'billing_hard_limit_reached' }), LOCAL);
  assert.equal(hardLimit.kind, 'quota');
});

test('429 rate limit with retry-after seconds from headers or the message', () => {
  const fromHeader = describeApiError(httpError(429, { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after': '20' }), OPENAI);
  assert.deepEqual(fromHeader, {
    kind: 'rateLimit',
    message: 'Rate limit reached for gpt-image-2 on OpenAI; try again in about 20 s.',
    actions: [],
    retryable: true,
    status: 429,
    requestId: 'req_abc123',
    retryAfterSeconds: 20,
  });
  const fromMillis = describeApiError(httpError(429, { message: 'x' }, { 'retry-after-ms': '1500' }), OPENAI);
  assert.equal(fromMillis.retryAfterSeconds, 2);
  const fromMessage = describeApiError(
    httpError(429, { message: 'Rate limit reached for gpt-image-2 on images per min (IPM): Limit 5, Used 5. Please try again in 1m12s.', code: 'rate_limit_exceeded' }),
    OPENAI,
  );
  assert.equal(fromMessage.retryAfterSeconds, 72);
  assert.equal(fromMessage.message, 'Rate limit reached for gpt-image-2 on OpenAI; try again in about 72 s.');
  const fractional = describeApiError(httpError(429, { message: 'Please try again in 7.5s.' }), OPENAI);
  assert.equal(fractional.retryAfterSeconds, 8);
  const unknown = describeApiError(httpError(429, { message: 'slow down' }), OPENAI);
  assert.equal(unknown.retryAfterSeconds, undefined);
  assert.equal(unknown.message, 'Rate limit reached for gpt-image-2 on OpenAI; wait a moment and try again.');
  const long = describeApiError(httpError(429, { message: 'x' }, { 'retry-after': '600' }), OPENAI);
  assert.match(long.message, /try again in about 10 min\.$/);
});

test('5xx is a retryable server problem', () => {
  const described = describeApiError(httpError(503, { message: 'The engine is currently overloaded.', type: 'server_error' }), OPENAI);
  assert.deepEqual(described, {
    kind: 'server',
    message: 'OpenAI had a problem answering (HTTP 503). Try again in a moment.',
    actions: ['showLog'],
    retryable: true,
    status: 503,
    requestId: 'req_abc123',
  });
  // HTML from a proxy is not echoed.
  const html = describeApiError(APIError.generate(502, undefined, '<html><body>Bad gateway</body></html>', new Headers()), LOCAL);
  assert.equal(html.kind, 'server');
  assert.doesNotMatch(html.message, /html/);
});

test('connection errors, timeouts and cancellation', () => {
  const refused = new APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) });
  const described = describeApiError(refused, LOCAL);
  assert.equal(described.kind, 'network');
  assert.equal(described.retryable, true);
  assert.equal(described.message, 'localhost:8080 refused the connection. Check that the server is running and the base URL setting is right.');
  const dns = describeApiError(new APIConnectionError({ cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) }), OPENAI);
  assert.equal(dns.message, 'The server name of OpenAI could not be found. Check your network connection and the base URL setting.');
  const plain = describeApiError(new APIConnectionError({}), OPENAI);
  assert.equal(plain.message, 'Could not reach OpenAI. Check your network connection and the base URL setting.');

  const timeout = describeApiError(new APIConnectionTimeoutError(), OPENAI);
  assert.equal(timeout.kind, 'timeout');
  assert.equal(timeout.retryable, true);
  assert.deepEqual(timeout.actions, ['openSettings']);

  const aborted = describeApiError(new APIUserAbortError(), OPENAI);
  assert.deepEqual(aborted, { kind: 'cancelled', message: 'The request was cancelled.', actions: [], retryable: false });
  const domAbort = describeApiError(new DOMException('This operation was aborted', 'AbortError'), OPENAI);
  assert.equal(domAbort.kind, 'cancelled');
});

test('other bad requests echo the server message, scrubbed and short', () => {
  const key = 'sk-live-0123456789abcdefghij0123456789';
  const described = describeApiError(
    httpError(400, { message: `Invalid value for size: 1000x1000 (key ${key}) ${'x'.repeat(400)}`, type: 'invalid_request_error', param: 'size', code: 'invalid_value' }),
    OPENAI,
  );
  assert.equal(described.kind, 'badRequest');
  assert.equal(described.retryable, false);
  assert.ok(!described.message.includes(key), described.message);
  assert.ok(described.message.includes('sk-…'));
  assert.ok(described.message.length < 320, `${described.message.length}`);
  assert.match(described.message, /^OpenAI rejected the request: Invalid value for size: 1000x1000/);
});

test('scrubSecrets removes keys and bearer tokens', () => {
  assert.equal(scrubSecrets('key sk-proj-AbC123_xyz-987654321 here'), 'key sk-… here');
  assert.equal(scrubSecrets('Incorrect API key provided: sk-proj-****************************abcd.'), 'Incorrect API key provided: sk-….');
  assert.equal(scrubSecrets('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def'), 'Authorization: Bearer …');
  assert.equal(scrubSecrets('api_key=0123456789abcdef0123'), 'api_key=…');
  assert.equal(scrubSecrets('a sketch of a desk'), 'a sketch of a desk');
});

test('anything else: invalid responses and unknown errors', () => {
  const malformed = describeApiError(new SyntaxError('Error reading response: malformed server-sent event JSON.'), LOCAL);
  assert.equal(malformed.kind, 'invalidResponse');
  assert.equal(malformed.message, 'localhost:8080 sent an answer that is not a valid Images API response. Nothing was saved.');
  const named = Object.assign(new Error('no data'), { name: 'InvalidResponseError' });
  assert.equal(describeApiError(named, OPENAI).kind, 'invalidResponse');
  const odd = describeApiError(new Error('boom with sk-abcdefghijklmnop1234'), OPENAI);
  assert.deepEqual(odd, { kind: 'unknown', message: 'Image generation failed: boom with sk-…', actions: ['showLog'], retryable: false });
  assert.equal(describeApiError('a string', OPENAI).message, 'Image generation failed.');
  assert.equal(serverLabel('https://gateway.example:8443/v1'), 'gateway.example:8443');
});
