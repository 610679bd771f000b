// What a job sends: each kind of request becomes groups of identical requests, every one
// checked against the model before anything is sent. Pure (no `vscode`): unit-tested.
import type { OpenAI } from 'openai';
import type { StudioSettings } from '../config/settings';
import { prepareEdit, prepareVariation, requestEdit, requestVariation, type EditOptions } from '../openai/editRequests';
import { requestGeneration, type RequestResult } from '../openai/imagesClient';
import { prepareEditWithMask, requestEditWithMask } from '../openai/maskedEdit';
import { estimateCost, type RateOverrides } from '../openai/costEstimate';
import { planRequests, prepareGeneration, retiredModelProblem, type DroppedOption, type GenerationOptions, type ParameterProblem } from '../openai/modelCapabilities';
import type { ImageJobRequest, SourceRef } from './imageJob';
import type { JobEndpoint, JobOperation, SidecarExtras } from './jobSidecar';
import { variationOperationFor } from './jobSources';
import { nov2026Options, optionsFromSettings } from './optionsFromSettings';

/** `requests` identical requests that together make the `requested` images of one group. */
export interface RequestGroup {
  send(client: OpenAI, signal: AbortSignal, onPartial: (partialIndex: number, bytes: Buffer) => void): Promise<RequestResult>;
  /** What each request sends besides the prompt and the files (for the sidecar). */
  parameters: Record<string, unknown>;
  /** The prompt as sent. */
  sentPrompt: string;
  requests: number;
  requested: number;
  /** The images it is made from (none for a generation) and what was done to them before upload. */
  sources: readonly SourceRef[];
  preparation: readonly string[];
}

export interface JobPlan {
  model: string;
  operation: JobOperation;
  endpoint: JobEndpoint;
  /** Everything wrong with the request; when any, there are no groups and nothing may be sent. */
  problems: ParameterProblem[];
  /** Options set but not sent to this model, and why (for the log). */
  dropped: DroppedOption[];
  /** What the cost estimate reads for one group (the output side; input images come on top). */
  costOptions: GenerationOptions;
  /** How many groups like that the job sends (variations: one per source); the estimate is times this. */
  costGroups: number;
  groups: RequestGroup[];
  previews: boolean;
  /** What the sidecar adds for this kind (the mask editor's mask). */
  extras: SidecarExtras;
}

/** The settings every edit shares (model, quality, output, streaming). */
export function editOptionsFrom(settings: StudioSettings): Omit<EditOptions, 'images' | 'prompt'> {
  return {
    model: settings.model,
    quality: settings.quality,
    outputFormat: settings.outputFormat,
    background: settings.background,
    stream: settings.stream || undefined,
    partialImages: settings.stream ? settings.partialImages : undefined,
    ...nov2026Options(settings),
  };
}

/** What the estimate of an edit reads: its output is priced like a generation's. */
export function editCostOptions(settings: Pick<StudioSettings, 'model' | 'size' | 'quality' | 'outputFormat'>, prompt: string, n: number): GenerationOptions {
  return { model: settings.model, prompt, size: settings.size, quality: settings.quality, n, outputFormat: settings.outputFormat };
}

const withoutPrompt = (body: object): Record<string, unknown> => {
  const { prompt: _prompt, ...rest } = body as Record<string, unknown>;
  return rest;
};

/**
 * Plans `request`; never throws (problems are returned). A model that no longer answers at
 * `now` on the configured server is a problem too: nothing is sent to it.
 */
export function planJob(request: ImageJobRequest, now = new Date()): JobPlan {
  const planned = planKind(request);
  const retired = retiredModelProblem(planned.model, now, request.settings.baseUrl || undefined);
  return retired ? { ...planned, problems: [retired, ...planned.problems], groups: [], previews: false } : planned;
}

