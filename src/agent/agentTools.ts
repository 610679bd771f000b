// The image tools as agents reach them: language-model tools for agent mode (prepareInvocation
// shows what the person approves; invoke runs the job) and the same tools over MCP (a loopback
// server started when an MCP client first needs it). Both present the one pipeline's jobs
// through imageToolCalls.ts; this file only speaks their protocols.
import * as vscode from 'vscode';
import type { FeatureServices } from '../featureServices';
import { Disposable } from '../util/disposable';
import { ImageOptionsDescriber } from './describeImageOptions';
import { agentToolsRestrictedMessage, confirmationText, prepareImageCall, runImageCall, stillValid, ToolRefusal, type PreparedImageCall, type ToolOutput } from './imageToolCalls';
import type { McpToolBackend, RunningMcpServer } from './mcpServer';
import { TOOL_DESCRIPTIONS, TOOL_NAMES, toolInputSchemas, type ToolName } from './toolSchemas';

type McpServerModule = typeof import('./mcpServer');

/** Calls prepareInvocation checked, until invoke takes them; a few, for tool calls an agent makes side by side. */
const CHECKED_CALLS = 8;

export class AgentTools extends Disposable {
  private readonly describer: ImageOptionsDescriber;
  private mcp: Promise<RunningMcpServer> | undefined;
  /**
   * What prepareInvocation checked, by tool and input, with the settings it read. VS Code
   * sends invoke the input prepareInvocation saw, but as a separate message (a copy), so the
   * two are matched by content; see `stillValid` for what is checked again.
   */
  private readonly checked = new Map<string, { call: PreparedImageCall; settings: string }>();

  constructor(private readonly services: FeatureServices) {
    super();
    this.describer = new ImageOptionsDescriber(services);
    this.register({ dispose: () => void this.mcp?.then((server) => server.close()).catch(() => undefined) });
  }

  /** Checks and runs one call; a refusal or failure is an `isError` output, never a throw (MCP). */
  async call(name: string, input: unknown, signal: AbortSignal): Promise<ToolOutput> {
    try {
      if (!isToolName(name)) throw new ToolRefusal(vscode.l10n.t('Unknown tool {name}. The tools are {tools}.', { name: JSON.stringify(name.slice(0, 60)), tools: TOOL_NAMES.join(', ') }));
      if (!vscode.workspace.isTrusted) throw new ToolRefusal(agentToolsRestrictedMessage());
      if (name === 'describeImageOptions') return await this.describer.describe(input);
      const call = await prepareImageCall(this.services, name, input);
      this.services.logger.info(`agent tool (MCP): ${name} ${describeCall(call)}`);
      return await runImageCall(this.services, call, signal);
    } catch (error) {
      if (error instanceof ToolRefusal) {
        this.services.logger.info(`agent tool (MCP): ${name} refused: ${error.message}`);
        return { text: error.message, images: [], isError: true };
      }
      throw error;
    }
  }

