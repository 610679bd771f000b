// One schema per message a webview can send, and the protocol's webview → host types
// inferred from them (protocol.ts re-exports those types), so a message is defined once.
// The policy (exact fields, bounded values, `{field}` in refusals) is messagePolicy.ts.
//
// Why a file of its own rather than protocol.ts: protocol.ts is imported at run time by the
// webview bundles (assertNever, the limits), and esbuild keeps a module's top-level calls
// (our schema helpers are not known to be pure) whether or not anything uses their result.
// Measured: exporting these schemas from protocol.ts grew the production webview bundles by
// about 14 KB each (studio.js 25.8 → 40.1 KB, maskEditor.js 43.7 → 58.2 KB). protocol.ts
// imports from here with `import type` only, which esbuild erases; only the host
// (studioMessages.ts, maskMessages.ts) imports this file's values.
/* eslint-disable image-studio/localized-text -- refusal reasons of webview messages go only to the log (see messagePolicy.ts) */

import * as v from 'valibot';
import { MASK_LIMITS, STUDIO_COMPLEXITIES, STUDIO_GIF_LIMITS, STUDIO_IMAGE_ACTIONS, STUDIO_LIMITS, STUDIO_QUALITIES } from './messageLimits';
import {
  boundedList,
  boundedString,
  bytes,
  finiteNumber,
  flag,
  hostId,
  message,
  messages,
  nameIn,
  object,
  oneOf,
  requestId,
  wholeNumber,
} from './messagePolicy';

export const backgroundSchema = oneOf(['auto', 'opaque', 'transparent']);
/** What the mask editor makes: rasters only (GIF output takes no mask; SVG is for new images). */
export const outputFormatSchema = oneOf(['png', 'jpeg', 'webp']);
/** What the studio makes: rasters, an animated GIF or an SVG drawing, where the model offers them. */
export const studioOutputFormatSchema = oneOf(['png', 'jpeg', 'webp', 'gif', 'svg']);

// ---- Studio panel -------------------------------------------------------------------------

export const studioStyleSchema = oneOf(['vivid', 'natural']);
export const studioComplexitySchema = oneOf(STUDIO_COMPLEXITIES);
export const studioImageActionSchema = oneOf(STUDIO_IMAGE_ACTIONS);

/** Ids the host issued for this panel (whether it did is the panel's check: it owns the map). */
const imageId = hostId('id is not an image id', 'id is not an image id');

/** Model names: printable, no spaces or control characters (a name goes into a request). */
const MODEL_PATTERN = /^[\x21-\x7e]+$/;
/** `auto` or `WxH` with at most five digits a side (the size rules decide the rest). */
const SIZE_PATTERN = /^(auto|[1-9][0-9]{0,4}x[1-9][0-9]{0,4})$/;

/** What the studio form edits; the host checks it against the model before anything is sent. */
export const studioParamsSchema = object({
  model: v.pipe(boundedString(STUDIO_LIMITS.maxModelLength), v.regex(MODEL_PATTERN, '{field} must be a model name without spaces')),
  /** `WxH` or `auto`. */
  size: v.pipe(boundedString(11), v.regex(SIZE_PATTERN, '{field} must be WIDTHxHEIGHT or auto')),
  /** A plain string in the type: the model's own rules decide which quality it takes. */
  quality: nameIn(STUDIO_QUALITIES),
  /** Images per job, 1–10. */
  n: wholeNumber(1, STUDIO_LIMITS.maxN),
  background: backgroundSchema,
  outputFormat: studioOutputFormatSchema,
  style: studioStyleSchema,
  // The November 2026 fields. The studio page always sends them; absent (a sender that
  // predates them) means the settings' value. Whether the model takes them is decided later,
  // by the capability table, as for every other field.
  /** Planning effort, independent of quality; `default` sends nothing. */
  complexity: v.optional(studioComplexitySchema),
  /** GIF output only (ignored for other formats): frames in the animation. */
  frameCount: v.optional(wholeNumber(STUDIO_GIF_LIMITS.minFrames, STUDIO_GIF_LIMITS.maxFrames)),
  /** GIF output only: how long each frame shows, in milliseconds. */
  frameDurationMs: v.optional(wholeNumber(STUDIO_GIF_LIMITS.minFrameDurationMs, STUDIO_GIF_LIMITS.maxFrameDurationMs)),
});

const prompt = boundedString(STUDIO_LIMITS.maxPromptLength);

