/* eslint-disable image-studio/localized-text -- read by the language model: tool descriptions, schema texts and the input checks that tell it which parameter to fix (the package.json manifest is generated from these) */
// The three image tools agents get (language-model tools in agent mode, and the same tools
// over MCP): their names, descriptions and input schemas, and the check of their input. One
// definition for both: the JSON schemas in package.json are generated from here (a unit test
// keeps them equal), and every vocabulary comes from the capability table, so a model, size
// rule or format added there reaches the tools without a second list.
// Tool input is untrusted (an agent may be steered by anything it read): every string and
// list is bounded, paths are workspace-relative without `..`, and the check runs with the
// same policy blocks as webview messages (shared/messagePolicy.ts).
// Pure: no `vscode` import (the MCP server and unit tests use it in plain Node).

import * as v from 'valibot';
import { boundedString, checkMessage, message, nameIn, wholeNumber, type Checked } from '../../shared/messagePolicy';
import {
  ALL_BACKGROUNDS,
  ALL_COMPLEXITIES,
  ALL_OUTPUT_FORMATS,
  GIF_LIMITS,
  currentModelsWhere,
  ALL_QUALITIES,
  KNOWN_MODELS,
  MAX_N,
  capabilitiesFor,
  type ModelCapabilities,
} from '../openai/modelCapabilities';

import type { ToolName } from './toolNames';

export { TOOL_NAMES, languageModelToolId, type ToolName } from './toolNames';

/**
 * The models an agent may name: the table's, without those shut down everywhere (GPT Image
 * 1): an agent must not choose a model that is gone or about to be. DALL·E stays, for
 * compatible servers (the runner refuses it on OpenAI's own service).
 */
export const AGENT_MODELS: readonly string[] = KNOWN_MODELS.filter((model) => capabilitiesFor(model).shutdown?.scope !== 'everywhere');

/** The longest prompt any model takes: longer prompts are refused before any model is asked. */
export const MAX_PROMPT_CHARS = Math.max(...KNOWN_MODELS.map((model) => capabilitiesFor(model).maxPromptLength ?? 0));
/** Reference images per edit: the most any model takes. */
export const MAX_EDIT_IMAGES = Math.max(...KNOWN_MODELS.map((model) => capabilitiesFor(model).edits.maxImages));
/** A workspace-relative path. */
export const MAX_PATH_CHARS = 512;
/** `WxH` or `auto`, as the size setting takes it (the model's own rule is checked after). */
export const SIZE_PATTERN = '^(auto|[1-9][0-9]{1,4}x[1-9][0-9]{1,4})$';

/** What a tool call asks for, checked for shape (the model's own rules are checked by the job planner). */
export interface ImageToolInput {
  prompt: string;
  model?: string;
  size?: string;
  quality?: string;
  n?: number;
  outputFormat?: string;
  background?: string;
  complexity?: string;
  frameCount?: number;
  frameDurationMs?: number;
  outputFolder?: string;
  /** editImage: workspace-relative paths of the images to edit (the first is the one the mask applies to). */
  images?: string[];
  /** editImage: a workspace-relative PNG mask of the first image's size; transparent pixels mark what to change. */
  mask?: string;
  /** editImage: a workspace-relative PNG of the first image's size with marks drawn on a transparent layer (GPT Image 2.5/2.6). */
  markup?: string;
}

export interface DescribeInput {
  model?: string;
}

// ---------------------------------------------------------------------------------------------
// Descriptions (what the agent reads to choose)

/** One line per distinct size rule among `models`, e.g. `dall-e-3: 1024x1024, 1792x1024 or 1024x1792`. */
export function describeSizeRule(caps: ModelCapabilities): string {
  const rule = caps.sizes;
  switch (rule.kind) {
    case 'fixed':
      return rule.sizes.join(', ');
    case 'flexible':
      return `auto, or any WIDTHxHEIGHT with both sides multiples of ${rule.multipleOf}, the longest side at most ${rule.maxEdge}, aspect ratio between 1:${rule.maxAspectRatio} and ${rule.maxAspectRatio}:1, at most ${rule.maxPixelsLabel} pixels (e.g. ${caps.suggestedSizes.slice(1, 4).join(', ')})`;
    case 'any':
      return 'any WIDTHxHEIGHT or auto (the server decides)';
  }
}

