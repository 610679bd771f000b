// What every rule that turns a generation's options into a request body shares: the options as
// they arrive, the problems and dropped options it reports, and the small helpers that record
// them. The rules live in modelCapabilities (the orchestration and the long-standing
// parameters), gifAndSvgOutput and complexityAndSafetyIdentifier (the November 2026 ones).

import type { ImageGenerateParamsBase } from 'openai/resources/images';
import { joinOr } from '../../shared/listJoin';
import { joinSentences } from '../../shared/localeFormat';
import type { Complexity, ModelCapabilities, OutputFormat, SvgEffort } from './modelTable';

/** Options for one generation, as the UI and settings hand them over (untrusted values). */
export interface GenerationOptions {
  model: string;
  prompt: string;
  size?: string;
  quality?: string;
  n?: number;
  background?: 'transparent' | 'opaque' | 'auto';
  outputFormat?: OutputFormat;
  outputCompression?: number;
  moderation?: 'low' | 'auto';
  style?: 'vivid' | 'natural';
  responseFormat?: 'url' | 'b64_json';
  stream?: boolean;
  partialImages?: number;
  user?: string;
  complexity?: Complexity;
  /** GIF output only: 2–16 frames. */
  frameCount?: number;
  /** GIF output only: how long each frame shows, in milliseconds. */
  frameDurationMs?: number;
  /** SVG output only: the model that authors the SVG (empty = the service's default author). */
  svgModel?: string;
  /** SVG output only: the author's reasoning effort (sent only with `svgModel`). */
  svgEffort?: SvgEffort;
  /** A stable hash standing for the person (never a raw name or address). */
  safetyIdentifier?: string;
}

/** One wrong option: `message` names the value and what is allowed instead. */
export interface ParameterProblem {
  field: string;
  value: unknown;
  message: string;
  allowed?: string[];
  /** The model no longer answers: the model to switch to (a presenter offers it in one click). */
  successor?: string;
}

/** Thrown by buildGenerationRequest()/planRequests() with every problem found. */
export class InvalidParametersError extends Error {
  readonly problems: ParameterProblem[];

  constructor(problems: ParameterProblem[]) {
    super(joinSentences(problems.map((problem) => problem.message)));
    this.name = 'InvalidParametersError';
    this.problems = problems;
  }
}


/** A value as a problem quotes it: strings in quotes, anything else as it prints. */
export function describeValue(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** An option that was set but is not sent, and why (for the log, or a hint in the UI). */
export interface DroppedOption {
  field: keyof GenerationOptions;
  value: unknown;
  reason: string;
}

type Body = { -readonly [K in keyof ImageGenerateParamsBase]: ImageGenerateParamsBase[K] };

/** One body being built: the model's capabilities, the options, and what the rules found so far. */
export interface GenerationContext {
  caps: ModelCapabilities;
  options: GenerationOptions;
  body: Body;
  problems: ParameterProblem[];
  dropped: DroppedOption[];
}

/** Whether an option was given at all (an empty string counts as not given). */
export const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** Records that `field` is not sent, and why (English: dropped options are only logged). */
export function drop(ctx: GenerationContext, field: keyof GenerationOptions, reason: string): void {
  ctx.dropped.push({ field, value: ctx.options[field], reason });
}

/** Why a family-specific parameter is not sent to a model that lacks it (for the log: English). */
export function notSent(ctx: GenerationContext, parameter: string): string {
  /* eslint-disable image-studio/localized-text -- dropped options are only logged (runImageJob), and the log is English */
  return ctx.caps.known
    ? `${ctx.caps.id} has no ${parameter} parameter.`
    : `${ctx.caps.id} is not a known model, so ${parameter} is not sent (only parameters every model accepts are).`;
  /* eslint-enable image-studio/localized-text */
}

/** The sentence for a value outside the API's vocabulary, from the value and the choices. */
export type NotValid = (texts: { value: string; choices: string }) => string;

/** True when `value` is in `vocabulary`; otherwise records a problem worded by `notValid`. */
export function inVocabulary<T extends string>(
  ctx: GenerationContext,
  field: keyof GenerationOptions,
  notValid: NotValid,
  vocabulary: readonly T[],
): boolean {
  const value = ctx.options[field];
  if ((vocabulary as readonly unknown[]).includes(value)) return true;
  ctx.problems.push({
    field,
    value,
    message: notValid({ value: describeValue(value), choices: joinOr(vocabulary) }),
    allowed: [...vocabulary],
  });
  return false;
}

/** The sentence for a number out of range, from the value and the range. */
export type NotPossible = (texts: { value: string; min: number; max: number }) => string;

/** The problem for a number outside `min`–`max`, worded by `notPossible`. */
export function wholeNumberProblem(field: string, notPossible: NotPossible, value: unknown, min: number, max: number): ParameterProblem {
  return { field, value, message: notPossible({ value: describeValue(value), min, max }) };
}

/** Whether `value` is a whole number from `min` to `max`. */
export const isWholeNumberIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
