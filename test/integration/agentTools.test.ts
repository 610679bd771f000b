// The image tools as agents reach them, in the real extension host against the local
// endpoint (which validates every request): agent mode's language-model tools through
// `vscode.lm.invokeTool`, and the MCP server started as VS Code starts it (the provider's
// definition, resolved) and called with the official MCP client.
// In extension tests VS Code answers the tools' confirmation dialog itself (it skips dialogs).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import sharp from 'sharp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { languageModelToolId, TOOL_NAMES, toolInputSchemas, type ToolName } from '../../src/agent/toolSchemas';
import { CANARY_KEY, clearOutput, setSetting, useHarness, waitFor } from './support';

type Part = { value?: unknown; mimeType?: string; data?: Uint8Array };

function invoke(name: ToolName, input: object, token?: vscode.CancellationToken): Thenable<vscode.LanguageModelToolResult> {
  return vscode.lm.invokeTool(languageModelToolId(name), { input, toolInvocationToken: undefined }, token);
}

const textOf = (result: vscode.LanguageModelToolResult): string =>
  (result.content as Part[])
    .filter((part) => typeof part.value === 'string')
    .map((part) => part.value as string)
    .join('\n');

const imagesOf = (result: vscode.LanguageModelToolResult): Part[] => (result.content as Part[]).filter((part) => part.mimeType?.startsWith('image/'));

