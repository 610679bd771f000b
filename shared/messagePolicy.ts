// The one policy for messages from webviews, as valibot building blocks: a message is a
// plain object with exactly the fields of its type (an extra `path` or `uri` is a forgery,
// not something to drop), every string and number is bounded, bytes are bytes. The
// schemas in messageSchemas.ts are lists of these blocks; `checkMessage` runs one and turns
// its first issue into a sentence for the log.
//
// Messages say `{field}` where the field's dotted path (`params.model`) goes, because valibot
// makes an issue's message before the enclosing objects add their part of the path; schemas
// writing a message of their own use the same placeholder.
// Host only at run time: webview code imports nothing from here (see messageSchemas.ts).
/* eslint-disable image-studio/localized-text -- refusal reasons of webview messages go only to the log (Output channel, English; the studio and mask editor show a fixed localized sentence instead), and in agent tool input checks they are read by the language model that made the call */

import * as v from 'valibot';

/** Replaced by the issue's path in the refusal reason (see {@link checkMessage}). */
const FIELD = '{field}';

/** Ids the host issues (images, held results): 12 random bytes in hex. */
export const HOST_ID_PATTERN = /^[0-9a-f]{24}$/;

/** Plain data only (what structured clone makes of an object): no arrays, dates, class instances or inherited fields. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A bounded description of a discriminator a page sent (it may be anything). */
function quoteType(type: unknown): string {
  if (typeof type === 'string') return JSON.stringify(type.slice(0, 40));
  if (typeof type === 'object') return type === null ? 'null' : 'an object';
  return String(type);
}

/** One message type: `{ type: name, ...entries }`, nothing more, nothing less. */
export function message<const TType extends string, const TEntries extends v.ObjectEntries>(type: TType, entries: TEntries) {
  return v.strictObject({ type: v.literal(type), ...entries });
}

/** Every message a webview may send: a plain object whose `type` picks exactly one schema. */
export function messages<const TOptions extends v.VariantOptions<'type'>>(options: TOptions) {
  return v.pipe(
    v.custom<unknown>(isPlainObject, 'not an object'),
    v.variant('type', options, (issue) => `unknown message type ${quoteType(issue.input)}`),
  );
}

/** A nested object with exactly these fields. */
export function object<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const notObject = `${FIELD} must be an object`;
  return v.pipe(v.custom<unknown>(isPlainObject, notObject), v.strictObject(entries, notObject));
}

/** A string of at most `max` characters. */
export function boundedString(max: number) {
  return v.pipe(v.string(`${FIELD} must be a string`), v.maxLength(max, `${FIELD} is longer than ${max} characters`));
}

/** A whole number from `min` to `max` (never NaN, Infinity or a fraction). */
export function wholeNumber(min: number, max: number) {
  const refusal = `${FIELD} must be a whole number from ${min} to ${max}`;
  return v.pipe(v.number(refusal), v.safeInteger(refusal), v.minValue(min, refusal), v.maxValue(max, refusal));
}

/** Pairs a request with its reply: any safe whole number ≥ 0. */
export function requestId() {
  const refusal = `${FIELD} must be a whole number ≥ 0`;
  return v.pipe(v.number(refusal), v.safeInteger(refusal), v.minValue(0, refusal));
}

/** One of a fixed list of strings. */
export function oneOf<const TOptions extends readonly string[]>(options: TOptions) {
  return v.picklist(options, `${FIELD} must be one of ${options.join(', ')}`);
}

/**
 * One of a list of names, typed as a plain string: for vocabularies owned elsewhere (the
 * model table's qualities) whose narrower type the protocol does not need.
 */
export function nameIn(names: readonly string[]) {
  const refusal = `${FIELD} must be one of ${names.join(', ')}`;
  return v.pipe(v.string(refusal), v.check((value) => names.includes(value), refusal));
}

/** A string the host issued as an id; `notString` and `notIssued` are the refusals. */
export function hostId(notString: string, notIssued: string) {
  return v.pipe(v.string(notString), v.regex(HOST_ID_PATTERN, notIssued));
}

/** A list of `min` to `max` items, its length checked before any item is. */
export function boundedList<const TItem extends v.GenericSchema>(item: TItem, min: number, max: number, refusal: string) {
  return v.pipe(v.array(v.unknown(), refusal), v.minLength(min, refusal), v.maxLength(max, refusal), v.array(item));
}

/** A finite number from `min` to `max`. */
export function finiteNumber(min: number, max: number, refusal: string) {
  return v.pipe(v.number(refusal), v.finite(refusal), v.minValue(min, refusal), v.maxValue(max, refusal));
}

/** `true` or `false`. */
export function flag() {
  return v.boolean(`${FIELD} must be true or false`);
}

/**
 * Bytes as structured clone delivers them: a non-empty `Uint8Array` of at most `maxBytes`.
 * Number arrays and base64 strings are refused, not converted.
 */
export function bytes(maxBytes: number) {
  return v.pipe(
    // `custom`, not `instance`: the type stays `Uint8Array` (any buffer), as the webview makes it.
    v.custom<Uint8Array>((value) => value instanceof Uint8Array, `${FIELD} is not bytes`),
    v.check((value) => value.byteLength > 0, `${FIELD} is empty`),
    v.check(
      (value) => value.byteLength <= maxBytes,
      (issue) => `${FIELD} is ${issue.input.byteLength} bytes, over the ${maxBytes}-byte limit`,
    ),
  );
}

/** The outcome of checking one message: the typed message, or why it was refused. */
export type Checked<T> = { ok: true; message: T } | { ok: false; reason: string };

/**
 * Runs a message schema and, on refusal, says what was wrong: the field's dotted path and
 * the rule it broke, e.g. `params.n must be a whole number from 1 to 10`,
 * `imageAction: unexpected field "path"`, `generate: missing field "extension.bottom"`.
 * Never throws.
 */
export function checkMessage<TSchema extends v.GenericSchema>(schema: TSchema, value: unknown): Checked<v.InferOutput<TSchema>> {
  let result: v.SafeParseResult<TSchema>;
  try {
    result = v.safeParse(schema, value, { abortEarly: true });
  } catch {
    return { ok: false, reason: 'unreadable message' };
  }
  if (result.success) return { ok: true, message: result.output };
  return { ok: false, reason: describeIssue(result.issues[0]) };
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  const keys = path.map((item) => String(item.key));
  const last = path.at(-1);
  if (last !== undefined && 'origin' in last && last.origin === 'key') {
    // A field present that the schema does not have, or one it needs that is absent. The
    // root object is named by its message type (the `type` of the message it is).
    const rootType = String((path[0]?.input as Record<string, unknown> | undefined)?.type);
    const key = String(last.key).slice(0, 40);
    if (issue.expected === 'never') {
      const owner = keys.length > 1 ? keys.slice(0, -1).join('.') : rootType;
      return `${owner}: unexpected field "${key}"`;
    }
    return `${rootType}: missing field "${keys.join('.')}"`;
  }
  return issue.message.replaceAll(FIELD, keys.join('.'));
}
