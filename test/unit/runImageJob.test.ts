// The one job runner (src/jobs/runImageJob.ts) for every kind of request, run for real
// against the local endpoint: a fake environment (key, prices, the confirmation threshold,
// saving into a temp folder, a fixed clock) and a fake observer that records every report.
// The network is not mocked: every request the runner sends must pass the endpoint's spec
// and service rules, and none may leave the loopback interface (a guard on `fetch` refuses).
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type * as vscode from 'vscode';
import { startEndpoint, type Endpoint } from '../endpoint/server';
import { onlyRequest, TEST_KEY } from '../endpoint/fixtures';
import { fixturesDir } from '../fixturesDir';
import type { StudioSettings } from '../../src/config/settings';
import { DEFAULT_SETTINGS } from '../../src/config/defaultSettings';
import type {
  CostQuestion,
  ImageJobRequest,
  JobDestination,
  JobImage,
  JobObserver,
  JobOutcome,
  JobStart,
  MaskedEditJob,
} from '../../src/jobs/imageJob';

type GenerateJob = Extract<ImageJobRequest, { kind: 'generate' }>;
type EditJob = Extract<ImageJobRequest, { kind: 'edit' }>;
type VariationJob = Extract<ImageJobRequest, { kind: 'variation' }>;
import { isImageError } from '../../src/imaging/imageErrors';
import { inputTargetFor, prepareSource, type PreparedSource, type SourceImage } from '../../src/jobs/jobSources';
import { runImageJob, type JobEnvironment, type SaveContext } from '../../src/jobs/runImageJob';
import type { RateOverrides } from '../../src/openai/costEstimate';
import type { SavedImage } from '../../src/storage/outputWriter';

const FIXTURES = fixturesDir();
/** The fixed clock: 11 days before gpt-image-1.5 shuts down everywhere (2026-12-01). */
const NOW = new Date('2026-11-20T10:15:00Z');
const SHAPE = { squareMode: 'pad', padColor: 'transparent' } as const;

let endpoint: Endpoint;
let outDir: string;
/** Requests the fetch guard refused: anything not to 127.0.0.1. */
const refused: string[] = [];
const realFetch = globalThis.fetch;

before(async () => {
  endpoint = await startEndpoint();
  // The runner gets a client per job (createClient), which takes the global fetch when it is
  // made: so this guard sees every request, including downloads of URL results.
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // `data:` is the SDK probing what its fetch supports: no network.
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') {
      refused.push(url.href);
      return Promise.reject(new Error(`test guard: refused a request to ${url.host}`));
    }
    return realFetch(input, init);
  };
});
after(async () => {
  globalThis.fetch = realFetch;
  await endpoint.close();
});
beforeEach(() => {
  endpoint.reset();
  refused.length = 0;
  outDir = mkdtempSync(join(tmpdir(), 'image-studio-runner-'));
});
afterEach(() => {
  rmSync(outDir, { recursive: true, force: true });
  assert.deepEqual(refused, [], 'nothing was sent beyond the loopback interface');
  const invalid = endpoint.requests.filter((request) => request.validationErrors.length > 0);
  assert.deepEqual(
    invalid.map((request) => [request.path, request.validationErrors]),
    [],
    'every request the runner sent is valid for the spec and the service rules',
  );
});

// ---------------------------------------------------------------------------------------------
// Fakes

const uriOf = (path: string): vscode.Uri => ({ scheme: 'file', path, fsPath: path, toString: () => `file://${path}` }) as unknown as vscode.Uri;

/** Settings as package.json's defaults, but aimed at the endpoint, with no retries and no streaming. */
function settingsFor(overrides: Partial<StudioSettings> = {}): StudioSettings {
  return { ...DEFAULT_SETTINGS, baseUrl: endpoint.url, requestTimeoutSeconds: 30, maxRetries: 0, stream: false, ...overrides };
}

interface SaveCall {
  image: Omit<JobImage, 'saved'>;
  context: SaveContext;
  destination: JobDestination['kind'];
  /** Whether the job's signal was aborted when save was called. */
  afterAbort: boolean;
}

interface FakeEnvironment extends JobEnvironment {
  saves: SaveCall[];
  infos: string[];
  warnings: string[];
  /** The estimates `needsConfirmation` was asked about. */
  asked: number[];
}

interface EnvOptions {
  /** undefined: no key stored. Default: the test key. */
  key?: string | undefined;
  prices?: RateOverrides;
  /** Whether an estimate must be confirmed; default: above $0.50 (package.json's threshold). */
  needsConfirmation?: (usd: number) => boolean;
  /** The job's signal, to record whether save came after an abort. */
  signal?: AbortSignal;
}

/**
 * An environment like imageJobs.ts builds, with saving as saveJobImage does it in spirit:
 * `folder` destinations are written into the temp folder (exclusively, so two images with one
 * index would fail), `memory` ones are not written and give undefined.
 */
function fakeEnv(options: EnvOptions = {}): FakeEnvironment {
  const env: FakeEnvironment = {
    saves: [],
    infos: [],
    warnings: [],
    asked: [],
    apiKey: async () => ('key' in options ? options.key : TEST_KEY),
    logger: { info: (message) => void env.infos.push(message), warn: (message) => void env.warnings.push(message) },
    prices: () => options.prices ?? {},
    needsConfirmation: (usd) => {
      env.asked.push(usd);
      return options.needsConfirmation ? options.needsConfirmation(usd) : usd > 0.5;
    },
    save: async (request: ImageJobRequest, image, context): Promise<SavedImage | undefined> => {
      env.saves.push({ image, context, destination: request.destination.kind, afterAbort: options.signal?.aborted ?? false });
      if (request.destination.kind === 'memory') return undefined;
      if (request.destination.kind !== 'folder') throw new Error('the fake saves into folders only');
      const folder = request.destination.folder.fsPath;
      const stem = `image-${image.index + 1}`;
      const name = `${stem}.${image.format === 'jpeg' ? 'jpg' : image.format}`;
      const sidecar = { ...image.sidecar, image: name, createdAt: context.date.toISOString() };
      writeFileSync(join(folder, name), image.bytes, { flag: 'wx' });
      writeFileSync(join(folder, `${stem}.json`), JSON.stringify(sidecar), { flag: 'wx' });
      return { uri: uriOf(join(folder, name)), sidecarUri: uriOf(join(folder, `${stem}.json`)), sidecar };
    },
    now: () => NOW,
  };
  return env;
}

type ObserverEvent =
  | { type: 'confirmCost'; question: CostQuestion }
  | { type: 'warn'; message: string }
  | { type: 'started'; start: JobStart }
  | { type: 'preview'; index: number; partialIndex: number; bytes: Buffer }
  | { type: 'progress'; message: string }
  | { type: 'image'; image: JobImage; at: number };

interface FakeObserver extends JobObserver {
  events: ObserverEvent[];
}

interface ObserverOptions {
  /** The answer to confirmCost; 'absent' leaves the method out (a presenter that cannot ask). */
  confirm?: boolean | 'absent';
  /** Called after an image is recorded (and awaited, as the runner awaits the observer). */
  onImage?: (image: JobImage) => void | Promise<void>;
}

