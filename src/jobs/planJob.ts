// What a job sends: each kind of request becomes groups of identical requests, every one
// checked against the model before anything is sent. Pure (no `vscode`): unit-tested.
import type { OpenAI } from 'openai';
import type { StudioSettings } from '../config/settings';
import { prepareEdit, prepareVariation, requestEdit, requestVariation, type EditOptions } from '../openai/editRequests';
import { requestGeneration, type RequestResult } from '../openai/imagesClient';
import { prepareMaskedEdit, requestMaskedEdit, type MaskedEditOptions } from '../openai/maskedEdit';
import {
  capabilitiesFor,
  prepareGeneration,
  planRequests,
  type DroppedOption,
  type GenerationOptions,
  type ParameterProblem,
} from '../openai/modelCapabilities';
import type { EditJob, ImageJobRequest, MaskedEditJob, VariationJob } from './imageJob';
import type { JobEndpoint, JobOperation } from './jobSidecar';
import { variationOperationFor, type PreparedSource } from './jobSources';
import { optionsFromSettings } from './optionsFromSettings';

export type SendRequest = (client: OpenAI, signal: AbortSignal, onPartial: (partialIndex: number, bytes: Buffer) => void) => Promise<RequestResult>;

/** `requests` identical requests that together make the `requested` images of one group. */
export interface RequestGroup {
  send: SendRequest;
  /** What each request sends besides the prompt and the files (for the sidecar). */
  parameters: Record<string, unknown>;
  /** The prompt as sent. */
  sentPrompt: string;
  requests: number;
  requested: number;
  sources: readonly PreparedSource[];
}

export interface JobPlan {
  model: string;
  operation: JobOperation;
  endpoint: JobEndpoint;
  /** Everything wrong with the request; when not empty, `groups` is empty and nothing may be sent. */
  problems: ParameterProblem[];
  /** Options set but not sent to this model, and why (for the log). */
  dropped: DroppedOption[];
  /** What the cost estimate reads (the output side; input images come on top). */
  costOptions: GenerationOptions;
  groups: RequestGroup[];
  /** Whether streamed previews will come. */
  previews: boolean;
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
  };
}

/** Plans `request`; never throws (problems are returned). */
export function planJob(request: ImageJobRequest): JobPlan {
  switch (request.kind) {
    case 'generate':
      return planGeneration(request.prompt, request.settings);
    case 'edit':
      return planFromSources(request, 'edit', [request.sources]);
    case 'variation':
      return planFromSources(request, variationOperationFor(request.settings.model) ?? 'edit', request.sources.map((source) => [source]));
    case 'maskedEdit':
      return planMaskedEdit(request);
  }
}

const withoutPrompt = (body: object): Record<string, unknown> => {
  const { prompt: _prompt, ...rest } = body as Record<string, unknown>;
  return rest;
};

const notSendable = (base: Omit<JobPlan, 'groups' | 'previews'>): JobPlan => ({ ...base, groups: [], previews: false });

function planGeneration(prompt: string, settings: StudioSettings): JobPlan {
  const options = optionsFromSettings(settings, prompt);
  const { body, problems, dropped } = prepareGeneration(options);
  const base = { model: options.model, operation: 'generate', endpoint: '/images/generations', problems, dropped, costOptions: options } as const;
  if (problems.length > 0) return notSendable(base);
  const wanted = options.n ?? 1;
  // Models limited to n = 1 get one request per image; so do streamed jobs, whose events
  // carry no image index.
  const split = planRequests(options).requestCount > 1 || (Boolean(body.stream) && wanted > 1);
  const perRequest = split ? { ...body, n: 1 } : body;
  return {
    ...base,
    previews: Boolean(body.stream),
    groups: [
      {
        send: (client, signal, onPartial) => requestGeneration(client, perRequest, { signal, onPartialImage: onPartial }),
        parameters: withoutPrompt(perRequest),
        sentPrompt: body.prompt,
        requests: split ? wanted : 1,
        requested: wanted,
        sources: [],
      },
    ],
  };
}

