// Turns any failure of an Images API call into one or two sentences a person can act on.
// The SDK's error classes carry the HTTP status, the JSON error body (`code`, `type`, `param`,
// `message`) and the headers (`x-request-id`, `retry-after`); everything here reads those, never
// the SDK's composed `message` ("400 {...}"), which may hold raw server text.

import * as l10n from '@vscode/l10n';
// From the package root, like the client code, so `instanceof` sees the same classes.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { formatNumber } from '../../shared/localeFormat';
import { CURRENT_MODEL, capabilitiesFor, isOpenAIBaseUrl } from './modelCapabilities';

/** What went wrong, in terms of what the user can do about it. */
export type ApiErrorKind =
  | 'auth'
  | 'permission'
  | 'orgVerification'
  | 'moderation'
  | 'rateLimit'
  | 'quota'
  | 'modelNotFound'
  | 'badRequest'
  | 'server'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'invalidResponse'
  | 'unknown';

/** Buttons the notification offers. */
export type ErrorAction = 'setApiKey' | 'openSettings' | 'showLog';

/** A failure described for people. `message` never contains an API key. */
export interface UserFacingError {
  kind: ApiErrorKind;
  message: string;
  actions: ErrorAction[];
  /** Whether sending the same request again may succeed. */
  retryable: boolean;
  requestId?: string;
  status?: number;
  retryAfterSeconds?: number;
  /** Safety categories of a moderation refusal, when the server names them. */
  categories?: string[];
}

/** Where the request went, for messages and for OpenAI-only advice. */
export interface ErrorContext {
  model: string;
  baseUrl?: string;
}

const ORG_SETTINGS_URL = 'https://platform.openai.com/settings/organization/general';
const BILLING_URL = 'https://platform.openai.com/settings/organization/billing';
const MAX_ECHO_LENGTH = 240;

/**
 * Removes anything that looks like a secret from server text we echo: OpenAI keys
 * (`sk-…`, `sk-proj-…`, even when partly masked) and bearer tokens.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\bsk-[A-Za-z0-9_*\-]{6,}/g, 'sk-…')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=\-*]+/gi, '$1 …')
    .replace(/\b(api[-_]?key|key)(["']?\s*[:=]\s*["']?)[A-Za-z0-9._\-*]{12,}/gi, '$1$2…');
}

/** Server text made safe and short enough for a notification: one line, scrubbed, cut. */
function echo(text: string): string {
  const line = scrubSecrets(text).replace(/\s+/g, ' ').trim();
  return line.length > MAX_ECHO_LENGTH ? `${line.slice(0, MAX_ECHO_LENGTH - 1)}…` : line;
}

/** "OpenAI" for OpenAI's service, else the host of the base URL. */
export function serverLabel(baseUrl: string | undefined): string {
  if (isOpenAIBaseUrl(baseUrl)) return 'OpenAI';
  try {
    return new URL(baseUrl ?? '').host || l10n.t('the server');
  } catch {
    return l10n.t('the server');
  }
}

/** The `error` object of an API error body, whatever its shape. */
interface ErrorBody {
  message?: string;
  code?: string;
  type?: string;
  param?: string;
  requestId?: string;
  categories?: string[];
}

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

function readBody(error: APIError): ErrorBody {
  const raw = (typeof error.error === 'object' && error.error !== null ? error.error : {}) as Record<string, unknown>;
  const message = asString(raw['message']);
  return {
    message,
    code: asString(error.code) ?? asString(raw['code']),
    type: asString(error.type) ?? asString(raw['type']),
    param: asString(error.param) ?? asString(raw['param']),
    requestId:
      asString(error.requestID) ??
      asString(raw['request_id']) ??
      (message ? /request ID (req_[A-Za-z0-9]+|[0-9a-f-]{36})/i.exec(message)?.[1] : undefined),
    categories: safetyCategories(raw, message),
  };
}

/**
 * Safety categories from a moderation refusal: a `safety_violations`/`categories` array in the
 * body, or `safety_violations=[violence, …]` in the message (as OpenAI and Azure write it).
 */
function safetyCategories(raw: Record<string, unknown>, message: string | undefined): string[] | undefined {
  for (const key of ['safety_violations', 'categories']) {
    const value = raw[key];
    if (Array.isArray(value)) {
      const names = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
      if (names.length > 0) return names.map((name) => name.trim());
    }
  }
  const match = message ? /safety_violations\s*=\s*\[([^\]]*)\]/i.exec(message) : null;
  if (!match?.[1]) return undefined;
  const names = match[1].split(',').map((name) => name.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean);
  return names.length > 0 ? names : undefined;
}

