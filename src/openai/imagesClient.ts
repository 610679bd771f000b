// The only code that talks to the Images API. No `vscode` import: tested in plain Node
// against the local endpoint.
// One static import of the package root: a `require('openai')` elsewhere would resolve to
// the SDK's CommonJS build, a second copy whose error classes fail `instanceof`.
import * as l10n from '@vscode/l10n';
import { APIConnectionTimeoutError, APIUserAbortError, OpenAI } from 'openai';
import type {
  ImageEditCompletedEvent,
  ImageEditPartialImageEvent,
  ImageEditStreamEvent,
  ImageGenCompletedEvent,
  ImageGenerateParams,
  ImageGenerateParamsNonStreaming,
  ImageGenerateParamsStreaming,
  ImageGenPartialImageEvent,
  ImageGenStreamEvent,
} from 'openai/resources/images';
import { answeredOptions, readImagesResponse, type AnsweredOptions, type ReadImageEntry, type ReadImagesResponse } from './imagesResponseReader';
import { InvalidResponseError } from './responseErrors';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** URL results expire after an hour; anything larger than this is not an image we asked for. */
const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

export interface ClientConfig {
  apiKey: string;
  /** Empty means OpenAI's own service. */
  baseUrl?: string;
  timeoutMs: number;
  maxRetries: number;
}

/** Token usage as GPT image responses and stream `completed` events report it (DALL·E reports none). */
export interface ImageUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { text_tokens?: number; image_tokens?: number };
  output_tokens_details?: { text_tokens?: number; image_tokens?: number };
}

export interface ReceivedImage {
  bytes: Buffer;
  from: 'b64_json' | 'url';
  revisedPrompt?: string;
}

/** The SVG author's token usage (`svg_usage`), billed at the author model's text rates. */
export interface SvgUsage {
  model?: string;
  input_tokens?: number;
  output_tokens?: number;
  reasoning_tokens?: number;
  total_tokens?: number;
}

export interface RequestResult {
  images: ReceivedImage[];
  usage?: ImageUsage;
  svgUsage?: SvgUsage;
  /** What the service says it made, to compare with what was asked. */
  answered?: AnsweredOptions;
  requestId?: string;
  created?: number;
}

export interface RequestHooks {
  signal?: AbortSignal;
  /** Streaming only: a partial image (low-fidelity preview) arrived. */
  onPartialImage?: (partialIndex: number, bytes: Buffer) => void;
  /** Called with the request id as soon as the response headers are in. */
  onRequestId?: (requestId: string | undefined) => void;
}

/** The host a base URL points at (`api.openai.com` for the default), for logs and sidecars. */
export function serverHost(baseUrl: string | undefined): string {
  try {
    return new URL(baseUrl || OPENAI_BASE_URL).host;
  } catch {
    return baseUrl ?? '';
  }
}

export function createClient(config: ClientConfig): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    // Explicit, so an OPENAI_BASE_URL in the environment never redirects the key elsewhere.
    baseURL: config.baseUrl || OPENAI_BASE_URL,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    organization: null,
    project: null,
  });
}

/**
 * How long one images request may take from start to the last byte: the timeout of each
 * try the SDK may make. Every request goes through {@link withDeadline} with it.
 */
export function requestDeadline(client: OpenAI): number {
  return client.timeout * (client.maxRetries + 1);
}

/**
 * One request to `/images/generations` (streaming when `body.stream` is true), bounded by
 * `deadlineMs` from start to the last byte (by default {@link requestDeadline}).
 */
export async function requestGeneration(
  client: OpenAI,
  body: ImageGenerateParams,
  hooks: RequestHooks = {},
  deadlineMs = requestDeadline(client),
): Promise<RequestResult> {
  return withDeadline(hooks, deadlineMs, (bounded) =>
    body.stream ? requestStreamingGeneration(client, body, bounded) : requestWholeGeneration(client, body, bounded),
  );
}