function fakeObserver(options: ObserverOptions = {}): FakeObserver {
  const events: ObserverEvent[] = [];
  const observer: FakeObserver = {
    events,
    warn: (message) => void events.push({ type: 'warn', message }),
    started: (start) => void events.push({ type: 'started', start }),
    preview: (index, partialIndex, bytes) => void events.push({ type: 'preview', index, partialIndex, bytes }),
    progress: (message) => void events.push({ type: 'progress', message }),
    image: async (image) => {
      events.push({ type: 'image', image, at: Date.now() });
      await options.onImage?.(image);
    },
  };
  if (options.confirm !== 'absent') {
    const answer = options.confirm ?? true;
    observer.confirmCost = async (question) => {
      events.push({ type: 'confirmCost', question });
      return answer;
    };
  }
  return observer;
}

const eventTypes = (observer: FakeObserver) => observer.events.map((event) => event.type);
const startOf = (observer: FakeObserver): JobStart => {
  const started = observer.events.filter((event) => event.type === 'started');
  assert.equal(started.length, 1, 'started is reported once');
  return (started[0] as { start: JobStart }).start;
};
const imagesOf = (observer: FakeObserver): JobImage[] =>
  observer.events.flatMap((event) => (event.type === 'image' ? [event.image] : []));

/** One line about an outcome, for assertion messages (never its image bytes). */
function describeOutcome(outcome: JobOutcome): string {
  if (outcome.kind === 'notSent') return `notSent (${outcome.reason}) ${JSON.stringify(outcome.problems ?? [])}`;
  const failures = outcome.failures.map((failure) => (failure instanceof Error ? failure.message : String(failure)));
  return `${outcome.kind}: ${outcome.images.length}/${outcome.requested} image(s), failures ${JSON.stringify(failures)}`;
}

/** Narrows an outcome to a kind, failing the test with a description of the outcome otherwise. */
function expectKind<K extends JobOutcome['kind']>(outcome: JobOutcome, kind: K): Extract<JobOutcome, { kind: K }> {
  assert.equal(outcome.kind, kind, describeOutcome(outcome));
  return outcome as Extract<JobOutcome, { kind: K }>;
}

/** Resolves once `condition` holds (checked every few milliseconds; fails after 10 s). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const filesIn = (folder: string): string[] => readdirSync(folder).sort();

/** The images requests (DALL·E answers with links, whose downloads the endpoint records too). */
const imageRequests = () => endpoint.requests.filter((request) => request.path.startsWith('/v1/images/'));

/** The outcome of a job that must not have been sent (compared without any image bytes). */
function notSent(outcome: JobOutcome): Extract<JobOutcome, { kind: 'notSent' }> {
  return expectKind(outcome, 'notSent');
}

// ---------------------------------------------------------------------------------------------
// Requests

const intoFolder = (): JobDestination => ({ kind: 'folder', folder: uriOf(outDir) });

function generateJob(prompt: string, settings: Partial<StudioSettings> = {}): GenerateJob {
  return { kind: 'generate', prompt, settings: settingsFor(settings), destination: intoFolder() };
}

function fixtureSource(name: string): SourceImage {
  return { name: `images/${name}`, fileName: name, uri: uriOf(join(FIXTURES, name)), load: async () => readFileSync(join(FIXTURES, name)) };
}

function prepared(name: string, model: string, operation: 'edit' | 'variation'): Promise<PreparedSource> {
  return prepareSource(fixtureSource(name), inputTargetFor(model, operation, SHAPE));
}

async function editJob(names: string[], options: { prompt?: string; n?: number; size?: string; settings?: Partial<StudioSettings> } = {}): Promise<EditJob> {
  const settings = settingsFor({ count: options.n ?? 1, size: options.size ?? '1024x1024', ...options.settings });
  const sources = await Promise.all(names.map((name) => prepared(name, settings.model, 'edit')));
  return { kind: 'edit', prompt: options.prompt ?? 'put them in one scene', settings, destination: intoFolder(), sources };
}

async function variationJob(names: string[], options: { n?: number; size?: string; settings?: Partial<StudioSettings> } = {}): Promise<VariationJob> {
  const settings = settingsFor({ model: 'dall-e-2', count: options.n ?? 1, size: options.size ?? '256x256', ...options.settings });
  const sources = await Promise.all(names.map((name) => prepared(name, settings.model, 'variation')));
  return { kind: 'variation', prompt: '', settings, destination: intoFolder(), sources };
}

const MASKED = { width: 64, height: 64, rect: { left: 16, top: 16, width: 32, height: 24 } };

