// Registers the image tools at activation without loading them: agent mode's language-model
// tools and the MCP server definition answer from here, and the first call (or the first
// start of the MCP server) loads the features bundle, as a command does. In Restricted Mode
// neither is offered (package.json's `when` hides the tools; the provider lists no server)
// until the person trusts the workspace.
import * as vscode from 'vscode';
import type { AgentTools } from './agentTools';
import { languageModelToolId, MCP_PROVIDER_ID, TOOL_NAMES } from './toolNames';

const ENABLED = 'agentTools.enabled';

/** Registers every tool and the MCP server definition provider; `agent` loads the features bundle. */
export function registerAgentTools(context: vscode.ExtensionContext, agent: () => AgentTools): { disposable: vscode.Disposable; mcpProvider: vscode.McpServerDefinitionProvider } {
  const changed = new vscode.EventEmitter<void>();
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0');
  const mcpProvider: vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    // Called eagerly by VS Code: no server yet (nor a token); resolve starts it.
    // Not in Restricted Mode: see agentToolsRestrictedMessage. Offered again once trust is granted.
    provideMcpServerDefinitions: () =>
      vscode.workspace.isTrusted && vscode.workspace.getConfiguration('imageStudio').get<boolean>(ENABLED, true)
        ? // eslint-disable-next-line image-studio/localized-text -- the product name, as the MCP server's label
          [new vscode.McpHttpServerDefinition('Image Studio', vscode.Uri.parse('http://127.0.0.1/mcp'), {}, version)]
        : [],
    resolveMcpServerDefinition: (definition) => agent().resolveMcpServer(definition),
  };
  const disposable = vscode.Disposable.from(
    changed,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`imageStudio.${ENABLED}`)) changed.fire();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    ...TOOL_NAMES.map((name) =>
      vscode.lm.registerTool<unknown>(languageModelToolId(name), {
        prepareInvocation: (options, token) => agent().languageModelTool(name).prepareInvocation?.(options, token),
        invoke: (options, token) => agent().languageModelTool(name).invoke(options, token),
      }),
    ),
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, mcpProvider),
  );
  return { disposable, mcpProvider };
}
