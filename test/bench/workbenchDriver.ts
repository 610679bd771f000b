// Drives the real workbench (code-server + headless Chromium) for the bench: start a fresh
// instance, run palette commands (test/harness/palette.ts, shared with the e2e tests), wait
// for toasts. Like test/e2e/workbench.ts, but with no DOM types (test/bench is type-checked
// without the DOM lib), and its own temp folders.
import { rmSync } from 'node:fs';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { launchBrowser, workbenchUrl } from '../harness/browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from '../harness/codeServer';
import { focusWorkbench, QUICK_INPUT } from '../harness/palette';
import { waitFor } from '../harness/poll';

export interface BenchSession {
  server: CodeServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * Settings of every bench window. A remote window's extension host (code-server's are remote)
 * looks for ports to forward every few seconds: it reads /proc and spawns two shells, 40–70 ms
 * on its thread each time (CPU profiles of the agent bench, IMAGE_STUDIO_BENCH_PROFILE). A local
 * VS Code window does not, and whatever a figure times on that thread was slow when it coincided.
 * code-server has a tunnel provider, so only the source 'output' turns it off.
 */
export const BENCH_WINDOW_SETTINGS: Readonly<Record<string, unknown>> = {
  'remote.autoForwardPorts': false,
  'remote.autoForwardPortsSource': 'output',
};

/**
 * A fresh code-server (own temp folders, free port) and a browser showing its workbench.
 * `initScript` runs in every frame (the page and each iframe) before the frame's own scripts.
 */
export async function openSession(options: CodeServerOptions & { initScript?: string }): Promise<BenchSession> {
  const server = await startCodeServer({ ...options, userSettings: { ...BENCH_WINDOW_SETTINGS, ...options.userSettings } });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    if (options.initScript) await page.addInitScript(options.initScript);
    await page.goto(workbenchUrl(server.url, options.workspace));
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await page.waitForSelector('.explorer-folders-view', { timeout: 90_000 });
    const opened = browser;
    return {
      server,
      browser: opened,
      page,
      close: async () => {
        await opened.close().catch(() => undefined);
        await server.stop();
        // Its own temporary root (user data, the installed .vsix): nothing to keep.
        rmSync(server.root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    rmSync(server.root, { recursive: true, force: true });
    throw error;
  }
}

export { runCommand } from '../harness/palette';

/** Types into the open quick input and accepts. */
export async function answerInput(page: Page, text: string): Promise<void> {
  const input = page.locator(`${QUICK_INPUT}:visible input`).first();
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** The toast whose message matches. */
export function toast(page: Page, text: RegExp | string): Locator {
  return page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
}

/**
 * The first frame (webviews are two nested iframes) for which `probe`, a page-side
 * expression, is truthy; polled until `timeoutMs`.
 */
export async function findFrame(page: Page, probe: string, timeoutMs = 30_000): Promise<Frame> {
  return waitFor(
    async () => {
      for (const frame of page.frames()) {
        if (frame.isDetached()) continue;
        if (await frame.evaluate(probe).catch(() => false)) return frame;
      }
      return undefined;
    },
    `a frame where ${probe}`,
    timeoutMs,
  );
}

/** Opens a workspace file by name with Quick Open (Ctrl+P); returns when Enter was pressed. */
export async function quickOpen(page: Page, fileName: string): Promise<number> {
  await focusWorkbench(page);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.waitForSelector(`${QUICK_INPUT}:visible`);
  await page.keyboard.type(fileName);
  await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: fileName }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const pressed = Date.now();
  await page.keyboard.press('Enter');
  return pressed;
}