/** A noisy opaque picture, so every pixel differs from its neighbours. */
async function noisePng(width: number, height: number, seed: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    data[i] = state >> 23;
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

const insideRect = (x: number, y: number, inset = 0) => {
  const { left, top, width, height } = MASKED.rect;
  return x >= left + inset && x < left + width - inset && y >= top + inset && y < top + height - inset;
};

/**
 * The mask editor's job for a 64x64 picture with a 32x24 rectangle to edit: the mask is
 * transparent there (what the API edits), opaque elsewhere; coverage is 255 − mask alpha.
 */
async function maskedEditJob(options: { strict?: boolean; settings?: Partial<StudioSettings>; maskSize?: number; editedFrom?: string[] } = {}): Promise<MaskedEditJob> {
  const { width, height } = MASKED;
  const original = await noisePng(width, height, 7);
  const maskSide = options.maskSize ?? width;
  const alpha = Buffer.alloc(maskSide * maskSide);
  const coverage = new Uint8Array(width * height);
  for (let y = 0; y < maskSide; y++) {
    for (let x = 0; x < maskSide; x++) {
      alpha[y * maskSide + x] = insideRect(x, y) ? 0 : 255;
      if (x < width && y < height) coverage[y * width + x] = insideRect(x, y) ? 255 : 0;
    }
  }
  const rgba = Buffer.alloc(maskSide * maskSide * 4);
  for (let i = 0; i < alpha.length; i++) rgba[i * 4 + 3] = alpha[i];
  const mask = await sharp(rgba, { raw: { width: maskSide, height: maskSide, channels: 4 } }).png().toBuffer();
  const strict = options.strict ?? true;
  return {
    kind: 'maskedEdit',
    prompt: 'a red balloon',
    settings: settingsFor({ count: 1, size: 'auto', quality: 'low', outputFormat: 'png', background: 'auto', ...options.settings }),
    destination: { kind: 'memory' },
    source: { name: 'photos/street.png', fileName: 'street.png', uri: uriOf('/workspace/photos/street.png') },
    preparation: [],
    editedFrom: options.editedFrom ?? [],
    image: { bytes: original, fileName: 'street.png', mimeType: 'image/png', width, height },
    mask: { bytes: mask, fileName: 'street-mask.png', mimeType: 'image/png', width: maskSide, height: maskSide },
    ...(strict ? { strictComposite: { original, coverage, width, height, featherPx: 2 } } : {}),
    maskRecord: {
      extension: { top: 0, right: 0, bottom: 0, left: 0 },
      canvas: { width, height },
      uploadedSize: { width, height },
      selectedPixels: MASKED.rect.width * MASKED.rect.height,
      wholeImage: false,
      strictComposite: strict,
      featherPx: 2,
    },
  };
}

/** Token cost as costEstimate.ts prices gpt-image models by default ($5 text in, $10 image in, $40 image out per million). */
function expectedTokenCost(usage: NonNullable<JobImage['usage']>, images: number): number {
  const usd =
    (usage.input_tokens_details!.text_tokens! * 5 + usage.input_tokens_details!.image_tokens! * 10 + usage.output_tokens_details!.image_tokens! * 40) / 1e6;
  return Math.round(usd * 1e9) / 1e9 / images;
}

const SIDECAR_COMMON = ['generator', 'version', 'prompt', 'model', 'parameters', 'server', 'width', 'height'];
const SIDECAR_FROM_SOURCES = ['operation', 'endpoint', 'source', 'preparation'];
const keysOf = (object: object) => Object.keys(object).sort();

// ---------------------------------------------------------------------------------------------

describe('runImageJob: generate', () => {
  test('n = 1 on gpt-image-2: one valid request; the image verified, saved with its sidecar, priced from its usage', async () => {
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, generateJob('A lighthouse on a cliff'), observer, new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/generations');
    assert.deepEqual(request.json, {
      model: 'gpt-image-2',
      prompt: 'A lighthouse on a cliff',
      n: 1,
      size: '1024x1024',
      quality: 'auto',
      output_format: 'png',
      background: 'auto',
      moderation: 'auto',
    });
    assert.deepEqual(eventTypes(observer), ['started', 'image'], 'below the threshold nothing is asked');
    const start = startOf(observer);
    assert.deepEqual({ ...start, jobId: '' }, { jobId: '', model: 'gpt-image-2', count: 1, costLabel: '~$0.042', previews: false, preparation: [] });
    assert.match(start.jobId, /^[0-9a-f]{12}$/);

    const [image] = outcome.images;
    assert.equal(imagesOf(observer).length, 1);
    assert.equal(imagesOf(observer)[0], image, 'the observer got the image the outcome lists');
    assert.deepEqual(
      [image.index, image.group, image.format, image.mimeType, image.width, image.height, image.composited, image.requestId],
      [0, 0, 'png', 'image/png', 1024, 1024, false, request.requestId],
    );
    assert.ok(image.thumbnail && image.thumbnail.length > 0, 'the studio thumbnail is made while verifying');
    assert.equal((await sharp(image.bytes).metadata()).format, 'png');
    const usage = image.usage!;
    assert.ok(usage.output_tokens_details!.image_tokens! > 0, 'the endpoint reports usage');
    assert.equal(image.costUsd, expectedTokenCost(usage, 1));
    assert.equal(outcome.costUsd, image.costUsd);
    assert.deepEqual([outcome.jobId, outcome.model, outcome.requested, outcome.failures], [start.jobId, 'gpt-image-2', 1, []]);
    assert.deepEqual(outcome.groups.map((group) => [group.requested, group.images.length, group.failures.length]), [[1, 1, 0]]);
    assert.equal(outcome.groups[0].images[0], image);

    const parameters = { model: 'gpt-image-2', n: 1, size: '1024x1024', quality: 'auto', output_format: 'png', background: 'auto', moderation: 'auto' };
    assert.deepEqual(image.sidecar.parameters, parameters);
    assert.deepEqual(image.sidecar, {
      generator: 'image-studio',
      version: 1,
      prompt: 'A lighthouse on a cliff',
      model: 'gpt-image-2',
      parameters,
      usage,
      costUsd: image.costUsd,
      requestId: request.requestId,
      server: `127.0.0.1:${endpoint.port}`,
      width: 1024,
      height: 1024,
    });

    assert.equal(env.saves.length, 1);
    assert.deepEqual(env.saves[0].context, { date: NOW, count: 1, sources: [] });
    assert.deepEqual(filesIn(outDir), ['image-1.json', 'image-1.png']);
    assert.ok(readFileSync(join(outDir, 'image-1.png')).equals(image.bytes), 'the verified bytes are what is saved');
    assert.equal(image.saved?.uri.fsPath, join(outDir, 'image-1.png'));
    assert.ok(env.infos.some((line) => line.startsWith('cost: estimated $0.042 — 1 image × ~1056 output tokens')), env.infos.join('\n'));
  });

  test('the price table from prices() makes both the estimate and the actual cost', async () => {
    const prices: RateOverrides = { 'gpt-image-2': { kind: 'tokens', textInputPerMillion: 1000, imageInputPerMillion: 1000, imageOutputPerMillion: 1000 } };
    const asked: CostQuestion[] = [];
    const observer = fakeObserver();
    const env = fakeEnv({ prices });
    const job = generateJob('A lighthouse', { quality: 'low' });
    const outcome = expectKind(await runImageJob({ ...env, needsConfirmation: () => true }, job, { ...observer, confirmCost: async (question) => (asked.push(question), true) }, new AbortController().signal), 'finished');
    // 272 output tokens + 3 prompt tokens at $1000 per million.
    assert.deepEqual(asked, [{ usd: 0.275, label: '~$0.275', basis: '1 image × ~272 output tokens at $1000/M + ~3 prompt tokens at $1000/M (gpt-image-2, low, 1024x1024; estimate)' }]);
    const usage = outcome.images[0].usage!;
    assert.equal(outcome.costUsd, (usage.total_tokens! * 1000) / 1e6);
    assert.equal(outcome.images[0].sidecar.costUsd, outcome.costUsd);
  });

  test('n = 3 on dall-e-3: three requests of one image in parallel, each revised prompt carried to its image and sidecar', async () => {
    // Each answer waits a little, so all three must be in flight together to arrive before the first answer.
    endpoint.inject({ kind: 'delay', ms: 150, times: 3 });
    const env = fakeEnv();
    const observer = fakeObserver();
    const job = generateJob('a fox in the snow', { model: 'dall-e-3', count: 3, quality: 'standard' });
    const outcome = expectKind(await runImageJob(env, job, observer, new AbortController().signal), 'finished');
    assert.equal(imageRequests().length, 3);
    for (const request of imageRequests()) {
      assert.equal(request.path, '/v1/images/generations');
      assert.deepEqual(request.json, { model: 'dall-e-3', prompt: 'a fox in the snow', n: 1, size: '1024x1024', quality: 'standard', style: 'vivid' });
    }
    const firstImageAt = Math.min(...observer.events.flatMap((event) => (event.type === 'image' ? [event.at] : [])));
    assert.ok(imageRequests().every((request) => request.time < firstImageAt), 'all three were sent before any image came back');
    assert.equal(startOf(observer).costLabel, '~$0.12');
    assert.deepEqual(outcome.images.map((image) => image.index), [0, 1, 2]);
    assert.deepEqual(filesIn(outDir), ['image-1.json', 'image-1.png', 'image-2.json', 'image-2.png', 'image-3.json', 'image-3.png']);
    for (const image of outcome.images) {
      assert.equal(image.revisedPrompt, 'A detailed illustration of: a fox in the snow');
      assert.equal(image.sidecar.revisedPrompt, image.revisedPrompt);
      assert.equal(image.costUsd, undefined, 'DALL·E answers carry no usage');
      assert.deepEqual(image.sidecar.parameters, { model: 'dall-e-3', n: 1, size: '1024x1024', quality: 'standard', style: 'vivid' });
    }
    assert.deepEqual(env.saves.map((save) => save.context.count), [3, 3, 3], 'siblings of one job are numbered');
    assert.equal(outcome.costUsd, 0);
  });

  test('maxConcurrentRequests bounds the requests in flight', async () => {
    const observer = fakeObserver();
    const job = generateJob('a fox', { model: 'dall-e-3', count: 3, quality: 'standard', maxConcurrentRequests: 2 });
    expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    const firstImageAt = Math.min(...observer.events.flatMap((event) => (event.type === 'image' ? [event.at] : [])));
    const arrivals = imageRequests().map((request) => request.time).sort((a, b) => a - b);
    assert.equal(arrivals.length, 3);
    assert.ok(arrivals[2] >= firstImageAt, 'the third request waited for one of the first two to be done');
  });

  test('streamed n = 2: two requests of one image; each image arrives under the index its previews had', async () => {
    // The first request to arrive answers late, so the second finishes first.
    endpoint.inject({ kind: 'delay', ms: 300, times: 1 });
    const observer = fakeObserver();
    const job = generateJob('a paper boat', { stream: true, partialImages: 2, count: 2, quality: 'low' });
    const outcome = expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    assert.equal(endpoint.requests.length, 2);
    for (const request of endpoint.requests) {
      assert.deepEqual([request.json?.n, request.json?.stream, request.json?.partial_images], [1, true, 2]);
    }
    assert.equal(startOf(observer).previews, true);
    // Per image: both previews, in order, then the image; nothing for an index after its image.
    const byIndex = new Map<number, string[]>();
    for (const event of observer.events) {
      if (event.type === 'preview') byIndex.set(event.index, [...(byIndex.get(event.index) ?? []), `preview ${event.partialIndex}`]);
      if (event.type === 'image') byIndex.set(event.image.index, [...(byIndex.get(event.image.index) ?? []), 'image']);
    }
    assert.deepEqual([...byIndex.entries()].sort(([a], [b]) => a - b), [
      [0, ['preview 0', 'preview 1', 'image']],
      [1, ['preview 0', 'preview 1', 'image']],
    ]);
    const previews = observer.events.flatMap((event) => (event.type === 'preview' ? [event.bytes] : []));
    for (const bytes of previews) assert.equal((await sharp(bytes).metadata()).format, 'png', 'previews are images');
    assert.deepEqual(outcome.images.map((image) => [image.index, (image.sidecar.parameters as Record<string, unknown>).stream, (image.sidecar.parameters as Record<string, unknown>).partial_images]), [
      [0, true, 2],
      [1, true, 2],
    ]);
  });

  test('usePromptAsIs on dall-e-3: the prefixed prompt is kept as sentPrompt beside the prompt as written', async () => {
    const outcome = expectKind(
      await runImageJob(fakeEnv(), generateJob('a red circle', { model: 'dall-e-3', quality: 'standard', usePromptAsIs: true }), fakeObserver(), new AbortController().signal),
      'finished',
    );
    const request = onlyRequest({ requests: imageRequests() }, '/v1/images/generations');
    const sent = String(request.json?.prompt);
    assert.ok(sent.startsWith('I NEED to test how the tool works with extremely simple prompts.') && sent.endsWith(' a red circle'), sent);
    const [image] = outcome.images;
    assert.equal(image.sidecar.sentPrompt, sent);
    assert.deepEqual([image.sidecar.prompt, image.sidecar.sentPrompt], ['a red circle', sent]);
  });
});

describe('runImageJob: edit', () => {
  test('several references make one request with every image as `image[]`; one image, its sidecar naming every source', async () => {
    const job = await editJob(['with-alpha.png', 'flowers.jpeg', '5_webp_a.webp']);
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, job, observer, new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.contentType]), [
      ['image[]', 'with-alpha.png', 'image/png'],
      ['image[]', 'flowers.jpg', 'image/jpeg'],
      ['image[]', '5_webp_a.webp', 'image/webp'],
    ]);
    assert.deepEqual(request.fields, { model: 'gpt-image-2', prompt: 'put them in one scene', n: '1', size: '1024x1024', quality: 'auto', output_format: 'png', background: 'auto' });
    const summaries = job.sources.map((source) => source.summary);
    assert.deepEqual(startOf(observer).preparation, summaries);
    assert.equal(outcome.images.length, 1);
    const [image] = outcome.images;
    assert.deepEqual(env.saves[0].context.sources, job.sources.map((source) => source.source));
    assert.deepEqual(image.sidecar, {
      generator: 'image-studio',
      version: 1,
      operation: 'edit',
      endpoint: '/images/edits',
      prompt: 'put them in one scene',
      model: 'gpt-image-2',
      parameters: { model: 'gpt-image-2', n: 1, size: '1024x1024', quality: 'auto', output_format: 'png', background: 'auto' },
      usage: image.usage,
      costUsd: expectedTokenCost(image.usage!, 1),
      requestId: request.requestId,
      server: `127.0.0.1:${endpoint.port}`,
      width: 1024,
      height: 1024,
      source: 'images/with-alpha.png',
      sources: ['images/with-alpha.png', 'images/flowers.jpeg', 'images/5_webp_a.webp'],
      preparation: summaries,
    });
    assert.ok(image.usage!.input_tokens_details!.image_tokens! > 0, 'the usage counts the input images');
  });

  test('a JPEG on a GPT model is sent as a JPEG', async () => {
    const job = await editJob(['flowers.jpeg'], { size: 'auto' });
    expectKind(await runImageJob(fakeEnv(), job, fakeObserver(), new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.contentType, file.format, file.width, file.height]), [['image', 'flowers.jpg', 'image/jpeg', 'jpeg', 1920, 1080]]);
  });

  test("streamed edits with n = 3 are three requests of one image (the `stream` setting's contract), previews under each image's index", async () => {
    const job = await editJob(['with-alpha.png'], { n: 3, settings: { stream: true, partialImages: 1, quality: 'low' } });
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    assert.equal(endpoint.requests.length, 3);
    for (const request of endpoint.requests) {
      assert.deepEqual([request.fields?.n, request.fields?.stream, request.fields?.partial_images, request.files?.length], ['1', 'true', '1', 1]);
    }
    const previews = observer.events.flatMap((event) => (event.type === 'preview' ? [`${event.index}/${event.partialIndex}`] : []));
    assert.deepEqual(previews.sort(), ['0/0', '1/0', '2/0']);
    assert.deepEqual(outcome.images.map((image) => image.index), [0, 1, 2]);
    assert.deepEqual(outcome.images[0].sidecar.parameters, { model: 'gpt-image-2', n: 1, size: '1024x1024', quality: 'low', output_format: 'png', background: 'auto', stream: true, partial_images: 1 });
  });
});

