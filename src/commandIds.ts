/**
 * The commands whose handlers live in the features bundle. Activation registers these with
 * handlers that load it on first use, so activation never pays for the SDK or sharp.
 * Together with {@link GET_STARTED_COMMAND_ID} they are every command package.json
 * contributes (an integration test compares them with what is registered).
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

/** *Image Studio: Get Started*: opens the walkthrough; handled in the activation bundle, which it never leaves. */
export const GET_STARTED_COMMAND_ID = 'imageStudio.getStarted';

/** `contributes.walkthroughs[].id` of the walkthrough it opens (`<publisher>.<name>#<id>` to VS Code). */
export const WALKTHROUGH_ID = 'gettingStarted';

export type CommandHandler = (...args: unknown[]) => unknown;

/** Arguments a keybinding or another extension may pass to `imageStudio.generate`. */
export interface GenerateArgs {
  prompt?: string;
}

/** Whether `imageStudio.generate` was given a prompt (it then generates without asking). */
export function isGenerateArgs(value: unknown): value is Required<GenerateArgs> {
  return typeof value === 'object' && value !== null && typeof (value as GenerateArgs).prompt === 'string';
}