/** Edits (one group with every source) and variations (one group per source). */
function planFromSources(request: EditJob | VariationJob, operation: 'edit' | 'variation', groups: (readonly PreparedSource[])[]): JobPlan {
  const { settings, prompt, n, size } = request;
  const costOptions: GenerationOptions = {
    model: settings.model,
    prompt: operation === 'edit' ? prompt : '',
    size,
    quality: operation === 'edit' ? settings.quality : undefined,
    n: n * groups.length,
  };
  const planned = groups.map((sources) => planSourceGroup(operation, request, sources));
  const problems = uniqueProblems(planned.flatMap((entry) => entry.problems));
  const base = {
    model: settings.model,
    operation: request.kind === 'variation' ? 'variation' : 'edit',
    endpoint: operation === 'variation' ? '/images/variations' : '/images/edits',
    problems,
    dropped: planned[0]?.dropped ?? [],
    costOptions,
  } as const;
  if (problems.length > 0) return notSendable(base);
  return { ...base, groups: planned.map((entry) => entry.group), previews: planned.some((entry) => entry.streamed) };
}

function planSourceGroup(
  operation: 'edit' | 'variation',
  request: EditJob | VariationJob,
  sources: readonly PreparedSource[],
): { group: RequestGroup; problems: ParameterProblem[]; dropped: DroppedOption[]; streamed: boolean } {
  const images = sources.map((source) => source.prepared);
  const { settings, n, size } = request;
  if (operation === 'variation') {
    const options = { model: settings.model, n, size, image: images[0] };
    const { parameters, problems, dropped } = prepareVariation(options);
    return {
      problems,
      dropped,
      streamed: false,
      group: { send: (client, signal) => requestVariation(client, options, { signal }), parameters: { ...parameters }, sentPrompt: '', requests: 1, requested: n, sources },
    };
  }
  const options: EditOptions = { ...editOptionsFrom(settings), prompt: request.prompt, n, size, images };
  const { parameters, problems, dropped } = prepareEdit(options);
  const streamed = Boolean(parameters.stream);
  // Streamed events carry no image index, so each streamed image is its own request.
  const split = streamed && n > 1;
  const perRequest: EditOptions = split ? { ...options, n: 1 } : options;
  return {
    problems,
    dropped,
    streamed,
    group: {
      send: (client, signal, onPartial) => requestEdit(client, perRequest, { signal, onPartialImage: onPartial }),
      parameters: withoutPrompt(split ? { ...parameters, n: 1 } : parameters),
      sentPrompt: request.prompt,
      requests: split ? n : 1,
      requested: n,
      sources,
    },
  };
}

/** The mask editor's choices that decide what is sent and what it costs. */
export type MaskedEditChoice = Pick<MaskedEditJob, 'size' | 'quality' | 'n' | 'outputFormat' | 'background'> & { model: string };

/** What the estimate of a masked edit reads; output format and background only where the model takes them. */
export function maskedEditCostOptions(prompt: string, choice: MaskedEditChoice): GenerationOptions {
  const caps = capabilitiesFor(choice.model);
  return {
    model: choice.model,
    prompt,
    size: choice.size,
    quality: choice.quality,
    n: choice.n,
    ...(caps.outputFormats.length > 0 ? { outputFormat: choice.outputFormat } : {}),
    ...(caps.backgrounds.length > 0 ? { background: choice.background } : {}),
  };
}

function planMaskedEdit(request: MaskedEditJob): JobPlan {
  const { settings } = request;
  const caps = capabilitiesFor(settings.model);
  // Previews need the `stream` setting and one image: streamed events carry no image index,
  // and splitting n images into n requests would upload the image n times.
  const stream = settings.stream && caps.streaming && request.n === 1;
  const costOptions = maskedEditCostOptions(request.prompt, { ...request, model: settings.model });
  const options: MaskedEditOptions = {
    ...costOptions,
    image: request.image,
    mask: request.mask,
    ...(stream ? { stream: true, partialImages: settings.partialImages } : {}),
  };
  const { parameters, problems, dropped } = prepareMaskedEdit(options);
  const base = {
    model: settings.model,
    operation: 'edit',
    endpoint: '/images/edits',
    problems,
    dropped,
    costOptions,
  } as const;
  if (problems.length > 0) return notSendable(base);
  return {
    ...base,
    previews: stream,
    groups: [
      {
        send: (client, signal, onPartial) => requestMaskedEdit(client, options, { signal, onPartialImage: onPartial }),
        parameters: withoutPrompt(parameters),
        sentPrompt: request.prompt,
        requests: 1,
        requested: request.n,
        sources: [],
      },
    ],
  };
}

/** Problems common to several groups (a wrong size) are listed once. */
function uniqueProblems(problems: ParameterProblem[]): ParameterProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.message) && Boolean(seen.add(problem.message)));
}