describe('runImageJob: variation', () => {
  test('a JPEG on dall-e-2 becomes a square PNG under 4 MB, sent to /images/variations; every image verified and handed over', async () => {
    const job = await variationJob(['flowers.jpeg'], { n: 3, size: '512x512' });
    const [source] = job.sources;
    assert.match(source.summary, /converted JPEG → PNG/);
    assert.match(source.summary, /padded 1024x576 → 1024x1024/);
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, job, observer, new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/variations');
    const [file] = request.files ?? [];
    assert.deepEqual([file.field, file.filename, file.contentType, file.format, file.width, file.height], ['image', 'flowers.png', 'image/png', 'png', 1024, 1024]);
    assert.ok(file.size < 4 * 1024 * 1024);
    assert.deepEqual(request.fields, { model: 'dall-e-2', response_format: 'b64_json', n: '3', size: '512x512' });
    // Images of one response are verified a few at a time, so they may reach the observer in any order.
    assert.deepEqual(
      imagesOf(observer)
        .map((image) => [image.width, image.height, image.format, image.group, image.index])
        .sort((a, b) => Number(a[4]) - Number(b[4])),
      [
        [512, 512, 'png', 0, 0],
        [512, 512, 'png', 0, 1],
        [512, 512, 'png', 0, 2],
      ],
    );
    assert.deepEqual(outcome.images[0].sidecar.parameters, { model: 'dall-e-2', response_format: 'b64_json', n: 3, size: '512x512' });
    assert.deepEqual(outcome.groups.map((group) => [group.requested, group.images.length, group.failures.length]), [[3, 3, 0]]);
    assert.deepEqual(env.saves.map((save) => save.context), [0, 1, 2].map(() => ({ date: NOW, count: 3, sources: [source.source] })));
    assert.deepEqual(outcome.images[0].sidecar, {
      generator: 'image-studio',
      version: 1,
      operation: 'variation',
      endpoint: '/images/variations',
      prompt: '',
      model: 'dall-e-2',
      parameters: { model: 'dall-e-2', response_format: 'b64_json', n: 3, size: '512x512' },
      requestId: request.requestId,
      server: `127.0.0.1:${endpoint.port}`,
      width: 512,
      height: 512,
      source: 'images/flowers.jpeg',
      preparation: [source.summary],
    });
  });

  test('one request per source; one group failing does not stop the others, failures are kept per group', async () => {
    const job = await variationJob(['with-alpha.png', '5_webp_a.webp'], { n: 2, settings: { maxConcurrentRequests: 1 } });
    endpoint.inject({ kind: 'status', status: 500, times: 1, message: 'The server had an error while processing your request (test fault).' });
    const env = fakeEnv();
    const outcome = expectKind(await runImageJob(env, job, fakeObserver(), new AbortController().signal), 'finished');
    assert.equal(endpoint.requests.length, 2);
    assert.deepEqual(endpoint.requests.map((request) => [request.files?.[0].filename, request.status]), [
      ['with-alpha.png', 500],
      ['5_webp_a.png', 200],
    ]);
    assert.deepEqual(outcome.groups.map((group) => [group.requested, group.images.length, group.failures.length]), [
      [2, 0, 1],
      [2, 2, 0],
    ]);
    const failure = outcome.groups[0].failures[0] as { status?: number; message?: string };
    assert.equal(failure.status, 500);
    assert.ok(failure.message?.includes('The server had an error while processing your request (test fault).'), failure.message);
    assert.deepEqual(outcome.failures, outcome.groups[0].failures);
    // The second source's images come after the places of the first one's.
    assert.deepEqual(outcome.images.map((image) => [image.group, image.index]), [
      [1, 2],
      [1, 3],
    ]);
    assert.deepEqual(env.saves.map((save) => [save.context.count, save.context.sources.map((source) => source.name)]), [
      [1, ['images/5_webp_a.webp']],
      [1, ['images/5_webp_a.webp']],
    ]);
    assert.equal(outcome.requested, 4);
  });

  test('on a GPT model, variations are edits with the prompt, one request per source, kept as variations in the sidecar', async () => {
    const settings = settingsFor({ model: 'gpt-image-2', quality: 'low' });
    const sources = await Promise.all(['with-alpha.png', '5_webp_a.webp'].map((name) => prepared(name, 'gpt-image-2', 'edit')));
    const job: VariationJob = { kind: 'variation', prompt: settings.variationPrompt, settings: { ...settings, count: 1, size: '1024x1024' }, destination: intoFolder(), sources };
    const outcome = expectKind(await runImageJob(fakeEnv(), job, fakeObserver(), new AbortController().signal), 'finished');
    assert.equal(endpoint.requests.length, 2);
    assert.ok(endpoint.requests.every((request) => request.path === '/v1/images/edits' && request.files?.length === 1 && request.fields?.prompt === settings.variationPrompt));
    assert.deepEqual(outcome.images.map((image) => [image.group, image.index, image.sidecar.operation, image.sidecar.endpoint, image.sidecar.source]), [
      [0, 0, 'variation', '/images/edits', 'images/with-alpha.png'],
      [1, 1, 'variation', '/images/edits', 'images/5_webp_a.webp'],
    ]);
  });
});

