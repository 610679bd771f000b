// The local OpenAI-compatible Images endpoint used by the tests and `npm start`.
// One request goes: read body → record → parse and judge (imageRequests.ts) → auth →
// gateway faults → 400/404 if invalid → moderation fault → render → answer (JSON or SSE).
// A client that closes the connection before its answer is complete is recorded as an abort.
// It binds 127.0.0.1 only: it accepts any key shape and must never face a network.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control';
import { apiError, fromParamError, incorrectApiKey, invalidUrl, missingApiKey, moderationRefusal, statusError, type ApiError } from './errors';
import { FaultQueue, routeMatches, TRANSPORT_KINDS, type Fault, type FaultTarget } from './faults';
import { FileStore } from './fileStore';
import { parseImageRequest, type ParsedImageRequest } from './imageRequests';
import { findModel, MODELS, modelObject } from './models';
import { begin, dropConnection, droppedByEndpoint, sendError, sendJson, sleepWhileConnected } from './reply';
import { imagesResponse, planResult, renderResults, usageFor } from './results';
import type { Operation } from './serviceRules';
import { findSpecPath, loadSpec, type Spec } from './spec';
import { buildStreamEvents, writeStream } from './streaming';
import { renderHostileSvg } from './svgImages';
import type { Endpoint, EndpointOptions, RecordedRequest } from './types';

export type { Endpoint, EndpointOptions, RecordedFile, RecordedRequest } from './types';
export type { Fault } from './faults';
export { HOSTILE_SVG_PARTS } from './svgImages';
export { findSpecPath } from './spec';

const IMAGE_ROUTES: Record<string, Operation> = {
  '/v1/images/generations': 'generate',
  '/v1/images/edits': 'edit',
  '/v1/images/variations': 'variation',
};

/** Bytes that are valid base64 but not an image, for the `notAnImage` fault. */
const NOT_AN_IMAGE = Buffer.from('This is not an image. <html><body>502 Bad Gateway</body></html>\n');

/** The client went away mid-upload: nothing to answer, nothing to report. */
class ClientGone extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => reject(new ClientGone()));
    req.on('close', () => {
      if (!req.complete) reject(new ClientGone());
    });
  });
}

function checkAuth(header: string | undefined, acceptedKeys: string[] | undefined): ApiError | undefined {
  const match = /^Bearer\s+(\S.*)$/i.exec(header?.trim() ?? '');
  if (!match) return missingApiKey();
  const key = match[1].trim();
  if (acceptedKeys && !acceptedKeys.includes(key)) return incorrectApiKey(key);
  return undefined;
}

class EndpointServer {
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultQueue();
  readonly files: FileStore;
  /** Responses held open by `stall`, ended on close. */
  private readonly stalled = new Set<ServerResponse>();
  /** Emits `aborted` with the record of each request its client abandoned. */
  private readonly aborts = new EventEmitter();
  /** Set by close(): connections ended from then on are the endpoint's doing. */
  closing = false;
  origin = '';

