import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support';

interface WalkthroughManifest {
  contributes: { walkthroughs: { steps: { id: string; completionEvents?: string[] }[] }[] };
}

/**
 * The unit test (test/unit/walkthrough.test.ts) lets the walkthrough link to a few of VS
 * Code's own commands; this checks that the VS Code the extension runs in has them (a
 * renamed command would leave a button that does nothing).
 */
describe('the walkthrough (extension host)', () => {
  it("names only commands this VS Code has, in its buttons and completion events", async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = extension.packageJSON as WalkthroughManifest;
    const english = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'package.nls.json'))),
    ) as Record<string, string>;
    await extension.activate();
    const known = new Set(await vscode.commands.getCommands(false));
    const missing: string[] = [];
    let checked = 0;
    for (const step of manifest.contributes.walkthroughs[0].steps) {
      // packageJSON is already localized: the descriptions are text, not %keys%.
      const description = (step as { description?: string }).description ?? '';
      const links = [...(english[description.replace(/^%|%$/g, '')] ?? description).matchAll(/\]\(command:(?:toSide:)?([^)?\s]+)/g)].map((m) => m[1]);
      const completing = (step.completionEvents ?? []).filter((event) => event.startsWith('onCommand:')).map((event) => event.slice('onCommand:'.length));
      for (const command of [...links, ...completing]) {
        checked++;
        if (!known.has(command)) missing.push(`${step.id}: ${command}`);
      }
    }
    // Each step has a button and a completion event at least: nothing found means nothing was read.
    assert.ok(checked >= 2 * manifest.contributes.walkthroughs[0].steps.length, `only ${checked} command names found in the walkthrough`);
    assert.deepEqual(missing, [], 'commands the walkthrough names that this VS Code does not have');
  });
});
