import * as vscode from 'vscode';
import { WALKTHROUGH_ID } from '../commandIds';

/**
 * Opens the walkthrough (VS Code's Welcome page on Image Studio's steps) in the active editor
 * group. VS Code opens it by itself when the extension is installed from a running window;
 * this is *Image Studio: Get Started* for every time after that. Needs nothing of the
 * features bundle, so the command runs from the activation bundle alone.
 */
export function openWalkthrough(extensionId: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false);
}
