// One generation job: plan the requests a model needs, run them with bounded concurrency,
// verify every image, and hand each one over as soon as it is ready. No `vscode` import.
import type { ImageGenerateParams } from 'openai/resources/images';
import { buildGenerationRequest, planRequests, type GenerationOptions } from '../openai/modelCapabilities';
import { createClient, requestGeneration, type ClientConfig, type ImageUsage } from '../openai/imagesClient';
import { InvalidResponseError } from '../openai/responseErrors';
import { verifyImage, type VerifiedImage, type VerifyOptions } from '../imaging/verifyImage';
import { ImageError } from '../imaging/imageErrors';

/** How many images of one response are verified and saved at once (memory stays bounded). */
const IMAGES_AT_ONCE = 4;

export interface JobImage {
  bytes: Buffer;
  width: number;
  height: number;
  format: string;
  revisedPrompt?: string;
  /** Usage of the request this image came from (shared by its siblings when n > 1). */
  usage?: ImageUsage;
  requestId?: string;
  /** How many images the request that produced this one returned (they share its usage). */
  imagesInRequest: number;
  /** The exact body sent (prompt included), for the sidecar. */
  request: ImageGenerateParams;
  /** The studio's thumbnail, made while verifying (so the history needs no second decode). */
  thumbnail?: Buffer;
}

export interface JobHooks {
  signal?: AbortSignal;
  /** How many requests may run at once when a job is split. */
  concurrency?: number;
  /** A streamed preview of image `imageIndex` arrived. */
  onPartialImage?: (imageIndex: number, partialIndex: number, bytes: Buffer) => void;
  /** A verified image is ready; the job waits for this (e.g. saving) before going on. */
  onImage: (image: JobImage, imageIndex: number) => Promise<void>;
}

export interface JobOutcome {
  delivered: number;
  requested: number;
  /** Requests (or images) that failed, while others succeeded. */
  failures: unknown[];
  requestIds: string[];
}

/**
 * Runs a generation. Models limited to n = 1 (and streaming jobs, whose events carry no
 * image index) are split into one request per image; successes are delivered even when
 * some requests fail, and the failures are returned together. Throws only when nothing
 * was delivered (the first failure), or when the job was cancelled.
 */
export async function runGenerationJob(
  config: ClientConfig,
  options: GenerationOptions,
  hooks: JobHooks,
): Promise<JobOutcome> {
  const body = buildGenerationRequest(options); // throws InvalidParametersError before any request
  const wanted = options.n ?? 1;
  const plan = planRequests(options);
  const split = plan.requestCount > 1 || (Boolean(body.stream) && wanted > 1);
  const requestCount = split ? wanted : 1;
  const perRequest: ImageGenerateParams = split ? { ...body, n: 1 } : body;

  const client = createClient(config);
  const outcome: JobOutcome = { delivered: 0, requested: wanted, failures: [], requestIds: [] };
  let nextImageIndex = 0;

  const runOne = async (requestIndex: number): Promise<void> => {
    const result = await requestGeneration(client, perRequest, {
      signal: hooks.signal,
      onPartialImage: (partialIndex, bytes) => hooks.onPartialImage?.(requestIndex, partialIndex, bytes),
    });
    if (result.requestId) outcome.requestIds.push(result.requestId);
    // Indexes in response order, then the images of one response are verified and handed
    // over a few at a time: one after another, n = 4 added ~6 % to the job (BENCHMARKS.md).
    const first = nextImageIndex;
    nextImageIndex += result.images.length;
    const failures: unknown[] = [];
    await runBounded(result.images.length, IMAGES_AT_ONCE, async (position) => {
      const received = result.images[position];
      try {
        hooks.signal?.throwIfAborted();
        const verified = await verifyReceived(received.bytes, { thumbnail: true });
        await hooks.onImage(
          {
            bytes: received.bytes,
            width: verified.width,
            height: verified.height,
            format: verified.format,
            revisedPrompt: received.revisedPrompt,
            usage: result.usage,
            requestId: result.requestId,
            imagesInRequest: result.images.length,
            request: perRequest,
            thumbnail: verified.thumbnail,
          },
          first + position,
        );
        outcome.delivered++;
      } catch (error) {
        failures.push(error);
      }
    });
    if (failures.length > 0) throw failures[0];
  };

  await runBounded(requestCount, Math.max(1, hooks.concurrency ?? 4), async (index) => {
    try {
      await runOne(index);
    } catch (error) {
      outcome.failures.push(error);
    }
  });

  if (hooks.signal?.aborted) {
    throw hooks.signal.reason ?? new Error('cancelled');
  }
  if (outcome.delivered === 0 && outcome.failures.length > 0) {
    throw outcome.failures[0];
  }
  return outcome;
}

/** API output must decode fully as an image before anything is written. */
export async function verifyReceived(bytes: Buffer, options: VerifyOptions = {}): Promise<VerifiedImage> {
  try {
    return await verifyImage(bytes, undefined, options);
  } catch (error) {
    if (error instanceof ImageError) {
      throw new InvalidResponseError(`The server sent data that is not a valid image (${error.code}).`);
    }
    throw error;
  }
}

/** Runs `task(0..count-1)` with at most `limit` in flight. */
export async function runBounded(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