describe('runImageJob: masked edit', () => {
  test('one request with the image and its mask; the strict composite keeps every pixel outside the mask; held in memory with its sidecar', async () => {
    const job = await maskedEditJob({ editedFrom: ['a blue door'] });
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, job, observer, new AbortController().signal), 'finished');
    const request = onlyRequest(endpoint, '/v1/images/edits');
    assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.contentType, file.width, file.height, file.hasAlpha]), [
      ['image', 'street.png', 'image/png', 64, 64, false],
      ['mask', 'street-mask.png', 'image/png', 64, 64, true],
    ]);
    assert.deepEqual(request.fields, { model: 'gpt-image-2', prompt: 'a red balloon', n: '1', size: 'auto', quality: 'low', output_format: 'png', background: 'auto' });
    assert.deepEqual(eventTypes(observer), ['started', 'progress', 'image']);
    assert.deepEqual(observer.events[1], { type: 'progress', message: 'Restoring every pixel outside the mask…' });

    const [image] = outcome.images;
    assert.deepEqual([image.composited, image.format, image.mimeType, image.width, image.height], [true, 'png', 'image/png', 64, 64]);
    assert.equal(image.saved, undefined, 'a memory destination saves nothing');
    assert.equal(image.thumbnail, undefined, 'no thumbnail for an image that is only held');
    assert.deepEqual(env.saves.map((save) => save.destination), ['memory']);
    assert.deepEqual(env.saves[0].context.sources, [job.source]);
    assert.deepEqual(filesIn(outDir), []);

    const original = await sharp(job.image.bytes).ensureAlpha().raw().toBuffer();
    const result = await sharp(image.bytes).ensureAlpha().raw().toBuffer();
    let changedInside = 0;
    for (let y = 0; y < MASKED.height; y++) {
      for (let x = 0; x < MASKED.width; x++) {
        const at = (y * MASKED.width + x) * 4;
        const same = original.subarray(at, at + 4).equals(result.subarray(at, at + 4));
        if (!insideRect(x, y)) assert.ok(same, `pixel ${x},${y} outside the mask is the original's`);
        else if (insideRect(x, y, 3) && !same) changedInside++;
      }
    }
    assert.ok(changedInside > 0.9 * (MASKED.rect.width - 6) * (MASKED.rect.height - 6), `the model's pixels inside the mask (${changedInside} changed)`);

    assert.deepEqual(image.sidecar, {
      generator: 'image-studio',
      version: 1,
      operation: 'edit',
      endpoint: '/images/edits',
      prompt: 'a red balloon',
      model: 'gpt-image-2',
      parameters: { model: 'gpt-image-2', n: 1, size: 'auto', quality: 'low', output_format: 'png', background: 'auto' },
      usage: image.usage,
      costUsd: expectedTokenCost(image.usage!, 1),
      requestId: request.requestId,
      server: `127.0.0.1:${endpoint.port}`,
      width: 64,
      height: 64,
      source: 'photos/street.png',
      preparation: [],
      mask: job.maskRecord,
      editedFrom: ['a blue door'],
    });
  });

  test('without the strict composite the model\'s image is delivered as it came', async () => {
    const job = await maskedEditJob({ strict: false });
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    assert.deepEqual(eventTypes(observer), ['started', 'image']);
    assert.equal(outcome.images[0].composited, false);
    assert.equal(outcome.images[0].sidecar.editedFrom, undefined, 'no earlier edits, no editedFrom');
  });
});

