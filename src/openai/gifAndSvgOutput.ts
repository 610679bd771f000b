// GIF and SVG output (November 2026; the `openai` 7.51 typings are their contract): asked of a
// model that does not make it, an error (the person asked for an animation or a drawing and
// would get a still PNG); frames or frame duration out of range, or a GIF size outside the GIF
// sizes, an error. The SVG author's effort without an author model is dropped (the service
// takes `svg` only with a model). Frame and SVG-author choices are not sent, and not reported,
// for other formats: they are that format's sub-options. What GIF and SVG change in the other
// rules (no compression, no streaming, no transparency, one drawing per request) stays with
// those rules in modelCapabilities.

import * as l10n from '@vscode/l10n';
import { joinOr } from '../../shared/listJoin';
import {
  drop, inVocabulary, isSet, isWholeNumberIn, wholeNumberProblem,
  type GenerationContext, type NotPossible, type NotValid, type ParameterProblem,
} from './generationOptions';
import { ALL_SVG_EFFORTS, currentModelsWhere, FORMAT_NAMES, GIF_LIMITS, type ModelCapabilities, type SvgEffort } from './modelTable';

// One whole sentence per setting, so a translator sees each as it is read.
const notPossible = {
  frameCount: (texts: Parameters<NotPossible>[0]) => l10n.t('Frame count {value} is not possible. Choose a whole number from {min} to {max}.', texts),
  frameDuration: (texts: Parameters<NotPossible>[0]) => l10n.t('Frame duration (ms) {value} is not possible. Choose a whole number from {min} to {max}.', texts),
} satisfies Record<string, NotPossible>;

const notValid = {
  svgEffort: (texts: Parameters<NotValid>[0]) => l10n.t('SVG reasoning effort {value} is not valid. Choose {choices}.', texts),
} satisfies Record<string, NotValid>;

/** Images per request for `caps` with `format`: SVG output is one drawing per request. */
export function maxNFor(caps: ModelCapabilities, format: unknown): number {
  return format === 'svg' && caps.outputFormats.includes('svg') ? 1 : caps.maxN;
}

/** GIF or SVG asked of a model that does not make it: never silently a still PNG. */
export function formatUnavailable(caps: ModelCapabilities, format: 'gif' | 'svg'): ParameterProblem {
  const offering = currentModelsWhere((candidate) => candidate.outputFormats.includes(format));
  const texts = { model: caps.id, format: FORMAT_NAMES[format], choices: joinOr(offering) };
  return {
    field: 'outputFormat',
    value: format,
    message: caps.known
      ? l10n.t('{model} does not make {format} output. Choose {choices}, or PNG, JPEG or WebP output.', texts)
      : l10n.t('{model} is not a model this extension knows, so it cannot ask it for {format} output. Choose {choices}, or PNG, JPEG or WebP output.', texts),
    allowed: offering,
  };
}

/** Frame count and duration, and the GIF sizes (see GIF_LIMITS). */
export function applyGif(ctx: GenerationContext): void {
  const { options } = ctx;
  const size = ctx.body.size;
  if (typeof size === 'string' && !GIF_LIMITS.sizes.includes(size)) {
    ctx.problems.push({
      field: 'size',
      value: size,
      message: l10n.t('GIF output is made at {sizes}; {size} is not one of them. Choose one of those sizes.', { sizes: joinOr(GIF_LIMITS.sizes), size }),
      allowed: [...GIF_LIMITS.sizes],
    });
  }
  if (isSet(options.frameCount)) {
    if (isWholeNumberIn(options.frameCount, GIF_LIMITS.minFrames, GIF_LIMITS.maxFrames)) ctx.body.frame_count = options.frameCount;
    else ctx.problems.push(wholeNumberProblem('frameCount', notPossible.frameCount, options.frameCount, GIF_LIMITS.minFrames, GIF_LIMITS.maxFrames));
  }
  if (isSet(options.frameDurationMs)) {
    if (isWholeNumberIn(options.frameDurationMs, GIF_LIMITS.minFrameDurationMs, GIF_LIMITS.maxFrameDurationMs)) ctx.body.frame_duration_ms = options.frameDurationMs;
    else ctx.problems.push(wholeNumberProblem('frameDurationMs', notPossible.frameDuration, options.frameDurationMs, GIF_LIMITS.minFrameDurationMs, GIF_LIMITS.maxFrameDurationMs));
  }
}

/** The SVG author (`svg.model`) and its effort; SVG is one drawing per request (applyN). */
export function applySvg(ctx: GenerationContext): void {
  const { options } = ctx;
  const author = typeof options.svgModel === 'string' ? options.svgModel.trim() : '';
  let effort: SvgEffort | undefined;
  if (isSet(options.svgEffort) && inVocabulary(ctx, 'svgEffort', notValid.svgEffort, ALL_SVG_EFFORTS)) effort = options.svgEffort;
  if (author) ctx.body.svg = { model: author, ...(effort ? { reasoning: { effort } } : {}) };
  // eslint-disable-next-line image-studio/localized-text -- dropped options are only logged, in English
  else if (effort) drop(ctx, 'svgEffort', 'The SVG author\'s effort is sent only with an author model; without one the service uses its default author and effort.');
}
