// The studio form's values, kept valid for the chosen model, for the page and the host alike.
// `fitParams`: a value the model accepts stays, any other becomes the model's default (or its
// first choice). So switching from gpt-image-2 at 1536x864 to DALL·E 3 offers 1024x1024, and
// switching back keeps what still fits. GIF output takes only the GIF sizes, and GIF and
// SVG, like JPEG, no transparent background. `chooseParams`: remembered choices (from an earlier
// session, possibly stale) where still valid, field by field, else the settings' value for
// that field. No DOM, no Node: imported by the webview bundle and by the host.
import { STUDIO_COMPLEXITIES, STUDIO_GIF_LIMITS } from './messageLimits';
import type { StudioComplexity, StudioModel, StudioOutputFormat, StudioParams } from './protocol';

const SIZE = /^[1-9]\d{0,4}x[1-9]\d{0,4}$/;

/** Formats the service makes transparent images in: PNG and WebP only. */
export const takesTransparency = (format: StudioOutputFormat): boolean => format === 'png' || format === 'webp';

const isWhole = (value: unknown, min: number, max: number): value is number => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;

/** `value` as a whole number within `min`–`max` (rounded, clamped), or `fallback` when it is no number at all. */
function clampWhole(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

const isComplexity = (value: unknown): value is StudioComplexity => typeof value === 'string' && (STUDIO_COMPLEXITIES as readonly string[]).includes(value);

/** `wanted` adjusted so every value is one `model` accepts (custom sizes are checked by the host). */
export function fitParams(model: StudioModel, wanted: StudioParams): StudioParams {
  let size =
    model.sizes.includes(wanted.size) || (model.customSize && SIZE.test(wanted.size))
      ? wanted.size
      : (model.defaults.size ?? model.sizes[0] ?? 'auto');
  const quality = model.qualities.includes(wanted.quality) ? wanted.quality : (model.defaults.quality ?? model.qualities[0] ?? 'auto');
  const outputFormat =
    model.outputFormats.length === 0
      ? 'png'
      : model.outputFormats.includes(wanted.outputFormat)
        ? wanted.outputFormat
        : (model.defaults.outputFormat ?? model.outputFormats[0]);
  let background =
    model.backgrounds.length === 0
      ? 'auto'
      : model.backgrounds.includes(wanted.background)
        ? wanted.background
        : (model.defaults.background ?? 'auto');
  // Transparent images come as PNG or WebP only: a transparent JPEG, GIF or SVG would be refused.
  if (background === 'transparent' && !takesTransparency(outputFormat)) background = 'auto';
  // A GIF is made at a few sizes only.
  if (outputFormat === 'gif' && model.gifSizes.length > 0 && !model.gifSizes.includes(size)) {
    size = model.defaults.size !== undefined && model.gifSizes.includes(model.defaults.size) ? model.defaults.size : model.gifSizes[0];
  }
  const style =
    model.styles.length === 0 ? 'vivid' : model.styles.includes(wanted.style) ? wanted.style : (model.defaults.style ?? model.styles[0]);
  const n = Math.min(model.maxN, Math.max(1, Math.round(Number.isFinite(wanted.n) ? wanted.n : 1)));
  // A model without complexity is sent none (as a model without styles shows no style).
  const complexity = model.complexity && isComplexity(wanted.complexity) ? wanted.complexity : 'default';
  // Frames are kept whatever the format (they are sent only with GIF output), so a choice survives a look at PNG.
  const frameCount = clampWhole(wanted.frameCount, STUDIO_GIF_LIMITS.minFrames, STUDIO_GIF_LIMITS.maxFrames, STUDIO_GIF_LIMITS.defaultFrames);
  const frameDurationMs = clampWhole(
    wanted.frameDurationMs,
    STUDIO_GIF_LIMITS.minFrameDurationMs,
    STUDIO_GIF_LIMITS.maxFrameDurationMs,
    STUDIO_GIF_LIMITS.defaultFrameDurationMs,
  );
  return { model: model.id, size, quality, n, background, outputFormat, style, complexity, frameCount, frameDurationMs };
}

/** Whether `model` takes `size`; the host passes its own check of custom sizes (the model's size rules). */
export type SizeCheck = (model: StudioModel, size: string) => boolean;

/** The page's check: a listed size, or any WxH for models with custom sizes. */
export const sizeListedOrShaped: SizeCheck = (model, size) => model.sizes.includes(size) || (model.customSize && SIZE.test(size));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `value` is one `model` accepts for `field` (a field the model does not have takes anything: it is not sent). */
function accepts(model: StudioModel, field: Exclude<keyof StudioParams, 'model'>, value: unknown, sizeOk: SizeCheck): boolean {
  switch (field) {
    case 'size':
      return typeof value === 'string' && sizeOk(model, value);
    case 'quality':
      return typeof value === 'string' && model.qualities.includes(value);
    case 'n':
      return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= model.maxN;
    case 'background':
      return typeof value === 'string' && (model.backgrounds as string[]).includes(value);
    case 'outputFormat':
      return typeof value === 'string' && (model.outputFormats as string[]).includes(value);
    case 'style':
      return typeof value === 'string' && (model.styles as string[]).includes(value);
    case 'complexity':
      return isComplexity(value) && (model.complexity || value === 'default');
    case 'frameCount':
      return isWhole(value, STUDIO_GIF_LIMITS.minFrames, STUDIO_GIF_LIMITS.maxFrames);
    case 'frameDurationMs':
      return isWhole(value, STUDIO_GIF_LIMITS.minFrameDurationMs, STUDIO_GIF_LIMITS.maxFrameDurationMs);
  }
}

/**
 * The form's values from `wanted` (remembered choices: untrusted, possibly from another
 * version or a model list that has changed since) over `defaults` (the settings): each field
 * keeps the wanted value where the model takes it, else the settings' value, else the
 * model's default. The model itself: the wanted one if still offered, else the settings'
 * one, else the first offered. Undefined when no model is offered at all.
 */
export function chooseParams(models: readonly StudioModel[], wanted: unknown, defaults: StudioParams, sizeOk: SizeCheck = sizeListedOrShaped): StudioParams | undefined {
  const choice = isRecord(wanted) ? wanted : {};
  const model = models.find((entry) => entry.id === choice.model) ?? models.find((entry) => entry.id === defaults.model) ?? models[0];
  if (!model) return undefined;
  const pick = <K extends Exclude<keyof StudioParams, 'model'>>(field: K): StudioParams[K] =>
    accepts(model, field, choice[field], sizeOk) ? (choice[field] as StudioParams[K]) : defaults[field];
  let background = pick('background');
  const outputFormat = pick('outputFormat');
  // A GIF takes the GIF sizes only: a remembered size that is none of them takes the settings' size.
  let size = pick('size');
  if (outputFormat === 'gif' && model.gifSizes.length > 0 && !model.gifSizes.includes(size)) size = defaults.size;
  // Both remembered values were valid together; one of them may have fallen back since.
  if (background === 'transparent' && !takesTransparency(outputFormat)) background = defaults.background === 'transparent' ? 'auto' : defaults.background;
  return fitParams(model, {
    model: model.id,
    size,
    quality: pick('quality'),
    n: pick('n'),
    background,
    outputFormat,
    style: pick('style'),
    complexity: pick('complexity'),
    frameCount: pick('frameCount'),
    frameDurationMs: pick('frameDurationMs'),
  });
}
