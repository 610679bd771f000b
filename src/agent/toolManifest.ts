// package.json's `contributes.languageModelTools`, generated from the tools' one definition
// (toolSchemas.ts). A unit test keeps the manifest equal to this; when the capability table
// changes, it says to regenerate (IMAGE_STUDIO_UPDATE_MANIFEST=1 npm run test:unit).
import { languageModelToolId, TOOL_DESCRIPTIONS, TOOL_NAMES, toolInputSchemas } from './toolSchemas';

const ICONS = { generateImage: '$(sparkle)', editImage: '$(edit)', describeImageOptions: '$(list-unordered)' } as const;

export function languageModelToolsManifest(): Record<string, unknown>[] {
  const schemas = toolInputSchemas();
  return TOOL_NAMES.map((name) => ({
    name: languageModelToolId(name),
    toolReferenceName: name,
    displayName: TOOL_DESCRIPTIONS[name].displayName,
    userDescription: TOOL_DESCRIPTIONS[name].userDescription,
    modelDescription: TOOL_DESCRIPTIONS[name].modelDescription,
    icon: ICONS[name],
    canBeReferencedInPrompt: true,
    when: 'config.imageStudio.agentTools.enabled',
    inputSchema: schemas[name],
  }));
}
