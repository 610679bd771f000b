// Restricted Mode, in the real extension host: the runner opens a folder with workspace trust
// on and the folder not trusted (test/harness/runIntegration.ts), and the folder's
// .vscode/settings.json is hostile (test/harness/restrictedWorkspace.ts): another server,
// an output folder outside it, absurd prices, raised cost limits, its own prompt. The
// extension must do exactly what package.json's `capabilities.untrustedWorkspaces` declares:
// generate with the person's own settings (their server, the default folder inside the
// workspace, the real prices), honour the workspace's ordinary preferences, and withhold the
// agent tools and the MCP server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { languageModelToolId, TOOL_NAMES } from '../../src/agent/toolSchemas';
import { planJob, estimateJob } from '../../src/jobs/planJob';
import type { ImageJobRequest } from '../../src/jobs/imageJob';
import type { SavedImage } from '../../src/storage/outputWriter';
import { startEndpoint, type Endpoint } from '../endpoint/server';
import { HONOURED_VALUES, HOSTILE_VALUES } from '../harness/restrictedWorkspace';
import { activateExtension, CANARY_KEY, EXTENSION_ID } from './support';
import type { TestingApi } from '../../src/extension';

type Manifest = { capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] } } };

describe('Restricted Mode (an untrusted folder with hostile workspace settings)', function () {
  let api: TestingApi;
  let endpoint: Endpoint;
  let workspace: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration();

  before(async function () {
    this.timeout(120_000);
    api = await activateExtension();
    endpoint = await startEndpoint();
    // The person's own (user) settings: the only server they mean to use.
    await config().update('imageStudio.baseUrl', endpoint.url, vscode.ConfigurationTarget.Global);
    await api.services.keys.set(CANARY_KEY);
    workspace = vscode.workspace.workspaceFolders![0].uri;
  });

  after(async () => {
    await config().update('imageStudio.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await endpoint?.close();
  });

  beforeEach(() => endpoint.reset());

  it('runs in Restricted Mode: workspace trust is on and the folder is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(config().get('security.workspace.trust.enabled'), true);
  });

  it('the hostile values are exactly the settings package.json restricts', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), Object.keys(HOSTILE_VALUES).sort());
  });

  it('ignores every restricted workspace value and honours an ordinary one', async () => {
    // The folder's settings file is read (the ordinary size below comes from it); each
    // restricted value in it gives way to the person's. The workspace turns the agent tools
    // on; the person has turned them off.
    await config().update('imageStudio.agentTools.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      for (const [key, hostile] of Object.entries(HOSTILE_VALUES)) {
        const seen = config().inspect(key);
        const own = seen?.globalValue !== undefined ? seen.globalValue : seen?.defaultValue;
        assert.notDeepEqual(own, hostile, `${key}: the test's hostile value differs from the person's own`);
        assert.deepEqual(config().get(key), own, `${key}: the person's own value, not the workspace's`);
      }
      assert.equal(api.services.settings().agentToolsEnabled, false);
    } finally {
      await config().update('imageStudio.agentTools.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    for (const [key, value] of Object.entries(HONOURED_VALUES)) {
      assert.equal(config().get(key), value, `${key} is read from the workspace`);
    }
    const settings = api.services.settings();
    assert.equal(settings.baseUrl, endpoint.url);
    assert.equal(settings.outputFolder, 'images');
    assert.deepEqual(settings.prices, {});
    assert.equal(settings.confirmCostAboveUsd, 0.5);
    assert.equal(settings.sendSafetyIdentifier, false);
    assert.equal(settings.size, '1536x1024');
  });

  it('generates through the person\'s server into the default folder inside the workspace, priced with the real table', async () => {
    const saved = (await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'A lighthouse in restricted mode' })) as SavedImage[];
    assert.equal(saved.length, 1);
    const folder = vscode.Uri.joinPath(workspace, 'images').toString();
    assert.ok(saved[0].uri.toString().startsWith(`${folder}/`), `saved in the workspace's images folder: ${saved[0].uri.toString()}`);
    const escaped = vscode.Uri.joinPath(workspace, '..', 'escaped');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(escaped)), 'nothing was written to ../escaped');

    // The request went to the endpoint (the workspace's server does not answer), with the
    // workspace's ordinary size and without a safety identifier.
    assert.equal(endpoint.requests.length, 1);
    assert.equal(endpoint.requests[0].path, '/v1/images/generations');
    assert.equal(endpoint.requests[0].json?.size, '1536x1024');
    assert.equal(endpoint.requests[0].json?.safety_identifier, undefined);

    // The estimate and the recorded cost use the built-in prices: the workspace's would make
    // this one image cost hundreds of dollars.
    const jobs = api.features().jobs;
    assert.deepEqual(jobs.prices(), {});
    const request: ImageJobRequest = {
      kind: 'generate',
      prompt: 'A lighthouse in restricted mode',
      settings: api.services.settings(),
      destination: { kind: 'folder', folder: vscode.Uri.joinPath(workspace, 'images') },
    };
    const estimate = jobs.preview(request).estimate;
    assert.ok(estimate, 'gpt-image-2 has a built-in price');
    assert.deepEqual(estimate, estimateJob(planJob(request), {}));
    assert.ok(estimate.usd < 1, `a real price, not the workspace's: $${estimate.usd}`);
    const recorded = (saved[0].sidecar as { costUsd?: number }).costUsd;
    assert.ok(recorded !== undefined && recorded < 1, `recorded cost: $${recorded}`);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspace, 'images'), { recursive: true, useTrash: false });
  });

  // Agent mode's tool picker also hides them (their `when` needs isWorkspaceTrusted: see the
  // unit test restrictedSettings.test.ts); `vscode.lm.tools` lists tools whatever their `when`,
  // so the extension's own refusal is what is checked here.
  it('withholds the agent tools: each call is refused with the reason, nothing is sent or saved', async () => {
    for (const name of TOOL_NAMES) {
      await assert.rejects(
        Promise.resolve(vscode.lm.invokeTool(languageModelToolId(name), { input: { prompt: 'A lighthouse' }, toolInvocationToken: undefined })),
        (error: Error) => {
          assert.match(error.message, /not available in Restricted Mode/, `${name}: ${error.message}`);
          assert.match(error.message, /Trust the workspace/, `${name}: says what to do`);
          return true;
        },
      );
    }
    assert.equal(endpoint.requests.length, 0);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(workspace, 'images'))), 'nothing saved');
  });

  it('withholds the MCP server: no definition, and resolving one starts nothing', async () => {
    const token = new vscode.CancellationTokenSource().token;
    assert.deepEqual(await api.mcpProvider.provideMcpServerDefinitions(token), []);
    const definition = new vscode.McpHttpServerDefinition('Image Studio', vscode.Uri.parse('http://127.0.0.1/mcp'));
    assert.equal(await api.mcpProvider.resolveMcpServerDefinition?.(definition, token), undefined);
    assert.ok(!api.services.logger.recent.some((line) => line.includes('MCP server listening')), 'no MCP server was started');
  });
});
