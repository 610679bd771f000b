// Jobs that start from the user's images: prepare each input for the model's endpoint,
// send the request(s), verify every image, and hand each one over as soon as it is ready.
// A job has one or more groups: Create Variations makes one group per source image (each
// its own request), Edit with Prompt one group holding every image (one request).
// No `vscode` import.

import type { OpenAI } from 'openai';
import { prepareInputImage, summarizePreparation, type PreparedImage, type PrepareTarget } from '../imaging/prepareInputImage';
import { capabilitiesFor, InvalidParametersError, type ParameterProblem } from '../openai/modelCapabilities';
import { createClient, type ClientConfig, type ImageUsage, type RequestResult } from '../openai/imagesClient';
import {
  prepareEdit,
  prepareVariation,
  requestEdit,
  requestVariation,
  type EditOptions,
  type VariationOptions,
} from '../openai/editRequests';
import { runBounded, verifyReceived } from './generationJob';

const MB = 1024 * 1024;

/** Which endpoint a job uses. */
export type EditOperation = 'edit' | 'variation';

/**
 * How *Create Variations* works on `model`: dall-e-2 has the variations endpoint; GPT image
 * models (and unknown models, which are assumed to follow the current API) make variations
 * as edits with a prompt; undefined when the model can do neither (dall-e-3).
 */
export function variationOperationFor(model: string): EditOperation | undefined {
  const caps = capabilitiesFor(model);
  if (caps.family === 'dall-e-2') return 'variation';
  return caps.edits.supported ? 'edit' : undefined;
}

/** How to reach the shape an endpoint needs (the `squareMode` and `padColor` settings). */
export interface ShapeSettings {
  squareMode: 'pad' | 'crop';
  padColor: 'transparent' | 'edge';
}

/**
 * What the endpoint accepts for `model`, as a preparation target. dall-e-2 (edits and
 * variations): a square PNG under 4 MB, at most 1024 px (its largest output), with alpha
 * for edits (without a mask, its transparent areas are what gets edited). GPT image and
 * unknown models: PNG, JPEG or WebP under 50 MB, aspect between 1:3 and 3:1, at most 3840 px.
 * Limits are one byte under the documented size because the service wants files *smaller*.
 */
export function inputTargetFor(model: string, operation: EditOperation, shape: ShapeSettings): PrepareTarget {
  const caps = capabilitiesFor(model);
  const common = { squareMode: shape.squareMode, padColor: shape.padColor };
  if (operation === 'variation' || caps.edits.squareOnly) {
    return {
      ...common,
      formats: ['png'],
      maxBytes: (caps.edits.maxBytes || 4 * MB) - 1,
      square: true,
      maxSide: 1024,
      requireAlpha: operation === 'edit',
    };
  }
  return {
    ...common,
    formats: caps.edits.inputFormats.length > 0 ? [...caps.edits.inputFormats] : ['png', 'jpeg', 'webp'],
    maxBytes: (caps.edits.maxBytes ?? 50 * MB) - 1,
    square: false,
    aspect: { min: 1 / 3, max: 3 },
    maxSide: 3840,
  };
}

/** A source image, read only when it is prepared (so a big selection is never all in memory). */
export interface SourceImage {
  /** How messages name it, e.g. `photos/cat.png`. */
  name: string;
  /** File name, for the upload name and error messages, e.g. `cat.png`. */
  fileName: string;
  load(): Promise<Uint8Array>;
}

/** A source and its upload. */
export interface PreparedSource {
  source: SourceImage;
  prepared: PreparedImage;
  /** One line for the UI and the log, e.g. "cat.png, 1024x1024 PNG, 1.2 MB: converted JPEG → PNG". */
  summary: string;
}

/**
 * Reads and prepares one source for `target`. Nothing is sent.
 * @throws {ImageError} when the file is not an image the endpoint can take (message names it).
 */
export async function prepareSource(source: SourceImage, target: PrepareTarget): Promise<PreparedSource> {
  const bytes = await source.load();
  const prepared = await prepareInputImage(bytes, source.fileName, target);
  return { source, prepared, summary: summarizePreparation(prepared) };
}

/** What every request of a job shares (the images come from the groups). */
export type EditJobRequest =
  | { operation: 'edit'; options: Omit<EditOptions, 'images'> }
  | { operation: 'variation'; options: Omit<VariationOptions, 'image'> };

/** The inputs of one request (edit: any number; variation: exactly one). */
export interface EditGroup {
  inputs: PreparedSource[];
}

export interface EditJobImage {
  bytes: Buffer;
  width: number;
  height: number;
  format: string;
  usage?: ImageUsage;
  requestId?: string;
  /** How many images the request that produced this one returned (they share its usage). */
  imagesInRequest: number;
  /** The parameters sent with the images (prompt included), for the sidecar. */
  parameters: Record<string, unknown>;
}

