// The one prompt box (Generate Image…, Edit with Prompt…, Create Variations… on GPT image
// models): refuses an empty prompt and one longer than the model takes, counted in characters.
import * as vscode from 'vscode';
import { capabilitiesFor } from '../openai/modelCapabilities';

export interface PromptQuestion {
  title: string;
  model: string;
  /** The line under the box: what to describe. */
  prompt: string;
  value?: string;
  placeHolder?: string;
}

/** The trimmed prompt, or undefined when the person cancelled. */
export async function askPrompt(question: PromptQuestion): Promise<string | undefined> {
  const maxLength = capabilitiesFor(question.model).maxPromptLength;
  const answer = await vscode.window.showInputBox({
    title: question.title,
    prompt: question.prompt,
    value: question.value,
    placeHolder: question.placeHolder,
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (!text.trim()) return 'Describe what you want first.';
      const length = [...text].length; // characters, not UTF-16 units (emoji count once)
      if (maxLength && length > maxLength) return `The prompt is ${length} characters; ${question.model} accepts at most ${maxLength}.`;
      return undefined;
    },
  });
  return answer?.trim() || undefined;
}
