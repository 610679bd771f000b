// What the studio's history knows about one generated image, read from its JSON sidecar
// (see `buildSidecar` in src/jobs/jobSidecar.ts). Sidecars are files in the workspace:
// anyone can edit them, so each is checked like untrusted input. A sidecar that is not
// ours, not valid JSON, or names an image other than its own twin is skipped, never shown.
// Pure: no `vscode` import, so the rules are unit-tested in plain Node.

import { STUDIO_GIF_LIMITS } from '../../../shared/messageLimits';
import type { StudioBackground, StudioComplexity, StudioImageDetails, StudioOutputFormat, StudioParams, StudioStyle } from '../../../shared/protocol';

/** One image of the history, as its sidecar describes it. */
export interface HistoryRecord extends StudioImageDetails {
  /** The image's file name, in the sidecar's folder (same stem as the sidecar). */
  imageName: string;
  /** `createdAt` in ms since the epoch, for sorting. */
  createdMs: number;
  /**
   * The size and quality the request sent, kept when the sidecar has no cost: per-image-priced
   * models (DALL·E) answer without `usage`, and their price follows from these (studioCost.ts).
   */
  sent?: { size?: string; quality?: string };
}

/** Sidecars larger than this are not read (ours are a few KB; the prompt is ≤ 32k). */
export const MAX_SIDECAR_BYTES = 256 * 1024;

const IMAGE_NAME = /^[^/\\\0]+\.(png|jpe?g|webp|gif|svg)$/i;
const MAX_TEXT = 32_000;
const MAX_MODEL = 200;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stem = (name: string) => name.replace(/\.[^.]*$/, '');

const positiveInt = (value: unknown): number => (Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : 0);

const optionalText = (value: unknown, max = MAX_TEXT): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.slice(0, max) : undefined;

/**
 * The history record in a sidecar's text, or undefined when the file is not an Image
 * Studio sidecar for its twin image: malformed JSON, another generator or version, a
 * missing prompt or model, an unreadable date, or an `image` that is a path or has a
 * different stem than `sidecarName` (a sidecar may only describe the file beside it).
 */
export function parseSidecar(text: string, sidecarName: string): HistoryRecord | undefined {
  if (text.length > MAX_SIDECAR_BYTES) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  return recordFromSidecar(data, sidecarName);
}

/** The history record of a sidecar's content (already parsed, e.g. as just written); the rules of {@link parseSidecar}. */
export function recordFromSidecar(data: unknown, sidecarName: string): HistoryRecord | undefined {
  if (!isRecord(data) || data.generator !== 'image-studio' || data.version !== 1) return undefined;
  const { image, prompt, model, createdAt } = data;
  if (typeof image !== 'string' || !IMAGE_NAME.test(image) || image === '.' || image.includes('..')) return undefined;
  if (stem(image) !== stem(sidecarName)) return undefined;
  if (typeof prompt !== 'string' || typeof model !== 'string' || model.trim() === '' || model.length > MAX_MODEL) return undefined;
  if (typeof createdAt !== 'string') return undefined;
  const createdMs = Date.parse(createdAt);
  if (Number.isNaN(createdMs)) return undefined;
  const parameters = isRecord(data.parameters) ? data.parameters : {};
  const origin = data.operation === 'variation' || data.operation === 'edit' ? data.operation : undefined;
  const costUsd = typeof data.costUsd === 'number' && Number.isFinite(data.costUsd) && data.costUsd >= 0 ? data.costUsd : undefined;
  const width = positiveInt(data.width);
  const height = positiveInt(data.height);
  const record: HistoryRecord = {
    imageName: image,
    prompt: prompt.slice(0, MAX_TEXT),
    model: model.trim(),
    width,
    height,
    createdAt,
    createdMs,
  };
  const revisedPrompt = optionalText(data.revisedPrompt);
  if (revisedPrompt !== undefined) record.revisedPrompt = revisedPrompt;
  const quality = optionalText(parameters.quality, 20);
  if (quality !== undefined) record.quality = quality;
  if (costUsd !== undefined) record.costUsd = costUsd;
  else record.sent = sentSizeAndQuality(parameters);
  const differences = Array.isArray(data.differences) ? data.differences.slice(0, 6).flatMap((entry) => optionalText(entry, 300) ?? []) : [];
  if (differences.length > 0) record.differences = differences;
  if (origin) record.origin = origin;
  else record.params = paramsFromSidecar(record.model, parameters, image, width, height);
  return record;
}

