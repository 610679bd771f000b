// Planning a job (src/jobs/planJob.ts: which requests, how many, what each sends) and the one
// sidecar builder (src/jobs/jobSidecar.ts). Both are pure: nothing is sent or decoded here
// (runImageJob.test.ts runs the plans against the local endpoint).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { StudioSettings } from '../../src/config/settings';
import { DEFAULT_SETTINGS } from '../../src/config/defaultSettings';
import type { ImageJobRequest, MaskedEditJob } from '../../src/jobs/imageJob';

type GenerateJob = Extract<ImageJobRequest, { kind: 'generate' }>;
type EditJob = Extract<ImageJobRequest, { kind: 'edit' }>;
type VariationJob = Extract<ImageJobRequest, { kind: 'variation' }>;
import { buildSidecar, type SidecarFields } from '../../src/jobs/jobSidecar';
import type { PreparedSource } from '../../src/jobs/jobSources';
import { PROMPT_AS_IS_PREFIX } from '../../src/jobs/optionsFromSettings';
import { planJob, type JobPlan } from '../../src/jobs/planJob';
import type { MarkupImage } from '../../src/openai/editRequests';
import type { OpenAI } from 'openai';

const BASE_URL = 'http://127.0.0.1:9/v1';

function settingsFor(overrides: Partial<StudioSettings> = {}): StudioSettings {
  return { ...DEFAULT_SETTINGS, baseUrl: BASE_URL, requestTimeoutSeconds: 30, maxRetries: 0, stream: false, variationPrompt: 'Create a variation of this image.', ...overrides };
}

const MEMORY = { kind: 'memory' } as const;

/** A prepared source as planning sees it (its bytes are never decoded here). */
function source(fileName: string, width = 1024, height = 1024): PreparedSource {
  const uri = { path: `/workspace/images/${fileName}`, fsPath: `/workspace/images/${fileName}` } as unknown as vscode.Uri;
  return {
    source: { name: `images/${fileName}`, fileName, uri, load: async () => new Uint8Array() },
    prepared: {
      bytes: Buffer.alloc(100),
      fileName,
      mimeType: 'image/png',
      width,
      height,
      format: 'png',
      steps: [],
      routineSteps: [],
      warnings: [],
      original: { format: 'png', width, height, bytes: 100 },
    },
    summary: `${fileName}, ${width}x${height} PNG: no changes needed.`,
  };
}

const generate = (settings: Partial<StudioSettings>, prompt = 'a lighthouse'): GenerateJob => ({ kind: 'generate', prompt, settings: settingsFor(settings), destination: MEMORY });
const edit = (sources: PreparedSource[], n: number, settings: Partial<StudioSettings> = {}): EditJob => ({
  kind: 'edit',
  prompt: 'one scene',
  settings: settingsFor({ count: n, size: '1024x1024', ...settings }),
  destination: MEMORY,
  sources,
});
const variation = (sources: PreparedSource[], n: number, settings: Partial<StudioSettings>, size = '256x256', prompt = ''): VariationJob => ({
  kind: 'variation',
  prompt,
  settings: settingsFor({ count: n, size, ...settings }),
  destination: MEMORY,
  sources,
});

function maskedEdit(n: number, settings: Partial<StudioSettings>): MaskedEditJob {
  const image = { bytes: Buffer.alloc(100), fileName: 'street.png', mimeType: 'image/png', width: 512, height: 512 };
  return {
    kind: 'maskedEdit',
    prompt: 'a red balloon',
    settings: settingsFor({ count: n, size: '512x512', quality: 'standard', outputFormat: 'png', background: 'auto', ...settings }),
    destination: MEMORY,
    source: { name: 'street.png', fileName: 'street.png', uri: { path: '/workspace/street.png' } as unknown as vscode.Uri },
    preparation: [],
    editedFrom: [],
    image,
    mask: { ...image, fileName: 'street-mask.png' },
    maskRecord: {
      extension: { top: 0, right: 0, bottom: 0, left: 0 },
      canvas: { width: 512, height: 512 },
      uploadedSize: { width: 512, height: 512 },
      selectedPixels: 100,
      wholeImage: false,
      strictComposite: false,
      featherPx: 2,
    },
  };
}

