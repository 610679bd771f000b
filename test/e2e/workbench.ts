// Drives the real VS Code workbench in the browser the way a person does: the command
// palette, quick inputs, notifications. Selectors are VS Code's own DOM classes. Every
// suite starts the same way, through useWorkbench().
import { after, afterEach, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startEndpoint, type Endpoint } from '../endpoint/server';
import { launchBrowser, workbenchUrl } from '../harness/browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from '../harness/codeServer';
import { focusWorkbench, QUICK_INPUT, runCommand } from '../harness/palette';
import { classifyWorkbenchErrors, describeWorkbenchErrors, workbenchErrorText, type TimedTest, type WorkbenchError } from '../harness/workbenchErrors';

export { waitFor } from '../harness/poll';

export interface Session {
  server: CodeServer;
  browser: Browser;
  page: Page;
  /** Errors the workbench logged to the page's console so far. */
  workbenchErrors: WorkbenchError[];
  close(): Promise<void>;
}

export async function openWorkbench(options: CodeServerOptions): Promise<Session> {
  const server = await startCodeServer(options);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const workbenchErrors: WorkbenchError[] = [];
  page.on('console', (message) => {
    const text = message.type() === 'error' ? workbenchErrorText(message.text()) : undefined;
    if (text !== undefined) workbenchErrors.push({ at: Date.now(), text });
  });
  await page.goto(workbenchUrl(server.url, options.workspace));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // The explorer shows the folder once the remote connection is up.
  await page.waitForSelector('.explorer-folders-view', { timeout: 60_000 });
  return {
    server,
    browser,
    page,
    workbenchErrors,
    close: async () => {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

export interface WorkbenchSuiteOptions {
  /** Names the temporary workspace and the screenshots of failed tests (FAILED-<name>-<test>.png). */
  name: string;
  /** The workspace folder's name, as the title bar and the Explorer show it (default: a unique temporary name). */
  folderName?: string;
  /** Fills the workspace folder before VS Code opens it. */
  prepare?: (workspace: string) => void | Promise<void>;
  /** User settings besides the endpoint's `baseUrl` and `maxRetries: 1`. */
  userSettings?: Record<string, unknown>;
  /** A key to set through *Set API Key…* once the workbench is up, as a person does (English workbench only). */
  apiKey?: string;
  /** VS Code's display language (default English). */
  displayLanguage?: CodeServerOptions['displayLanguage'];
}

/** A suite's workbench and endpoint, usable once the suite's `before` hooks ran. */
export interface WorkbenchSuite {
  readonly endpoint: Endpoint;
  readonly session: Session;
  readonly page: Page;
  /** The workspace folder VS Code has open. */
  readonly workspace: string;
  /** `path: errors` of every request the endpoint found invalid, collected after each test. */
  readonly invalid: string[];
}

/**
 * The hooks every end-to-end suite starts with (call it first inside `describe`): before
 * the suite, the local endpoint, a fresh workspace, code-server with the packaged .vsix
 * (IMAGE_STUDIO_VSIX) opened in Chromium, and the key if given; before each test the
 * endpoint reset; after each, its invalid requests collected and a screenshot if it
 * failed; after the suite, everything closed, and the suite failed if the workbench logged
 * an error test/harness/workbenchErrors.ts does not explain.
 */
export function useWorkbench(options: WorkbenchSuiteOptions): WorkbenchSuite {
  let endpoint: Endpoint | undefined;
  let session: Session | undefined;
  let workspace: string | undefined;
  const invalid: string[] = [];
  const tests: TimedTest[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`the ${options.name} suite's workbench is used before it was set up`);
    return value;
  };
  before(async () => {
    const vsix = process.env.IMAGE_STUDIO_VSIX;
    assert.ok(vsix, 'IMAGE_STUDIO_VSIX must point at the packaged extension');
    endpoint = await startEndpoint();
    workspace = mkdtempSync(join(tmpdir(), `image-studio-e2e-${options.name}-`));
    if (options.folderName) {
      workspace = join(workspace, options.folderName);
      mkdirSync(workspace);
    }
    await options.prepare?.(workspace);
    session = await openWorkbench({
      workspace,
      vsix,
      userSettings: { 'imageStudio.baseUrl': endpoint.url, 'imageStudio.maxRetries': 1, ...options.userSettings },
      displayLanguage: options.displayLanguage,
    });
    if (options.apiKey) await setApiKeyThroughUi(session.page, options.apiKey);
  });
  beforeEach((t) => {
    endpoint?.reset();
    tests.push({ title: t.name, startedAt: Date.now() });
  });
  afterEach(async (t) => {
    invalid.push(...(endpoint?.invalidRequests() ?? []).map((request) => `${request.path}: ${request.validationErrors.join('; ')}`));
    await screenshotIfFailed(session, t, options.name);
  });
  after(async () => {
    await session?.close();
    await endpoint?.close();
    const lines = describeWorkbenchErrors(classifyWorkbenchErrors(session?.workbenchErrors ?? [], tests));
    for (const line of lines) console.log(line);
    assert.ok(!lines.some((line) => line.startsWith('✘')), lines.join('\n'));
  });
  return {
    get endpoint() {
      return ready(endpoint);
    },
    get session() {
      return ready(session);
    },
    get page() {
      return ready(session).page;
    },
    get workspace() {
      return ready(workspace);
    },
    invalid,
  };
}

// The palette helpers are shared with the bench.
export { focusWorkbench, runCommand } from '../harness/palette';

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

/**
 * Starts recording the text of every toast the workbench shows from now on (a progress
 * notification may come and go between two polls); read it with {@link toastsSeen}.
 */
export async function recordToasts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { imageStudioToasts: string[] }).imageStudioToasts = seen;
    new MutationObserver(() => {
      document.querySelectorAll('.notifications-toasts .notification-list-item').forEach((item) => seen.push(item.textContent ?? ''));
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

/** The toasts shown since {@link recordToasts}. */
export async function toastsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { imageStudioToasts?: string[] }).imageStudioToasts ?? []);
}