  /** The tool agent mode calls, registered under `languageModelToolId(name)`. */
  languageModelTool(name: ToolName): vscode.LanguageModelTool<unknown> {
    return {
      prepareInvocation: async (options) => {
        if (!vscode.workspace.isTrusted) throw new ToolRefusal(agentToolsRestrictedMessage());
        if (name === 'describeImageOptions') return { invocationMessage: vscode.l10n.t('Listing the image models and their prices') };
        // Invalid input is refused here, before the person is asked: the error goes back to the agent.
        const started = Date.now();
        const call = await prepareImageCall(this.services, name, options.input);
        this.remember(name, options.input, call);
        this.services.logger.info(`agent tool: ${name} checked for approval in ${Date.now() - started} ms: ${describeCall(call)}`);
        const count = call.preview.count;
        const model = call.preview.model;
        const generate = name === 'generateImage';
        const sources = call.sources.length;
        return {
          invocationMessage: generate
            ? count === 1
              ? vscode.l10n.t('Generating an image with {model}', { model })
              : vscode.l10n.t('Generating {count} images with {model}', { count, model })
            : count === 1
              ? vscode.l10n.t('Editing an image with {model}', { model })
              : vscode.l10n.t('Editing {count} images with {model}', { count, model }),
          confirmationMessages: {
            title: generate
              ? count === 1
                ? vscode.l10n.t('Generate an image?')
                : vscode.l10n.t('Generate {count} images?', { count })
              : sources === 1
                ? vscode.l10n.t('Edit {file}?', { file: call.sources[0] })
                : vscode.l10n.t('Edit {count} images?', { count: sources }),
            message: new vscode.MarkdownString(confirmationText(call)),
          },
        };
      },
      invoke: async (options, token) => {
        if (!vscode.workspace.isTrusted) throw new ToolRefusal(agentToolsRestrictedMessage());
        this.services.logger.info(`agent tool: ${name} approved, running`);
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          const output =
            name === 'describeImageOptions'
              ? await this.describer.describe(options.input)
              : await runImageCall(this.services, await this.checkedCall(name, options.input), controller.signal);
          if (output.isError) throw new ToolRefusal(output.text);
          return new vscode.LanguageModelToolResult([
            new vscode.LanguageModelTextPart(output.text),
            ...output.images.map((image) => vscode.LanguageModelDataPart.image(image.bytes, image.mimeType)),
          ]);
        } finally {
          subscription.dispose();
        }
      },
    };
  }

  private remember(name: ToolName, input: unknown, call: PreparedImageCall): void {
    const key = `${name}\0${JSON.stringify(input)}`;
    this.checked.delete(key);
    this.checked.set(key, { call, settings: JSON.stringify(this.services.settings()) });
    for (const oldest of this.checked.keys()) {
      if (this.checked.size <= CHECKED_CALLS) break;
      this.checked.delete(oldest);
    }
  }

  /** The call prepareInvocation checked for this input if it still holds, else the input checked afresh. */
  private async checkedCall(name: Exclude<ToolName, 'describeImageOptions'>, input: unknown): Promise<PreparedImageCall> {
    const key = `${name}\0${JSON.stringify(input)}`;
    const entry = this.checked.get(key);
    this.checked.delete(key);
    return (entry && (await stillValid(this.services, entry.call, entry.settings))) ?? (await prepareImageCall(this.services, name, input));
  }

  /**
   * Starts the MCP server (once) and fills in where it listens and the bearer token; VS Code
   * calls this when an MCP client needs the server.
   */
  async resolveMcpServer(definition: vscode.McpHttpServerDefinition): Promise<vscode.McpHttpServerDefinition | undefined> {
    if (!vscode.workspace.isTrusted || !this.services.settings().agentToolsEnabled) return undefined;
    this.mcp ??= this.startMcp();
    const server = await this.mcp;
    definition.uri = vscode.Uri.parse(server.url);
    definition.headers = { ...definition.headers, Authorization: server.authorization };
    return definition;
  }

  private async startMcp(): Promise<RunningMcpServer> {
    // A plain require of a sibling bundle that esbuild leaves alone (see esbuild.mjs): the SDK loads only now.
    const { startMcpServer } = require('./mcpServer.js') as McpServerModule;
    const backend: McpToolBackend = {
      tools: () => {
        const schemas = toolInputSchemas();
        return TOOL_NAMES.map((name) => ({ name, title: TOOL_DESCRIPTIONS[name].displayName, description: TOOL_DESCRIPTIONS[name].modelDescription, inputSchema: schemas[name] }));
      },
      call: (name, args, signal) => this.call(name, args, signal),
    };
    const version = String((this.services.context.extension.packageJSON as { version?: unknown }).version ?? '0');
    const server = await startMcpServer(backend, { name: 'image-studio', version });
    this.services.logger.info(`MCP server listening on ${server.url}`);
    return server;
  }
}

/** A checked call for the log (English, for developers): what will be sent and what it costs. */
function describeCall(call: PreparedImageCall): string {
  return `model=${call.preview.model} n=${call.preview.count} estimate=${call.preview.estimate?.usd ?? 'unknown'}`;
}

function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}