// ---------------------------------------------------------------------------------------------
// Not sent

/** One request of each kind, all valid and sendable. */
const everyKind: [ImageJobRequest['kind'], () => Promise<ImageJobRequest>][] = [
  ['generate', async () => generateJob('A lighthouse', { quality: 'low' })],
  ['edit', () => editJob(['with-alpha.png'])],
  ['variation', () => variationJob(['with-alpha.png'], { n: 2 })],
  ['maskedEdit', () => maskedEditJob()],
];

describe('runImageJob: not sent', () => {
  for (const [kind, make] of everyKind) {
    test(`${kind}: without a key nothing is planned, asked or sent`, async () => {
      const env = fakeEnv({ key: undefined });
      const observer = fakeObserver();
      const outcome = await runImageJob(env, await make(), observer, new AbortController().signal);
      assert.deepEqual(notSent(outcome), { kind: 'notSent', reason: 'noKey' });
      assert.equal(endpoint.requests.length, 0);
      assert.deepEqual(observer.events, []);
      assert.deepEqual([env.saves.length, env.asked], [0, []]);
    });

    test(`${kind}: declined at the cost question, nothing is sent`, async () => {
      const env = fakeEnv({ needsConfirmation: () => true });
      const observer = fakeObserver({ confirm: false });
      const outcome = await runImageJob(env, await make(), observer, new AbortController().signal);
      assert.deepEqual(notSent(outcome), { kind: 'notSent', reason: 'declined' });
      assert.equal(endpoint.requests.length, 0);
      assert.deepEqual(eventTypes(observer), ['confirmCost']);
      const { question } = observer.events[0] as { question: CostQuestion };
      assert.equal(question.usd, env.asked[0]);
      assert.ok(question.usd > 0);
      assert.ok(question.label.startsWith('~$'), question.label);
      assert.ok(question.basis.includes('image'), question.basis);
      assert.ok(env.infos.includes('cost: declined; nothing sent'), env.infos.join('\n'));
    });

    test(`${kind}: a presenter that cannot ask (no confirmCost) does not send above the threshold`, async () => {
      const observer = fakeObserver({ confirm: 'absent' });
      const outcome = await runImageJob(fakeEnv({ needsConfirmation: () => true }), await make(), observer, new AbortController().signal);
      assert.deepEqual(notSent(outcome), { kind: 'notSent', reason: 'declined' });
      assert.equal(endpoint.requests.length, 0);
      assert.deepEqual(observer.events, []);
    });
  }

  test('variations of several sources are priced once per source, so a job of more than 10 images is still asked about', async () => {
    const env = fakeEnv();
    const observer = fakeObserver({ confirm: false });
    const job = await variationJob(['with-alpha.png', '5_webp_a.webp', 'flowers.jpeg'], { n: 4, size: '256x256' });
    assert.deepEqual(notSent(await runImageJob({ ...env, needsConfirmation: () => true }, job, observer, new AbortController().signal)), { kind: 'notSent', reason: 'declined' });
    assert.deepEqual(observer.events, [
      { type: 'confirmCost', question: { usd: 0.192, label: '~$0.192', basis: '3 sources × (4 images × $0.016 (dall-e-2, standard, 256x256))' } },
    ]);
    assert.equal(endpoint.requests.length, 0);
  });

  test('the cost label of variations made as edits counts each source\'s request', async () => {
    const settings = settingsFor({ model: 'gpt-image-2', quality: 'low' });
    const sources = await Promise.all(['with-alpha.png', '5_webp_a.webp'].map((name) => prepared(name, 'gpt-image-2', 'edit')));
    const job: VariationJob = { kind: 'variation', prompt: 'vary it', settings: { ...settings, count: 1, size: '1024x1024' }, destination: intoFolder(), sources };
    const observer = fakeObserver();
    expectKind(await runImageJob(fakeEnv({ needsConfirmation: () => true }), job, observer, new AbortController().signal), 'finished');
    // Per source: 272 output tokens at $40/M + 2 prompt tokens at $5/M = $0.01089.
    assert.deepEqual((observer.events[0] as { question: CostQuestion }).question, {
      usd: 0.02178,
      label: '~$0.022',
      basis: '2 sources × (1 image × ~272 output tokens at $40/M + ~2 prompt tokens at $5/M (gpt-image-2, low, 1024x1024; estimate))',
    });
    assert.equal(startOf(observer).costLabel, '~$0.022');
  });

  test('answering yes to the cost question sends the job', async () => {
    const observer = fakeObserver({ confirm: true });
    const outcome = await runImageJob(fakeEnv({ needsConfirmation: () => true }), generateJob('A lighthouse', { quality: 'low' }), observer, new AbortController().signal);
    expectKind(outcome, 'finished');
    assert.deepEqual(eventTypes(observer), ['confirmCost', 'started', 'image']);
    assert.equal(endpoint.requests.length, 1);
  });

  test('no price known (a custom model): nothing to ask, the job starts without a cost label', async () => {
    // The endpoint serves no unknown model, so the job is cancelled before it could send:
    // what matters here is that nobody was asked.
    const controller = new AbortController();
    controller.abort();
    const observer = fakeObserver({ confirm: false });
    const env = fakeEnv({ needsConfirmation: () => true });
    const outcome = expectKind(await runImageJob(env, generateJob('A lighthouse', { model: 'my-local-model' }), observer, controller.signal), 'cancelled');
    assert.deepEqual(eventTypes(observer), ['started']);
    assert.deepEqual(startOf(observer).costLabel, '');
    assert.ok(env.infos.includes('cost: no price known for my-local-model; not estimated'), env.infos.join('\n'));
    assert.deepEqual(env.asked, []);
    assert.deepEqual([outcome.images.length, outcome.failures, endpoint.requests.length], [0, [], 0]);
  });

  const invalid: [string, () => Promise<ImageJobRequest>, string[]][] = [
    ['generate: a size dall-e-3 cannot make', async () => generateJob('A lighthouse', { model: 'dall-e-3', size: '512x512' }), ['512x512']],
    ['generate: an empty prompt', async () => generateJob('  '), ['The prompt is empty. Describe the image you want.']],
    ['edit: dall-e-3 cannot edit', async () => ({ ...(await editJob(['with-alpha.png'])), settings: settingsFor({ model: 'dall-e-3' }) }), ['dall-e-3 cannot edit images or make variations.']],
    ['variation: more than 10 images from one source', () => variationJob(['with-alpha.png'], { n: 11 }), ['Number of variations 11 is not possible. Choose a whole number from 1 to 10.']],
    ['maskedEdit: a mask of another size than the image', () => maskedEditJob({ maskSize: 48 }), ['The mask is 48x48 but the image is 64x64; they must be the same size.']],
  ];
  for (const [name, make, messages] of invalid) {
    test(`invalid — ${name}: every problem listed, nothing asked or sent`, async () => {
      const env = fakeEnv({ needsConfirmation: () => true });
      const observer = fakeObserver();
      const request = await make();
      const outcome = notSent(await runImageJob(env, request, observer, new AbortController().signal));
      assert.equal(outcome.reason, 'invalid');
      const problems = outcome.problems ?? [];
      for (const message of messages) {
        assert.ok(problems.some((problem) => problem.message.includes(message)), `a problem says "${message}": ${JSON.stringify(problems)}`);
      }
      assert.equal(endpoint.requests.length, 0);
      assert.deepEqual(observer.events, []);
      assert.deepEqual(env.warnings, [`${request.kind}: not sent: ${problems.map((problem) => problem.message).join(' ')}`]);
    });
  }

  test('a variation asked of several sources reports a wrong size once, not once per source', async () => {
    const outcome = notSent(await runImageJob(fakeEnv(), await variationJob(['with-alpha.png', '5_webp_a.webp'], { size: '1792x1024' }), fakeObserver(), new AbortController().signal));
    assert.equal(outcome.reason, 'invalid');
    assert.equal(outcome.problems?.length, 1, JSON.stringify(outcome.problems));
    assert.ok(outcome.problems?.[0].message.includes('1792x1024'), outcome.problems?.[0].message);
    assert.equal(endpoint.requests.length, 0);
  });
});

