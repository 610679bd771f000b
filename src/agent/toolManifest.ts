// package.json's `contributes.languageModelTools`, generated from the tools' one definition
// (toolSchemas.ts). A unit test keeps the manifest equal to this; when the capability table
// changes, it says to regenerate (IMAGE_STUDIO_UPDATE_MANIFEST=1 npm run test:unit).
// What a person reads in chat's tool list (displayName, userDescription) is localized the
// manifest's way: the manifest says `%tool.<name>.displayName%` and package.nls.json holds the
// English text (manifestTexts), package.nls.<locale>.json the translations. What a language
// model reads (modelDescription, inputSchema) stays English, in the manifest itself.
import { languageModelToolId, TOOL_DESCRIPTIONS, TOOL_NAMES, toolInputSchemas, type ToolName } from './toolSchemas';

const ICONS = { generateImage: '$(sparkle)', editImage: '$(edit)', describeImageOptions: '$(list-unordered)' } as const;

/** The package.nls.json keys of a tool's texts for people. */
function nlsKeys(name: ToolName): { displayName: string; userDescription: string } {
  return { displayName: `tool.${name}.displayName`, userDescription: `tool.${name}.userDescription` };
}

export function languageModelToolsManifest(): Record<string, unknown>[] {
  const schemas = toolInputSchemas();
  return TOOL_NAMES.map((name) => ({
    name: languageModelToolId(name),
    toolReferenceName: name,
    displayName: `%${nlsKeys(name).displayName}%`,
    userDescription: `%${nlsKeys(name).userDescription}%`,
    modelDescription: TOOL_DESCRIPTIONS[name].modelDescription,
    icon: ICONS[name],
    canBeReferencedInPrompt: true,
    // Turned on, and in a trusted workspace: in Restricted Mode agent mode does not offer them.
    when: 'config.imageStudio.agentTools.enabled && isWorkspaceTrusted',
    inputSchema: schemas[name],
  }));
}

/** The English texts the generated tools refer to, as package.nls.json must hold them. */
export function languageModelToolsManifestTexts(): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const name of TOOL_NAMES) {
    const keys = nlsKeys(name);
    texts[keys.displayName] = TOOL_DESCRIPTIONS[name].displayName;
    texts[keys.userDescription] = TOOL_DESCRIPTIONS[name].userDescription;
  }
  return texts;
}