  constructor(
    private readonly spec: Spec,
    private readonly options: EndpointOptions,
    readonly endpoint: () => Endpoint,
  ) {
    this.files = new FileStore(options.urlTtlMs ?? 60 * 60 * 1000);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const arrived = Date.now();
    const raw = await readBody(req);
    if (url.pathname.startsWith('/_control/')) return handleControl(this.endpoint(), method, url, raw, res);

    const record: RecordedRequest = {
      method,
      path: url.pathname,
      headers: { ...req.headers },
      bodySize: raw.length,
      validationErrors: [],
      status: 0,
      time: arrived,
      faults: [],
      requestId: `req_${randomBytes(16).toString('hex')}`,
    };
    this.requests.push(record);
    this.watchForAbort(record, res);

    if (method === 'GET' && url.pathname.startsWith('/files/')) return this.serveFile(url.pathname, record, res);

    const operation = method === 'POST' ? IMAGE_ROUTES[url.pathname] : undefined;
    let parsed: ParsedImageRequest | undefined;
    if (operation) {
      parsed = await parseImageRequest(this.spec, operation, req.headers['content-type'], raw);
      record.json = parsed.json;
      record.fields = parsed.fields;
      record.files = parsed.files.length ? parsed.files : parsed.fields ? [] : undefined;
      record.model = parsed.modelId;
      record.validationErrors = parsed.errors.map((e) => e.message);
    }
    const modelsRoute = method === 'GET' && /^\/v1\/models(\/[^/]+)?$/.test(url.pathname);
    if (!operation && !modelsRoute) {
      // Calling a route the service does not have is also something it rejects.
      const error = invalidUrl(method, url.pathname);
      record.validationErrors.push(error.body.error.message);
      return sendError(res, record, error);
    }

    const authError = checkAuth(req.headers.authorization, this.options.acceptedKeys);
    if (authError) return sendError(res, record, authError);

    const target: FaultTarget = {
      path: url.pathname,
      category: operation ? 'image' : 'api',
      stream: parsed?.body.stream === true,
      svg: operation === 'generate' && parsed?.body.output_format === 'svg',
    };
    const fault = this.faults.next(target);
    if (fault && TRANSPORT_KINDS.includes(fault.kind)) {
      this.faults.use(fault);
      record.faults.push(fault.kind);
      if (fault.kind !== 'delay') return this.transportFault(fault, record, res, target.stream, parsed?.modelId ?? 'gpt-image-1.5');
      await sleepWhileConnected(fault.ms, res);
      if (res.destroyed) return; // the client left during the delay: nobody to answer
    }

    if (modelsRoute) return this.serveModels(url.pathname, record, res);
    const request = parsed!;
    if (request.fatal) return sendError(res, record, request.fatal);
    if (request.errors.length) return sendError(res, record, fromParamError(request.errors[0]));

    if (fault?.kind === 'moderation') {
      this.faults.use(fault);
      record.faults.push(fault.kind);
      return sendError(res, record, moderationRefusal(fault.style, record.requestId));
    }
    const late = fault && (fault.kind === 'notAnImage' || fault.kind === 'streamCut' || fault.kind === 'hostileSvg' || fault.kind === 'downgrade') ? fault : undefined;
    if (late) {
      this.faults.use(late);
      record.faults.push(late.kind);
    }
    return this.answerImages(request, record, res, late);
  }