function planKind(request: ImageJobRequest): JobPlan {
  const { settings, prompt } = request;
  const model = settings.model;
  if (request.kind === 'generate') {
    const options = optionsFromSettings(settings, prompt);
    const { body, problems, dropped } = prepareGeneration(options);
    const wanted = options.n ?? 1;
    // Models limited to n = 1 get one request per image; so do streamed jobs (their events carry no image index).
    const split = problems.length === 0 && (planRequests(options).requestCount > 1 || (Boolean(body.stream) && wanted > 1));
    const perRequest = split ? { ...body, n: 1 } : body;
    const group: RequestGroup = {
      send: (client, signal, onPartial) => requestGeneration(client, perRequest, { signal, onPartialImage: onPartial }),
      parameters: withoutPrompt(perRequest),
      sentPrompt: body.prompt,
      requests: split ? wanted : 1,
      requested: wanted,
      sources: [],
      preparation: [],
    };
    return plan({ model, operation: 'generate', endpoint: '/images/generations', costOptions: options, costGroups: 1, previews: Boolean(body.stream), extras: {} }, [{ group, problems, dropped }]);
  }
  const n = settings.count;
  const operation = request.kind === 'variation' ? (variationOperationFor(model) ?? 'edit') : 'edit';
  const sourceGroups = request.kind === 'variation' ? request.sources.map((source) => [source]) : request.kind === 'edit' ? [request.sources] : [[]];
  const masked = request.kind === 'maskedEdit' ? request : undefined;
  // The mask editor's mask, or one given with an edit (an agent tool's): the API applies it to the first image.
  const mask = masked ? masked.mask : request.kind === 'edit' ? request.mask?.image : undefined;
  const planned = sourceGroups.map((prepared) => {
    const images = masked ? [masked.image] : prepared.map((source) => source.prepared);
    const sources = masked ? [masked.source] : prepared.map((source) => source.source);
    const preparation = masked ? masked.preparation : prepared.map((source) => source.summary);
    if (operation === 'variation') {
      const options = { model, n, size: settings.size, image: images[0] };
      const { parameters, problems, dropped } = prepareVariation(options);
      const send: RequestGroup['send'] = (client, signal) => requestVariation(client, options, { signal });
      return { group: { send, parameters: { ...parameters }, sentPrompt: '', requests: 1, requested: n, sources, preparation }, problems, dropped };
    }
    // A masked edit streams only one image: n streamed images would upload the image n times.
    const markup = request.kind === 'edit' || request.kind === 'maskedEdit' ? request.markup?.image : undefined;
    const options: EditOptions = {
      ...editOptionsFrom(settings),
      ...(masked && n > 1 ? { stream: undefined, partialImages: undefined } : {}),
      prompt, n, size: settings.size, images,
      ...(markup ? { markup } : {}),
    };
    const { parameters, problems, dropped } = mask ? prepareEditWithMask(options, mask) : prepareEdit(options);
    // Streamed events carry no image index, so each streamed image is its own request.
    const split = Boolean(parameters.stream) && n > 1;
    const perRequest: EditOptions = split ? { ...options, n: 1 } : options;
    const group: RequestGroup = {
      send: (client, signal, onPartial) =>
        mask
          ? requestEditWithMask(client, perRequest, mask, { signal, onPartialImage: onPartial })
          : requestEdit(client, perRequest, { signal, onPartialImage: onPartial }),
      parameters: withoutPrompt(split ? { ...parameters, n: 1 } : parameters),
      sentPrompt: prompt,
      requests: split ? n : 1,
      requested: n,
      sources,
      preparation,
    };
    return { group, problems, dropped, streamed: Boolean(parameters.stream) };
  });
  const isEdit = operation === 'edit';
  return plan(
    {
      model,
      operation: request.kind === 'variation' ? 'variation' : 'edit',
      endpoint: isEdit ? '/images/edits' : '/images/variations',
      // One group's images, priced once per group: as one request of n × groups images, a job
      // above 10 images could not be estimated, and so was never confirmed. A variation sends
      // no prompt, but an estimate needs one; dall-e-2's price per image does not depend on it.
      costOptions: isEdit ? editCostOptions(settings, prompt, n) : { model, prompt: 'variation', size: settings.size, n },
      costGroups: sourceGroups.length,
      previews: planned.some((entry) => 'streamed' in entry && entry.streamed),
      extras: masked
        ? masked.maskRecord
          ? { mask: masked.maskRecord, editedFrom: masked.editedFrom }
          : { ...(masked.markup ? { markupSource: masked.markup.name } : {}), editedFrom: masked.editedFrom }
        : request.kind === 'edit'
          ? { ...(request.mask ? { maskSource: request.mask.name } : {}), ...(request.markup ? { markupSource: request.markup.name } : {}) }
          : {},
    },
    planned,
  );
}

/** The plan from its groups; problems common to several groups (a wrong size) are listed once. */
function plan(
  base: Pick<JobPlan, 'model' | 'operation' | 'endpoint' | 'costOptions' | 'costGroups' | 'previews' | 'extras'>,
  planned: { group: RequestGroup; problems: ParameterProblem[]; dropped: DroppedOption[] }[],
): JobPlan {
  const seen = new Set<string>();
  const problems = planned.flatMap((entry) => entry.problems).filter((problem) => !seen.has(problem.message) && Boolean(seen.add(problem.message)));
  const dropped = planned[0]?.dropped ?? [];
  return problems.length > 0 ? { ...base, problems, dropped, groups: [], previews: false } : { ...base, problems, dropped, groups: planned.map((entry) => entry.group) };
}

/** The job's estimate: one group's, times the groups (variations of several sources); undefined when no price is known. */
export function estimateJob(plan: JobPlan, rates: RateOverrides): { usd: number; basis: string } | undefined {
  const group = estimateCost(plan.costOptions, rates);
  if (!group || plan.costGroups === 1) return group;
  return { usd: Math.round(group.usd * plan.costGroups * 1e9) / 1e9, basis: `${plan.costGroups} sources × (${group.basis})` };
}
