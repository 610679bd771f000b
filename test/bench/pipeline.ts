// 3. Pipeline overhead: what the extension adds around a slow server. The endpoint (its own
// process) answers after a fixed 2 s delay; the real job runner (`runImageJob`, with the
// bench's JobEnvironment: test/bench/benchWriter.ts) plans, requests, decodes, verifies,
// builds each sidecar and saves every image with its sidecar and its thumbnail.
// Compared, interleaved, with a bare HTTP request for the same body to the same endpoint.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import type { StudioSettings } from '../../src/config/settings';
import { DEFAULT_SETTINGS } from '../../src/config/defaultSettings';
import { verifyImage } from '../../src/imaging/verifyImage';
import type { ImageJobRequest } from '../../src/jobs/imageJob';

type GenerateJob = Extract<ImageJobRequest, { kind: 'generate' }>;
import { buildSidecar } from '../../src/jobs/jobSidecar';
import { planJob } from '../../src/jobs/planJob';
import { runImageJob } from '../../src/jobs/runImageJob';
import { createClient, requestGeneration } from '../../src/openai/imagesClient';
import type { ImageGenerateParams } from 'openai/resources/images';
import { benchEnvironment, fileUri, saveBenchImage } from './benchWriter';
import type { EndpointProcess } from './endpointProcess';
import { makeTwelveMegapixelJpeg } from './preparation';
import type { Figure } from './report';
import { anotherRun, overheadPercents, pairwiseRatios, summarize, type RunPlan, type Summary } from './stats';

export const SERVER_DELAY_MS = 2000;
const API_KEY = 'sk-bench-local-endpoint';
const PROMPT = 'A lighthouse on a cliff at sunset, watercolor';

/** A job as the bench runs it: the prompt and what differs from the bench's settings. */
export interface BenchJob {
  prompt: string;
  settings: Partial<StudioSettings>;
}

/**
 * The settings a job runs with: the extension's defaults (src/config/defaultSettings.ts), aimed at
 * `baseUrl`, no retries, the default concurrency (4), then the job's own.
 */
export function benchSettings(baseUrl: string, overrides: Partial<StudioSettings>): StudioSettings {
  return { ...DEFAULT_SETTINGS, baseUrl, requestTimeoutSeconds: 120, maxRetries: 0, variationPrompt: '', ...overrides };
}

/** The `generate` request the palette's Generate Image… would make, saving into `folder`. */
function generateRequest(server: ImageServer, job: BenchJob, folder: string): GenerateJob {
  return { kind: 'generate', prompt: job.prompt, settings: benchSettings(server.url, job.settings), destination: { kind: 'folder', folder: fileUri(folder) } };
}

export interface JobTiming {
  /** The whole job: runImageJob called → resolved (every image saved, with thumbnail). */
  ms: number;
  /** Inside it, the environment's save (PNG text, image + sidecar, thumbnail), summed over images. */
  saveMs: number;
  delivered: number;
  /** Bytes of the images received. */
  imageBytes: number;
}

/** How many requests the job sends (dall-e-3 and streaming jobs are split per image): the runner's own plan. */
export function requestCount(request: GenerateJob): number {
  return planJob(request).groups.reduce((sum, group) => sum + group.requests, 0);
}

/** A server to run jobs against: the test endpoint (which can be told to delay) or the payload server. */
export interface ImageServer {
  url: string;
  inject?: EndpointProcess['inject'];
}

/** One job against `server`; with the test endpoint, every request is delayed by `SERVER_DELAY_MS`. */
export async function timeJob(server: ImageServer, job: BenchJob, tempDir: string, onImageSaved?: () => void): Promise<JobTiming> {
  const folder = mkdtempSync(join(tempDir, 'job-'));
  const request = generateRequest(server, job, join(folder, 'images'));
  await server.inject?.({ kind: 'delay', ms: SERVER_DELAY_MS, times: requestCount(request) });
  let saveMs = 0;
  let imageBytes = 0;
  const env = benchEnvironment({ apiKey: API_KEY, thumbnails: join(folder, 'thumbnails'), onSaved: (ms) => (saveMs += ms) });
  const start = performance.now();
  const outcome = await runImageJob(
    env,
    request,
    {
      image: (image) => {
        imageBytes += image.bytes.length;
        onImageSaved?.();
      },
    },
    new AbortController().signal,
  );
  const ms = performance.now() - start;
  const wanted = request.settings.count;
  if (outcome.kind !== 'finished' || outcome.images.length !== wanted || outcome.failures.length > 0) {
    const why = outcome.kind === 'notSent' ? `not sent (${outcome.reason}${outcome.problems ? `: ${outcome.problems.map((p) => p.message).join(' ')}` : ''})` : `${outcome.kind}, ${outcome.images.length}/${wanted}: ${outcome.failures.map(String).join('; ')}`;
    throw new Error(`job ${why}`);
  }
  return { ms, saveMs, delivered: outcome.images.length, imageBytes };
}