/** Models grouped by identical size rules, for the `size` description. */
function sizeRulesText(): string {
  const groups = new Map<string, string[]>();
  for (const model of AGENT_MODELS) {
    if (/-\d{4}-\d{2}-\d{2}$/.test(model)) continue; // snapshots share their model's rule
    const text = describeSizeRule(capabilitiesFor(model));
    groups.set(text, [...(groups.get(text) ?? []), model]);
  }
  return [...groups].map(([rule, models]) => `${models.join(', ')}: ${rule}`).join('. ');
}

const COMMON_NOTES =
  'Images are saved in the workspace (never overwriting) with a JSON sidecar of the prompt and parameters; the result gives their workspace-relative paths, ' +
  'a Markdown snippet for each, the revised prompt, the cost, and a small preview of the image. The person confirms each call, which shows the estimated cost; ' +
  'calls estimated above their per-call cost ceiling are refused. Call describeImageOptions first to see which models the server offers, what each accepts and what it costs.';

export const TOOL_DESCRIPTIONS: Readonly<Record<ToolName, { displayName: string; userDescription: string; modelDescription: string }>> = {
  generateImage: {
    displayName: 'Generate Image',
    userDescription: 'Generate images from a prompt with the OpenAI Images API and save them in the workspace.',
    modelDescription:
      'Generates one or more images from a text prompt with the OpenAI Images API (or the compatible server the person configured) and saves them in the workspace. ' +
      'Use it for README hero images, icons, illustrations and placeholders. Write a detailed prompt (subject, style, composition, colours, text to render). ' +
      'Omit any parameter to use the person\'s settings. ' +
      COMMON_NOTES,
  },
  editImage: {
    displayName: 'Edit Image',
    userDescription: 'Edit workspace images with a prompt (reference images and an optional mask) and save the result in the workspace.',
    modelDescription:
      'Makes a new image from one or more existing workspace images and a prompt (OpenAI Images API edits): change a screenshot, restyle an icon, combine references ("the cat from the first image on the sofa of the second"). ' +
      'Give `images` as workspace-relative paths; GPT image models take up to 16. Optionally give `mask`: a workspace-relative PNG of exactly the first image\'s size whose fully transparent pixels mark the area to change (the rest is kept). ' +
      'The result is a new file; the originals are never changed. ' +
      COMMON_NOTES,
  },
  describeImageOptions: {
    displayName: 'Describe Image Options',
    userDescription: 'List the image models the configured server offers, what each accepts and what it costs.',
    modelDescription:
      'Lists the image models the configured server offers, and for each: the sizes, qualities, output formats and backgrounds it accepts, how many images per call, whether it can edit (and how many reference images), ' +
      'and the estimated price per image at each quality. Also says the person\'s defaults (model, size, quality, output folder) and the per-call cost ceiling. Costs nothing: call it before generateImage or editImage to choose.',
  },
};

// ---------------------------------------------------------------------------------------------
// JSON schemas (package.json's languageModelTools and the MCP tool list)

type JsonSchema = Record<string, unknown>;