/** "Please try again in 1m30s", "in 7.5s", "in 250ms" → seconds. */
function secondsFromDuration(text: string): number | undefined {
  const match = /(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?/.exec(text);
  if (!match || match[0] === '') return undefined;
  const [, h, m, s, ms] = match;
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0) + Number(ms ?? 0) / 1000;
}

/** Seconds to wait before retrying: `retry-after-ms`, `retry-after` (seconds or date), or the message. */
function retryAfterSeconds(error: APIError, message: string | undefined, now: number): number | undefined {
  const headers = error.headers;
  let seconds: number | undefined;
  const millis = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(millis) && millis >= 0) seconds = millis / 1000;
  const after = headers?.get('retry-after');
  if (seconds === undefined && after) {
    const asNumber = Number(after);
    if (Number.isFinite(asNumber)) seconds = asNumber;
    else if (!Number.isNaN(Date.parse(after))) seconds = (Date.parse(after) - now) / 1000;
  }
  const inMessage = message ? /try again in ([\d.hms]+)/i.exec(message) : null;
  if (seconds === undefined && inMessage?.[1]) seconds = secondsFromDuration(inMessage[1]);
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.max(1, Math.ceil(seconds));
}

/** Base of every description made from an HTTP answer. */
function fromStatus(error: APIError, body: ErrorBody): Pick<UserFacingError, 'status' | 'requestId'> {
  return {
    ...(typeof error.status === 'number' ? { status: error.status } : {}),
    ...(body.requestId ? { requestId: body.requestId } : {}),
  };
}

const MODERATION_CODES = new Set(['content_policy_violation', 'moderation_blocked', 'content_filter', 'content_safety_violation']);

function isModerationRefusal(body: ErrorBody): boolean {
  if (body.code && MODERATION_CODES.has(body.code)) return true;
  // GPT image refusals are `image_generation_user_error`; other user errors of that type
  // (e.g. a bad input image) are not refusals, so also require the safety wording.
  return body.type === 'image_generation_user_error' && /safety|moderation|policy/i.test(body.message ?? '');
}

function describeModeration(base: Partial<UserFacingError>, body: ErrorBody): UserFacingError {
  const categories = body.categories;
  return {
    ...base,
    kind: 'moderation',
    message: categories
      ? l10n.t('The safety system rejected this request ({categories}). Change the prompt or the input images; sending it again unchanged will not help.', {
        categories: categories.join(', '),
      })
      : l10n.t('The safety system rejected this request. Change the prompt or the input images; sending it again unchanged will not help.'),
    actions: [],
    retryable: false,
    ...(categories ? { categories } : {}),
  };
}

function describeModelNotFound(base: Partial<UserFacingError>, context: ErrorContext): UserFacingError {
  const model = context.model;
  const caps = capabilitiesFor(model);
  const onOpenAI = isOpenAIBaseUrl(context.baseUrl);
  let message: string;
  if (onOpenAI && (caps.family === 'dall-e-2' || caps.family === 'dall-e-3')) {
    message = l10n.t("{model} is retired on OpenAI's service (DALL·E models no longer answer there). Choose {current} in settings.", { model, current: CURRENT_MODEL });
  } else if (onOpenAI && caps.shutdown) {
    message = l10n.t('{model} was shut down on {date}. Choose {replacement} in settings.', { model, date: caps.shutdown.date, replacement: caps.shutdown.replacement });
  } else if (onOpenAI) {
    message = l10n.t('The model "{model}" does not exist on OpenAI or this key has no access to it. Choose a current model such as {current} in settings.', { model, current: CURRENT_MODEL });
  } else {
    message = l10n.t('{server} does not offer the model "{model}". Choose a model that server provides (on OpenAI: {current}) in settings.', {
      server: serverLabel(context.baseUrl), model, current: CURRENT_MODEL,
    });
  }
  return { ...base, kind: 'modelNotFound', message, actions: ['openSettings'], retryable: false };
}