/** The body the runner sends for `request` (its plan's one request; jobs split per image send it n times). */
function sentBody(request: GenerateJob): ImageGenerateParams {
  const group = planJob(request).groups[0];
  return { prompt: group.sentPrompt, ...group.parameters } as unknown as ImageGenerateParams;
}

/** The same request body, sent with fetch and read to the end: the server's time and the transfer, nothing else. */
async function timeBareRequest(endpoint: EndpointProcess, job: BenchJob): Promise<number> {
  await endpoint.inject({ kind: 'delay', ms: SERVER_DELAY_MS, times: 1 });
  const body = JSON.stringify(sentBody(generateRequest(endpoint, job, '/nowhere')));
  const start = performance.now();
  const response = await fetch(`${endpoint.url}/images/generations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body,
  });
  await response.arrayBuffer();
  const ms = performance.now() - start;
  if (!response.ok) throw new Error(`bare request: HTTP ${response.status}`);
  return ms;
}

export interface PipelineOptions {
  /** Interleaved pairs, for each of the two comparisons. */
  pairs: RunPlan;
  tempDir: string;
  log: (line: string) => void;
}

const GPT_N4: BenchJob = { prompt: PROMPT, settings: { model: 'gpt-image-2', size: '1024x1024', quality: 'low', count: 4, outputFormat: 'png', stream: false } };
const DALL_E_3 = (count: number): BenchJob => ({ prompt: PROMPT, settings: { model: 'dall-e-3', size: '1024x1024', quality: 'standard', count, style: 'vivid' } });

export async function benchPipeline(endpoint: EndpointProcess, options: PipelineOptions): Promise<Figure[]> {
  const section = '3. Pipeline overhead';
  const fmt = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');

  // Warm-up: loads the SDK and sharp, opens the connection pool; not counted.
  await timeJob(endpoint, { ...GPT_N4, settings: { ...GPT_N4.settings, count: 1 } }, options.tempDir);
  await timeBareRequest(endpoint, GPT_N4);

  // n = 4 in one request vs the bare request, interleaved.
  const jobs: JobTiming[] = [];
  const bare: number[] = [];
  let started = Date.now();
  while (anotherRun(options.pairs, jobs.length, started)) {
    bare.push(await timeBareRequest(endpoint, GPT_N4));
    jobs.push(await timeJob(endpoint, GPT_N4, options.tempDir));
  }
  const jobMs = jobs.map((job) => job.ms);
  options.log(`gpt-image-2 n=4: job ${fmt(jobMs)} ms (saving ${fmt(jobs.map((job) => job.saveMs))} ms); bare ${fmt(bare)} ms`);
  const overhead = summarize(overheadPercents(jobMs, bare));
  const overNominal = summarize(jobMs.map((ms) => ((ms - SERVER_DELAY_MS) / SERVER_DELAY_MS) * 100));
  const imageKb = Math.round(jobs[0].imageBytes / jobs[0].delivered / 1024);

  // dall-e-3 (one image per request): n = 4 as 4 parallel requests vs n = 1, interleaved.
  const one: number[] = [];
  const four: number[] = [];
  started = Date.now();
  while (anotherRun(options.pairs, four.length, started)) {
    one.push((await timeJob(endpoint, DALL_E_3(1), options.tempDir)).ms);
    four.push((await timeJob(endpoint, DALL_E_3(4), options.tempDir)).ms);
  }
  options.log(`dall-e-3: n=1 ${fmt(one)} ms; n=4 ${fmt(four)} ms`);
  const parallel = summarize(pairwiseRatios(four, one));

  const verifyMs = await verifyTime(endpoint, GPT_N4);
  const saveMs = summarize(jobs.map((job) => job.saveMs)).median;
  const perImage = await perImageWork(options);
  options.log(`photo-like 1024x1024 PNG: verify+save+thumbnail ${fmt(perImage.samples)} ms`);

  return [
    {
      section,
      name: 'n = 4 × 1024x1024 (gpt-image-2, one request, b64 PNG), server delay 2 s: job end to end',
      unit: 'ms',
      result: summarize(jobMs),
      baseline: { name: 'bare request', unit: 'ms', result: summarize(bare) },
      ratio: { result: overhead, unit: 'percent', suffix: 'overhead' },
      checks: [{ label: 'overhead', target: { op: '<=', value: 5, unit: 'percent' }, value: overhead.median }],
      note:
        'Measured span: `runImageJob` (the extension\'s one job runner) called → resolved: plan and validation, cost estimate, SDK client, request, 2 s server delay, the endpoint rendering 4 images, transfer, JSON and base64 decoding, ' +
        'full decode of every image (verifyImage, which makes the 256 px WebP thumbnail of src/imaging/thumbnail.ts from that same decode), the sidecar built, then per image the environment\'s save (test/bench/benchWriter.ts, node:fs standing in for workspace.fs): PNG text chunks, image + JSON sidecar each written to a temporary file and linked into place, the thumbnail written. ' +
        'Not in it: VS Code progress UI, cost confirmation, opening the image. Bare request: the same JSON body POSTed with fetch and read to the end. ' +
        `Ratio column: (job − bare) ÷ bare per interleaved pair, in %. Against the nominal 2 s instead: ${overNominal.median.toFixed(1)} % (${overNominal.min.toFixed(1)}–${overNominal.max.toFixed(1)}), which also counts the endpoint's rendering. ` +
        `Inside the job, done one image after another: verifying the 4 images ${verifyMs.toFixed(0)} ms (timed apart, same images), the save work ${saveMs.toFixed(0)} ms (median). ` +
        `The endpoint's images are simple gradients with text (${imageKb} KB each); see the photo-like row for real content.`,
    },
    {
      section,
      name: 'Per-image work on a photo-like 1024x1024 PNG: verify, PNG text, save + sidecar, thumbnail',
      unit: 'ms',
      result: perImage,
      checks: [],
      note: `A 1024x1024 PNG of the grainy flowers photo (${Math.round(perImage.bytes / 1024)} KB, what real results weigh), through verifyImage, buildSidecar and the same save. In a one-request job up to 4 images are handled at once (2 sharp pipelines at a time on this 2-core machine).`,
    },
    {
      section,
      name: 'dall-e-3 (n = 1 per request): n = 4 as parallel requests vs n = 1, server delay 2 s each',
      unit: 'ms',
      result: summarize(four),
      baseline: { name: 'n = 1', unit: 'ms', result: summarize(one) },
      ratio: { result: parallel, unit: 'ratio', suffix: 'of n = 1' },
      checks: [{ label: 'ratio', target: { op: '<=', value: 1.2, unit: 'ratio' }, value: parallel.median }],
      note: 'Both are full jobs as above (4 requests with concurrency 4, the setting’s default), sent as the extension sends them: no response_format, so the endpoint answers with URLs and the client downloads each image. Ratio = n = 4 ÷ n = 1 per interleaved pair.',
    },
  ];
}

