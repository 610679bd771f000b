// Every message from the mask editor's webview is untrusted input: a compromised or buggy
// page could send anything. This turns an unknown value into a well-formed FromMaskEditor or
// refuses it, checking types, ranges and sizes. Unknown fields are dropped, so nothing a page
// adds (a path, a URI) ever reaches the host's logic. No `vscode` import.

import {
  MASK_LIMITS,
  type FromMaskEditor,
  type MaskBackground,
  type MaskEditSettings,
  type MaskExtension,
  type MaskOutputFormat,
} from '../../../shared/protocol';

/** A message that was refused; `reason` is for the log (it may quote the page's values). */
export class RejectedMessageError extends Error {
  override readonly name = 'RejectedMessageError';
}

type Fields = Record<string, unknown>;

function fail(reason: string): never {
  throw new RejectedMessageError(reason);
}

function record(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) fail(`${what} is not an object`);
  return value as Fields;
}

function integer(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function text(value: unknown, what: string, maxLength: number): string {
  if (typeof value !== 'string') fail(`${what} is not a string`);
  if (value.length > maxLength) fail(`${what} is longer than ${maxLength} characters`);
  return value;
}

function oneOf<T extends string>(value: unknown, what: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(`${what} must be one of ${allowed.join(', ')}`);
  return value as T;
}

const requestId = (value: unknown) => integer(value, 'requestId', 0, Number.MAX_SAFE_INTEGER);
/** Result ids are the host's own: 24 hex digits. */
const resultId = (value: unknown) => {
  const id = text(value, 'resultId', 64);
  if (!/^[0-9a-f]{24}$/.test(id)) fail('resultId is not one the host issued');
  return id;
};

/** Checks the extension on its own; the extended canvas is checked by {@link checkExtendedSize}. */
export function parseExtension(value: unknown): MaskExtension {
  const fields = record(value, 'extension');
  const side = (name: keyof MaskExtension) => integer(fields[name], `extension.${name}`, 0, MASK_LIMITS.maxExtensionPerSide);
  return { left: side('left'), top: side('top'), right: side('right'), bottom: side('bottom') };
}

/**
 * The extended canvas size, or a refusal when it is beyond what the editor can hold.
 * @throws {RejectedMessageError}
 */
export function checkExtendedSize(base: { width: number; height: number }, extension: MaskExtension): { width: number; height: number } {
  const width = base.width + extension.left + extension.right;
  const height = base.height + extension.top + extension.bottom;
  if (width > MASK_LIMITS.maxSide || height > MASK_LIMITS.maxSide) fail(`the extended canvas ${width}x${height} is over ${MASK_LIMITS.maxSide} pixels on a side`);
  if (width * height > MASK_LIMITS.maxPixels) fail(`the extended canvas ${width}x${height} has more than ${MASK_LIMITS.maxPixels} pixels`);
  return { width, height };
}

const OUTPUT_FORMATS: readonly MaskOutputFormat[] = ['png', 'jpeg', 'webp'];
const BACKGROUNDS: readonly MaskBackground[] = ['auto', 'opaque', 'transparent'];

/** Shape checks only; whether the model takes these values is decided by editRequests.ts. */
export function parseSettings(value: unknown): MaskEditSettings {
  const fields = record(value, 'settings');
  const model = text(fields.model, 'settings.model', 200).trim();
  if (!model) fail('settings.model is empty');
  const size = text(fields.size, 'settings.size', 32).trim();
  if (!/^(auto|\d{1,5}x\d{1,5})$/.test(size)) fail('settings.size must be auto or WxH');
  const quality = text(fields.quality, 'settings.quality', 32);
  if (!/^[a-z]{1,16}$/.test(quality)) fail('settings.quality is not a quality');
  if (typeof fields.strictComposite !== 'boolean') fail('settings.strictComposite is not a boolean');
  return {
    model,
    size,
    quality,
    n: integer(fields.n, 'settings.n', 1, MASK_LIMITS.maxN),
    outputFormat: oneOf(fields.outputFormat, 'settings.outputFormat', OUTPUT_FORMATS),
    background: oneOf(fields.background, 'settings.background', BACKGROUNDS),
    strictComposite: fields.strictComposite,
    featherPx: integer(fields.featherPx, 'settings.featherPx', 0, MASK_LIMITS.maxFeatherPx),
  };
}

function bytes(value: unknown, what: string, maxBytes: number): Uint8Array {
  // Structured clone delivers a Uint8Array; number arrays or base64 are refused, not converted.
  if (!(value instanceof Uint8Array)) fail(`${what} is not bytes`);
  if (value.byteLength === 0) fail(`${what} is empty`);
  if (value.byteLength > maxBytes) fail(`${what} is ${value.byteLength} bytes, over the ${maxBytes}-byte limit`);
  return value;
}

/**
 * A well-formed message, or a refusal.
 * @throws {RejectedMessageError} naming what is wrong.
 */
export function parseMaskEditorMessage(value: unknown): FromMaskEditor {
  const fields = record(value, 'message');
  switch (fields.type) {
    case 'ready':
      return { type: 'ready' };
    case 'estimate':
      return {
        type: 'estimate',
        requestId: requestId(fields.requestId),
        prompt: text(fields.prompt, 'prompt', MASK_LIMITS.maxPromptChars),
        settings: parseSettings(fields.settings),
        extension: parseExtension(fields.extension),
      };
    case 'generate':
      return {
        type: 'generate',
        requestId: requestId(fields.requestId),
        revision: integer(fields.revision, 'revision', 0, Number.MAX_SAFE_INTEGER),
        prompt: text(fields.prompt, 'prompt', MASK_LIMITS.maxPromptChars),
        settings: parseSettings(fields.settings),
        extension: parseExtension(fields.extension),
        mask: bytes(fields.mask, 'mask', MASK_LIMITS.maxMaskBytes),
      };
    case 'cancel':
      return { type: 'cancel', requestId: requestId(fields.requestId) };
    case 'keep':
    case 'discard':
    case 'editAgain':
    case 'openKept':
      return { type: fields.type, resultId: resultId(fields.resultId) };
    default:
      return fail(`unknown message type ${JSON.stringify(String(fields.type)).slice(0, 40)}`);
  }
}