export interface EditJobHooks {
  signal?: AbortSignal;
  /** How many requests may run at once. */
  concurrency?: number;
  /**
   * A streamed preview arrived for request `requestIndex` of group `groupIndex` (streamed
   * images are one per request, so this is also the image's index in its group).
   */
  onPartialImage?: (groupIndex: number, requestIndex: number, partialIndex: number, bytes: Buffer) => void;
  /** A verified image is ready; the job waits for this (e.g. saving) before going on. */
  onImage: (image: EditJobImage, groupIndex: number, imageIndex: number) => Promise<void>;
}

/** How one group went. */
export interface GroupOutcome {
  delivered: number;
  requested: number;
  /** Requests (or images) that failed, in the order they failed. */
  failures: unknown[];
  requestIds: string[];
}

/** A planned request: what to send and how many times. */
interface GroupPlan {
  send: (client: OpenAI, signal: AbortSignal | undefined, onPartial: (partialIndex: number, bytes: Buffer) => void) => Promise<RequestResult>;
  parameters: Record<string, unknown>;
  requests: number;
  requested: number;
}

function planGroup(request: EditJobRequest, group: EditGroup): { plan?: GroupPlan; problems: ParameterProblem[] } {
  const images = group.inputs.map((input) => input.prepared);
  if (request.operation === 'variation') {
    if (images.length !== 1) {
      return { problems: [{ field: 'image', value: images.length, message: 'A variation starts from exactly one image.' }] };
    }
    const options: VariationOptions = { ...request.options, image: images[0] };
    const { parameters, problems } = prepareVariation(options);
    const requested = parameters.n ?? 1;
    return {
      problems,
      plan: { parameters, requests: 1, requested, send: (client, signal) => requestVariation(client, options, { signal }) },
    };
  }
  const options: EditOptions = { ...request.options, images };
  const { parameters, problems } = prepareEdit(options);
  const requested = parameters.n ?? 1;
  // Streamed events carry no image index, so each streamed image is its own request (as
  // the `stream` setting says); otherwise one request makes all n.
  const split = Boolean(parameters.stream) && requested > 1;
  const perRequest: EditOptions = split ? { ...options, n: 1 } : options;
  return {
    problems,
    plan: {
      parameters: split ? { ...parameters, n: 1 } : parameters,
      requests: split ? requested : 1,
      requested,
      send: (client, signal, onPartial) => requestEdit(client, perRequest, { signal, onPartialImage: onPartial }),
    },
  };
}

/**
 * Every problem with `request` on every group, before anything is sent. Problems common to
 * all groups (a wrong size) are listed once.
 */
export function validateEditJob(request: EditJobRequest, groups: readonly EditGroup[]): ParameterProblem[] {
  const seen = new Set<string>();
  const problems: ParameterProblem[] = [];
  for (const group of groups) {
    for (const problem of planGroup(request, group).problems) {
      if (seen.has(problem.message)) continue;
      seen.add(problem.message);
      problems.push(problem);
    }
  }
  return problems;
}

/**
 * Runs the requests of every group with bounded concurrency. Failures are collected per
 * group (other groups go on); the job throws only when the parameters are invalid for the
 * model (InvalidParametersError, before anything is sent) or when it was cancelled.
 */
export async function runEditJob(
  config: ClientConfig,
  request: EditJobRequest,
  groups: readonly EditGroup[],
  hooks: EditJobHooks,
): Promise<GroupOutcome[]> {
  const problems = validateEditJob(request, groups);
  if (problems.length > 0) throw new InvalidParametersError(problems);
  const plans = groups.map((group) => planGroup(request, group).plan as GroupPlan);
  const outcomes: GroupOutcome[] = plans.map((plan) => ({ delivered: 0, requested: plan.requested, failures: [], requestIds: [] }));
  const tasks = plans.flatMap((plan, groupIndex) => Array.from({ length: plan.requests }, (_, requestIndex) => ({ groupIndex, requestIndex })));
  const nextImageIndex = plans.map(() => 0);
  const client = createClient(config);

  const runOne = async (groupIndex: number, requestIndex: number): Promise<void> => {
    const plan = plans[groupIndex];
    const outcome = outcomes[groupIndex];
    const result = await plan.send(client, hooks.signal, (partialIndex, bytes) =>
      hooks.onPartialImage?.(groupIndex, requestIndex, partialIndex, bytes),
    );
    if (result.requestId) outcome.requestIds.push(result.requestId);
    for (const received of result.images) {
      hooks.signal?.throwIfAborted();
      const verified = await verifyReceived(received.bytes);
      const imageIndex = nextImageIndex[groupIndex]++;
      await hooks.onImage(
        {
          bytes: received.bytes,
          width: verified.width,
          height: verified.height,
          format: verified.format,
          usage: result.usage,
          requestId: result.requestId,
          imagesInRequest: result.images.length,
          parameters: plan.parameters,
        },
        groupIndex,
        imageIndex,
      );
      outcome.delivered++;
    }
  };

  await runBounded(tasks.length, Math.max(1, hooks.concurrency ?? 4), async (index) => {
    const { groupIndex, requestIndex } = tasks[index];
    if (hooks.signal?.aborted) return;
    try {
      await runOne(groupIndex, requestIndex);
    } catch (error) {
      outcomes[groupIndex].failures.push(error);
    }
  });

  if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error('cancelled');
  return outcomes;
}