function imageOptionSchemas(models: readonly string[]): Record<string, JsonSchema> {
  return {
    model: {
      type: 'string',
      enum: [...models],
      description: 'The image model. Omit to use the one the person configured (which may be a custom model of a compatible server).',
    },
    size: {
      type: 'string',
      pattern: SIZE_PATTERN,
      description: `WIDTHxHEIGHT or auto; each model has its own sizes. ${sizeRulesText()}.`,
    },
    quality: {
      type: 'string',
      enum: [...ALL_QUALITIES],
      description: `Each model takes some of these: ${AGENT_MODELS.filter((model) => !/-\d{4}-\d{2}-\d{2}$/.test(model))
        .map((model) => `${model}: ${capabilitiesFor(model).qualities.join('/')}`)
        .join('; ')}. Higher quality costs more.`,
    },
    n: { type: 'integer', minimum: 1, maximum: MAX_N, description: `How many images (1–${MAX_N}). Each one is billed.` },
    outputFormat: {
      type: 'string',
      enum: [...ALL_OUTPUT_FORMATS],
      description:
        'File format of the result (GPT image models; DALL·E always makes PNG). ' +
        `gif: a short animation; svg: a vector drawing (icons, logos, diagrams), new images only, sanitized before it is saved. Both only on ${currentModelsWhere((caps) => caps.outputFormats.includes('svg')).join(', ')}.`,
    },
    background: {
      type: 'string',
      enum: [...ALL_BACKGROUNDS],
      description: 'GPT image models: transparent needs png or webp output.',
    },
    complexity: {
      type: 'string',
      enum: [...ALL_COMPLEXITIES],
      description: `How much the model plans the picture before rendering it, independently of quality: high for crowded scenes, text and exact layouts (slower). Only ${currentModelsWhere((caps) => caps.complexity).join(', ')}; omit for the model's default.`,
    },
    frameCount: {
      type: 'integer',
      minimum: GIF_LIMITS.minFrames,
      maximum: GIF_LIMITS.maxFrames,
      description: `gif output only: frames in the animation (${GIF_LIMITS.minFrames}–${GIF_LIMITS.maxFrames}; the person's setting when omitted).`,
    },
    frameDurationMs: {
      type: 'integer',
      minimum: GIF_LIMITS.minFrameDurationMs,
      maximum: GIF_LIMITS.maxFrameDurationMs,
      description: 'gif output only: how long each frame shows, in milliseconds (rounded to 10).',
    },
    outputFolder: {
      type: 'string',
      maxLength: MAX_PATH_CHARS,
      description: 'Workspace-relative folder to save into, e.g. "docs/images". Omit to use the person\'s output folder setting.',
    },
  };
}

const promptSchema = (what: string): JsonSchema => ({ type: 'string', minLength: 1, maxLength: MAX_PROMPT_CHARS, description: what });

/** The input schema of each tool, as VS Code and MCP clients read it. */
export function toolInputSchemas(models: readonly string[] = AGENT_MODELS): Record<ToolName, JsonSchema> {
  const options = imageOptionSchemas(models);
  return {
    generateImage: {
      type: 'object',
      properties: { prompt: promptSchema('What the image should show: subject, style, composition, colours, any text to render.'), ...options },
      required: ['prompt'],
      additionalProperties: false,
    },
    editImage: {
      type: 'object',
      properties: {
        prompt: promptSchema('The change to make, or the image to make from the references.'),
        images: {
          type: 'array',
          items: { type: 'string', maxLength: MAX_PATH_CHARS },
          minItems: 1,
          maxItems: MAX_EDIT_IMAGES,
          description: `Workspace-relative paths of PNG, JPEG or WebP images (1–${MAX_EDIT_IMAGES}; dall-e-2 takes 1). The mask applies to the first.`,
        },
        mask: {
          type: 'string',
          maxLength: MAX_PATH_CHARS,
          description: 'Optional workspace-relative PNG of exactly the first image\'s size: fully transparent pixels mark the area to change.',
        },
        markup: {
          type: 'string',
          maxLength: MAX_PATH_CHARS,
          description:
            'Optional workspace-relative PNG of exactly the first image\'s size, transparent except for marks that guide the edit (arrows, circles, handwritten notes) ' +
            `drawn over the first image. Only ${currentModelsWhere((caps) => caps.markup).join(', ')}; not together with mask.`,
        },
        ...options,
      },
      required: ['prompt', 'images'],
      additionalProperties: false,
    },
    describeImageOptions: {
      type: 'object',
      properties: { model: { type: 'string', maxLength: 200, description: 'Describe only this model. Omit to describe every model the server offers.' } },
      additionalProperties: false,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Checking input (valibot, with the webview messages' policy blocks)

/**
 * Why `path` is not a workspace-relative path an agent may name, or undefined. No absolute
 * paths, drive letters, URLs or `~`, no `..` segment: what the path names must lie below a
 * workspace folder before any link is even considered (links are the containment policy's).
 */
export function workspacePathProblem(path: string): string | undefined {
  if (path.trim() === '') return 'is empty';
  if (/[\0-\x1f]/.test(path)) return 'contains control characters';
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) return 'is an absolute path; give a path relative to the workspace folder';
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(slashed)) return 'is a URL; give a path relative to the workspace folder';
  if (slashed.startsWith('~')) return 'starts with ~; give a path relative to the workspace folder';
  if (slashed.split('/').includes('..')) return 'contains ".."; only files inside the workspace can be named';
  return undefined;
}

const workspacePath = () =>
  v.pipe(
    boundedString(MAX_PATH_CHARS),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const problem = workspacePathProblem(dataset.value);
      if (problem) addIssue({ message: `{field} ${JSON.stringify(dataset.value.slice(0, 80))} ${problem}` });
    }),
  );

