import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandHandler } from '../commandIds';
import { capabilitiesFor } from '../openai/modelCapabilities';
import { generateAndSave } from '../generation/generateAndSave';
import { captureSelectionTarget, insertImageReferences, selectionOutputFolder } from './insertImageReference';

/** Arguments a keybinding or another extension may pass to `imageStudio.generate`. */
export interface GenerateArgs {
  prompt?: string;
}

export function generateCommands(
  services: Services,
): Record<'imageStudio.generate' | 'imageStudio.generateFromSelection', CommandHandler> {
  return {
    'imageStudio.generate': async (args?: unknown) => {
      const given = isGenerateArgs(args) ? args.prompt.trim() : undefined;
      const prompt = given || (await askForPrompt(services, selectedText()));
      if (!prompt) return undefined;
      return generateAndSave(services, { prompt });
    },
    'imageStudio.generateFromSelection': async () => {
      const editor = vscode.window.activeTextEditor;
      const text = selectedText();
      if (!editor || !text) {
        void services.notifier.show('warning', 'Select the text that describes the image first.');
        return undefined;
      }
      // Captured now: the person may switch editors while the image is generated.
      const target = captureSelectionTarget(editor);
      const settings = services.settings();
      const folder = selectionOutputFolder(target, settings);
      const mode = settings.insertAfterGeneration;
      const saved = await generateAndSave(services, { prompt: text, folder, open: mode === 'off' });
      if (saved && saved.length > 0) {
        const outcome = await insertImageReferences(target, saved, text, mode, services.notifier);
        services.logger.info(`selection: ${outcome} ${saved.length} image reference(s) in ${vscode.workspace.asRelativePath(target.uri)}`);
      }
      return saved;
    },
  };
}

function isGenerateArgs(value: unknown): value is Required<GenerateArgs> {
  return typeof value === 'object' && value !== null && typeof (value as GenerateArgs).prompt === 'string';
}

function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  return editor.document.getText(editor.selection).trim() || undefined;
}

async function askForPrompt(services: Services, initial: string | undefined): Promise<string | undefined> {
  const settings = services.settings();
  const maxLength = capabilitiesFor(settings.model).maxPromptLength;
  const prompt = await vscode.window.showInputBox({
    title: `Image Studio: Generate Image (${settings.model})`,
    prompt: 'Describe the image you want.',
    value: initial,
    placeHolder: 'A watercolor lighthouse on a cliff at sunset',
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return 'Describe the image first.';
      const length = [...value].length; // characters, not UTF-16 units (emoji count once)
      if (maxLength && length > maxLength) {
        return `The prompt is ${length} characters; ${settings.model} accepts at most ${maxLength}.`;
      }
      return undefined;
    },
  });
  return prompt?.trim() || undefined;
}
