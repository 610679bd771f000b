// Validation of what the studio webview sends. The webview is untrusted input: a page
// compromised through a crafted prompt, image or extension bug can post anything. So each
// message is checked against its schema (shared/messageSchemas.ts: exact fields, every
// string and number bounded, image ids shaped like the ids the host issues) under the one
// policy for webview messages (shared/messagePolicy.ts).
// Whether an id was actually issued is the panel's check (it owns the id map).
// Pure: no `vscode` import, so every rule is unit-tested in plain Node.

import { studioToHostSchema } from '../../../shared/messageSchemas';
import { checkMessage, HOST_ID_PATTERN, isPlainObject, type Checked } from '../../../shared/messagePolicy';
import type { StudioToHost } from '../../../shared/protocol';

/** The outcome of checking one message: the typed message, or why it was refused. */
export type ParsedStudioMessage = Checked<StudioToHost>;

/** Ids are 12 random bytes in hex (see `studioImages.ts`). */
export const IMAGE_ID_PATTERN = HOST_ID_PATTERN;

/**
 * Checks a message from the studio webview. Refuses anything that is not exactly one of
 * the `StudioToHost` shapes with values inside `STUDIO_LIMITS`; never throws.
 */
export function parseStudioMessage(value: unknown): ParsedStudioMessage {
  return checkMessage(studioToHostSchema, value);
}

/** A short, log-safe description of a refused message (its type, never its content). */
/* eslint-disable image-studio/localized-text -- for the log line of a refused message (Output channel, English) */
export function describeForLog(value: unknown): string {
  if (!isPlainObject(value)) return Array.isArray(value) ? 'an array' : typeof value;
  const type = value.type;
  return typeof type === 'string' ? `"${type.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}"` : 'a message without a type';
}
/* eslint-enable image-studio/localized-text */