const promptEntry = () =>
  v.pipe(
    v.string('{field} must be a string'),
    v.check((value) => value.trim() !== '', '{field} is empty: describe the image'),
    v.check((value) => [...value].length <= MAX_PROMPT_CHARS, `{field} is longer than ${MAX_PROMPT_CHARS} characters`),
  );

function optionEntries(models: readonly string[]) {
  return {
    model: v.optional(nameIn(models)),
    size: v.optional(v.pipe(v.string('{field} must be a string'), v.regex(new RegExp(SIZE_PATTERN), '{field} must be WIDTHxHEIGHT (e.g. 1024x1024) or auto'))),
    quality: v.optional(nameIn(ALL_QUALITIES)),
    n: v.optional(wholeNumber(1, MAX_N)),
    outputFormat: v.optional(nameIn(ALL_OUTPUT_FORMATS)),
    background: v.optional(nameIn(ALL_BACKGROUNDS)),
    complexity: v.optional(nameIn(ALL_COMPLEXITIES)),
    frameCount: v.optional(wholeNumber(GIF_LIMITS.minFrames, GIF_LIMITS.maxFrames)),
    frameDurationMs: v.optional(wholeNumber(GIF_LIMITS.minFrameDurationMs, GIF_LIMITS.maxFrameDurationMs)),
    outputFolder: v.optional(workspacePath()),
  };
}

function inputSchemas(models: readonly string[]) {
  const imageList = v.pipe(
    v.array(v.unknown(), '{field} must be a list of workspace-relative paths'),
    v.minLength(1, '{field} must name at least one image'),
    v.maxLength(MAX_EDIT_IMAGES, `{field} may name at most ${MAX_EDIT_IMAGES} images`),
    v.array(workspacePath()),
  );
  return {
    generateImage: message('generateImage', { prompt: promptEntry(), ...optionEntries(models) }),
    editImage: message('editImage', { prompt: promptEntry(), images: imageList, mask: v.optional(workspacePath()), markup: v.optional(workspacePath()), ...optionEntries(models) }),
    describeImageOptions: message('describeImageOptions', { model: v.optional(boundedString(200)) }),
  };
}

/**
 * Checks one tool call's input; the refusal names the field and what is allowed
 * (`n must be a whole number from 1 to 10`, `editImage: unexpected field "path"`).
 * `models` are the models the agent may name: the table's and the configured one.
 */
export function checkToolInput(name: 'describeImageOptions', input: unknown, models: readonly string[]): Checked<DescribeInput>;
export function checkToolInput(name: 'generateImage' | 'editImage', input: unknown, models: readonly string[]): Checked<ImageToolInput>;
export function checkToolInput(name: ToolName, input: unknown, models: readonly string[]): Checked<ImageToolInput | DescribeInput>;
export function checkToolInput(name: ToolName, input: unknown, models: readonly string[]): Checked<ImageToolInput | DescribeInput> {
  // Tool input has no `type`; the policy's messages are keyed by one, so the tool's name stands in.
  const given = input === undefined || input === null ? {} : input;
  if (typeof given === 'object' && !Array.isArray(given) && 'type' in given) return { ok: false, reason: `${name}: unexpected field "type"` };
  const checked = checkMessage(inputSchemas(models)[name], typeof given === 'object' && !Array.isArray(given) ? { ...given, type: name } : given);
  if (!checked.ok) return checked;
  const { type: _type, ...rest } = checked.message;
  return { ok: true, message: rest };
}