/** The `size` and `quality` of a request body, when they are plausible values. */
function sentSizeAndQuality(parameters: Record<string, unknown>): { size?: string; quality?: string } {
  const sent: { size?: string; quality?: string } = {};
  if (typeof parameters.size === 'string' && /^(auto|\d{1,5}x\d{1,5})$/.test(parameters.size)) sent.size = parameters.size;
  if (typeof parameters.quality === 'string' && /^[a-z]{1,20}$/.test(parameters.quality)) sent.quality = parameters.quality;
  return sent;
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * The form values that made an image, from the request parameters in its sidecar (the
 * API's snake_case body). What the body left out gets the value the server used by
 * default, so "Run Again" asks for the same thing.
 */
export function paramsFromSidecar(
  model: string,
  parameters: Record<string, unknown>,
  imageName: string,
  width: number,
  height: number,
): StudioParams {
  const size =
    typeof parameters.size === 'string' && /^(auto|\d{1,5}x\d{1,5})$/.test(parameters.size)
      ? parameters.size
      : width > 0 && height > 0
        ? `${width}x${height}`
        : 'auto';
  const extension = /\.(jpe?g|webp|gif|svg)$/i.exec(imageName)?.[1]?.toLowerCase();
  const formatFromName: StudioOutputFormat = extension === 'webp' || extension === 'gif' || extension === 'svg' ? extension : extension ? 'jpeg' : 'png';
  const n = parameters.n;
  return {
    model,
    size,
    quality: typeof parameters.quality === 'string' && parameters.quality.length <= 20 ? parameters.quality : 'auto',
    n: Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= 10 ? (n as number) : 1,
    background: pick<StudioBackground>(parameters.background, ['auto', 'opaque', 'transparent'], 'auto'),
    outputFormat: pick<StudioOutputFormat>(parameters.output_format, ['png', 'jpeg', 'webp', 'gif', 'svg'], formatFromName),
    style: pick<StudioStyle>(parameters.style, ['vivid', 'natural'], 'vivid'),
    complexity: pick<StudioComplexity>(parameters.complexity, ['low', 'medium', 'high'], 'default'),
    frameCount: wholeIn(parameters.frame_count, STUDIO_GIF_LIMITS.minFrames, STUDIO_GIF_LIMITS.maxFrames) ?? STUDIO_GIF_LIMITS.defaultFrames,
    frameDurationMs: wholeIn(parameters.frame_duration_ms, STUDIO_GIF_LIMITS.minFrameDurationMs, STUDIO_GIF_LIMITS.maxFrameDurationMs) ?? STUDIO_GIF_LIMITS.defaultFrameDurationMs,
  };
}

function wholeIn(value: unknown, min: number, max: number): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max ? (value as number) : undefined;
}

/** Newest first; images of one job (same time) in name order, so `-1` comes before `-2`. */
export function compareNewestFirst(a: { createdMs: number; imageName: string }, b: { createdMs: number; imageName: string }): number {
  return b.createdMs - a.createdMs || a.imageName.localeCompare(b.imageName, 'en', { numeric: true });
}

/**
 * Whether a record matches the filter box: every whitespace-separated word must occur
 * (case-insensitively) in its prompt, revised prompt, model, file name or size.
 */
export function matchesFilter(record: HistoryRecord, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    record.prompt,
    record.revisedPrompt ?? '',
    record.model,
    record.imageName,
    record.width && record.height ? `${record.width}x${record.height}` : '',
    record.origin ?? '',
  ]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}
