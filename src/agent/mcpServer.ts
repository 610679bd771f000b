// The image tools over MCP: a Streamable HTTP server on the loopback interface, inside the
// extension host, built with the official SDK. Why in the host rather than a child process:
// the API key never leaves it (the tools run the host's job pipeline, which reads the key
// from SecretStorage per request), so no key is passed through an environment, a command
// line or a file. Only a client holding the random per-session bearer token VS Code got
// from the server definition is served; a request naming another Host (DNS rebinding) is refused.
// Its own bundle (dist/mcpServer.js, the SDK inside), loaded when an MCP client first starts
// the server. No `vscode` import: unit-tested in plain Node against the official client.

import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** What the server serves: the tools and a way to call them (the extension's ImageToolCalls, or a fake in tests). */
export interface McpToolBackend {
  tools(): { name: string; title?: string; description: string; inputSchema: Record<string, unknown> }[];
  /** Never throws for a refused or failed call: `isError` and the text say what happened. */
  call(name: string, args: unknown, signal: AbortSignal): Promise<{ text: string; images: { bytes: Uint8Array; mimeType: string }[]; isError: boolean }>;
}

export interface RunningMcpServer {
  /** `http://127.0.0.1:<port>/mcp` */
  url: string;
  /** The `Authorization` header value every request must carry. */
  authorization: string;
  close(): Promise<void>;
}

/** Sessions kept at once (each a VS Code MCP connection); the oldest is closed beyond this. */
const MAX_SESSIONS = 16;
const PATH = '/mcp';

/** Starts the server on 127.0.0.1 (a free port) with a fresh bearer token. */
export async function startMcpServer(backend: McpToolBackend, info: { name: string; version: string }): Promise<RunningMcpServer> {
  const token = randomBytes(32).toString('base64url');
  // eslint-disable-next-line image-studio/localized-text -- protocol value: the HTTP auth scheme
  const authorization = `Bearer ${token}`;
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let port = 0;

  const newSession = async (): Promise<StreamableHTTPServerTransport> => {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, transport);
        if (sessions.size > MAX_SESSIONS) void sessions.values().next().value?.close();
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await mcpServerFor(backend, info).connect(transport);
    return transport;
  };

  /* eslint-disable image-studio/localized-text -- protocol values: an HTTP auth scheme and the error texts an MCP client gets, not shown to a person */
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.host !== `127.0.0.1:${port}`) return refuse(res, 403, 'unexpected Host header');
    if (!isAuthorized(req.headers.authorization, authorization)) return refuse(res, 401, 'missing or wrong bearer token');
    if (url.pathname !== PATH) return refuse(res, 404, 'not found');
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (typeof sessionId === 'string' && !existing) return refuse(res, 404, 'unknown session');
    // A new session starts with an initialize request, which the transport checks.
    const transport = existing ?? (await newSession());
    await transport.handleRequest(req, res);
  };

  const http: HttpServer = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'internal error');
      else res.end();
    });
  });
  /* eslint-enable image-studio/localized-text */
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${PATH}`,
    authorization,
    close: async () => {
      await Promise.all([...sessions.values()].map((transport) => transport.close()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
    },
  };
}

/** One MCP server (a session's): lists the backend's tools and calls them with the request's cancellation. */
function mcpServerFor(backend: McpToolBackend, info: { name: string; version: string }): Server {
  const server = new Server(info, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: backend.tools().map((tool) => ({ ...tool, inputSchema: tool.inputSchema as { type: 'object' } })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const output = await backend.call(request.params.name, request.params.arguments ?? {}, extra.signal);
    return {
      content: [
        { type: 'text', text: output.text },
        ...output.images.map((image) => ({ type: 'image' as const, data: Buffer.from(image.bytes).toString('base64'), mimeType: image.mimeType })),
      ],
      isError: output.isError || undefined,
    };
  });
  return server;
}

function isAuthorized(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: reason }, id: null }));
}
