// End to end, in a real browser, on the packaged .vsix: the Image Studio panel as a person
// uses it — palette, prompt, live previews, tile actions, history, reload, themes.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { StudioParams } from '../../shared/protocol';
import { DEFAULT_SETTINGS } from '../../src/config/defaultSettings';
import { estimateStudioJob } from '../../src/panels/studio/studioEstimate';
import {
  answerQuickInput,
  clickDialogButton,
  dismissToasts,
  editorTab,
  explorerItem,
  focusWorkbench,
  quickOpen,
  recordToasts,
  runCommand,
  screenshot,
  setColorTheme,
  toastsSeen,
  useWorkbench,
  waitFor,
  webviewContent,
} from './workbench';

const CANARY_KEY = `sk-e2e-canary-${Date.now().toString(36)}-do-not-leak`;
const OPEN_STUDIO = 'Image Studio: Open Image Studio';
const SEEDED = 200;
const SUBJECTS = ['a lighthouse on a cliff', 'a fox in the snow', 'a teapot on a desk', 'a city at night', 'a mountain lake', 'a paper boat'];
const COLOURS = ['#264653', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51', '#6d597a', '#b56576', '#355070'];

describe('Image Studio panel in the browser (packaged .vsix)', { timeout: 600_000 }, () => {
  const suite = useWorkbench({
    name: 'studio',
    prepare: async (workspace) => {
      writeFileSync(join(workspace, 'notes.md'), '# Notes\n\n');
      await seedHistory(join(workspace, 'images'), SEEDED);
    },
    userSettings: { 'workbench.colorTheme': 'Default Dark Modern' },
    apiKey: CANARY_KEY,
  });
  const images = () => join(suite.workspace, 'images');
  const pngs = () => readdirSync(images()).filter((name) => name.endsWith('.png')).sort();
  const sidecars = () => readdirSync(images()).filter((name) => name.endsWith('.json')).length;
  const studio = () => webviewContent(suite.page, 'image-studio.image-studio');
  const PROMPT = 'A watercolor lighthouse on a cliff at sunset';

  before(async () => {
    // Copy actions go through the browser's clipboard, which headless Chromium guards.
    await suite.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.session.server.url).origin });
  });

  /** Shows the studio (opening it if no tab has it) and waits for its page. */
  async function showStudio(): Promise<void> {
    const tab = editorTab(suite.page, 'Image Studio');
    if (await tab.isVisible()) await tab.click();
    else await runCommand(suite.page, OPEN_STUDIO);
    await studio().locator('#prompt').waitFor({ timeout: 30_000 });
  }

  /** Generates `count` images of PROMPT from the studio's form (Ctrl+Enter), as a person does. */
  async function generateInStudio(count: number): Promise<void> {
    await showStudio();
    const before = pngs().length;
    const prompt = studio().locator('#prompt');
    await prompt.fill('');
    await prompt.click();
    await prompt.pressSequentially(PROMPT, { delay: 5 });
    await studio().locator('#count').fill(String(count));
    await studio().locator('#count').press('Tab');
    await studio().locator('.estimate', { hasText: /Estimated ~\$/ }).waitFor({ timeout: 10_000 });
    await prompt.press('Control+Enter');
    await waitFor(() => pngs().length >= before + count, `${count} new images`, 60_000);
    await studio().locator('.job-status', { hasText: `Done · ${count} image` }).waitFor({ timeout: 20_000 });
  }

  test('opens from the palette and shows a 200-image history fast, thumbnails as they scroll in', async () => {
    const { page } = suite;
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
    const { page, endpoint } = suite;
    await showStudio();
    const before = pngs().length;
    const prompt = studio().locator('#prompt');
    await prompt.fill('');
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
    const { page, endpoint } = suite;
    // Its own three results to act on.
    await generateInStudio(3);
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
    const requestsBefore = endpoint.requests.length;
    await tile.locator('[data-action="createVariations"]').click();
    await answerQuickInput(page, 'How many variations', '1');
    await answerQuickInput(page, 'Size of the results', '');
    await answerQuickInput(page, 'How should the variations differ', '', { clear: false });
    await waitFor(() => endpoint.requests.slice(requestsBefore).some((request) => request.path === '/v1/images/edits'), 'the variation request', 30_000);
    await waitFor(() => readdirSync(images()).some((file) => /\.var-1\.json$/.test(file)), 'the variation and its sidecar', 30_000);
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
    // The tile says Deleted once the action is over (image first, then its sidecar).
    await studio().locator('.results-grid .tile.missing', { hasText: 'Deleted' }).waitFor({ timeout: 30_000 });
    assert.ok(!readdirSync(images()).includes(victimName), `${victimName} is deleted`);
    assert.ok(!readdirSync(images()).includes(victimName.replace(/\.png$/, '.json')), 'its sidecar too');
  });

  test('after a window reload the panel comes back with its prompt, results and history', async () => {
    const { page } = suite;
    // Its own prompt, form and results to come back.
    await generateInStudio(2);
    const historyTitle = studio().locator('#history-title');
    // The history lists the new images (it refreshes a moment after files change).
    await waitFor(async () => ((await historyTitle.textContent()) ?? '').includes(`(${sidecars()})`), 'the history to list every image', 10_000);
    const listed = await historyTitle.textContent();
    // Reload Window, not the browser's reload: the workbench then saves the panel's state as
    // it unloads (a browser reload can lose what changed in the last seconds).
    await focusWorkbench(page);
    const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await editorTab(page, 'Image Studio').waitFor({ timeout: 60_000 });
    await editorTab(page, 'Image Studio').click();
    await studio().locator('.history-grid .tile').first().waitFor({ timeout: 60_000 });
    assert.equal(await studio().locator('#prompt').inputValue(), PROMPT, 'the prompt survived');
    assert.equal(await studio().locator('#count').inputValue(), '2', 'the form survived');
    await studio().locator('.results-grid .tile[data-id]').nth(1).waitFor({ timeout: 20_000 });
    assert.equal(await studio().locator('#history-title').textContent(), listed, 'the same history');
    await screenshot(page, 'studio-dark-restored');
  });

  /**
   * The form's values as its controls show them; a control the model does not have (hidden,
   * empty) reads as the value the form sends for it (fitParams).
   */
  async function formValues(): Promise<StudioParams> {
    const value = (id: string) => studio().locator(`#${id}`).inputValue();
    return {
      model: await value('model'),
      size: await value('size'),
      quality: await value('quality'),
      n: Number(await value('count')),
      background: ((await value('background')) || 'auto') as StudioParams['background'],
      outputFormat: ((await value('format')) || 'png') as StudioParams['outputFormat'],
      style: ((await value('style')) || 'vivid') as StudioParams['style'],
      complexity: ((await value('complexity')) || 'default') as StudioParams['complexity'],
      frameCount: Number(await value('frame-count')),
      frameDurationMs: Number(await value('frame-duration')),
    };
  }

  /** Images asked of the endpoint by generation requests from `from` on (`n` of each, 1 when absent). */
  const imagesAsked = (from: number) =>
    suite.endpoint.requests.slice(from).filter((request) => request.path === '/v1/images/generations').reduce((sum, request) => sum + (Number(request.json?.n) || 1), 0);

  /** Selects the text of the Images field and types `count` over it, as a person does; the field keeps focus. */
  async function typeCount(count: number): Promise<void> {
    const field = studio().locator('#count');
    await field.focus();
    await field.press('Control+a');
    await field.pressSequentially(String(count));
  }

  /** Waits for the job started by a Ctrl+Enter just pressed to end (Generate stops working). */
  async function jobOver(timeoutMs = 90_000): Promise<void> {
    await studio().locator('#generate:not(.working)').waitFor({ timeout: timeoutMs });
  }

  test('Images typed and Ctrl+Enter at once, never leaving the field: exactly that many are asked for; the estimate follows each keystroke', async () => {
    const { endpoint } = suite;
    await showStudio();
    await studio().locator('#prompt').fill(PROMPT);
    await typeCount(3);
    // Before anything is sent, and without leaving the field: the estimate is for 3 images.
    const params = { ...(await formValues()), n: 3 };
    const expected = estimateStudioJob({ ...DEFAULT_SETTINGS, baseUrl: endpoint.url, maxRetries: 1 }, params, PROMPT, {}, new Date());
    assert.ok(expected.label, `an estimate for ${JSON.stringify(params)}`);
    const estimate = studio().locator('.estimate:not(.stale)', { hasText: `Estimated ${expected.label}` });
    await estimate.waitFor({ timeout: 10_000 });
    assert.match((await estimate.getAttribute('title')) ?? '', /^3 images ×/, 'the basis counts three images');
    assert.ok(await studio().locator('#count').evaluate((field) => field === document.activeElement), 'the field still has focus (no change event yet)');
    let sent = endpoint.requests.length;
    await studio().locator('#count').press('Control+Enter');
    await jobOver();
    assert.equal(imagesAsked(sent), 3, 'three images asked for');
    await studio().locator('.job-status', { hasText: 'Done · 3 images' }).waitFor({ timeout: 10_000 });

    // At once: type 2 and press Ctrl+Enter with no pause at all (no blur, no estimate yet).
    sent = endpoint.requests.length;
    await typeCount(2);
    await studio().locator('#count').press('Control+Enter');
    await jobOver();
    assert.equal(imagesAsked(sent), 2, 'two images asked for, as typed');
    await studio().locator('.job-status', { hasText: 'Done · 2 images' }).waitFor({ timeout: 10_000 });
    assert.equal(await studio().locator('#count').inputValue(), '2', 'the field says what was sent');
    assert.equal(await studio().locator('.results-grid .tile[data-id]').count(), 2);
  });

  test('a full grid of results in a 900 px tall window: the history is in view beside it, or one key away', async () => {
    const { page } = suite;
    await showStudio();
    // The studio alone in the window (earlier tests opened images beside it).
    await runCommand(page, 'View: Close Editors in Other Groups');
    await editorTab(page, 'Image Studio').click();
    await studio().locator('#prompt').fill('A paper boat on a pond');
    await typeCount(10);
    await studio().locator('#count').press('Control+Enter');
    await jobOver(120_000);
    await studio().locator('.job-status', { hasText: 'Done · 10 images' }).waitFor({ timeout: 10_000 });
    const historyInView = () =>
      studio().locator('#history-title').evaluate((title) => {
        const box = title.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
      });
    const toTop = () => studio().locator('body').evaluate(() => window.scrollTo(0, 0));
    const panelWidth = () => studio().locator('body').evaluate(() => window.innerWidth);
    try {
      // A wide panel (1400 px window): the history is beside the results, in view at once.
      assert.ok((await panelWidth()) >= 960, `a wide panel (${await panelWidth()} px)`);
      await toTop();
      assert.ok(await historyInView(), 'the history heading is in view beside ten results');
      await screenshot(page, 'studio-dark-full-grid-wide');

      // A narrow one (900 px window): one column; the results fold away with one key.
      await page.setViewportSize({ width: 900, height: 900 });
      await waitFor(async () => (await panelWidth()) < 960, 'the panel to narrow');
      await toTop();
      assert.equal(await historyInView(), false, 'ten results push the history below the fold');
      const toggle = studio().locator('#results-toggle');
      await toggle.focus();
      await toggle.press('Enter');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.ok(await historyInView(), 'Enter on the Results heading brings the history into view');
      assert.match((await studio().locator('.job-status').textContent()) ?? '', /Done · 10 images/, 'the done line stays');
      await screenshot(page, 'studio-dark-full-grid-narrow-folded');
      await toggle.press('Space');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.equal(await studio().locator('.results-grid .tile[data-id]').count(), 10);
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  test('the panel opened again shows the last choices; Reset to settings brings the settings back', async () => {
    const { page } = suite;
    await showStudio();
    await studio().locator('#quality').selectOption('high');
    await studio().locator('#size').selectOption('1536x1024');
    await studio().locator('#format').selectOption('webp');
    await studio().locator('#complexity').selectOption('high');
    await typeCount(4); // and the panel closed with the field still focused
    // The page has told the host (the estimate it asks for comes after): the basis counts 4 images.
    await studio().locator('.estimate:not(.stale)[title^="4 images"]').waitFor({ timeout: 10_000 });
    const chosen = await formValues();
    assert.deepEqual(
      { ...chosen, model: undefined },
      { model: undefined, size: '1536x1024', quality: 'high', n: 4, background: 'auto', outputFormat: 'webp', style: 'vivid', complexity: 'high', frameCount: 9, frameDurationMs: 200 },
    );

    const reopen = async () => {
      // Closed (the page and its own state go with it), then opened again from the palette.
      await runCommand(page, 'View: Close All Editors');
      await editorTab(page, 'Image Studio').waitFor({ state: 'detached', timeout: 20_000 });
      await runCommand(page, OPEN_STUDIO);
      await studio().locator('#prompt').waitFor({ timeout: 30_000 });
      // The form is filled by the host's answer to the page's `ready`.
      await studio().locator('#model option').first().waitFor({ state: 'attached', timeout: 30_000 });
    };
    await reopen();
    assert.deepEqual(await formValues(), chosen, 'the last choices, not the settings');

    // Reset to settings, from the keyboard.
    const settings = { size: DEFAULT_SETTINGS.size, quality: DEFAULT_SETTINGS.quality, n: DEFAULT_SETTINGS.count, outputFormat: DEFAULT_SETTINGS.outputFormat };
    await studio().locator('#reset-choices').focus();
    await studio().locator('#reset-choices').press('Enter');
    const reset = await formValues();
    assert.deepEqual({ size: reset.size, quality: reset.quality, n: reset.n, outputFormat: reset.outputFormat, model: reset.model }, { ...settings, model: DEFAULT_SETTINGS.model });
    await studio().locator(`.estimate:not(.stale)[title^="${DEFAULT_SETTINGS.count} image"]`).waitFor({ timeout: 10_000 });
    await reopen();
    assert.deepEqual(await formValues(), reset, 'forgotten: a new panel shows the settings');
  });

  /** A picture of one element (a tile), kept with the other screenshots. */
  async function screenshotOf(locator: ReturnType<ReturnType<typeof studio>['locator']>, name: string): Promise<void> {
    const dir = join(process.env.IMAGE_STUDIO_ARTIFACTS ?? join(process.cwd(), '.test-artifacts'), 'screenshots');
    mkdirSync(dir, { recursive: true });
    await locator.screenshot({ path: join(dir, `${name}.png`) });
  }

  /** Waits until the tile's <img> has loaded its image (decoded, with a width). */
  async function imageLoaded(tile: ReturnType<ReturnType<typeof studio>['locator']>): Promise<{ naturalWidth: number; naturalHeight: number; src: string }> {
    const img = tile.locator('.tile-image img');
    let last = { naturalWidth: 0, naturalHeight: 0, src: '' };
    await waitFor(async () => {
      last = await img.evaluate((element: HTMLImageElement) => ({ naturalWidth: element.complete ? element.naturalWidth : 0, naturalHeight: element.naturalHeight, src: element.src }));
      return last.naturalWidth > 0;
    }, 'the tile\'s image to load', 20_000).catch(() => assert.fail(`the tile's image did not load: ${JSON.stringify(last)}`));
    return last;
  }

  /** The file a results tile shows (its title's first line is the workspace-relative path). */
  const tileFile = async (tile: ReturnType<ReturnType<typeof studio>['locator']>) => join(suite.workspace, ((await tile.getAttribute('title')) ?? '').split('\n')[0]);

  test('gpt-image-2.5-flare in the studio: an SVG drawing, then a 3-frame GIF that plays in its tile', async () => {
    const { page, endpoint } = suite;
    await showStudio();
    await runCommand(page, 'View: Close Editors in Other Groups');
    await editorTab(page, 'Image Studio').click();
    await studio().locator('body').evaluate(() => window.scrollTo(0, 0));
    await studio().locator('#model').selectOption('gpt-image-2.5-flare');
    // It plans: Complexity is offered, saying what it does.
    await studio().locator('#complexity').waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await studio().locator('#complexity').getAttribute('title')) ?? '', /plans the picture before rendering it; independent of quality/);
    assert.deepEqual(await studio().locator('#complexity option').allTextContents(), ['Default', 'Low', 'Medium', 'High']);

    // SVG: one drawing per request, said under the form; no frames; no transparency.
    await studio().locator('#format').selectOption('svg');
    const note = studio().locator('#format-note');
    await note.waitFor({ state: 'visible', timeout: 10_000 });
    await typeCount(2);
    await studio().locator('#format-note', { hasText: /one drawing per request.*SVG author's tokens are billed on top.*2 drawings are 2 requests/ }).waitFor({ timeout: 10_000 });
    await typeCount(1);
    assert.equal(await studio().locator('#frame-count').isVisible(), false, 'no frames for an SVG');
    const transparent = studio().locator('#background option[value="transparent"]');
    assert.equal(await transparent.isDisabled(), true);
    assert.match((await transparent.getAttribute('title')) ?? '', /only as PNG or WebP, not SVG/);

    const prompt = studio().locator('#prompt');
    await prompt.fill('A flat vector lighthouse logo');
    await studio().locator('.estimate:not(.stale)', { hasText: /Estimated ~\$/ }).waitFor({ timeout: 10_000 });
    let sent = endpoint.requests.length;
    await prompt.press('Control+Enter');
    await jobOver();
    await studio().locator('.job-status', { hasText: 'Done · 1 image' }).waitFor({ timeout: 10_000 });
    const svgBodies = endpoint.requests.slice(sent).filter((request) => request.path === '/v1/images/generations').map((request) => request.json ?? {});
    assert.deepEqual(svgBodies.map((body) => [body.model, body.output_format, body.n]), [['gpt-image-2.5-flare', 'svg', 1]]);
    const svgTile = studio().locator('.results-grid .tile[data-id]').first();
    const svgImage = await imageLoaded(svgTile);
    assert.match(svgImage.src, /\.svg(\?|$)/, 'the tile shows the saved drawing itself');
    const svgFile = await tileFile(svgTile);
    assert.match(svgFile, /\.svg$/);
    const svgText = readFileSync(svgFile, 'utf8');
    assert.match(svgText, /<svg[\s>]/);
    assert.doesNotMatch(svgText, /<script/i, 'no script in the saved drawing');
    await svgTile.scrollIntoViewIfNeeded();
    await screenshotOf(svgTile, 'studio-dark-svg-tile');

    // GIF: the frames appear, the sizes are the GIF sizes.
    await studio().locator('#format').selectOption('gif');
    await studio().locator('#frame-count').waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await studio().locator('#frame-duration').isVisible(), true);
    assert.equal(await note.isVisible(), false, 'the SVG note goes with SVG');
    assert.deepEqual(await studio().locator('#size option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value)), ['auto', '1024x1024', '1536x1024', '1024x1536']);
    assert.equal(await transparent.isDisabled(), true, 'no transparent GIF either');
    await studio().locator('#size').selectOption('1024x1024');
    await studio().locator('#frame-duration').fill('200');
    // Typed, then Ctrl+Enter from the field at once: what is sent is what the field says now.
    const frames = studio().locator('#frame-count');
    await frames.focus();
    await frames.press('Control+a');
    await frames.pressSequentially('3');
    await screenshot(page, 'studio-dark-gif-form');
    sent = endpoint.requests.length;
    await frames.press('Control+Enter');
    await jobOver();
    await studio().locator('.job-status', { hasText: 'Done · 1 image' }).waitFor({ timeout: 10_000 });
    const gifBodies = endpoint.requests.slice(sent).filter((request) => request.path === '/v1/images/generations').map((request) => request.json ?? {});
    assert.equal(gifBodies.length, 1);
    assert.deepEqual(
      [gifBodies[0].output_format, gifBodies[0].frame_count, gifBodies[0].frame_duration_ms, gifBodies[0].stream],
      ['gif', 3, 200, undefined],
      'three frames of 200 ms, not streamed',
    );
    const gifTile = studio().locator('.results-grid .tile[data-id]').first();
    const gifImage = await imageLoaded(gifTile);
    assert.match(gifImage.src, /\.gif(\?|$)/);
    const gifFile = await tileFile(gifTile);
    assert.match(gifFile, /\.gif$/);
    const metadata = await sharp(readFileSync(gifFile), { animated: true }).metadata();
    assert.equal(metadata.format, 'gif');
    assert.equal(metadata.pages, 3, 'an animation of three frames');
    assert.deepEqual(metadata.delay, [200, 200, 200]);
    // It plays: pictures of the tile's image taken over more than one loop are not all the same.
    await gifTile.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    const img = gifTile.locator('.tile-image img');
    const seen = new Set<string>();
    for (let shot = 0; shot < 10 && seen.size < 3; shot++) {
      seen.add((await img.screenshot()).toString('base64'));
      await new Promise((resolve) => setTimeout(resolve, 130));
    }
    assert.ok(seen.size >= 2, `the GIF plays in its tile (${seen.size} distinct picture(s) over ten looks)`);
    await screenshotOf(gifTile, 'studio-dark-gif-tile');
    assert.deepEqual(endpoint.invalidRequests().map((request) => request.validationErrors), [], 'every request was one the service takes');
  });

  test('looks native in the light and high-contrast themes too', async () => {
    const { page } = suite;
    await showStudio();
    // The whole studio in view: other editor groups closed, scrolled to the top.
    await runCommand(page, 'View: Close Editors in Other Groups');
    await editorTab(page, 'Image Studio').click();
    await studio().locator('#prompt').waitFor({ timeout: 20_000 });
    await studio().locator('body').evaluate(() => window.scrollTo(0, 0));
    // The theme the `workbench.colorTheme` setting calls "Default Light Modern".
    await setColorTheme(page, 'Light Modern');
    // The webview picks up the new theme variables a moment later.
    let background = '';
    await waitFor(async () => {
      background = await studio().locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
      return /rgb\(2[0-9]{2}, 2[0-9]{2}, 2[0-9]{2}\)/.test(background);
    }, 'a light background', 10_000).catch(() => assert.fail(`a light background, got ${background}`));
    await screenshot(page, 'studio-light');
    // Keyboard: Tab reaches the grid's current tile; arrows move between tiles.
    await studio().locator('.history-grid .tile').first().focus();
    await studio().locator('.history-grid .tile').first().press('ArrowRight');
    assert.equal(await studio().locator('.history-grid .tile').nth(1).evaluate((tile) => tile === document.activeElement), true);
    assert.equal(await studio().locator('.history-grid .tile[tabindex="0"]').count(), 1, 'one tab stop per grid');
    await screenshot(page, 'studio-light-keyboard-focus');
    await setColorTheme(page, 'Dark High Contrast');
    await waitFor(() => studio().locator('body').evaluate((body) => body.classList.contains('vscode-high-contrast')), 'the high-contrast theme in the page', 10_000);
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