describe('runImageJob: shutdown warnings', () => {
  test('a model shutting down everywhere: the warning reaches the observer before the job starts, and the job runs', async () => {
    const observer = fakeObserver();
    const job = generateJob('A lighthouse', { model: 'gpt-image-1.5', quality: 'low' });
    expectKind(await runImageJob(fakeEnv(), job, observer, new AbortController().signal), 'finished');
    assert.deepEqual(eventTypes(observer), ['warn', 'started', 'image']);
    assert.deepEqual(observer.events[0], { type: 'warn', message: 'gpt-image-1.5 shuts down on 2026-12-01 (in 11 days). Switch to gpt-image-2 before then.' });
    assert.equal(onlyRequest(endpoint, '/v1/images/generations').json?.model, 'gpt-image-1.5');
  });

  test("a DALL·E model aimed at OpenAI's service: warned that it is retired there, then declined, so nothing leaves", async () => {
    // baseUrl '' means OpenAI's service. The job must stop at the cost question; the signal
    // is aborted too and the fetch guard refuses non-loopback hosts, so even a regression
    // could not send anything.
    const controller = new AbortController();
    controller.abort();
    const observer = fakeObserver({ confirm: false });
    const env = fakeEnv({ needsConfirmation: () => true });
    const outcome = await runImageJob(env, generateJob('A lighthouse', { model: 'dall-e-3', quality: 'standard', baseUrl: '' }), observer, controller.signal);
    assert.deepEqual(notSent(outcome), { kind: 'notSent', reason: 'declined' });
    assert.deepEqual(eventTypes(observer), ['warn', 'confirmCost']);
    assert.deepEqual(observer.events[0], { type: 'warn', message: "dall-e-3 was retired on OpenAI's service on 2026-05-12. Use gpt-image-2 instead." });
    assert.equal(endpoint.requests.length, 0);
  });

  test('DALL·E on a compatible server is not warned about', async () => {
    const observer = fakeObserver();
    expectKind(await runImageJob(fakeEnv(), generateJob('A lighthouse', { model: 'dall-e-2', size: '256x256' }), observer, new AbortController().signal), 'finished');
    assert.deepEqual(eventTypes(observer), ['started', 'image']);
  });
});

describe('runImageJob: failures', () => {
  test('one of three requests failing: the job finishes with the other images kept and the failure listed', async () => {
    endpoint.inject({ kind: 'status', status: 500, times: 1, message: 'The server had an error while processing your request (test fault).' });
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, generateJob('a fox', { model: 'dall-e-3', count: 3, quality: 'standard' }), observer, new AbortController().signal), 'finished');
    assert.deepEqual(imageRequests().map((request) => request.status).sort(), [200, 200, 500]);
    assert.equal(outcome.images.length, 2);
    const indexes = outcome.images.map((image) => image.index);
    assert.ok(indexes[0] < indexes[1] && indexes.every((index) => index >= 0 && index < 3), `each image keeps its request's place: ${indexes}`);
    assert.equal(imagesOf(observer).length, 2);
    assert.ok(imagesOf(observer).every((image) => outcome.images.includes(image)), 'the observer got the images the outcome lists');
    assert.equal(outcome.failures.length, 1);
    const failure = outcome.failures[0] as { status?: number; message?: string };
    assert.equal(failure.status, 500);
    assert.ok(failure.message?.includes('The server had an error while processing your request (test fault).'), failure.message);
    assert.deepEqual(outcome.groups[0].failures, outcome.failures);
    assert.equal(filesIn(outDir).length, 4, 'two images and their sidecars');
    assert.ok(env.infos.some((line) => line.includes('2/3 image(s)') && line.endsWith('; 1 failed')), env.infos.join('\n'));
  });

  test('every request failing: the outcome is failed, with the first failure as its error', async () => {
    endpoint.inject({ kind: 'status', status: 500, times: 2, message: 'The server had an error while processing your request (test fault).' });
    const env = fakeEnv();
    const outcome = expectKind(await runImageJob(env, generateJob('a fox', { model: 'dall-e-3', count: 2, quality: 'standard' }), fakeObserver(), new AbortController().signal), 'failed');
    assert.equal(imageRequests().length, 2);
    assert.equal(outcome.failures.length, 2);
    assert.equal(outcome.error, outcome.failures[0]);
    assert.equal((outcome.error as { status?: number }).status, 500);
    assert.deepEqual([outcome.images.length, env.saves.length, filesIn(outDir)], [0, 0, []]);
  });

  test('an answer that is not an image is a failure, and nothing is saved', async () => {
    endpoint.inject({ kind: 'notAnImage' });
    const env = fakeEnv();
    const observer = fakeObserver();
    const outcome = expectKind(await runImageJob(env, await editJob(['with-alpha.png']), observer, new AbortController().signal), 'failed');
    assert.deepEqual(endpoint.requests[0].faults, ['notAnImage']);
    assert.ok(String((outcome.error as Error).message).startsWith('The server sent data that is not a valid image ('), String(outcome.error));
    assert.deepEqual([env.saves.length, filesIn(outDir), imagesOf(observer).length], [0, [], 0]);
  });

  test('a stream cut before its image is a failure naming the cut', async () => {
    endpoint.inject({ kind: 'streamCut', graceful: true });
    const outcome = expectKind(
      await runImageJob(fakeEnv(), generateJob('a boat', { stream: true, partialImages: 1, quality: 'low' }), fakeObserver(), new AbortController().signal),
      'failed',
    );
    assert.equal((outcome.error as Error).message, 'The image stream ended before the image was complete.');
    assert.deepEqual(filesIn(outDir), []);
  });
});