/**
 * Runs `work` with a signal that also aborts after `deadlineMs`. The SDK's own timeout
 * stops counting once a stream's headers arrive, so a stream that stalls would hang until
 * the runtime's 5-minute body timeout; this bounds the whole exchange and reports it as a
 * timeout, not as a cancellation.
 */
export async function withDeadline<T>(
  hooks: RequestHooks,
  deadlineMs: number,
  work: (hooks: RequestHooks) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, deadlineMs);
  const forward = () => controller.abort(hooks.signal?.reason);
  if (hooks.signal?.aborted) forward();
  hooks.signal?.addEventListener('abort', forward);
  try {
    return await work({ ...hooks, signal: controller.signal });
  } catch (error) {
    if (timedOut && !hooks.signal?.aborted) throw new APIConnectionTimeoutError();
    throw error;
  } finally {
    clearTimeout(timer);
    hooks.signal?.removeEventListener('abort', forward);
  }
}

async function requestWholeGeneration(client: OpenAI, body: ImageGenerateParams, hooks: RequestHooks): Promise<RequestResult> {
  // The body goes out exactly as built: adding `stream: false` would be refused by DALL·E.
  return resultFromImagesResponse(client.images.generate(body as ImageGenerateParamsNonStreaming, { signal: hooks.signal }), hooks);
}

async function requestStreamingGeneration(
  client: OpenAI,
  body: ImageGenerateParams,
  hooks: RequestHooks,
): Promise<RequestResult> {
  return collectImageStream(
    client.images.generate({ ...body, stream: true } as ImageGenerateParamsStreaming, { signal: hooks.signal }),
    GENERATION_EVENTS,
    hooks,
  );
}

/** An SDK call not yet awaited: `.withResponse()` gives the parsed body with the request id. */
export interface PendingResponse<T> {
  withResponse(): Promise<{ data: T; response: Response; request_id: string | null }>;
}

/**
 * A non-streaming SDK call not yet awaited: `.asResponse()` gives the answer with its body
 * unread, once the SDK has made its retries and thrown its errors for non-2xx statuses.
 */
export interface PendingRawResponse {
  asResponse(): Promise<Response>;
}

/**
 * The result of a non-streaming images call (generation, edit, variation): reports its
 * request id, then turns the body into bytes (downloading URL results). The body is read
 * as it arrives, each base64 image decoded on the way: letting the SDK parse it would hold
 * the body text, the base64 strings and the images at once (issue #7).
 */
export async function resultFromImagesResponse(pending: PendingRawResponse, hooks: RequestHooks): Promise<RequestResult> {
  const response = await pending.asResponse();
  const requestId = response.headers.get('x-request-id') ?? undefined;
  hooks.onRequestId?.(requestId);
  const answer = await readAnswer(response, hooks.signal);
  return {
    images: await receiveImages(answer.entries, hooks.signal),
    usage: answer.usage as ImageUsage | undefined,
    ...(answer.svgUsage ? { svgUsage: answer.svgUsage as SvgUsage } : {}),
    ...(answer.answered ? { answered: answer.answered } : {}),
    requestId,
    created: answer.created,
  };
}

async function readAnswer(response: Response, signal: AbortSignal | undefined): Promise<ReadImagesResponse> {
  try {
    return await readImagesResponse(response, signal);
  } catch (error) {
    // The error the SDK gives for an abort while it reads a body itself; withDeadline turns
    // its own abort into a timeout.
    if (signal?.aborted) throw new APIUserAbortError();
    throw error;
  }
}

type ImageStreamEvent = ImageGenStreamEvent | ImageEditStreamEvent;
type PartialImageEvent = ImageGenPartialImageEvent | ImageEditPartialImageEvent;
type CompletedImageEvent = ImageGenCompletedEvent | ImageEditCompletedEvent;

/** Which event types of a stream carry a preview and the finished image. */
export interface ImageStreamEventTypes {
  partial: PartialImageEvent['type'];
  completed: CompletedImageEvent['type'];
}