function describeForbidden(base: Partial<UserFacingError>, body: ErrorBody, context: ErrorContext): UserFacingError {
  const text = body.message ?? '';
  if (/verif/i.test(text) && /organi[sz]ation/i.test(text)) {
    return {
      ...base,
      kind: 'orgVerification',
      message: l10n.t('Your OpenAI organization must be verified to use {model}. Verify it at {url}, then wait a few minutes (up to 15) for access to arrive and try again.', {
        model: context.model, url: ORG_SETTINGS_URL,
      }),
      actions: [],
      retryable: false,
    };
  }
  if (body.code === 'unsupported_country_region_territory') {
    return {
      ...base,
      kind: 'permission',
      message: l10n.t('{server} does not serve requests from your country, region or territory.', { server: serverLabel(context.baseUrl) }),
      actions: [],
      retryable: false,
    };
  }
  const texts = { model: context.model, server: serverLabel(context.baseUrl), detail: echo(text) };
  return {
    ...base,
    kind: 'permission',
    message: text
      ? l10n.t("This API key is not allowed to use {model} on {server} ({detail}). Check the key's project and permissions, or set a different key.", texts)
      : l10n.t("This API key is not allowed to use {model} on {server}. Check the key's project and permissions, or set a different key.", texts),
    actions: ['setApiKey'],
    retryable: false,
  };
}

function describeTooManyRequests(
  error: APIError,
  base: Partial<UserFacingError>,
  body: ErrorBody,
  context: ErrorContext,
): UserFacingError {
  if (isQuotaProblem(body)) return describeQuota(base, context);
  const seconds = retryAfterSeconds(error, body.message, Date.now());
  const texts = { model: context.model, server: serverLabel(context.baseUrl) };
  let message: string;
  if (seconds === undefined) message = l10n.t('Rate limit reached for {model} on {server}; wait a moment and try again.', texts);
  else if (seconds < 120) message = l10n.t('Rate limit reached for {model} on {server}; try again in about {seconds} s.', { ...texts, seconds: formatNumber(seconds) });
  else message = l10n.t('Rate limit reached for {model} on {server}; try again in about {minutes} min.', { ...texts, minutes: formatNumber(Math.ceil(seconds / 60)) });
  return {
    ...base,
    kind: 'rateLimit',
    message,
    actions: [],
    retryable: true,
    ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
  };
}

function isQuotaProblem(body: ErrorBody): boolean {
  return (
    body.code === 'insufficient_quota' ||
    body.type === 'insufficient_quota' ||
    body.code === 'billing_hard_limit_reached' ||
    body.code === 'billing_not_active'
  );
}

function describeQuota(base: Partial<UserFacingError>, context: ErrorContext): UserFacingError {
  return {
    ...base,
    kind: 'quota',
    message: isOpenAIBaseUrl(context.baseUrl)
      ? l10n.t('The account has run out of credit or reached its spending limit. Add credit or raise the limit at {url}.', { url: BILLING_URL })
      : l10n.t('The account has run out of credit or reached its spending limit. Add credit or raise the limit with {server}.', { server: serverLabel(context.baseUrl) }),
    actions: [],
    retryable: false,
  };
}

function describeBadRequest(base: Partial<UserFacingError>, body: ErrorBody, context: ErrorContext): UserFacingError {
  const texts = { server: serverLabel(context.baseUrl), detail: echo(body.message ?? ''), parameter: body.param ?? '' };
  let message: string;
  if (body.message && body.param) message = l10n.t('{server} rejected the request: {detail} (parameter: {parameter})', texts);
  else if (body.message) message = l10n.t('{server} rejected the request: {detail}', texts);
  else if (body.param) message = l10n.t('{server} rejected the request (parameter: {parameter}).', texts);
  else message = l10n.t('{server} rejected the request.', texts);
  return {
    ...base,
    kind: 'badRequest',
    message,
    // A named parameter almost always comes from a setting the user can change.
    actions: body.param ? ['openSettings', 'showLog'] : ['showLog'],
    retryable: false,
  };
}