describe('runImageJob: cancellation', () => {
  test('aborting while the requests wait: cancelled at once, save never called, no file written', async () => {
    endpoint.inject({ kind: 'delay', ms: 4000, times: 2 });
    const controller = new AbortController();
    const env = fakeEnv({ signal: controller.signal });
    const observer = fakeObserver();
    const running = runImageJob(env, generateJob('a fox', { model: 'dall-e-3', count: 2, quality: 'standard' }), observer, controller.signal);
    await until(() => imageRequests().length === 2, 'both requests reached the endpoint');
    const abortedAt = Date.now();
    controller.abort();
    const outcome = expectKind(await running, 'cancelled');
    assert.ok(Date.now() - abortedAt < 1000, `returned ${Date.now() - abortedAt} ms after the abort, not after the answers`);
    assert.deepEqual([outcome.images.length, outcome.failures], [0, []], 'a cancellation is not a failure');
    assert.deepEqual([env.saves.length, filesIn(outDir)], [0, []]);
    assert.deepEqual(eventTypes(observer), ['started']);
    assert.ok(env.infos.some((line) => line.endsWith('; cancelled, kept 0 finished image(s)')), env.infos.join('\n'));
  });

  test('aborting after one image arrived: that image is kept, the other is never saved', async () => {
    // One request answers at once, the other waits until the endpoint is closed or the client gives up.
    endpoint.inject({ kind: 'stall', times: 1 });
    const controller = new AbortController();
    const env = fakeEnv({ signal: controller.signal });
    const observer = fakeObserver({ onImage: () => controller.abort() });
    const started = Date.now();
    const outcome = expectKind(
      await runImageJob(env, generateJob('a fox', { model: 'dall-e-3', count: 2, quality: 'standard' }), observer, controller.signal),
      'cancelled',
    );
    assert.ok(Date.now() - started < 5000, 'the stalled request was given up');
    assert.equal(outcome.images.length, 1);
    assert.deepEqual(env.saves.map((save) => save.afterAbort), [false], 'save is never called after the abort');
    // The image of whichever request answered, under that request's place.
    const kept = outcome.images[0].index + 1;
    assert.deepEqual(filesIn(outDir), [`image-${kept}.json`, `image-${kept}.png`]);
    assert.deepEqual(outcome.failures, []);
  });

  test('aborting a streamed edit mid-stream: cancelled, nothing saved', async () => {
    endpoint.inject({ kind: 'stall', times: 1 });
    const controller = new AbortController();
    const env = fakeEnv({ signal: controller.signal });
    const running = runImageJob(env, await editJob(['with-alpha.png'], { settings: { stream: true, partialImages: 2, quality: 'low' } }), fakeObserver(), controller.signal);
    await until(() => endpoint.requests.length === 1 && endpoint.requests[0].status === 200, 'the stream has begun');
    controller.abort();
    expectKind(await running, 'cancelled');
    assert.deepEqual([env.saves.length, filesIn(outDir)], [0, []]);
  });
});

describe('runImageJob: one sidecar format for every kind', () => {
  test('every kind has the common fields; only images made from sources have operation, endpoint, source and preparation', async () => {
    const sidecars: Record<string, string[]> = {};
    for (const [kind, make] of everyKind) {
      const request = await make();
      // Each job into its own folder (the fake numbers files per job).
      const folder = join(outDir, kind);
      mkdirSync(folder);
      const destination: JobDestination = request.destination.kind === 'memory' ? request.destination : { kind: 'folder', folder: uriOf(folder) };
      const outcome = expectKind(await runImageJob(fakeEnv(), { ...request, destination }, fakeObserver(), new AbortController().signal), 'finished');
      sidecars[kind] = keysOf(outcome.images[0].sidecar);
      assert.deepEqual(outcome.images[0].sidecar.generator, 'image-studio');
      assert.deepEqual(outcome.images[0].sidecar.version, 1);
    }
    const token = ['usage', 'costUsd', 'requestId'];
    assert.deepEqual(sidecars, {
      generate: [...SIDECAR_COMMON, ...token].sort(),
      edit: [...SIDECAR_COMMON, ...SIDECAR_FROM_SOURCES, ...token].sort(),
      variation: [...SIDECAR_COMMON, ...SIDECAR_FROM_SOURCES, 'requestId'].sort(),
      maskedEdit: [...SIDECAR_COMMON, ...SIDECAR_FROM_SOURCES, ...token, 'mask'].sort(),
    });
    // What was written is what was delivered, plus the two fields the writer adds.
    const written = ['generate', 'edit', 'variation'].flatMap((kind) => filesIn(join(outDir, kind)).filter((name) => name.endsWith('.json')).map((name) => join(outDir, kind, name)));
    assert.equal(written.length, 4, 'one generation, one edit, two variations');
    assert.deepEqual(filesIn(join(outDir, 'maskedEdit')), []);
    for (const name of written) {
      const sidecar = JSON.parse(readFileSync(name, 'utf8')) as Record<string, unknown>;
      for (const key of [...SIDECAR_COMMON, 'image', 'createdAt']) assert.ok(key in sidecar, `${name} has ${key}`);
    }
  });
});

describe('prepareSource: sources refused before any job is made', () => {
  const hostile: [string, RegExp][] = [
    ['truncated.png', /truncated\.png looks damaged/],
    ['corrupt-header.jpg', /corrupt-header\.jpg looks damaged \(its header is broken\)/],
    ['65536-uint32-limit.png', /65536-uint32-limit\.png is 65536x65536 pixels/],
  ];
  for (const [name, message] of hostile) {
    test(`${name} is refused by preparation with a message naming it`, async () => {
      await assert.rejects(prepared(name, 'gpt-image-2', 'edit'), (error: Error) => isImageError(error) && message.test(error.message));
      assert.equal(endpoint.requests.length, 0);
    });
  }

  test('zero bytes, text named .png and SVG named .png are refused', async () => {
    const target = inputTargetFor('gpt-image-2', 'edit', SHAPE);
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['empty.png', new Uint8Array(), /empty\.png is empty \(0 bytes\)/],
      ['notes.png', 'just some text\n', /notes\.png is not an image: it contains text/],
      ['drawing.png', '<svg xmlns="http://www.w3.org/2000/svg"/>', /drawing\.png is an SVG drawing/],
    ];
    for (const [fileName, content, message] of cases) {
      const source: SourceImage = { name: fileName, fileName, uri: uriOf(join(outDir, fileName)), load: async () => (typeof content === 'string' ? Buffer.from(content) : content) };
      await assert.rejects(prepareSource(source, target), (error: Error) => isImageError(error) && message.test(error.message), fileName);
    }
  });
});
