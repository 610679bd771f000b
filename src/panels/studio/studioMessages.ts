// Validation of what the studio webview sends. The webview is untrusted input: a page
// compromised through a crafted prompt, image or extension bug can post anything. So each
// message is checked against its exact shape (no missing, extra or mistyped fields), every
// string and number is bounded, and image ids must look like the ids the host issues.
// Whether an id was actually issued is the panel's check (it owns the id map).
// Pure: no `vscode` import, so every rule is unit-tested in plain Node.

import {
  assertNever,
  STUDIO_IMAGE_ACTIONS,
  STUDIO_LIMITS,
  type StudioBackground,
  type StudioImageAction,
  type StudioOutputFormat,
  type StudioParams,
  type StudioStyle,
  type StudioToHost,
} from '../../../shared/protocol';
import { ALL_QUALITIES } from '../../openai/modelCapabilities';

/** The outcome of checking one message: the typed message, or why it was refused. */
export type ParsedStudioMessage = { ok: true; message: StudioToHost } | { ok: false; reason: string };

/** Ids are 12 random bytes in hex (see `studioImages.ts`). */
export const IMAGE_ID_PATTERN = /^[0-9a-f]{24}$/;

const BACKGROUNDS: readonly StudioBackground[] = ['auto', 'opaque', 'transparent'];
const OUTPUT_FORMATS: readonly StudioOutputFormat[] = ['png', 'jpeg', 'webp'];
const STYLES: readonly StudioStyle[] = ['vivid', 'natural'];
/** `auto` or `WxH` with at most five digits a side (the size rules decide the rest). */
const SIZE_PATTERN = /^(auto|[1-9][0-9]{0,4}x[1-9][0-9]{0,4})$/;
/** Model names: printable, no spaces or control characters (a name goes into a request). */
const MODEL_PATTERN = /^[\x21-\x7e]+$/;
const PARAM_KEYS = ['model', 'size', 'quality', 'n', 'background', 'outputFormat', 'style'] as const;

/** Keys each message type must have, exactly (besides `type`). */
const SHAPES: Record<StudioToHost['type'], readonly string[]> = {
  ready: [],
  estimate: ['requestId', 'prompt', 'params'],
  generate: ['requestId', 'prompt', 'params'],
  cancel: [],
  historyQuery: ['requestId', 'filter', 'offset', 'limit'],
  thumbnails: ['ids'],
  imageAction: ['requestId', 'id', 'action'],
  metrics: ['historyFirstScreenMs', 'historyTiles'],
};

class Refusal extends Error {}

const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Exactly these keys, all own properties: an extra `path` or `uri` is a forgery. */
function exactKeys(value: Record<string, unknown>, keys: readonly string[], what: string): void {
  const present = Object.keys(value);
  for (const key of present) if (!keys.includes(key)) refuse(`${what}: unexpected field "${key.slice(0, 40)}"`);
  for (const key of keys) if (!Object.hasOwn(value, key)) refuse(`${what}: missing field "${key}"`);
}

function requestId(value: unknown): number {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : refuse('requestId must be a whole number ≥ 0');
}

function boundedString(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') return refuse(`${field} must be a string`);
  if (value.length > max) return refuse(`${field} is longer than ${max} characters`);
  return value;
}

function wholeNumber(value: unknown, field: string, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    return refuse(`${field} must be a whole number from ${min} to ${max}`);
  }
  return value as number;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : refuse(`${field} must be one of ${allowed.join(', ')}`);
}

function imageId(value: unknown): string {
  return typeof value === 'string' && IMAGE_ID_PATTERN.test(value) ? value : refuse('id is not an image id');
}

function params(value: unknown): StudioParams {
  if (!isPlainObject(value)) return refuse('params must be an object');
  exactKeys(value, PARAM_KEYS, 'params');
  const model = boundedString(value.model, 'params.model', STUDIO_LIMITS.maxModelLength);
  if (!MODEL_PATTERN.test(model)) refuse('params.model must be a model name without spaces');
  const size = boundedString(value.size, 'params.size', 11);
  if (!SIZE_PATTERN.test(size)) refuse('params.size must be WIDTHxHEIGHT or auto');
  return {
    model,
    size,
    quality: oneOf(value.quality, 'params.quality', ALL_QUALITIES),
    n: wholeNumber(value.n, 'params.n', 1, STUDIO_LIMITS.maxN),
    background: oneOf(value.background, 'params.background', BACKGROUNDS),
    outputFormat: oneOf(value.outputFormat, 'params.outputFormat', OUTPUT_FORMATS),
    style: oneOf(value.style, 'params.style', STYLES),
  };
}

function promptText(value: unknown, required: boolean): string {
  const prompt = boundedString(value, 'prompt', STUDIO_LIMITS.maxPromptLength);
  if (required && prompt.trim() === '') refuse('prompt is empty');
  return prompt;
}

function parse(value: unknown): StudioToHost {
  if (!isPlainObject(value)) return refuse('not an object');
  const type = value.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) {
    return refuse(`unknown message type ${JSON.stringify(typeof type === 'string' ? type.slice(0, 40) : type)}`);
  }
  const kind = type as StudioToHost['type'];
  exactKeys(value, ['type', ...SHAPES[kind]], kind);
  switch (kind) {
    case 'ready':
    case 'cancel':
      return { type: kind };
    case 'estimate':
    case 'generate':
      return {
        type: kind,
        requestId: requestId(value.requestId),
        prompt: promptText(value.prompt, kind === 'generate'),
        params: params(value.params),
      };
    case 'historyQuery':
      return {
        type: kind,
        requestId: requestId(value.requestId),
        filter: boundedString(value.filter, 'filter', STUDIO_LIMITS.maxFilterLength),
        offset: wholeNumber(value.offset, 'offset', 0, STUDIO_LIMITS.maxOffset),
        limit: wholeNumber(value.limit, 'limit', 1, STUDIO_LIMITS.maxPageSize),
      };
    case 'thumbnails': {
      const ids = value.ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > STUDIO_LIMITS.maxThumbnailIds) {
        return refuse(`ids must be a list of 1 to ${STUDIO_LIMITS.maxThumbnailIds} image ids`);
      }
      return { type: kind, ids: ids.map(imageId) };
    }
    case 'imageAction':
      return {
        type: kind,
        requestId: requestId(value.requestId),
        id: imageId(value.id),
        action: oneOf<StudioImageAction>(value.action, 'action', STUDIO_IMAGE_ACTIONS),
      };
    case 'metrics': {
      const ms = value.historyFirstScreenMs;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 3_600_000) refuse('historyFirstScreenMs is not a duration');
      return { type: kind, historyFirstScreenMs: ms as number, historyTiles: wholeNumber(value.historyTiles, 'historyTiles', 0, 100_000) };
    }
    default:
      return assertNever(kind, 'message type');
  }
}

/**
 * Checks a message from the studio webview. Refuses anything that is not exactly one of
 * the `StudioToHost` shapes with values inside `STUDIO_LIMITS`; never throws.
 */
export function parseStudioMessage(value: unknown): ParsedStudioMessage {
  try {
    return { ok: true, message: parse(value) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    return { ok: false, reason: 'unreadable message' };
  }
}

/** A short, log-safe description of a refused message (its type, never its content). */
export function describeForLog(value: unknown): string {
  if (!isPlainObject(value)) return Array.isArray(value) ? 'an array' : typeof value;
  const type = value.type;
  return typeof type === 'string' ? `"${type.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}"` : 'a message without a type';
}