describe('Agent tools (language-model tools and MCP, local endpoint)', function () {
  const harness = useHarness();
  const { invalid } = harness;
  /** Every text a tool answered: none may contain the key. */
  const answered: string[] = [];

  const write = async (path: string, bytes: Uint8Array) => {
    const uri = vscode.Uri.joinPath(harness.workspace, path);
    await vscode.workspace.fs.writeFile(uri, bytes);
    return uri;
  };
  const png = (width: number, height: number, color: string) => sharp({ create: { width, height, channels: 4, background: color } }).png().toBuffer();

  async function rejection(promise: Thenable<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      answered.push(message);
      return message;
    }
    assert.fail('the call was not refused');
  }

  beforeEach(async () => {
    await clearOutput(harness.workspace);
    await setSetting('model', undefined);
    await setSetting('size', undefined);
    await setSetting('quality', undefined);
    await setSetting('agentTools.maxCostPerCallUsd', undefined);
  });

  it('vscode.lm.tools lists the three tools with the schemas made from the capability table', () => {
    const schemas = toolInputSchemas();
    for (const name of TOOL_NAMES) {
      const tool = vscode.lm.tools.find((entry) => entry.name === languageModelToolId(name));
      assert.ok(tool, `${name} is listed`);
      assert.deepEqual(tool.inputSchema, schemas[name]);
      assert.ok(tool.description.length > 100, 'a precise model description');
    }
  });

  it('generateImage: saves the image, answers with its path, Markdown, cost and a 512 px preview; the request validates', async () => {
    const result = await invoke('generateImage', { prompt: 'A hero image of a lighthouse', size: '1536x1024', quality: 'low' });
    const text = textOf(result);
    answered.push(text);
    const files = await harness.outputFiles();
    const image = files.find((name) => name.endsWith('.png'));
    assert.ok(image, JSON.stringify(files));
    assert.ok(files.includes(image.replace(/\.png$/, '.json')), 'with its sidecar');
    assert.ok(text.includes(`images/${image}`), text);
    assert.ok(text.includes(`![A hero image of a lighthouse](images/${image})`), text);
    assert.match(text, /Cost: \$\d/);
    const [preview] = imagesOf(result);
    assert.ok(preview?.data, 'an image data part');
    const meta = await sharp(preview.data).metadata();
    assert.deepEqual([meta.width, meta.height], [512, 341]);
    // The studio's thumbnail is made from that preview after the answer (not on the agent's clock); history gets it.
    const thumbnail = await harness.api.features().thumbnails.thumbnailFor(vscode.Uri.joinPath(harness.workspace, 'images', image));
    assert.ok(thumbnail, 'the studio has a thumbnail of the new image');
    const thumb = await sharp(await vscode.workspace.fs.readFile(thumbnail)).metadata();
    assert.deepEqual([thumb.format, thumb.width, thumb.height], ['webp', 256, 171], 'the image\'s proportions, not the preview\'s (256x170)');

    const requests = harness.endpoint.requests;
    assert.equal(requests.length, 1);
    assert.equal(requests[0].path, '/v1/images/generations');
    assert.deepEqual(requests[0].validationErrors, []);
    assert.equal(requests[0].json?.size, '1536x1024');
    assert.equal(requests[0].json?.quality, 'low');
    assert.equal(requests[0].json?.stream, undefined, 'an agent gets no streamed previews');
  });

  it('editImage: two references and a mask go in one edit that validates; the result is a new file', async () => {
    await write('shot.png', await png(256, 256, '#ff0000'));
    await write('docs/ref.png', await png(256, 256, '#0000ff'));
    // Transparent on the top half: the area to change.
    const mask = await sharp({ create: { width: 256, height: 256, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } })
      .composite([{ input: { create: { width: 256, height: 128, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } }, top: 0, left: 0, blend: 'dest-out' }])
      .png()
      .toBuffer();
    await write('mask.png', mask);
    const result = await invoke('editImage', { prompt: 'Make the header blue like the reference', images: ['shot.png', 'docs/ref.png'], mask: 'mask.png', quality: 'low' });
    answered.push(textOf(result));
    const [request] = harness.endpoint.requests;
    assert.equal(request.path, '/v1/images/edits');
    assert.deepEqual(request.validationErrors, []);
    assert.deepEqual(
      request.files?.map((file) => [file.field, file.width, file.height]).sort(),
      [
        ['image[]', 256, 256],
        ['image[]', 256, 256],
        ['mask', 256, 256],
      ],
    );
    const files = await harness.outputFiles();
    const sidecarName = files.find((name) => name.endsWith('.json'));
    assert.ok(sidecarName, JSON.stringify(files));
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(harness.workspace, 'images', sidecarName))));
    assert.deepEqual([sidecar.operation, sidecar.source, sidecar.sources, sidecar.maskSource], ['edit', 'shot.png', ['shot.png', 'docs/ref.png'], 'mask.png']);
    assert.equal(imagesOf(result).length, 1);
  });

  it('editImage with markup: the overlay goes as `markup` on a model that takes it; a wrong one is refused before sending', async () => {
    await write('photo.png', await png(256, 256, '#3366cc'));
    // Transparent except for one opaque stroke: what a person draws over the photo.
    const overlay = await sharp({ create: { width: 256, height: 256, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: { create: { width: 120, height: 8, channels: 4, background: '#ff0000' } }, top: 100, left: 60 }])
      .png()
      .toBuffer();
    await write('arrows.png', overlay);
    const result = await invoke('editImage', { prompt: 'Follow the red arrow', images: ['photo.png'], markup: 'arrows.png', model: 'gpt-image-2.5-flare', quality: 'low' });
    answered.push(textOf(result));
    const [request] = harness.endpoint.requests;
    assert.deepEqual(request.validationErrors, []);
    assert.deepEqual(request.files?.map((file) => [file.field, file.width, file.height]).sort(), [['image', 256, 256], ['markup', 256, 256]]);
    const sidecarName = (await harness.outputFiles()).find((name) => name.endsWith('.json'));
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(harness.workspace, 'images', sidecarName!))));
    assert.equal(sidecar.markupSource, 'arrows.png');
    harness.endpoint.reset();
    await write('opaque.png', await png(256, 256, '#ffffff'));
    const refusals = [
      [{ markup: 'arrows.png', model: 'gpt-image-2' }, /markup: gpt-image-2 does not take markup\. Choose gpt-image-2\.5-flare/],
      [{ markup: 'opaque.png', model: 'gpt-image-2.5-flare' }, /markup: The markup opaque\.png has no transparent pixels/],
      [{ markup: 'arrows.png', mask: 'arrows.png', model: 'gpt-image-2.5-flare' }, /markup: Markup cannot be combined with a mask/],
    ] as const;
    for (const [extra, expected] of refusals) {
      assert.match(await rejection(invoke('editImage', { prompt: 'x', images: ['photo.png'], ...extra })), expected);
    }
    assert.equal(harness.endpoint.requests.length, 0, 'nothing sent');
  });

  it('invalid input is refused before any request, naming the problem', async () => {
    await write('inside.png', await png(64, 64, '#00ff00'));
    const cases: [ToolName, object, RegExp][] = [
      ['generateImage', { prompt: 'x', model: 'gpt-image-9' }, /model must be one of gpt-image-2/],
      ['generateImage', { prompt: 'x', model: 'dall-e-3', size: '1000x1000' }, /size: Size 1000x1000 is not available for dall-e-3\. Choose 1024x1024, 1792x1024 or 1024x1792/],
      ['generateImage', { prompt: 'x', model: 'gpt-image-1.5' }, /model must be one of gpt-image-2, .*dall-e-2/],
      ['generateImage', { prompt: 'x', model: 'gpt-image-2', outputFormat: 'svg' }, /outputFormat: gpt-image-2 does not make SVG output\. Choose gpt-image-2\.5-flare/],
      ['generateImage', { prompt: 'x', model: 'gpt-image-2.5-flare', outputFormat: 'gif', frameCount: 40 }, /frameCount must be a whole number from 2 to 16/],
      ['generateImage', { prompt: 'x', n: 50 }, /n must be a whole number from 1 to 10/],
      ['editImage', { prompt: 'x', images: ['../outside.png'] }, /images\.0 "\.\.\/outside\.png" contains "\.\."/],
      ['editImage', { prompt: 'x', images: ['inside.png'], mask: 'missing-mask.png' }, /mask.*missing-mask\.png/],
      ['editImage', { prompt: 'x', images: ['inside.png'], model: 'dall-e-3' }, /dall-e-3 cannot edit images/],
      ['generateImage', { prompt: 'x', outputFolder: '/tmp' }, /outputFolder "\/tmp" is an absolute path/],
      ['generateImage', { prompt: 'x', baseUrl: 'http://127.0.0.1:1/v1' }, /unexpected field "baseUrl"/],
    ];
    for (const [name, input, reason] of cases) {
      assert.match(await rejection(invoke(name, input)), reason, JSON.stringify(input));
    }
    assert.equal(harness.endpoint.requests.length, 0);
    assert.deepEqual(await harness.outputFiles(), []);
  });

  it('a link out of the workspace is refused by the same containment policy as the explorer', async function () {
    if (harness.workspace.scheme !== 'file') this.skip();
    const { symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const outside = join(tmpdir(), `agent-outside-${Date.now()}.png`);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(outside), await png(64, 64, '#123456'));
    symlinkSync(outside, join(harness.workspace.fsPath, 'linked.png'));
    assert.match(await rejection(invoke('editImage', { prompt: 'x', images: ['linked.png'] })), /symbolic link .*outside the workspace/);
    assert.equal(harness.endpoint.requests.length, 0);
  });

  it('the per-call cost ceiling refuses before anything is sent', async () => {
    await setSetting('agentTools.maxCostPerCallUsd', 0.05);
    const message = await rejection(invoke('generateImage', { prompt: 'ten expensive posters', quality: 'high', n: 10 }));
    assert.match(message, /estimated at \$\d.*above the per-call limit of \$0\.05/);
    assert.match(message, /imageStudio\.agentTools\.maxCostPerCallUsd/);
    assert.equal(harness.endpoint.requests.length, 0);
  });

  it('cancelling the tool call cancels the request and leaves no file', async () => {
    harness.endpoint.inject({ kind: 'delay', ms: 3000 });
    const cancellation = new vscode.CancellationTokenSource();
    const pending = rejection(invoke('generateImage', { prompt: 'never mind' }, cancellation.token));
    await waitFor(() => harness.endpoint.requests.length === 1, 'the request to arrive');
    cancellation.cancel();
    assert.match(await pending, /cancel/i);
    await new Promise((resolve) => setTimeout(resolve, 3500)); // past the endpoint's answer
    assert.deepEqual(await harness.outputFiles(), []);
  });

  it('describeImageOptions: the server’s models, what each takes and costs, the defaults and the ceiling', async () => {
    const result = await invoke('describeImageOptions', {});
    const text = textOf(result);
    answered.push(text);
    const answer = JSON.parse(text) as { models: { model: string; sizes: string; estimatedPricePerImage: unknown }[]; modelsFrom: string; costCeilingPerCallUsd: number; defaults: { model: string } };
    assert.equal(answer.modelsFrom, 'the server');
    assert.equal(answer.defaults.model, 'gpt-image-2');
    assert.equal(answer.costCeilingPerCallUsd, 0.5);
    const dalle3 = answer.models.find((model) => model.model === 'dall-e-3');
    assert.equal(dalle3?.sizes, '1024x1024, 1792x1024, 1024x1792');
    assert.deepEqual(dalle3?.estimatedPricePerImage, { size: '1024x1024', standard: '$0.04', hd: '$0.08' });
    assert.ok(!answer.models.some((model) => model.model === 'gpt-image-1'), 'a model the server shut down is not offered');
    assert.equal(harness.endpoint.requests.filter((request) => request.path.includes('/images/')).length, 0, 'nothing is generated');
  });

  it('without a key: refused with a clear message, nothing sent; the tool never sets one', async () => {
    await harness.api.services.keys.clear();
    try {
      assert.match(await rejection(invoke('generateImage', { prompt: 'no key' })), /Set your API key/);
      assert.equal(harness.endpoint.requests.length, 0);
      assert.equal(await harness.api.services.keys.get(), undefined);
    } finally {
      await harness.api.services.keys.set(CANARY_KEY);
    }
  });

  // MCP: the server as VS Code starts it.
  let client: Client | undefined;

  /** Starts the server as VS Code does (the provider's definition, resolved) and connects the official client. */
  async function connect(): Promise<{ client: Client; definition: vscode.McpHttpServerDefinition }> {
    const provider = harness.api.mcpProvider;
    const cancellation = new vscode.CancellationTokenSource();
    const [declared] = ((await provider.provideMcpServerDefinitions(cancellation.token)) ?? []) as vscode.McpHttpServerDefinition[];
    assert.equal(declared?.label, 'Image Studio');
    const definition = (await provider.resolveMcpServerDefinition?.(declared, cancellation.token)) as vscode.McpHttpServerDefinition;
    const connected = new Client({ name: 'integration-test', version: '1.0.0' });
    await connected.connect(new StreamableHTTPClientTransport(new URL(definition.uri.toString()), { requestInit: { headers: definition.headers } }));
    client = connected;
    return { client: connected, definition };
  }

