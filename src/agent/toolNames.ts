// The image tools' names, apart from their schemas so that activation (extension.ts), which
// registers the tools, loads nothing else: the schemas come with the features bundle.

/** The tools, by the name MCP clients see and `#name` references use. */
export const TOOL_NAMES = ['generateImage', 'editImage', 'describeImageOptions'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** The id a tool is registered under with VS Code (`vscode.lm.tools`); unique across extensions. */
export const languageModelToolId = (name: ToolName): string => `imageStudio_${name}`;

/** The id of the MCP server definition provider (package.json `mcpServerDefinitionProviders`). */
export const MCP_PROVIDER_ID = 'imageStudio.mcpServer';