function describeHttpError(error: APIError, context: ErrorContext): UserFacingError {
  const body = readBody(error);
  const base = fromStatus(error, body);
  const status = error.status;
  const server = serverLabel(context.baseUrl);

  // The body decides first: a streamed error event has no status, and several statuses
  // carry the same codes.
  if (isModerationRefusal(body)) return describeModeration(base, body);
  if (body.code === 'model_not_found') return describeModelNotFound(base, context);
  if (isQuotaProblem(body)) return describeQuota(base, context);

  switch (status) {
    case 401:
      return {
        ...base,
        kind: 'auth',
        message: l10n.t('The API key was rejected by {server}. Set a valid key for this server.', { server }),
        actions: ['setApiKey'],
        retryable: false,
      };
    case 403:
      return describeForbidden(base, body, context);
    case 404:
      if (/model/i.test(body.message ?? '')) return describeModelNotFound(base, context);
      return {
        ...base,
        kind: 'badRequest',
        message: l10n.t('{server} has no images endpoint at this address (404). Check the base URL setting; it usually ends in /v1.', { server }),
        actions: ['openSettings'],
        retryable: false,
      };
    case 408:
      return describeTimeout(base, context);
    case 429:
      return describeTooManyRequests(error, base, body, context);
    default:
      break;
  }
  if (typeof status === 'number' && status >= 500) {
    return {
      ...base,
      kind: 'server',
      message: l10n.t('{server} had a problem answering (HTTP {status}). Try again in a moment.', { server, status }),
      actions: ['showLog'],
      retryable: true,
    };
  }
  if (typeof status === 'number' && status >= 400) return describeBadRequest(base, body, context);
  // A streamed error event (no status) that matched nothing above.
  const message = body.message
    ? l10n.t('{server} reported an error: {detail}', { server, detail: echo(body.message) })
    : l10n.t('{server} reported an error.', { server });
  return { ...base, kind: 'unknown', message, actions: ['showLog'], retryable: false };
}

function describeTimeout(base: Partial<UserFacingError>, context: ErrorContext): UserFacingError {
  return {
    ...base,
    kind: 'timeout',
    message: l10n.t('{server} did not answer in time. High-quality and large images can take minutes; try again or raise the timeout in settings.', {
      server: serverLabel(context.baseUrl),
    }),
    actions: ['openSettings'],
    retryable: true,
  };
}

/** The first `code` (e.g. ECONNREFUSED) along an error's `cause` chain. */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeConnection(error: APIConnectionError, context: ErrorContext): UserFacingError {
  const server = serverLabel(context.baseUrl);
  const code = causeCode(error.cause);
  let message: string;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    message = l10n.t('The server name of {server} could not be found. Check your network connection and the base URL setting.', { server });
  } else if (code === 'ECONNREFUSED') {
    message = l10n.t('{server} refused the connection. Check that the server is running and the base URL setting is right.', { server });
  } else if (code && /CERT|SELF_SIGNED|TLS|SSL/.test(code)) {
    message = l10n.t("The secure connection to {server} failed ({code}). Check the server's certificate or your proxy.", { server, code });
  } else if (code) {
    message = l10n.t('Could not reach {server} ({code}). Check your network connection and the base URL setting.', { server, code });
  } else {
    message = l10n.t('Could not reach {server}. Check your network connection and the base URL setting.', { server });
  }
  return { kind: 'network', message, actions: ['openSettings', 'showLog'], retryable: true };
}

const isAbort = (error: unknown): boolean =>
  error instanceof APIUserAbortError ||
  (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError');

/**
 * Describes any failure of an Images API call for a notification: what went wrong and what to
 * do next, which buttons to offer, and whether retrying can help. `cancelled` is meant to be
 * shown silently (the user asked for it).
 */
export function describeApiError(error: unknown, context: ErrorContext): UserFacingError {
  // Order matters: abort and timeout are subclasses of APIError / APIConnectionError.
  if (isAbort(error)) {
    return { kind: 'cancelled', message: l10n.t('The request was cancelled.'), actions: [], retryable: false };
  }
  if (error instanceof APIConnectionTimeoutError) return describeTimeout({}, context);
  if (error instanceof APIConnectionError) return describeConnection(error, context);
  if (error instanceof APIError) return describeHttpError(error, context);
  if (error instanceof SyntaxError || (error instanceof Error && error.name === 'InvalidResponseError')) {
    return {
      kind: 'invalidResponse',
      message: l10n.t('{server} sent an answer that is not a valid Images API response. Nothing was saved.', { server: serverLabel(context.baseUrl) }),
      actions: ['showLog'],
      retryable: true,
    };
  }
  const message = error instanceof Error && error.message
    ? l10n.t('Image generation failed: {detail}', { detail: echo(error.message) })
    : l10n.t('Image generation failed.');
  return { kind: 'unknown', message, actions: ['showLog'], retryable: false };
}