/** The mask editor's Annotate mode: the same job with a markup overlay instead of a mask. */
function markupEdit(settings: Partial<StudioSettings>, markup: Partial<MarkupImage> = {}): MaskedEditJob {
  const { mask: _mask, maskRecord: _record, strictComposite: _strict, ...rest } = maskedEdit(1, settings);
  const image: MarkupImage = { bytes: Buffer.alloc(50), fileName: 'markup.png', mimeType: 'image/png', width: 512, height: 512, hasTransparentPixels: true, ...markup };
  return { ...rest, markup: { image, name: 'markup drawn in the mask editor' } };
}

/** Runs a group's send against a client that only records the body it is given. */
async function sentBody(plan: JobPlan): Promise<Record<string, unknown>> {
  let body: Record<string, unknown> | undefined;
  const client = {
    images: {
      edit: (value: Record<string, unknown>) => {
        body = value;
        return { asResponse: () => Promise.reject(new Error('recorded')) };
      },
    },
  } as unknown as OpenAI;
  await assert.rejects(plan.groups[0].send(client, new AbortController().signal, () => undefined));
  assert.ok(body, 'the request was not sent');
  return body;
}

/** What a plan sends, without its send functions. */
const shape = (plan: JobPlan) => ({
  operation: plan.operation,
  endpoint: plan.endpoint,
  previews: plan.previews,
  costGroups: plan.costGroups,
  groups: plan.groups.map((group) => ({
    requests: group.requests,
    requested: group.requested,
    parameters: group.parameters,
    sentPrompt: group.sentPrompt,
    sources: group.sources.map((entry) => entry.fileName),
  })),
});

