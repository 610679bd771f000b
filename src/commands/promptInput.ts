// The one prompt box (Generate Image…, Edit with Prompt…, Create Variations… on GPT image
// models): refuses an empty prompt and one longer than the model takes, counted in characters.
// Part of dist/extension.js (Generate Image… shows it before the features bundle loads), so
// it imports only `vscode` and the model table (no SDK, no sharp, no job code).
import * as vscode from 'vscode';
import { capabilitiesFor } from '../openai/modelTable';
import { formatNumber } from '../../shared/localeFormat';

export interface PromptQuestion {
  title: string;
  model: string;
  /** The line under the box: what to describe. */
  prompt: string;
  value?: string;
  placeHolder?: string;
  /**
   * Called once, when the box is on screen: VS Code validates the initial value in the same
   * step as it shows the box, so the first validation is the extension host's sign that the
   * box is up (Generate Image… loads the features bundle then, while the person types).
   */
  shown?: () => void;
}

/** The trimmed prompt, or undefined when the person cancelled. */
export async function askPrompt(question: PromptQuestion): Promise<string | undefined> {
  const maxLength = capabilitiesFor(question.model).maxPromptLength;
  let shown = question.shown;
  const answer = await vscode.window.showInputBox({
    title: question.title,
    prompt: question.prompt,
    value: question.value,
    placeHolder: question.placeHolder,
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (shown) {
        const notify = shown;
        shown = undefined;
        // Outside the validator: whatever it does cannot break or slow this validation.
        setTimeout(notify, 0);
      }
      if (!text.trim()) return vscode.l10n.t('Describe what you want first.');
      const length = [...text].length; // characters, not UTF-16 units (emoji count once)
      if (maxLength && length > maxLength) return vscode.l10n.t('The prompt is {length} characters; {model} accepts at most {max}.', { length: formatNumber(length), model: question.model, max: formatNumber(maxLength) });
      return undefined;
    },
  });
  return answer?.trim() || undefined;
}

/** Generate Image…'s box: the model in its title, pre-filled with the editor's selection. */
export function askGeneratePrompt(model: string, shown?: () => void): Promise<string | undefined> {
  return askPrompt({
    shown,
    title: vscode.l10n.t('Image Studio: Generate Image ({model})', { model }),
    model,
    prompt: vscode.l10n.t('Describe the image you want.'),
    value: selectedText(),
    placeHolder: vscode.l10n.t('A watercolor lighthouse on a cliff at sunset'),
  });
}

/** The active editor's selected text, trimmed; undefined when nothing (but blanks) is selected. */
export function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  return editor.document.getText(editor.selection).trim() || undefined;
}
