// Drives the real VS Code workbench in the browser the way a person does: the command
// palette, quick inputs, notifications. Selectors are VS Code's own DOM classes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, workbenchUrl } from '../harness/browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from '../harness/codeServer';

export interface Session {
  server: CodeServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openWorkbench(options: CodeServerOptions): Promise<Session> {
  const server = await startCodeServer(options);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(workbenchUrl(server.url, options.workspace));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // The explorer shows the folder once the remote connection is up.
  await page.waitForSelector('.explorer-folders-view', { timeout: 60_000 });
  return {
    server,
    browser,
    page,
    close: async () => {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

const QUICK_INPUT = '.quick-input-widget';

/**
 * Runs a command from the palette by its full title. The palette captures the command
 * list when it opens, so it is reopened until the extension's commands are there.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await focusWorkbench(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.waitForSelector(`${QUICK_INPUT}:visible`);
    await page.keyboard.type(title);
    const row = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 2000 });
      await page.keyboard.press('Enter');
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`command "${title}" never showed in the palette`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
  }
}

/**
 * Moves keyboard focus out of any webview (such as the image preview): keys pressed
 * while an iframe has focus never reach the workbench's keybindings.
 */
export async function focusWorkbench(page: Page): Promise<void> {
  await page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (active && active.tagName === 'IFRAME') active.blur();
  });
}

/** The image shown by VS Code's built-in image preview (a webview: two nested iframes). */
export function imagePreview(page: Page): Locator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('img');
}

/** Types into the open quick input (input box) and accepts. */
export async function answerInput(page: Page, text: string, { clear = true } = {}): Promise<void> {
  const input = page.locator(`${QUICK_INPUT}:visible input`).first();
  await input.waitFor({ state: 'visible' });
  if (clear) await input.fill('');
  await input.pressSequentially(text, { delay: 2 });
  await page.keyboard.press('Enter');
}

/** The toast whose message matches; toasts are where a person sees them. */
export function toast(page: Page, text: RegExp | string): Locator {
  return page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
}

export async function clickToastButton(page: Page, text: RegExp | string, button: string): Promise<void> {
  await toast(page, text).locator('.monaco-button', { hasText: button }).first().click();
}

export async function dismissToasts(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.IMAGE_STUDIO_ARTIFACTS ?? join(process.cwd(), '.test-artifacts');
  mkdirSync(join(dir, 'screenshots'), { recursive: true });
  await page.screenshot({ path: join(dir, 'screenshots', `${name}.png`) });
}