/** verifyImage (what the runner's verification runs) over the images of one response (fetched without delay), median of 3 passes. */
async function verifyTime(endpoint: EndpointProcess, job: BenchJob): Promise<number> {
  const body = sentBody(generateRequest(endpoint, job, '/nowhere'));
  const result = await requestGeneration(createClient({ apiKey: API_KEY, baseUrl: endpoint.url, timeoutMs: 60_000, maxRetries: 0 }), body);
  const passes: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const start = performance.now();
    for (const image of result.images) await verifyImage(image.bytes, undefined, { thumbnail: true });
    passes.push(performance.now() - start);
  }
  return summarize(passes).median;
}

/**
 * What the runner does per image of a photo-like PNG, after one warm-up: verifyImage (with
 * the thumbnail), buildSidecar, and the bench environment's save (PNG text, image + sidecar,
 * thumbnail).
 */
async function perImageWork(options: PipelineOptions): Promise<Summary & { bytes: number }> {
  const photo = await sharp(await makeTwelveMegapixelJpeg('grain')).autoOrient().resize(1024, 1024, { fit: 'cover' }).png().toBuffer();
  const once = async () => {
    const folder = mkdtempSync(join(options.tempDir, 'photo-'));
    const request = { destination: { kind: 'folder', folder: fileUri(join(folder, 'images')) } } as const;
    const start = performance.now();
    const verified = await verifyImage(photo, undefined, { thumbnail: true });
    const sidecar = buildSidecar({
      operation: 'generate',
      endpoint: '/images/generations',
      sources: [],
      preparation: [],
      prompt: PROMPT,
      model: 'gpt-image-2',
      parameters: { model: 'gpt-image-2', size: '1024x1024', quality: 'low', n: 1, output_format: 'png' },
      server: '127.0.0.1',
      width: verified.width,
      height: verified.height,
    });
    const image = { index: 0, bytes: photo, format: verified.format, thumbnail: verified.thumbnail, sidecar };
    await saveBenchImage(request, image, { date: new Date(), count: 1, sources: [] }, join(folder, 'thumbnails'));
    return performance.now() - start;
  };
  await once();
  const samples: number[] = [];
  for (let run = 0; run < options.pairs.max; run++) samples.push(await once());
  return { ...summarize(samples), bytes: photo.length };
}
