// The MCP server (src/agent/mcpServer.ts) as any MCP client reaches it: the official SDK's
// client over Streamable HTTP, with the bearer token from the server definition. The tools
// here are a fake backend; the real tools against the local endpoint are in the integration
// tests (agentTools.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startMcpServer, type McpToolBackend, type RunningMcpServer } from '../../src/agent/mcpServer';
import { TOOL_DESCRIPTIONS, TOOL_NAMES, toolInputSchemas } from '../../src/agent/toolSchemas';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('MCP server (official client, fake tools)', () => {
  const calls: { name: string; args: unknown }[] = [];
  let cancelled = false;
  const backend: McpToolBackend = {
    tools: () => TOOL_NAMES.map((name) => ({ name, description: TOOL_DESCRIPTIONS[name].modelDescription, inputSchema: toolInputSchemas()[name] })),
    call: async (name, args, signal) => {
      calls.push({ name, args });
      if (name === 'slow') {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        cancelled = true;
        return { text: 'cancelled', images: [], isError: true };
      }
      if (name !== 'generateImage') return { text: `Unknown tool ${name}`, images: [], isError: true };
      return { text: 'Saved images/cat.png', images: [{ bytes: PNG, mimeType: 'image/png' }], isError: false };
    },
  };
  let server: RunningMcpServer;
  let client: Client;

  before(async () => {
    server = await startMcpServer(backend, { name: 'image-studio', version: '0.0.0-test' });
    client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: server.authorization } } }));
  });
  after(async () => {
    await client?.close();
    await server?.close();
  });

  test('listens on the loopback interface with a fresh bearer token', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    assert.match(server.authorization, /^Bearer [\w-]{43}$/);
  });

  test('lists the three tools with their schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name), [...TOOL_NAMES]);
    assert.deepEqual(tools[0].inputSchema, toolInputSchemas().generateImage);
  });

  test('a call answers with the text and the image', async () => {
    const result = await client.callTool({ name: 'generateImage', arguments: { prompt: 'a cat' } });
    assert.deepEqual(calls.at(-1), { name: 'generateImage', args: { prompt: 'a cat' } });
    assert.deepEqual(result.content, [
      { type: 'text', text: 'Saved images/cat.png' },
      { type: 'image', data: Buffer.from(PNG).toString('base64'), mimeType: 'image/png' },
    ]);
    assert.equal(result.isError, undefined);
  });

  test('a refused call is an error result, not a protocol error', async () => {
    const result = await client.callTool({ name: 'nope', arguments: {} });
    assert.equal(result.isError, true);
  });

  test('the client cancelling a call aborts it', async () => {
    const controller = new AbortController();
    const pending = client.callTool({ name: 'slow', arguments: {} }, undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(pending);
    for (let i = 0; i < 50 && !cancelled; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(cancelled, true);
  });

  test('refuses requests without the token, with another token, or for another Host', async () => {
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };
    const post = (headers: Record<string, string>) =>
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(initialize) });
    assert.equal((await post({})).status, 401);
    assert.equal((await post({ authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await post({ authorization: server.authorization.slice(0, -1) + 'x' })).status, 401);
    const port = new URL(server.url).port;
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { host: `attacker.example:${port}`, authorization: server.authorization, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(initialize));
    });
    assert.equal(status, 403);
    assert.equal((await post({ authorization: server.authorization })).status, 200, 'the right token is served');
  });
});