/** Messages from the studio webview. */
export const studioToHostSchema = messages([
  message('ready', {}),
  /** An empty prompt can be estimated. */
  message('estimate', { requestId: requestId(), prompt, params: studioParamsSchema }),
  message('generate', {
    requestId: requestId(),
    prompt: v.pipe(prompt, v.check((text) => text.trim() !== '', '{field} is empty')),
    params: studioParamsSchema,
  }),
  message('cancel', {}),
  /** The form's values changed by the person: remembered for this workspace (the next panel opens with them). */
  message('rememberChoices', { params: studioParamsSchema }),
  /** "Reset to settings": nothing remembered, the form follows the settings again. */
  message('forgetChoices', {}),
  message('historyQuery', {
    requestId: requestId(),
    filter: boundedString(STUDIO_LIMITS.maxFilterLength),
    offset: wholeNumber(0, STUDIO_LIMITS.maxOffset),
    limit: wholeNumber(1, STUDIO_LIMITS.maxPageSize),
  }),
  message('thumbnails', {
    ids: boundedList(imageId, 1, STUDIO_LIMITS.maxThumbnailIds, `{field} must be a list of 1 to ${STUDIO_LIMITS.maxThumbnailIds} image ids`),
  }),
  message('imageAction', { requestId: requestId(), id: imageId, action: studioImageActionSchema }),
  /** How long the first screen of history took to render (logged; read by tests). */
  message('metrics', {
    historyFirstScreenMs: finiteNumber(0, 3_600_000, '{field} is not a duration'),
    historyTiles: wholeNumber(0, 100_000),
    /** Whether that first page came in the page's HTML (the host had the folder scanned) rather than by message. */
    historyEmbedded: flag(),
  }),
]);

// ---- Mask editor --------------------------------------------------------------------------

/** Pixels added on each side of the base image (outpainting). */
const side = wholeNumber(0, MASK_LIMITS.maxExtensionPerSide);
export const maskExtensionSchema = object({ left: side, top: side, right: side, bottom: side });

/**
 * The request choices the editor sends with Generate (and for the cost estimate). Shape
 * checks only: whether the model takes these values is decided by editRequests.ts.
 */
export const maskEditSettingsSchema = object({
  model: v.pipe(boundedString(200), v.trim(), v.nonEmpty('{field} is empty')),
  /** `auto` or WxH. */
  size: v.pipe(boundedString(32), v.trim(), v.regex(/^(auto|\d{1,5}x\d{1,5})$/, '{field} must be auto or WxH')),
  quality: v.pipe(boundedString(32), v.regex(/^[a-z]{1,16}$/, '{field} is not a quality')),
  n: wholeNumber(1, MASK_LIMITS.maxN),
  outputFormat: outputFormatSchema,
  background: backgroundSchema,
  /**
   * Planning effort, as the studio's: `default` sends nothing; absent (a page state saved
   * before the editor had the picker) means the settings' value. Whether the model takes it
   * is the capability table's to say (a model without it is sent none).
   */
  complexity: v.optional(studioComplexitySchema),
  /** Restore every pixel outside the mask from the original after the result arrives. */
  strictComposite: flag(),
  /** Width of the blend at the inside edge of the mask, in pixels (strict composite). */
  featherPx: wholeNumber(0, MASK_LIMITS.maxFeatherPx),
});

/** Results the host holds until they are kept or discarded. */
const resultId = hostId('{field} is not a string', '{field} is not one the host issued');
const maskPrompt = boundedString(MASK_LIMITS.maxPromptChars);

/** Messages from the mask editor's webview. */
export const fromMaskEditorSchema = messages([
  message('ready', {}),
  message('estimate', { requestId: requestId(), prompt: maskPrompt, settings: maskEditSettingsSchema, extension: maskExtensionSchema }),
  message('generate', {
    requestId: requestId(),
    /** The image revision the mask was painted on (a stale mask is refused by the session). */
    revision: wholeNumber(0, Number.MAX_SAFE_INTEGER),
    prompt: maskPrompt,
    settings: maskEditSettingsSchema,
    extension: maskExtensionSchema,
    /** Mask mode: PNG, extended size, alpha 0 where the image is to be edited. */
    mask: v.optional(bytes(MASK_LIMITS.maxMaskBytes)),
    /** Annotate mode: PNG, the image's size, transparent where nothing is drawn. Exactly one of the two is sent. */
    markup: v.optional(bytes(MASK_LIMITS.maxMaskBytes)),
  }),
  message('cancel', { requestId: requestId() }),
  message('keep', { resultId }),
  message('discard', { resultId }),
  message('editAgain', { resultId }),
  message('openKept', { resultId }),
]);
