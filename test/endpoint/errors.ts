// Error bodies exactly as the OpenAI API sends them (schema `ErrorResponse`), so the
// extension's error handling is exercised against the real wire shape, not a look-alike.

/** One problem with a request parameter, before it becomes an HTTP answer. */
export interface ParamError {
  message: string;
  param: string | null;
  /** OpenAI uses string codes; a few gateway errors carry a number (see `gatewayError`). */
  code: string | number | null;
  type?: string;
  /** HTTP status; 400 unless the rule says otherwise (e.g. 404 for unknown models). */
  status?: number;
}

export interface ApiError {
  status: number;
  body: { error: { message: string; type: string; param: string | null; code: string | number | null } };
  headers?: Record<string, string>;
}

export function apiError(
  status: number,
  message: string,
  param: string | null = null,
  code: string | number | null = null,
  type = 'invalid_request_error',
  headers?: Record<string, string>,
): ApiError {
  return { status, body: { error: { message, type, param, code } }, ...(headers ? { headers } : {}) };
}

export function fromParamError(error: ParamError): ApiError {
  return apiError(error.status ?? 400, error.message, error.param, error.code, error.type ?? 'invalid_request_error');
}

export function missingApiKey(): ApiError {
  return apiError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    null,
    'invalid_api_key',
  );
}

/** The service echoes a masked key ("sk-te***********4567") so logs never carry it whole. */
export function incorrectApiKey(key: string): ApiError {
  const masked = key.length <= 8 ? '*'.repeat(key.length) : `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 20))}${key.slice(-4)}`;
  return apiError(
    401,
    `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    null,
    'invalid_api_key',
  );
}

export function modelNotFound(model: string): ParamError {
  return {
    status: 404,
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    param: null,
    code: 'model_not_found',
  };
}

export function invalidUrl(method: string, path: string): ApiError {
  return apiError(404, `Invalid URL (${method} ${path})`);
}

export function invalidJson(): ApiError {
  return apiError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
  );
}

export function unsupportedContentType(contentType: string, accepted: string[]): ApiError {
  const list = accepted.map((c) => `'${c}'`).join(' or ');
  return apiError(
    400,
    `Unsupported content type: '${contentType}'. This API method only accepts ${list} requests, but you specified the header 'Content-Type: ${contentType}'. Please try again with a supported content type.`,
    null,
    'unsupported_content_type',
  );
}

/** The two moderation refusals the service uses: GPT image models, and the legacy DALL·E one. */
export function moderationRefusal(style: 'gpt' | 'legacy', requestId: string): ApiError {
  if (style === 'gpt') {
    return apiError(
      400,
      `Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID ${requestId}.`,
      null,
      'moderation_blocked',
      'image_generation_user_error',
    );
  }
  return apiError(
    400,
    'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
    null,
    'content_policy_violation',
  );
}

/** Default bodies for injected status faults, copied from what the service answers. */
export function statusError(
  status: number,
  model: string,
  override: { message?: string; code?: string; type?: string; retryAfter?: number } = {},
): ApiError {
  const headers: Record<string, string> = {};
  if (override.retryAfter !== undefined) headers['retry-after'] = String(override.retryAfter);
  let base: ApiError;
  switch (status) {
    case 401:
      base = incorrectApiKey('sk-revoked-key-0000');
      break;
    case 403:
      base = apiError(
        403,
        `Your organization must be verified to use the model \`${model}\`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.`,
      );
      break;
    case 429:
      if (override.retryAfter === undefined) headers['retry-after'] = '1';
      base = apiError(
        429,
        `Rate limit reached for ${model} in organization org-test on images per minute (IPM): Limit 5, Used 5, Requested 1. Please try again in ${headers['retry-after']}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        null,
        'rate_limit_exceeded',
        'requests',
      );
      break;
    case 500:
      base = apiError(500, 'The server had an error while processing your request. Sorry about that!', null, null, 'server_error');
      break;
    case 502:
      // Cloudflare's answer in front of the API: note the numeric code.
      base = apiError(502, 'Bad gateway.', null, 502, 'cf_bad_gateway');
      break;
    case 503:
      base = apiError(503, 'The server is overloaded or not ready yet.', null, null, 'server_error');
      break;
    default:
      base = apiError(status, `Injected error ${status}.`, null, null, status >= 500 ? 'server_error' : 'invalid_request_error');
  }
  const error = { ...base.body.error };
  if (override.message !== undefined) error.message = override.message;
  if (override.code !== undefined) error.code = override.code;
  if (override.type !== undefined) error.type = override.type;
  return { status, body: { error }, headers };
}
