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
  'imageStudio.editWithMarkup',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export type CommandHandler = (...args: unknown[]) => unknown;

/** Arguments a keybinding or another extension may pass to `imageStudio.generate`. */
export interface GenerateArgs {
  prompt?: string;
}

/** Whether `imageStudio.generate` was given a prompt (it then generates without asking). */
export function isGenerateArgs(value: unknown): value is Required<GenerateArgs> {
  return typeof value === 'object' && value !== null && typeof (value as GenerateArgs).prompt === 'string';
}
