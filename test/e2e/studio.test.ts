// End to end, in a real browser, on the packaged .vsix: the Image Studio panel as a person
// uses it — palette, prompt, live previews, tile actions, history, reload, themes.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startEndpoint, type Endpoint } from '../endpoint/server';
import {
  answerQuickInput,
  clickDialogButton,
  dismissToasts,
  editorTab,
  explorerItem,
  openWorkbench,
  quickOpen,
  recordToasts,
  runCommand,
  screenshot,
  screenshotIfFailed,
  type Session,
  setApiKeyThroughUi,
  setColorTheme,
  toastsSeen,
  webviewContent,
} from './workbench';

const CANARY_KEY = `sk-e2e-canary-${Date.now().toString(36)}-do-not-leak`;
const OPEN_STUDIO = 'Image Studio: Open Image Studio';
const SEEDED = 200;
const SUBJECTS = ['a lighthouse on a cliff', 'a fox in the snow', 'a teapot on a desk', 'a city at night', 'a mountain lake', 'a paper boat'];
const COLOURS = ['#264653', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51', '#6d597a', '#b56576', '#355070'];

describe('Image Studio panel in the browser (packaged .vsix)', { timeout: 600_000 }, () => {
  let endpoint: Endpoint;
  let session: Session;
  let workspace: string;
  const images = () => join(workspace, 'images');
  const pngs = () => readdirSync(images()).filter((name) => name.endsWith('.png')).sort();
  const studio = () => webviewContent(session.page, 'image-studio.image-studio');

  before(async () => {
    const vsix = process.env.IMAGE_STUDIO_VSIX;
    assert.ok(vsix, 'IMAGE_STUDIO_VSIX must point at the packaged extension');
    endpoint = await startEndpoint();
    workspace = mkdtempSync(join(tmpdir(), 'image-studio-e2e-studio-'));
    writeFileSync(join(workspace, 'notes.md'), '# Notes\n\n');
    await seedHistory(images(), SEEDED);
    session = await openWorkbench({
      workspace,
      vsix,
      userSettings: { 'imageStudio.baseUrl': endpoint.url, 'imageStudio.maxRetries': 1, 'workbench.colorTheme': 'Default Dark Modern' },
    });
    await setApiKeyThroughUi(session.page, CANARY_KEY);
    // Copy actions go through the browser's clipboard, which headless Chromium guards.
    await session.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(session.server.url).origin });
  });

  afterEach(async (t) => {
    await screenshotIfFailed(session, t, 'studio');
  });

  after(async () => {
    await session?.close();
    await endpoint?.close();
  });

  test('opens from the palette and shows a 200-image history fast, thumbnails as they scroll in', async () => {
    const { page } = session;
    await runCommand(page, OPEN_STUDIO);
    await editorTab(page, 'Image Studio').waitFor({ timeout: 20_000 });
    await studio().locator('#prompt').waitFor({ timeout: 30_000 });
    await studio().locator('.history-grid .tile').first().waitFor({ timeout: 30_000 });
    const firstScreen = Number(await studio().locator('body').getAttribute('data-history-first-screen-ms', { timeout: 10_000 }));
    assert.ok(Number.isFinite(firstScreen), 'the page measured its first screen');
    console.log(`studio e2e: first screen of a ${SEEDED}-image history ${firstScreen} ms after the webview page started`);
    assert.match((await studio().locator('#history-title').textContent()) ?? '', new RegExp(`\\(${SEEDED}\\)`));
    // Paginated: far fewer tiles in the page than images in the history.
    const rendered = await studio().locator('.history-grid .tile').count();
    assert.ok(rendered > 0 && rendered < SEEDED, `${rendered} tiles rendered`);
    // Thumbnails (small WebP) load for the tiles in view, not for all 200.
    await studio().locator('.history-grid .tile img[src*=".webp"]').first().waitFor({ timeout: 30_000 });
    const loaded = await studio().locator('.history-grid .tile img[src*=".webp"]').count();
    assert.ok(loaded < rendered, `${loaded} of ${rendered} thumbnails loaded (lazily)`);
    await screenshot(page, 'studio-dark-history');
  });

  test('typing a prompt, n=3, Ctrl+Enter: previews stream into tiles, then 3 final images', async () => {
    const { page } = session;
    const before = pngs().length;
    endpoint.reset();
    const prompt = studio().locator('#prompt');
    await prompt.click();
    await prompt.pressSequentially('A watercolor lighthouse on a cliff at sunset', { delay: 5 });
    await studio().locator('#count').fill('3');
    await studio().locator('#count').press('Tab');
    await studio().locator('.estimate', { hasText: /Estimated ~\$/ }).waitFor({ timeout: 10_000 });
    await recordToasts(page);
    await prompt.press('Control+Enter');
    const finals = studio().locator('.results-grid .tile[data-id]');
    await finals.nth(2).waitFor({ timeout: 60_000 });
    assert.equal(await finals.count(), 3);
    for (let index = 0; index < 3; index++) {
      const previews = Number(await finals.nth(index).getAttribute('data-previews'));
      assert.ok(previews >= 1, `tile ${index + 1} showed ${previews} streamed preview(s) before its final image`);
      assert.match((await finals.nth(index).locator('.tile-facts').textContent()) ?? '', /1024×1024 · gpt-image-2/);
    }
    await studio().locator('.job-status', { hasText: /Done · 3 images/ }).waitFor({ timeout: 10_000 });
    // The tiles are the studio's progress: no progress notification beside them.
    assert.deepEqual((await toastsSeen(page)).filter((text) => /Generating/.test(text)), [], 'no progress toast for a studio job');
    assert.equal(pngs().length, before + 3, 'three files saved');
    assert.equal(endpoint.requests.length, 3);
    assert.ok(endpoint.requests.every((request) => request.json?.stream === true));
    await studio().locator('.history-grid .tile', { hasText: 'A watercolor lighthouse' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'studio-dark-results');
  });

  test('tile actions: open, reveal, insert into Markdown, copy, Create Variations, delete', async () => {
    const { page } = session;
    const tile = studio().locator('.results-grid .tile[data-id]').first();
    const name = ((await tile.getAttribute('title')) ?? '').split('\n')[0].split('/').pop()!;
    assert.match(name, /^a-watercolor-lighthouse.*\.png$/);

    await tile.locator('[data-action="open"]').click();
    await editorTab(page, name).waitFor({ timeout: 20_000 });

    await tile.locator('[data-action="reveal"]').click();
    await explorerItem(page, name).waitFor({ state: 'visible', timeout: 20_000 });

    // Insert: into the Markdown file used last, at its cursor.
    await quickOpen(page, 'notes.md');
    await editorTab(page, 'notes.md').waitFor({ timeout: 20_000 });
    await editorTab(page, 'Image Studio').click();
    await tile.locator('[data-action="insert"]').click();
    // The cursor was at the start of "# Notes": the reference gets a line of its own above it.
    await page.locator('.monaco-editor .view-line', { hasText: /^#\s+Notes$/ }).first().waitFor({ timeout: 20_000 });
    await page.locator('.monaco-editor .view-lines', { hasText: `![A watercolor lighthouse on a cliff at sunset](images/${name})` }).first().waitFor({ timeout: 20_000 });
    await studio().locator('.status-line', { hasText: /Inserted a reference/ }).waitFor({ timeout: 10_000 });

    await tile.locator('[data-action="copyMarkdown"]').click();
    await studio().locator('.status-line', { hasText: /Copied a Markdown reference/ }).waitFor({ timeout: 10_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `![A watercolor lighthouse on a cliff at sunset](images/${name})`);

    // Create Variations hands the image to that command, which asks its questions and sends.
    endpoint.reset();
    await tile.locator('[data-action="createVariations"]').click();
    await answerQuickInput(page, 'How many variations', '1');
    await answerQuickInput(page, 'Size of the results', '');
    await answerQuickInput(page, 'How should the variations differ', '', { clear: false });
    await waitUntil(() => endpoint.requests.some((request) => request.path === '/v1/images/edits'), 'the variation request');
    await waitUntil(() => readdirSync(images()).some((file) => /\.var-1\.json$/.test(file)), 'the variation and its sidecar');
    // That command opens its result in the active group, over the studio: go back to it
    // (its page reloads from the saved state, as after any hide/show).
    await editorTab(page, 'Image Studio').click();
    // The tile, not its badge: off-screen tiles skip layout (content-visibility), so their
    // children have no box until scrolled near.
    await studio().locator('.history-grid .tile', { has: studio().locator('.tile-origin', { hasText: 'Variation' }) }).first().waitFor({ timeout: 20_000 });
    await dismissToasts(page);

    // Delete: a modal asks; the image and its sidecar go.
    const victim = studio().locator('.results-grid .tile[data-id]').nth(2);
    const victimName = ((await victim.getAttribute('title')) ?? '').split('\n')[0].split('/').pop()!;
    await victim.locator('[data-action="delete"]').click();
    await clickDialogButton(page, 'Move to Trash');
    // Remote file systems may have no trash: the studio then asks to delete permanently.
    await clickDialogButton(page, 'Delete Permanently', 3000).catch(() => undefined);
    await waitUntil(() => !readdirSync(images()).includes(victimName), `${victimName} to be deleted`);
    assert.ok(!readdirSync(images()).includes(victimName.replace(/\.png$/, '.json')), 'its sidecar too');
    await studio().locator('.results-grid .tile.missing', { hasText: 'Deleted' }).waitFor({ timeout: 10_000 });
  });

  test('after a window reload the panel comes back with its prompt, results and history', async () => {
    const { page } = session;
    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await editorTab(page, 'Image Studio').waitFor({ timeout: 60_000 });
    await editorTab(page, 'Image Studio').click();
    await studio().locator('.history-grid .tile').first().waitFor({ timeout: 60_000 });
    assert.equal(await studio().locator('#prompt').inputValue(), 'A watercolor lighthouse on a cliff at sunset', 'the prompt survived');
    assert.equal(await studio().locator('#count').inputValue(), '3', 'the form survived');
    await studio().locator('.results-grid .tile[data-id]').first().waitFor({ timeout: 20_000 });
    assert.match((await studio().locator('#history-title').textContent()) ?? '', /\(20[23]\)/);
    await screenshot(page, 'studio-dark-restored');
  });

  test('looks native in the light and high-contrast themes too', async () => {
    const { page } = session;
    // The whole studio in view: other editor groups closed, scrolled to the top.
    await runCommand(page, 'View: Close Editors in Other Groups');
    await editorTab(page, 'Image Studio').click();
    await studio().locator('#prompt').waitFor({ timeout: 20_000 });
    await studio().locator('body').evaluate(() => window.scrollTo(0, 0));
    // The theme the `workbench.colorTheme` setting calls "Default Light Modern".
    await setColorTheme(page, 'Light Modern');
    await page.waitForTimeout(1000); // the webview picks up the new theme variables
    const background = await studio().locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
    assert.match(background, /rgb\(2[0-9]{2}, 2[0-9]{2}, 2[0-9]{2}\)/, `a light background, got ${background}`);
    await screenshot(page, 'studio-light');
    // Keyboard: Tab reaches the grid's current tile; arrows move between tiles.
    await studio().locator('.history-grid .tile').first().focus();
    await studio().locator('.history-grid .tile').first().press('ArrowRight');
    assert.equal(await studio().locator('.history-grid .tile').nth(1).evaluate((tile) => tile === document.activeElement), true);
    assert.equal(await studio().locator('.history-grid .tile[tabindex="0"]').count(), 1, 'one tab stop per grid');
    await screenshot(page, 'studio-light-keyboard-focus');
    await setColorTheme(page, 'Dark High Contrast');
    await page.waitForTimeout(1000);
    assert.equal(await studio().locator('body').evaluate((body) => body.classList.contains('vscode-high-contrast')), true);
    await screenshot(page, 'studio-high-contrast');
  });
});

/** Writes `count` small PNGs with sidecars, as earlier generations would have left them. */
async function seedHistory(folder: string, count: number): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const start = Date.parse('2026-10-01T09:00:00Z');
  for (let index = 0; index < count; index++) {
    const subject = SUBJECTS[index % SUBJECTS.length];
    const base = `seed-${String(index).padStart(3, '0')}`;
    const png = await sharp({ create: { width: 384, height: 384, channels: 3, background: COLOURS[index % COLOURS.length] } })
      .png()
      .toBuffer();
    writeFileSync(join(folder, `${base}.png`), png);
    writeFileSync(
      join(folder, `${base}.json`),
      JSON.stringify({
        generator: 'image-studio',
        version: 1,
        prompt: `${subject}, study ${index + 1}`,
        model: index % 5 === 0 ? 'gpt-image-1.5' : 'gpt-image-2',
        parameters: { size: '1024x1024', quality: index % 2 ? 'low' : 'medium', n: 1 },
        costUsd: index % 2 ? 0.011 : 0.042,
        server: '127.0.0.1',
        createdAt: new Date(start + index * 3_600_000).toISOString(),
        image: `${base}.png`,
        width: 1024,
        height: 1024,
      }),
    );
  }
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

