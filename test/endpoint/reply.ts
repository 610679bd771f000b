// Writing answers. Every answer goes through `begin`, which stamps the status onto the
// request's record *before* the client can see it, so a test that reads `requests` right
// after its call returns always finds the status filled in.
import type { ServerResponse } from 'node:http';
import type { ApiError } from './errors';
import type { RecordedRequest } from './types';

export function begin(res: ServerResponse, record: RecordedRequest | undefined, status: number, headers: Record<string, string | number>): void {
  if (record) record.status = status;
  res.writeHead(status, {
    ...(record ? { 'x-request-id': record.requestId, 'openai-version': '2020-10-01', 'openai-processing-ms': String(Date.now() - record.time) } : {}),
    ...headers,
  });
}

export function sendJson(res: ServerResponse, record: RecordedRequest | undefined, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  begin(res, record, status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, record: RecordedRequest | undefined, error: ApiError): void {
  if (record) record.error = error.body.error;
  sendJson(res, record, error.status, error.body, error.headers);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits `ms`, or less if the client closes the connection first (nobody is left to answer). */
export function sleepWhileConnected(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on('close', done);
  });
}

/** Responses whose connection the endpoint itself dropped: a fault or `close()`, not an abort. */
const dropped = new WeakSet<ServerResponse>();

/** Drops the connection on purpose: a TCP reset (`reset`), or a plain close. */
export function dropConnection(res: ServerResponse, { reset = false } = {}): void {
  dropped.add(res);
  if (reset) res.socket?.resetAndDestroy();
  else res.destroy();
}

/** Whether `dropConnection` ended this response (so a closed connection is not the client's doing). */
export function droppedByEndpoint(res: ServerResponse): boolean {
  return dropped.has(res);
}