describe('planJob', () => {
  test('a generation that fits one request is one request of n images', () => {
    const plan = planJob(generate({ count: 4, quality: 'low' }));
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(shape(plan), {
      operation: 'generate',
      endpoint: '/images/generations',
      previews: false,
      costGroups: 1,
      groups: [
        {
          requests: 1,
          requested: 4,
          parameters: { model: 'gpt-image-2', n: 4, size: '1024x1024', quality: 'low', output_format: 'png', background: 'auto', moderation: 'auto' },
          sentPrompt: 'a lighthouse',
          sources: [],
        },
      ],
    });
  });

  test('dall-e-3 (n = 1 only) and streamed generations are split into one request per image', () => {
    const dalle = planJob(generate({ model: 'dall-e-3', count: 3, quality: 'standard' }));
    assert.deepEqual(shape(dalle).groups.map((group) => [group.requests, group.requested, group.parameters.n]), [[3, 3, 1]]);
    const streamed = planJob(generate({ stream: true, count: 2 }));
    assert.deepEqual(shape(streamed).groups.map((group) => [group.requests, group.requested, group.parameters.n, group.parameters.stream]), [[2, 2, 1, true]]);
    assert.equal(streamed.previews, true);
    const single = planJob(generate({ stream: true, count: 1 }));
    assert.deepEqual(shape(single).groups.map((group) => [group.requests, group.parameters.partial_images]), [[1, 2]]);
  });

  test('the as-is prefix is sent only to models that rewrite prompts', () => {
    assert.equal(planJob(generate({ model: 'dall-e-3', quality: 'standard', usePromptAsIs: true })).groups[0].sentPrompt, `${PROMPT_AS_IS_PREFIX} a lighthouse`);
    assert.equal(planJob(generate({ usePromptAsIs: true })).groups[0].sentPrompt, 'a lighthouse');
  });

  test('an edit is one group with every source; streamed with n = 3 it is three requests of one image', () => {
    const sources = [source('a.png'), source('b.png'), source('c.png')];
    assert.deepEqual(shape(planJob(edit(sources, 2))), {
      operation: 'edit',
      endpoint: '/images/edits',
      previews: false,
      costGroups: 1,
      groups: [
        {
          requests: 1,
          requested: 2,
          parameters: { model: 'gpt-image-2', n: 2, size: '1024x1024', quality: 'auto', output_format: 'png', background: 'auto' },
          sentPrompt: 'one scene',
          sources: ['a.png', 'b.png', 'c.png'],
        },
      ],
    });
    const streamed = shape(planJob(edit([source('a.png')], 3, { stream: true, partialImages: 1 })));
    assert.deepEqual(streamed.groups.map((group) => [group.requests, group.requested, group.parameters.n, group.parameters.partial_images]), [[3, 3, 1, 1]]);
    assert.equal(streamed.previews, true);
  });

  test('variations on dall-e-2: one /images/variations group per source, priced per source', () => {
    const plan = planJob(variation([source('a.png'), source('b.png')], 3, { model: 'dall-e-2' }));
    assert.deepEqual(plan.problems, []);
    const parameters = { model: 'dall-e-2', response_format: 'b64_json', n: 3, size: '256x256' };
    assert.deepEqual(shape(plan), {
      operation: 'variation',
      endpoint: '/images/variations',
      previews: false,
      costGroups: 2,
      groups: [
        { requests: 1, requested: 3, parameters, sentPrompt: '', sources: ['a.png'] },
        { requests: 1, requested: 3, parameters, sentPrompt: '', sources: ['b.png'] },
      ],
    });
    assert.deepEqual(plan.costOptions, { model: 'dall-e-2', prompt: 'variation', size: '256x256', n: 3 });
  });

  test('variations on a GPT model are edits with the prompt, one group per source', () => {
    const plan = planJob(variation([source('a.png'), source('b.png')], 1, { model: 'gpt-image-2' }, '1024x1024', 'vary it'));
    const { operation, endpoint, costGroups, groups } = shape(plan);
    assert.deepEqual([operation, endpoint, costGroups], ['variation', '/images/edits', 2]);
    assert.deepEqual(groups.map((group) => [group.sources, group.sentPrompt, group.parameters.n]), [
      [['a.png'], 'vary it', 1],
      [['b.png'], 'vary it', 1],
    ]);
    assert.equal(plan.costOptions.prompt, 'vary it');
  });

  test('a plan with problems has no groups, so nothing can be sent', () => {
    const plan = planJob(variation([source('a.png'), source('b.png')], 2, { model: 'dall-e-3' }, '1024x1024', 'vary it'));
    assert.equal(plan.problems.length, 1, JSON.stringify(plan.problems));
    assert.ok(plan.problems[0].message.startsWith('dall-e-3 cannot edit images or make variations.'), plan.problems[0].message);
    assert.deepEqual([plan.groups, plan.previews], [[], false]);
  });

  test('a masked edit streams only one image, and prices output options only where the model takes them', () => {
    const one = planJob(maskedEdit(1, { model: 'gpt-image-2', stream: true }));
    assert.deepEqual(shape(one).groups.map((group) => [group.requests, group.parameters.stream, group.parameters.partial_images]), [[1, true, 2]]);
    assert.equal(one.previews, true);
    const two = planJob(maskedEdit(2, { model: 'gpt-image-2', stream: true }));
    assert.deepEqual(shape(two).groups.map((group) => [group.requests, group.requested, group.parameters.stream]), [[1, 2, undefined]]);
    assert.equal(two.previews, false);
    const dalle = planJob(maskedEdit(1, { model: 'dall-e-2' }));
    assert.deepEqual(dalle.problems, []);
    assert.deepEqual(dalle.costOptions, { model: 'dall-e-2', prompt: 'a red balloon', size: '512x512', quality: 'standard', n: 1, outputFormat: 'png' });
  });

  test("the mask editor's markup edit sends the markup and no mask, and the sidecar names the markup", async () => {
    const plan = planJob(markupEdit({ model: 'gpt-image-2.5-flare', quality: 'auto' }));
    assert.deepEqual(plan.problems, []);
    assert.deepEqual([plan.operation, plan.endpoint, plan.groups.length], ['edit', '/images/edits', 1]);
    assert.deepEqual(plan.extras, { markupSource: 'markup drawn in the mask editor', editedFrom: [] });
    const body = await sentBody(plan);
    assert.ok(body.markup, 'no markup in the request');
    assert.equal('mask' in body, false);
  });

  test("the mask editor's mask edit sends the mask and no markup", async () => {
    const plan = planJob(maskedEdit(1, { model: 'gpt-image-2.5-flare', quality: 'auto' }));
    assert.deepEqual(plan.problems, []);
    const body = await sentBody(plan);
    assert.ok(body.mask, 'no mask in the request');
    assert.equal('markup' in body, false);
  });

  test('a markup edit is refused on a model without markup, and when the markup is not the image size or fully opaque', () => {
    const older = planJob(markupEdit({ model: 'gpt-image-2' }));
    assert.equal(older.groups.length, 0);
    assert.match(older.problems[0].message, /does not take markup/);
    const wrong = planJob(markupEdit({ model: 'gpt-image-2.5-flare', quality: 'auto' }, { width: 256, hasTransparentPixels: false }));
    assert.deepEqual(
      wrong.problems.map((problem) => problem.field),
      ['markup', 'markup'],
    );
    assert.match(wrong.problems.map((problem) => problem.message).join(' '), /same size.*no transparent pixels/s);
  });
});