/** The event types of `/images/generations` with `stream: true`. */
export const GENERATION_EVENTS: ImageStreamEventTypes = {
  partial: 'image_generation.partial_image',
  completed: 'image_generation.completed',
};
/** The event types of `/images/edits` with `stream: true`. */
export const EDIT_EVENTS: ImageStreamEventTypes = { partial: 'image_edit.partial_image', completed: 'image_edit.completed' };

/**
 * Reads a streamed images call to its end: each partial image goes to `onPartialImage`,
 * the completed event gives the image, its usage and creation time.
 * @throws InvalidResponseError when the stream ends without a completed image.
 */
export async function collectImageStream(
  pending: PendingResponse<AsyncIterable<ImageStreamEvent>>,
  types: ImageStreamEventTypes,
  hooks: RequestHooks,
): Promise<RequestResult> {
  const { data: stream, request_id } = await pending.withResponse();
  hooks.onRequestId?.(request_id ?? undefined);
  const isPartial = (event: ImageStreamEvent): event is PartialImageEvent => event.type === types.partial;
  const isCompleted = (event: ImageStreamEvent): event is CompletedImageEvent => event.type === types.completed;
  const images: ReceivedImage[] = [];
  let usage: ImageUsage | undefined;
  let created: number | undefined;
  let answered: AnsweredOptions | undefined;
  for await (const event of stream) {
    if (isPartial(event)) {
      hooks.onPartialImage?.(event.partial_image_index, decodeBase64Image(event.b64_json));
    } else if (isCompleted(event)) {
      images.push({ bytes: decodeBase64Image(event.b64_json), from: 'b64_json' });
      usage = event.usage as ImageUsage | undefined;
      created = event.created_at;
      answered = answeredOptions(event as unknown as Record<string, unknown>);
    }
  }
  if (images.length === 0) {
    // The stream ended without its `completed` event: the connection was cut.
    throw new InvalidResponseError(l10n.t('The image stream ended before the image was complete.'));
  }
  return { images, usage, requestId: request_id ?? undefined, created, ...(answered ? { answered } : {}) };
}

/** The images of a response's entries, in order; URL results are downloaded at once. */
async function receiveImages(entries: ReadImageEntry[], signal: AbortSignal | undefined): Promise<ReceivedImage[]> {
  if (entries.length === 0) {
    throw new InvalidResponseError(l10n.t('The server answered without any image.'));
  }
  const images: ReceivedImage[] = [];
  for (const { bytes, url, revisedPrompt } of entries) {
    if (bytes) {
      images.push({ bytes, from: 'b64_json', revisedPrompt });
    } else if (url) {
      images.push({ bytes: await downloadImage(url, signal), from: 'url', revisedPrompt });
    } else {
      throw new InvalidResponseError(l10n.t('The server answered with an image entry that has neither data nor a link.'));
    }
  }
  return images;
}

export function decodeBase64Image(b64: string): Buffer {
  if (typeof b64 !== 'string' || b64.length === 0 || !/^[A-Za-z0-9+/=\r\n]+$/.test(b64)) {
    throw new InvalidResponseError(l10n.t('The server sent image data that is not valid base64.'));
  }
  return Buffer.from(b64, 'base64');
}

/** Downloads a result URL (they expire after an hour, so this happens right away). */
export async function downloadImage(url: string, signal?: AbortSignal): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidResponseError(l10n.t('The server sent an image link that is not a valid URL.'));
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InvalidResponseError(l10n.t('The server sent an image link with an unsupported scheme ({scheme}).', { scheme: parsed.protocol }));
  }
  const response = await fetch(parsed, { signal, redirect: 'follow' });
  if (!response.ok) {
    throw new InvalidResponseError(
      response.status === 404 || response.status === 403
        ? l10n.t('The image link has expired or is gone (HTTP {status}). Generate the image again.', { status: response.status })
        : l10n.t('Downloading the image failed (HTTP {status}).', { status: response.status }),
    );
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_DOWNLOAD_BYTES) {
    throw new InvalidResponseError(l10n.t('The image link points to a file far larger than an image result.'));
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_DOWNLOAD_BYTES) {
    throw new InvalidResponseError(l10n.t('The image link points to a file far larger than an image result.'));
  }
  return bytes;
}
