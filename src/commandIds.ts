/**
 * Every command the extension contributes. Activation registers these with handlers that
 * load the features bundle on first use, so activation never pays for the SDK or sharp.
 * A test checks this list against package.json.
 */
export const COMMAND_IDS = [
  'imageStudio.generate',
  'imageStudio.generateFromSelection',
  'imageStudio.setApiKey',
  'imageStudio.clearApiKey',
  'imageStudio.chooseModel',
  'imageStudio.createVariations',
  'imageStudio.editWithPrompt',
  'imageStudio.openStudio',
  'imageStudio.editWithMask',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export type CommandHandler = (...args: unknown[]) => unknown;