  private async answerImages(request: ParsedImageRequest, record: RecordedRequest, res: ServerResponse, fault: Fault | undefined): Promise<void> {
    const plan = planResult(request);
    // A downgrade renders less than was asked; the answer's JSON (from `plan`) still claims what was asked.
    const rendered = fault?.kind === 'downgrade' ? { ...plan, transparent: false, width: 1024, height: 1024, ...(plan.gif ? { gif: { ...plan.gif, frames: 2 } } : {}) } : plan;
    const images = fault?.kind === 'hostileSvg' ? [renderHostileSvg(plan)] : await renderResults(rendered);
    const usage = usageFor(plan, request.images.length);
    const corrupt = fault?.kind === 'notAnImage' ? NOT_AN_IMAGE : undefined;
    if (plan.stream) {
      const events = await buildStreamEvents(plan, images, usage, corrupt);
      begin(res, record, 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      return writeStream(res, events, fault?.kind === 'streamCut' ? { graceful: fault.graceful } : undefined);
    }
    const body = imagesResponse(plan, corrupt ? images.map(() => corrupt) : images, usage, (bytes) => {
      const { id, expires } = this.files.put(bytes);
      // Shaped like the service's signed blob URLs: a path ending in .png plus query parameters.
      return `${this.origin}/files/${id}.png?se=${encodeURIComponent(new Date(expires).toISOString())}&sp=r&sig=test`;
    });
    sendJson(res, record, 200, body);
  }

  private transportFault(fault: Fault, record: RecordedRequest, res: ServerResponse, stream: boolean, model: string): void {
    switch (fault.kind) {
      case 'status':
        return sendError(res, record, statusError(fault.status, model, fault));
      case 'malformedJson': {
        const text = `{"created": ${Math.floor(Date.now() / 1000)}, "data": [{"b64_json": "iVBORw0KGgoAAAANSUhEUgAA`;
        begin(res, record, 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      case 'reset': {
        // Announce a full body, send part of it, then reset the connection.
        const full = JSON.stringify({ created: Math.floor(Date.now() / 1000), data: [{ b64_json: 'A'.repeat(4096) }] });
        begin(res, record, 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(full) });
        res.write(full.slice(0, 1024), () => setTimeout(() => dropConnection(res, { reset: true }), 50));
        return;
      }
      case 'stall':
        // Headers, then silence until the client gives up (or the endpoint closes).
        begin(res, record, 200, { 'content-type': stream ? 'text/event-stream; charset=utf-8' : 'application/json' });
        res.flushHeaders();
        this.stalled.add(res);
        res.on('close', () => this.stalled.delete(res));
        return;
      default:
        sendError(res, record, apiError(500, `fault ${fault.kind} cannot apply here`, null, null, 'server_error'));
    }
  }

  private serveModels(path: string, record: RecordedRequest, res: ServerResponse): void {
    const served = MODELS.filter((m) => !m.shutDown);
    if (path === '/v1/models') return sendJson(res, record, 200, { object: 'list', data: served.map(modelObject) });
    const id = decodeURIComponent(path.slice('/v1/models/'.length));
    const model = findModel(id);
    if (!model || model.shutDown) return sendError(res, record, apiError(404, `The model '${id}' does not exist`, 'model', 'model_not_found'));
    sendJson(res, record, 200, modelObject(model));
  }

  private async serveFile(path: string, record: RecordedRequest, res: ServerResponse): Promise<void> {
    const fault = this.faults.next({ path, category: 'file', stream: false });
    if (fault) {
      this.faults.use(fault);
      record.faults.push(fault.kind);
      if (fault.kind === 'delay') {
        await sleepWhileConnected(fault.ms, res);
        if (res.destroyed) return;
      } else if (fault.kind !== 'expiredUrl') return this.transportFault(fault, record, res, false, 'dall-e-2');
    }
    const id = /^\/files\/([\w-]+)\.png$/.exec(path)?.[1];
    const bytes = id && fault?.kind !== 'expiredUrl' ? this.files.get(id) : undefined;
    if (!bytes) {
      // What the blob store answers for an expired or unknown signed URL.
      const xml = '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>';
      begin(res, record, 404, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
      res.end(xml);
      return;
    }
    begin(res, record, 200, { 'content-type': 'image/png', 'content-length': bytes.length });
    res.end(bytes);
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.clear();
    this.files.clear();
  }

  endStalled(): void {
    for (const res of this.stalled) dropConnection(res);
    this.stalled.clear();
  }

  /** Marks the record aborted when its connection closes before the answer was complete. */
  private watchForAbort(record: RecordedRequest, res: ServerResponse): void {
    res.once('close', () => {
      if (res.writableFinished || droppedByEndpoint(res) || this.closing) return;
      record.aborted = Date.now();
      this.aborts.emit('aborted', record);
    });
  }

  waitForAborted(path: string | undefined, timeoutMs: number): Promise<RecordedRequest> {
    const matches = (record: RecordedRequest) => record.aborted !== undefined && (path === undefined || routeMatches(path, record.path));
    const already = this.requests.find(matches);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const onAborted = (record: RecordedRequest) => {
        if (!matches(record)) return;
        stop();
        resolve(record);
      };
      const timer = setTimeout(() => {
        stop();
        const seen = this.requests.map((r) => `${r.method} ${r.path} → ${r.status || 'no answer yet'}${r.aborted ? ' (aborted)' : ''}`);
        reject(new Error(`no request${path ? ` to ${path}` : ''} was aborted by its client within ${timeoutMs} ms; requests: ${seen.join(', ') || 'none'}`));
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        this.aborts.off('aborted', onAborted);
      };
      this.aborts.on('aborted', onAborted);
    });
  }
}

export async function startEndpoint(options: EndpointOptions = {}): Promise<Endpoint> {
  const spec = loadSpec(options.specPath ?? findSpecPath());
  let endpoint: Endpoint | undefined;
  const state = new EndpointServer(spec, options, () => endpoint!);
  const server = http.createServer((req, res) => {
    state.handle(req, res).catch((error: unknown) => {
      if (error instanceof ClientGone || res.destroyed) return;
      // A bug in the endpoint, not a client mistake: say so loudly, as a 500 the tests will see.
      console.error('[endpoint] internal error:', error);
      if (!res.headersSent) sendError(res, undefined, apiError(500, `Test endpoint internal error: ${String(error)}`, null, null, 'server_error'));
      else dropConnection(res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${port}`;
  endpoint = {
    url: `${state.origin}/v1`,
    port,
    requests: state.requests,
    inject: (fault) => state.faults.inject(fault),
    clearFaults: () => state.faults.clear(),
    reset: () => state.reset(),
    invalidRequests: () => state.requests.filter((r) => r.validationErrors.length > 0),
    pendingFaults: () => state.faults.pending(),
    waitForAborted: (path, timeoutMs = 10_000) => state.waitForAborted(path, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        state.closing = true;
        state.endStalled();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return endpoint;
}