afterEach(async () => {
  await client?.close();
  client = undefined;
});

  it('MCP: lists the three tools and generateImage answers with the path and the image', async () => {
    const { client: mcp, definition } = await connect();
    assert.match(definition.uri.toString(), /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    assert.ok(!JSON.stringify(definition.headers).includes(CANARY_KEY), 'the definition carries a session token, not the key');
    const { tools } = await mcp.listTools();
    assert.deepEqual(tools.map((tool) => tool.name), [...TOOL_NAMES]);
    assert.deepEqual(tools.find((tool) => tool.name === 'editImage')?.inputSchema, toolInputSchemas().editImage);
    const result = (await mcp.callTool({ name: 'generateImage', arguments: { prompt: 'An icon of a paper plane', size: '1024x1024', quality: 'low' } })) as {
      content: { type: string; text?: string; data?: string; mimeType?: string }[];
      isError?: boolean;
    };
    assert.equal(result.isError, undefined);
    const text = result.content.find((part) => part.type === 'text')?.text ?? '';
    answered.push(text);
    const image = (await harness.outputFiles()).find((name) => name.endsWith('.png'));
    assert.ok(image && text.includes(`images/${image}`), text);
    const preview = result.content.find((part) => part.type === 'image');
    assert.equal(preview?.mimeType, 'image/webp');
    assert.deepEqual((await sharp(Buffer.from(preview?.data ?? '', 'base64')).metadata()).width, 512);
    assert.deepEqual(harness.endpoint.requests.map((request) => request.validationErrors), [[]]);
  });

  it('MCP: a call without a key answers clearly and sends nothing', async () => {
    const { client: mcp } = await connect();
    await harness.api.services.keys.clear();
    try {
      const result = (await mcp.callTool({ name: 'generateImage', arguments: { prompt: 'no key' } })) as { content: { text?: string }[]; isError?: boolean };
      assert.equal(result.isError, true);
      assert.match(result.content[0].text ?? '', /Set your API key/);
      assert.equal(harness.endpoint.requests.length, 0);
    } finally {
      await harness.api.services.keys.set(CANARY_KEY);
    }
  });

  it('MCP: invalid input is an error result naming the problem', async () => {
    const { client: mcp } = await connect();
    const result = (await mcp.callTool({ name: 'editImage', arguments: { prompt: 'x', images: ['../outside.png'] } })) as { content: { text?: string }[]; isError?: boolean };
    assert.equal(result.isError, true);
    assert.match(result.content[0].text ?? '', /contains "\.\."/);
    assert.equal(harness.endpoint.requests.length, 0);
  });

  it('the key is in no result, log line or file', async () => {
    assert.ok(answered.length > 5);
    for (const text of answered) assert.ok(!text.includes(CANARY_KEY), 'key in a tool result');
    assert.ok(!harness.api.services.logger.recent.join('\n').includes(CANARY_KEY), 'key in the log');
    const files = await vscode.workspace.findFiles('**/*');
    for (const uri of files) {
      const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('latin1');
      assert.ok(!text.includes(CANARY_KEY), `key in ${vscode.workspace.asRelativePath(uri)}`);
    }
  });

  it('every request sent in this suite validated against the spec', () => {
    // Runs last: afterEach collected every request the endpoint found invalid.
    assert.deepEqual(invalid, []);
  });
});