export async function clickToastButton(page: Page, text: RegExp | string, button: string): Promise<void> {
  await toast(page, text).locator('.monaco-button', { hasText: button }).first().click();
}

export async function dismissToasts(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
}

/** Sets the key through *Set API Key…* and its password box, as a person does. */
export async function setApiKeyThroughUi(page: Page, key: string): Promise<void> {
  await runCommand(page, 'Image Studio: Set API Key…');
  await answerInput(page, key);
  await toast(page, /API key saved/).waitFor({ timeout: 20_000 });
  await dismissToasts(page);
}

/** After a failed test, a picture of what the person would have seen: FAILED-<suite>-<test>.png. */
export async function screenshotIfFailed(session: Session | undefined, test: { name: string }, suite: string): Promise<void> {
  // node:test sets `passed` on the context of a finished test (not in its typings).
  if (!session || (test as { passed?: boolean }).passed !== false) return;
  await screenshot(session.page, `FAILED-${suite}-${test.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.IMAGE_STUDIO_ARTIFACTS ?? join(process.cwd(), '.test-artifacts');
  mkdirSync(join(dir, 'screenshots'), { recursive: true });
  // Menus and toasts fade or slide in: wait for every animation that ends (not a blinking
  // cursor or a progress bar, which never do) to have ended, at most 2 s, then take it.
  await page
    .waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity), undefined, { timeout: 2000 })
    .catch(() => undefined);
  await page.screenshot({ path: join(dir, 'screenshots', `${name}.png`) });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Explorer row showing the file or folder named `name` (exactly). */
export function explorerItem(page: Page, name: string): Locator {
  return page
    .locator('.explorer-folders-view .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    })
    .first();
}

/** Clicks a file in the Explorer; `modifiers` (e.g. ['Control']) extend the selection. */
export async function clickInExplorer(page: Page, name: string, modifiers: ('Control' | 'Shift')[] = []): Promise<void> {
  const row = explorerItem(page, name);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click({ modifiers });
}

/**
 * Selects exactly `names` in the Explorer: a click on the first, Control-clicks on the rest.
 * A click can land while the preview it opened takes focus, so each row is checked to be
 * selected (aria-selected) and clicked again if it is not.
 */
export async function selectInExplorer(page: Page, names: string[]): Promise<void> {
  for (const [index, name] of names.entries()) {
    const row = explorerItem(page, name);
    for (let attempt = 0; ; attempt++) {
      if ((await row.getAttribute('aria-selected')) === 'true' && index > 0) break;
      await clickInExplorer(page, name, index === 0 ? [] : ['Control']);
      const selected = await row
        .and(page.locator('[aria-selected="true"]'))
        .waitFor({ timeout: 2000 })
        .then(() => true, () => false);
      if (selected) break;
      if (attempt >= 3) throw new Error(`${name} could not be selected in the Explorer`);
    }
  }
  const selected = await page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"]').count();
  if (selected !== names.length) throw new Error(`expected ${names.length} selected rows in the Explorer, found ${selected}`);
}

/**
 * Opens the Explorer's context menu on `name` (the selection, if `name` is part of it): the
 * menu is on screen when this returns.
 */
export async function rightClickInExplorer(page: Page, name: string, { menuTimeoutMs = 10_000 } = {}): Promise<void> {
  const row = explorerItem(page, name);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click({ button: 'right' });
  await page.locator('.context-view .monaco-menu').filter({ visible: true }).last().waitFor({ state: 'visible', timeout: menuTimeoutMs });
}

/**
 * An entry of the open context menu (rendered in a shadow root, which locators pierce).
 * Menus opened before may linger in the DOM under the new one, so the newest match wins.
 */
export function contextMenuItem(page: Page, label: string): Locator {
  return page.locator('.context-view .monaco-menu .action-item', { hasText: label }).filter({ visible: true }).last();
}

/**
 * Chooses `label` in the open context menu and checks that the menu closed on it. VS Code's
 * menu acts on a mouse-up only from 100 ms after it is drawn (so the release of the
 * right-click that opened it cannot pick an item), and drops a click that comes sooner;
 * nothing on the page says when that time is up. So: hover the item, which makes it the
 * menu's focused one; click; and if the menu is still open, press Enter, which runs the
 * focused item (keys have no such wait). Twice, then it throws, as it does when the item
 * never shows within `appearTimeoutMs`.
 */
export async function chooseContextMenuItem(page: Page, label: string, { appearTimeoutMs = 10_000 } = {}): Promise<void> {
  const item = contextMenuItem(page, label);
  await item.waitFor({ state: 'visible', timeout: appearTimeoutMs });
  const focused = item.and(page.locator('.action-item.focused'));
  // A click that lands closes the menu at once (the menu hides before running the action).
  const closed = (timeout: number) => item.waitFor({ state: 'hidden', timeout }).then(() => true, () => false);
  for (let attempt = 0; attempt < 2; attempt++) {
    // Off the item first, so that hovering it again moves the pointer (and focuses it again).
    if (attempt > 0) await page.mouse.move(0, 0);
    await item.hover({ timeout: 5000 });
    // The menu focuses the item under a moving pointer; the click does not need it, Enter does.
    await focused.waitFor({ state: 'visible', timeout: 2000 }).catch(() => undefined);
    const clicked = await item.click({ timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (await closed(1500)) {
      // Closed without our click landing: something else closed it (focus taken by an editor
      // opening), so nothing was chosen. The caller may open it again.
      if (!clicked) throw new Error(`the context menu closed before ${label} could be chosen`);
      return;
    }
    // A dropped click (or one the menu keeps ignoring, seen in CI: the menu left open with the
    // item in it). Enter runs whichever item is focused, so only when it is ours.
    if (await focused.isVisible()) {
      await page.keyboard.press('Enter');
      if (await closed(3000)) return;
    }
  }
  throw new Error(`the context menu stayed open on ${label}: neither a click nor Enter chose it`);
}

/**
 * Right-click → `command` on `name` in the Explorer, as a person does. The menu can take a
 * moment to appear, or close as it opens when an editor opened just before takes focus: then
 * the row is right-clicked again, three times at most. The item itself is chosen by
 * chooseContextMenuItem.
 */
export async function chooseInExplorerMenu(page: Page, name: string, command: string): Promise<void> {
  let problem: unknown;
  for (let menu = 0; menu < 3; menu++) {
    try {
      await rightClickInExplorer(page, name, { menuTimeoutMs: 5000 });
      await chooseContextMenuItem(page, command, { appearTimeoutMs: 5000 });
      return;
    } catch (error) {
      problem = error;
    }
  }
  throw new Error(`the Explorer's context menu of ${name} never ran ${command}`, { cause: problem });
}

/**
 * Waits for the quick input whose placeholder or message contains `text` (a flow reuses
 * one widget, so "visible" alone may still be the previous step), then answers it.
 */
export async function answerQuickInput(page: Page, text: string, answer: string, { clear = true } = {}): Promise<void> {
  const widget = page.locator(`${QUICK_INPUT}:visible`);
  await widget
    .filter({ has: page.locator(`input[placeholder*="${text.replace(/"/g, '\\"')}"]`) })
    .or(widget.filter({ hasText: text }))
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
  await answerInput(page, answer, { clear });
}

/**
 * The page inside a webview (panel or custom editor) contributed by `extensionId`: VS Code
 * nests it in two iframes, and the outer one's URL names the extension, which tells it
 * apart from other webviews (such as the built-in image preview) open at the same time.
 */
export function webviewContent(page: Page, extensionId: string): ReturnType<Page['frameLocator']> {
  return page.frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`).frameLocator('#active-frame');
}

/**
 * Picks a colour theme with *Preferences: Color Theme*, as a person does. Rows are clicked
 * by their exact label: Enter would take whichever row the fuzzy match put first (such as
 * *Browse Color Themes in Marketplace*).
 */
export async function setColorTheme(page: Page, theme: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.waitForSelector(`${QUICK_INPUT}:visible`);
  await page.keyboard.type('Preferences: Color Theme');
  await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row[aria-label^="Preferences: Color Theme"]`).first().click();
  const input = page.locator(`${QUICK_INPUT}:visible input[placeholder*="Color Theme"]`).first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.pressSequentially(theme, { delay: 2 });
  await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row[aria-label*="${theme}"]`).first().click();
  await page.locator(`${QUICK_INPUT}:visible`).waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Opens a workspace file with Quick Open, as a person does: the F1 widget with its `>`
 * removed searches files (F1 is the key `runCommand` relies on; Ctrl+P can be taken by
 * whatever has focus, such as the Explorer's type-to-navigate).
 */
export async function quickOpen(page: Page, fileName: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      // Every step may meet a widget that something else just closed (a view taking focus).
      await focusWorkbench(page);
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator(`${QUICK_INPUT}:visible input`).first();
      await input.fill(fileName, { timeout: 5000 });
      const row = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: fileName }).first();
      await row.click({ timeout: 5000 });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`"${fileName}" never showed in Quick Open`);
    }
  }
}

/** Clicks `label` in the open modal dialog (VS Code draws its dialogs in the page). */
export async function clickDialogButton(page: Page, label: string, timeoutMs = 10_000): Promise<void> {
  const button = page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: label }).first();
  await button.waitFor({ state: 'visible', timeout: timeoutMs });
  await button.click();
}

/** The editor tab whose label contains `text`. */
export function editorTab(page: Page, text: string | RegExp): Locator {
  return page.locator('.tabs-container .tab', { hasText: text }).first();
}

/**
 * The page inside the visible webview (a custom editor or a panel): VS Code nests it in two
 * iframes. Hidden editors' webviews are discarded (no retained context), so one is visible.
 */
export function visibleWebview(page: Page): ReturnType<Page['frameLocator']> {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
}
