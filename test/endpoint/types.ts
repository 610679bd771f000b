// The endpoint's public types, in their own module so the parts can share them without
// importing server.ts (which imports the parts). server.ts re-exports all of them.
import type { Fault } from './faults';

export interface EndpointOptions {
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Default: findSpecPath(). */
  specPath?: string;
  /** If set, only these keys are accepted; others get 401 invalid_api_key. */
  acceptedKeys?: string[];
  /** How long `url` results stay downloadable (the service says 60 minutes). Default 3600000. */
  urlTtlMs?: number;
}

export interface RecordedFile {
  /** The multipart field name as sent (`image`, `image[]`, `mask`, `markup`). */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
  hasAlpha?: boolean;
  /** Decoded format (png, jpeg, webp, ...), if the bytes are an image. */
  format?: string;
  /** EXIF orientation (1–8), only when the file carries one. */
  orientation?: number;
  bytes: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/images/generations`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  bodySize: number;
  /** Parsed JSON body. */
  json?: Record<string, unknown>;
  /** Multipart text fields by name as sent; repeated names become arrays. */
  fields?: Record<string, string | string[]>;
  files?: RecordedFile[];
  /** Everything the real service would reject in this request (empty if it is valid). */
  validationErrors: string[];
  /** HTTP status answered (0 while unanswered or if the connection died before headers). */
  status: number;
  /** Arrival time, ms since the epoch. */
  time: number;
  /** The model the request resolved to (named or defaulted), for image requests. */
  model?: string;
  /** Kinds of the injected faults this request hit, in order. */
  faults: string[];
  /** The error body answered, if any. */
  error?: { message: string; type: string; param: string | null; code: string | number | null };
  /** The `x-request-id` answered. */
  requestId: string;
  /**
   * When the client closed the connection before the answer was complete (ms since the
   * epoch): it cancelled or gave up. Unset for complete answers and for connections the
   * endpoint cut itself (the `reset` and `streamCut` faults, `close()`).
   */
  aborted?: number;
}

export interface Endpoint {
  /** `http://127.0.0.1:PORT/v1`, ready to be an OpenAI client's baseURL. */
  url: string;
  port: number;
  /** Every request so far (control API calls excluded), oldest first. */
  requests: RecordedRequest[];
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Forgets requests, faults and stored url images. */
  reset(): void;
  /** Requests the real service would have rejected as invalid (validationErrors non-empty). */
  invalidRequests(): RecordedRequest[];
  /** Faults still queued, with their remaining uses. */
  pendingFaults(): (Fault & { remaining: number })[];
  /**
   * The first request (to `path`, matched like a fault's path, if given) whose client closed
   * the connection before the answer was complete: at once if one already did since the last
   * `reset()`, else as soon as one does. Rejects after `timeoutMs` (default 10 s), naming the
   * requests it saw. Once it resolves, that request's answer can never arrive.
   */
  waitForAborted(path?: string, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}
