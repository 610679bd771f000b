// Fakes and requests for the job runner's tests (runImageJob.test.ts, runImageJob.outcomes.test.ts),
// and the hooks every such test runs under. The runner (src/jobs/runImageJob.ts) is run for real
// against the local endpoint: a fake environment (key, prices, the confirmation threshold,
// saving into a temp folder, a fixed clock) and a fake observer that records every report.
// The network is not mocked: every request the runner sends must pass the endpoint's spec
// and service rules, and none may leave the loopback interface (a guard on `fetch` refuses).
import { after, afterEach, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type * as vscode from 'vscode';
import { startEndpoint, type Endpoint } from '../endpoint/server';
import { TEST_KEY } from '../endpoint/fixtures';
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

export type GenerateJob = Extract<ImageJobRequest, { kind: 'generate' }>;
export type EditJob = Extract<ImageJobRequest, { kind: 'edit' }>;
export type VariationJob = Extract<ImageJobRequest, { kind: 'variation' }>;
import { inputTargetFor, prepareSource, type PreparedSource, type SourceImage } from '../../src/jobs/jobSources';
import type { JobEnvironment, SaveContext } from '../../src/jobs/runImageJob';
import type { RateOverrides } from '../../src/openai/costEstimate';
import type { SavedImage } from '../../src/storage/outputWriter';

export const FIXTURES = fixturesDir();
/** The fixed clock: 11 days before gpt-image-1.5 shuts down everywhere (2026-12-01). */
export const NOW = new Date('2026-11-20T10:15:00Z');
export const SHAPE = { squareMode: 'pad', padColor: 'transparent' } as const;

export let endpoint: Endpoint;
export let outDir: string;
/** Requests the fetch guard refused: anything not to 127.0.0.1. */
export const refused: string[] = [];
export const realFetch = globalThis.fetch;

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

export const uriOf = (path: string): vscode.Uri => ({ scheme: 'file', path, fsPath: path, toString: () => `file://${path}` }) as unknown as vscode.Uri;

/** Settings as package.json's defaults, but aimed at the endpoint, with no retries and no streaming. */
export function settingsFor(overrides: Partial<StudioSettings> = {}): StudioSettings {
  return { ...DEFAULT_SETTINGS, baseUrl: endpoint.url, requestTimeoutSeconds: 30, maxRetries: 0, stream: false, ...overrides };
}

export interface SaveCall {
  image: Omit<JobImage, 'saved'>;
  context: SaveContext;
  destination: JobDestination['kind'];
  /** Whether the job's signal was aborted when save was called. */
  afterAbort: boolean;
}

export interface FakeEnvironment extends JobEnvironment {
  saves: SaveCall[];
  infos: string[];
  warnings: string[];
  /** The estimates `needsConfirmation` was asked about. */
  asked: number[];
}

export interface EnvOptions {
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
export function fakeEnv(options: EnvOptions = {}): FakeEnvironment {
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

export type ObserverEvent =
  | { type: 'confirmCost'; question: CostQuestion }
  | { type: 'warn'; message: string }
  | { type: 'started'; start: JobStart }
  | { type: 'preview'; index: number; partialIndex: number; bytes: Buffer }
  | { type: 'progress'; message: string }
  | { type: 'image'; image: JobImage; at: number };

export interface FakeObserver extends JobObserver {
  events: ObserverEvent[];
}

export interface ObserverOptions {
  /** The answer to confirmCost; 'absent' leaves the method out (a presenter that cannot ask). */
  confirm?: boolean | 'absent';
  /** Called after an image is recorded (and awaited, as the runner awaits the observer). */
  onImage?: (image: JobImage) => void | Promise<void>;
}

export function fakeObserver(options: ObserverOptions = {}): FakeObserver {
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

export const eventTypes = (observer: FakeObserver) => observer.events.map((event) => event.type);
export const startOf = (observer: FakeObserver): JobStart => {
  const started = observer.events.filter((event) => event.type === 'started');
  assert.equal(started.length, 1, 'started is reported once');
  return (started[0] as { start: JobStart }).start;
};
export const imagesOf = (observer: FakeObserver): JobImage[] =>
  observer.events.flatMap((event) => (event.type === 'image' ? [event.image] : []));

/** One line about an outcome, for assertion messages (never its image bytes). */
export function describeOutcome(outcome: JobOutcome): string {
  if (outcome.kind === 'notSent') return `notSent (${outcome.reason}) ${JSON.stringify(outcome.problems ?? [])}`;
  const failures = outcome.failures.map((failure) => (failure instanceof Error ? failure.message : String(failure)));
  return `${outcome.kind}: ${outcome.images.length}/${outcome.requested} image(s), failures ${JSON.stringify(failures)}`;
}

/** Narrows an outcome to a kind, failing the test with a description of the outcome otherwise. */
export function expectKind<K extends JobOutcome['kind']>(outcome: JobOutcome, kind: K): Extract<JobOutcome, { kind: K }> {
  assert.equal(outcome.kind, kind, describeOutcome(outcome));
  return outcome as Extract<JobOutcome, { kind: K }>;
}

/** Resolves once `condition` holds (checked every few milliseconds; fails after 10 s). */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export const filesIn = (folder: string): string[] => readdirSync(folder).sort();

/** The images requests (DALL·E answers with links, whose downloads the endpoint records too). */
export const imageRequests = () => endpoint.requests.filter((request) => request.path.startsWith('/v1/images/'));

/** The outcome of a job that must not have been sent (compared without any image bytes). */
export function notSent(outcome: JobOutcome): Extract<JobOutcome, { kind: 'notSent' }> {
  return expectKind(outcome, 'notSent');
}

// ---------------------------------------------------------------------------------------------
// Requests

export const intoFolder = (): JobDestination => ({ kind: 'folder', folder: uriOf(outDir) });

export function generateJob(prompt: string, settings: Partial<StudioSettings> = {}): GenerateJob {
  return { kind: 'generate', prompt, settings: settingsFor(settings), destination: intoFolder() };
}

export function fixtureSource(name: string): SourceImage {
  return { name: `images/${name}`, fileName: name, uri: uriOf(join(FIXTURES, name)), load: async () => readFileSync(join(FIXTURES, name)) };
}

export function prepared(name: string, model: string, operation: 'edit' | 'variation'): Promise<PreparedSource> {
  return prepareSource(fixtureSource(name), inputTargetFor(model, operation, SHAPE));
}

export async function editJob(names: string[], options: { prompt?: string; n?: number; size?: string; settings?: Partial<StudioSettings> } = {}): Promise<EditJob> {
  const settings = settingsFor({ count: options.n ?? 1, size: options.size ?? '1024x1024', ...options.settings });
  const sources = await Promise.all(names.map((name) => prepared(name, settings.model, 'edit')));
  return { kind: 'edit', prompt: options.prompt ?? 'put them in one scene', settings, destination: intoFolder(), sources };
}

export async function variationJob(names: string[], options: { n?: number; size?: string; settings?: Partial<StudioSettings> } = {}): Promise<VariationJob> {
  const settings = settingsFor({ model: 'dall-e-2', count: options.n ?? 1, size: options.size ?? '256x256', ...options.settings });
  const sources = await Promise.all(names.map((name) => prepared(name, settings.model, 'variation')));
  return { kind: 'variation', prompt: '', settings, destination: intoFolder(), sources };
}

export const MASKED = { width: 64, height: 64, rect: { left: 16, top: 16, width: 32, height: 24 } };

/** A noisy opaque picture, so every pixel differs from its neighbours. */
export async function noisePng(width: number, height: number, seed: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    data[i] = state >> 23;
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

export const insideRect = (x: number, y: number, inset = 0) => {
  const { left, top, width, height } = MASKED.rect;
  return x >= left + inset && x < left + width - inset && y >= top + inset && y < top + height - inset;
};

/**
 * The mask editor's job for a 64x64 picture with a 32x24 rectangle to edit: the mask is
 * transparent there (what the API edits), opaque elsewhere; coverage is 255 − mask alpha.
 */
export async function maskedEditJob(options: { strict?: boolean; settings?: Partial<StudioSettings>; maskSize?: number; editedFrom?: string[] } = {}): Promise<MaskedEditJob> {
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
export function expectedTokenCost(usage: NonNullable<JobImage['usage']>, images: number): number {
  const usd =
    (usage.input_tokens_details!.text_tokens! * 5 + usage.input_tokens_details!.image_tokens! * 10 + usage.output_tokens_details!.image_tokens! * 40) / 1e6;
  return Math.round(usd * 1e9) / 1e9 / images;
}

export const SIDECAR_COMMON = ['generator', 'version', 'prompt', 'model', 'parameters', 'server', 'width', 'height'];
export const SIDECAR_FROM_SOURCES = ['operation', 'endpoint', 'source', 'preparation'];
export const keysOf = (object: object) => Object.keys(object).sort();

