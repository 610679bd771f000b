// The command palette of the real workbench, driven the way a person uses it. Shared by the
// end-to-end tests and the bench; no DOM types (the bench is type-checked without them).
import type { Locator, Page } from 'playwright-core';

/** VS Code's quick input (the palette, Quick Open, input boxes). */
export const QUICK_INPUT = '.quick-input-widget';

/**
 * Moves keyboard focus out of any webview (such as the image preview): keys pressed
 * while an iframe has focus never reach the workbench's keybindings.
 */
export async function focusWorkbench(page: Page): Promise<void> {
  await page.evaluate('document.activeElement && document.activeElement.tagName === "IFRAME" && document.activeElement.blur()');
}

/**
 * Opens the palette and types a command's full title until its row is listed; returns the
 * row (visible, not yet chosen). The palette captures the command list when it opens, so it
 * is reopened until the command is listed (extension commands appear once the extension
 * host is up).
 */
export async function findCommandRow(page: Page, title: string, timeoutMs = 30_000): Promise<Locator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await focusWorkbench(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    // A webview that takes focus just then (the image preview of a file just saved)
    // swallows the key: the palette does not open, so blur it again and retry.
    const opened = await page
      .waitForSelector(`${QUICK_INPUT}:visible`, { timeout: 3000 })
      .then(() => true, () => false);
    if (!opened) {
      if (Date.now() > deadline) throw new Error(`the command palette did not open to run "${title}"`);
      continue;
    }
    await page.keyboard.type(title);
    const row = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 2000 });
      return row;
    } catch {
      if (Date.now() > deadline) throw new Error(`command "${title}" never showed in the palette`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
  }
}

/**
 * Runs a command from the palette by its full title (see {@link findCommandRow}). Returns
 * the time (Date.now()) just before Enter was pressed: when the person asked for it.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<number> {
  await findCommandRow(page, title, timeoutMs);
  const pressed = Date.now();
  await page.keyboard.press('Enter');
  return pressed;
}