describe('buildSidecar', () => {
  const fields: SidecarFields = {
    operation: 'generate',
    endpoint: '/images/generations',
    prompt: 'a lighthouse',
    model: 'gpt-image-2',
    parameters: { model: 'gpt-image-2', n: 1 },
    server: 'api.openai.com',
    sources: [],
    preparation: [],
    width: 1024,
    height: 1024,
  };

  test('a generation has the common fields only, whatever else it is given', () => {
    const sidecar = buildSidecar({ ...fields, sentPrompt: 'a lighthouse', sources: ['images/a.png'], preparation: ['a.png: no changes needed.'], editedFrom: [] });
    assert.deepEqual(sidecar, {
      generator: 'image-studio',
      version: 1,
      prompt: 'a lighthouse',
      model: 'gpt-image-2',
      parameters: { model: 'gpt-image-2', n: 1 },
      server: 'api.openai.com',
      width: 1024,
      height: 1024,
    });
  });

  test('optional fields appear when known, in one order', () => {
    const usage = { input_tokens: 3, output_tokens: 272, total_tokens: 275 };
    const sidecar = buildSidecar({ ...fields, sentPrompt: 'AS-IS: a lighthouse', revisedPrompt: 'A tall lighthouse', usage, costUsd: 0.01, requestId: 'req_1' });
    assert.deepEqual(Object.keys(sidecar), ['generator', 'version', 'prompt', 'sentPrompt', 'model', 'parameters', 'revisedPrompt', 'usage', 'costUsd', 'requestId', 'server', 'width', 'height']);
  });

  test('an image made from one source names it as `source`; from several, also all of them as `sources`', () => {
    const one = buildSidecar({ ...fields, operation: 'variation', endpoint: '/images/variations', sources: ['images/a.png'], preparation: ['a'] });
    assert.deepEqual([one.operation, one.endpoint, one.source, one.sources, one.preparation], ['variation', '/images/variations', 'images/a.png', undefined, ['a']]);
    const several = buildSidecar({ ...fields, operation: 'edit', endpoint: '/images/edits', sources: ['images/a.png', 'images/b.png'] });
    assert.deepEqual([several.source, several.sources, several.preparation], ['images/a.png', ['images/a.png', 'images/b.png'], []]);
  });

  test('a masked edit keeps its mask, and the earlier edits only when there were some', () => {
    const mask = {
      extension: { top: 0, right: 0, bottom: 0, left: 0 },
      canvas: { width: 8, height: 8 },
      uploadedSize: { width: 8, height: 8 },
      selectedPixels: 4,
      wholeImage: false,
      strictComposite: true,
      featherPx: 2,
    };
    const base = { ...fields, operation: 'edit' as const, endpoint: '/images/edits' as const, sources: ['street.png'], mask };
    assert.deepEqual(buildSidecar({ ...base, editedFrom: ['a door'] }).editedFrom, ['a door']);
    const first = buildSidecar({ ...base, editedFrom: [] });
    assert.equal('editedFrom' in first, false);
    assert.equal(first.mask, mask);
  });
});
