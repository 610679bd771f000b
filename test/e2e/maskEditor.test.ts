// End to end, in a real browser, on the packaged .vsix: open an image in the mask editor,
// paint with the mouse, undo, redo, extend the canvas, generate, keep; the work survives
// hiding the editor and reloading the window; strokes stay fast on a 2048x2048 image.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import type { RecordedFile } from '../endpoint/server';
import {
  chooseInExplorerMenu,
  clickInExplorer,
  editorTab,
  focusWorkbench,
  runCommand,
  screenshot,
  useWorkbench,
  visibleWebview,
} from './workbench';
import { waitFor as poll, type NotYet } from '../harness/poll';
import { fixturesDir } from '../fixturesDir';

const CANARY_KEY = `sk-e2e-canary-${Date.now().toString(36)}-do-not-leak`;

/** The shared poll helper, with this suite's 30 s default. */
const waitFor = <T>(check: () => T | NotYet | Promise<T | NotYet>, what: string, timeoutMs = 30_000): Promise<T> => poll(check, what, timeoutMs);

/** The mask editor's page (the only visible webview while it is the active editor). */
const editor = (page: Page) => visibleWebview(page);

/**
 * Right-click → Edit with Mask…, as a person does. VS Code's context menu can drop a click
 * that comes right as it opens, so the click is retried while the menu is still up.
 */
async function openInMaskEditor(page: Page, name: string, command = 'Edit with Mask…'): Promise<void> {
  await chooseInExplorerMenu(page, name, command);
  await editorReady(page);
}

/** Waits until the editor shows its image. */
async function editorReady(page: Page): Promise<void> {
  await editor(page).locator('#viewport').waitFor({ state: 'visible', timeout: 60_000 });
  await editor(page).locator('#loading').waitFor({ state: 'hidden', timeout: 60_000 });
}

/** Page coordinates of an image pixel (the mask canvas is the extended canvas on screen). */
async function toPage(page: Page, x: number, y: number, canvas: { width: number; left: number; top: number }): Promise<{ x: number; y: number }> {
  const box = await editor(page).locator('#mask-canvas').boundingBox();
  assert.ok(box, 'the mask canvas is on screen');
  const scale = box.width / canvas.width;
  return { x: box.x + (x + canvas.left) * scale, y: box.y + (y + canvas.top) * scale };
}

/** Alpha of the mask canvas (what is painted) at an image pixel. */
async function maskAlphaAt(page: Page, x: number, y: number, left = 0, top = 0): Promise<number> {
  return editor(page)
    .locator('#mask-canvas')
    .evaluate((element, point) => {
      const ctx = (element as HTMLCanvasElement).getContext('2d');
      return ctx ? ctx.getImageData(point.x, point.y, 1, 1).data[3] : -1;
    }, { x: x + left, y: y + top });
}

/** Drags the mouse along image pixels, in small steps, as a person paints. */
async function paint(page: Page, points: [number, number][], canvas: { width: number; left: number; top: number }): Promise<void> {
  const first = await toPage(page, points[0][0], points[0][1], canvas);
  await page.mouse.move(first.x, first.y);
  await page.mouse.down();
  for (const [x, y] of points.slice(1)) {
    const next = await toPage(page, x, y, canvas);
    await page.mouse.move(next.x, next.y, { steps: 12 });
  }
  await page.mouse.up();
}

async function decode(bytes: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Distance from (x, y) to the segment a–b. */
function distanceToSegment(x: number, y: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

describe('Mask editor in the browser (packaged .vsix)', { timeout: 600_000 }, () => {
  const suite = useWorkbench({
    name: 'mask',
    prepare: async (workspace) => {
      const fixtures = fixturesDir();
      for (const name of ['flowers.jpeg', 'with-alpha.png']) copyFileSync(join(fixtures, name), join(workspace, name));
      writeFileSync(join(workspace, 'notes.txt'), 'Another editor, to hide the mask editor behind.\n');
      // A 2048x2048 photo-like image for the stroke timing (generated: no such fixture).
      await sharp({ create: { width: 2048, height: 2048, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
        .png()
        .toFile(join(workspace, 'big-2048.png'));
      // A non-square photo-like image for Annotate mode (1536x1024, a GPT image size).
      await sharp({ create: { width: 1536, height: 1024, channels: 3, background: '#6a8caf', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
        .png()
        .toFile(join(workspace, 'street-1536.png'));
      copyFileSync(join(fixtures, 'with-alpha.png'), join(workspace, 'rough.png'));
      // A damaged PNG: the first half of a real one.
      const whole = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#336699', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).png().toBuffer();
      writeFileSync(join(workspace, 'damaged.png'), whole.subarray(0, Math.floor(whole.length / 2)));
    },
    // The key goes in through the UI, as a person sets it.
    apiKey: CANARY_KEY,
  });
  const files = () => readdirSync(suite.workspace).sort();
  const edits = () => suite.endpoint.requests.filter((request) => request.path.endsWith('/images/edits'));

  test('paint, undo, redo, extend 256 px right, generate: the endpoint gets the mask painted; Keep saves a strict composite', async () => {
    const { page, endpoint, workspace } = suite;
    await openInMaskEditor(page, 'flowers.jpeg');
    const frame = editor(page);
    const canvas = { width: 1920, left: 0, top: 0 };
    // One stroke across the middle, and one down the left.
    const strokeA: [number, number][] = [
      [500, 400],
      [900, 420],
      [1300, 400],
    ];
    await paint(page, strokeA, canvas);
    assert.ok((await maskAlphaAt(page, 900, 420)) > 200, 'the stroke is on the mask');
    const strokeB: [number, number][] = [
      [200, 150],
      [220, 850],
    ];
    await paint(page, strokeB, canvas);
    assert.ok((await maskAlphaAt(page, 210, 500)) > 200);
    await screenshot(page, 'mask-editor-painted');

    // Undo takes the second stroke away, redo puts it back exactly.
    await frame.locator('#viewport').focus();
    await page.keyboard.press('Control+z');
    await waitFor(async () => (await maskAlphaAt(page, 210, 500)) === 0, 'undo');
    assert.ok((await maskAlphaAt(page, 900, 420)) > 200, 'the first stroke stays');
    await page.keyboard.press('Control+Shift+z');
    await waitFor(async () => (await maskAlphaAt(page, 210, 500)) > 200, 'redo');
    await page.keyboard.press('Control+z');
    await waitFor(async () => (await maskAlphaAt(page, 210, 500)) === 0, 'undo again');
    await page.keyboard.press('Control+y');
    await waitFor(async () => (await maskAlphaAt(page, 210, 500)) > 200, 'redo with Ctrl+Y');

    // Extend the canvas 256 px to the right.
    await frame.locator('#extend-toggle').click();
    await frame.locator('#extend-right').fill('256');
    await frame.locator('#extend-round').uncheck();
    await frame.locator('#extend-apply').click();
    await waitFor(async () => (await frame.locator('#mask-canvas').evaluate((element) => (element as HTMLCanvasElement).width)) === 2176, 'the extended canvas');
    assert.ok((await maskAlphaAt(page, 2000, 500)) > 200, 'the new strip is part of the mask');
    assert.ok((await maskAlphaAt(page, 900, 420)) > 200, 'strokes stay where they were on the image');
    await frame.locator('#extend-toggle').click();
    await screenshot(page, 'mask-editor-extended');
    // The checkerboard view shows the area to edit as a hole; the mask itself is unchanged.
    const before = await maskAlphaAt(page, 900, 420);
    await frame.locator('#overlay').selectOption('checker');
    await screenshot(page, 'mask-editor-checkerboard');
    assert.equal(await maskAlphaAt(page, 900, 420), before);
    await frame.locator('#overlay').selectOption('tint');

    await frame.locator('#prompt').fill('The same flower field, with a red hot-air balloon in the sky and more field to the right');
    await frame.locator('#quality').selectOption('low');
    // gpt-image-2 plans: its Complexity picker is offered, and the choice is sent.
    await frame.locator('#complexity').selectOption('high');
    // Streamed (the default): the partial images show in a preview tile the result replaces.
    await frame.locator('#results').evaluate((list) => {
      const seen = window as unknown as { previewsSeen: string[] };
      seen.previewsSeen = [];
      new MutationObserver(() => {
        const tile = list.querySelector('.result.preview');
        const source = tile?.querySelector('img')?.getAttribute('src');
        if (source?.startsWith('blob:') && !seen.previewsSeen.includes(source)) seen.previewsSeen.push(source);
      }).observe(list, { childList: true, subtree: true, attributes: true });
    });
    await frame.locator('#generate').click();
    await frame.locator('.results .result:not(.preview)').first().waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('#results').evaluate(() => (window as unknown as { previewsSeen: string[] }).previewsSeen.length), 2, 'two previews were shown');
    assert.equal(await frame.locator('.results .result.preview').count(), 0, 'the preview tile gave way to the result');
    await screenshot(page, 'mask-editor-result-compare');

    assert.equal(edits().length, 1);
    const request = edits()[0];
    assert.deepEqual(request.validationErrors, []);
    assert.equal(request.fields?.stream, 'true');
    assert.equal(request.fields?.complexity, 'high');
    assert.equal(request.headers.authorization, `Bearer ${CANARY_KEY}`);
    const imageFile = request.files?.find((file) => file.field === 'image') as RecordedFile;
    const maskFile = request.files?.find((file) => file.field === 'mask') as RecordedFile;
    assert.ok(imageFile && maskFile);
    assert.deepEqual([imageFile.width, imageFile.height], [2176, 1080]);
    assert.deepEqual([maskFile.width, maskFile.height], [2176, 1080]);
    const mask = await decode(maskFile.bytes);
    const alpha = (x: number, y: number) => mask.data[(y * 2176 + x) * 4 + 3];
    // The brush: 80 px (1920 / 24), hardness 80%.
    const radius = 40;
    const near = (x: number, y: number) =>
      Math.min(
        ...[...strokeA.slice(1).map((point, i) => distanceToSegment(x, y, strokeA[i], point)), distanceToSegment(x, y, strokeB[0], strokeB[1])],
      );
    let checked = 0;
    for (let y = 0; y < 1080; y += 3) {
      for (let x = 0; x < 2176; x += 3) {
        if (x >= 1920) {
          assert.equal(alpha(x, y), 0, `the extension strip is transparent at ${x},${y}`);
          continue;
        }
        const distance = near(x, y);
        if (distance <= radius * 0.8) assert.equal(alpha(x, y), 0, `transparent on the stroke at ${x},${y}`);
        else if (distance >= radius * 1.25 + 3) assert.equal(alpha(x, y), 255, `opaque away from the strokes at ${x},${y}`);
        checked++;
      }
    }
    assert.ok(checked > 200_000);

    await frame.locator('#keep').click();
    const saved = await waitFor(() => files().includes('flowers.edit-1.json') && files().includes('flowers.edit-1.png'), 'the kept result');
    assert.ok(saved);
    await frame.locator('#kept-note', { hasText: 'Saved as flowers.edit-1.png' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'mask-editor-kept');
    const kept = await decode(readFileSync(join(workspace, 'flowers.edit-1.png')));
    assert.deepEqual([kept.width, kept.height], [2176, 1080]);
    const uploaded = await decode(imageFile.bytes);
    const { data: original } = await sharp(readFileSync(join(workspace, 'flowers.jpeg'))).autoOrient().toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    let outside = 0;
    for (let y = 0; y < 1080; y++) {
      for (let x = 0; x < 1920; x++) {
        if (alpha(x, y) !== 255) continue;
        const i = (y * 2176 + x) * 4;
        const o = (y * 1920 + x) * 4;
        assert.ok(kept.data.subarray(i, i + 4).equals(uploaded.data.subarray(i, i + 4)), `kept pixel ${x},${y} is the uploaded original's`);
        assert.ok(kept.data.subarray(i, i + 4).equals(original.subarray(o, o + 4)), `kept pixel ${x},${y} is the file's`);
        outside++;
      }
    }
    assert.ok(outside > 1_500_000, `${outside} pixels outside the mask`);
    const sidecar = JSON.parse(readFileSync(join(workspace, 'flowers.edit-1.json'), 'utf8'));
    assert.equal(sidecar.source, 'flowers.jpeg');
    assert.equal(sidecar.model, 'gpt-image-2');
    assert.deepEqual(sidecar.mask.extension, { left: 0, top: 0, right: 256, bottom: 0 });
    assert.equal(sidecar.mask.strictComposite, true);
    assert.deepEqual(endpoint.invalidRequests(), []);
  });

  test('Annotate: an arrow and a label go as markup of the image size, exactly where drawn; undo drops the last shape; Mask mode sends a mask and no markup', async () => {
    const { page, endpoint } = suite;
    await runCommand(page, 'View: Close All Editors');
    const editsBefore = edits().length;
    await openInMaskEditor(page, 'street-1536.png', 'Edit with Markup…');
    const frame = editor(page);
    // Opened in Annotate mode, on a model that takes markup.
    await waitFor(async () => (await frame.locator('#mode-annotate').getAttribute('aria-pressed')) === 'true', 'Annotate mode');
    assert.match(await frame.locator('#model').inputValue(), /^gpt-image-2\.[56]/);
    await frame.locator('#sends', { hasText: 'sends your annotations as markup' }).waitFor({ timeout: 10_000 });
    const canvas = { width: 1536, left: 0, top: 0 };
    // An arrow (the default tool) from the tail to the point.
    const tail: [number, number] = [300, 300];
    const tip: [number, number] = [700, 500];
    await paint(page, [tail, tip], canvas);
    // A text label: the words first, then a click where they go.
    await frame.locator('button.annotate-tool[data-annotate-tool="text"]').click();
    await frame.locator('#annotate-text').fill('make this blue');
    const labelAt = await toPage(page, 900, 200, canvas);
    await page.mouse.click(labelAt.x, labelAt.y);
    // A box, then undone: it must not reach the upload.
    await frame.locator('button.annotate-tool[data-annotate-tool="box"]').click();
    await paint(page, [[1100, 600], [1400, 900]], canvas);
    const annotationAlpha = (x: number, y: number) =>
      frame.locator('#annotation-canvas').evaluate((element, point) => (element as HTMLCanvasElement).getContext('2d')?.getImageData(point.x, point.y, 1, 1).data[3] ?? -1, { x, y });
    await waitFor(async () => (await annotationAlpha(1100, 750)) === 255, 'the box');
    await screenshot(page, 'mask-editor-annotate-drawn');
    await frame.locator('#viewport').focus();
    await page.keyboard.press('Control+z');
    await waitFor(async () => (await annotationAlpha(1100, 750)) === 0, 'undo drops the box');
    assert.equal(await annotationAlpha(500, 400), 255, 'the arrow stays');
    await screenshot(page, 'mask-editor-annotate-undone');

    await frame.locator('#prompt').fill('The same street; make the car the arrow points to blue');
    await frame.locator('#quality').selectOption('low');
    await frame.locator('#generate').click();
    await frame.locator('.results .result:not(.preview)').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'mask-editor-annotate-result');
    assert.equal(edits().length, editsBefore + 1);
    const request = edits()[edits().length - 1];
    assert.deepEqual(request.validationErrors, []);
    assert.equal(request.files?.some((file) => file.field === 'mask'), false, 'no mask with a markup');
    const markupFile = request.files?.find((file) => file.field === 'markup') as RecordedFile;
    assert.ok(markupFile, 'the markup was uploaded');
    assert.deepEqual([markupFile.width, markupFile.height], [1536, 1024]);
    const markup = await decode(markupFile.bytes);
    const alpha = (x: number, y: number) => markup.data[(y * 1536 + x) * 4 + 3];
    // Opaque on the arrow's line (thin: 6 px at this size) ...
    for (let t = 0; t <= 0.85; t += 0.05) {
      const x = Math.round(tail[0] + (tip[0] - tail[0]) * t);
      const y = Math.round(tail[1] + (tip[1] - tail[1]) * t);
      assert.equal(alpha(x, y), 255, `opaque on the arrow at ${x},${y}`);
    }
    // ... and in the label (bold 36 px text at 900,200) ...
    let labelPixels = 0;
    for (let y = 200; y < 250; y++) for (let x = 900; x < 1300; x++) if (alpha(x, y) === 255) labelPixels++;
    assert.ok(labelPixels > 500, `${labelPixels} opaque pixels in the label`);
    // ... and transparent everywhere else: nothing of the undone box, nothing stray.
    const inLabel = (x: number, y: number) => x >= 895 && x <= 1400 && y >= 195 && y <= 255;
    let transparent = 0;
    for (let y = 0; y < 1024; y += 2) {
      for (let x = 0; x < 1536; x += 2) {
        if (inLabel(x, y) || distanceToSegment(x, y, tail, tip) <= 24) continue;
        assert.equal(alpha(x, y), 0, `transparent at ${x},${y}`);
        transparent++;
      }
    }
    assert.ok(transparent > 350_000);

    // Mask mode: the annotations are kept but not sent; the mask goes, and no markup.
    await frame.locator('#mode-mask').click();
    await frame.locator('#sends', { hasText: 'kept, not sent' }).waitFor({ timeout: 10_000 });
    await paint(page, [[200, 800], [600, 820]], canvas);
    await waitFor(async () => (await maskAlphaAt(page, 400, 810)) > 200, 'the mask stroke');
    await screenshot(page, 'mask-editor-annotate-then-mask');
    await frame.locator('#generate').click();
    await waitFor(async () => (await frame.locator('.results .result:not(.preview)').count()) === 2, 'the mask edit\'s result');
    assert.equal(edits().length, editsBefore + 2);
    const second = edits()[edits().length - 1];
    assert.ok(second.files?.some((file) => file.field === 'mask'), 'the mask was uploaded');
    assert.equal(second.files?.some((file) => file.field === 'markup'), false, 'no markup with a mask');
    assert.deepEqual(endpoint.invalidRequests(), []);
  });

  test('rough edges at 1400x900: a tab title apart from the image preview’s, the result first, a visible comparing state with the way back on screen, Discard after Keep, a stale prompt error cleared, a damaged source with nothing live', async () => {
    const { page } = suite;
    await runCommand(page, 'View: Close All Editors');
    // The image preview and the mask editor of one file, side by side in tabs: told apart by their titles.
    await clickInExplorer(page, 'rough.png');
    await editorTab(page, 'rough.png').waitFor({ timeout: 20_000 });
    await openInMaskEditor(page, 'rough.png');
    const tabTitles = await waitFor(async () => {
      // The whole label: VS Code shows a file's extension apart ('rough' and the suffix '.png').
      const titles = (await page.locator('.tabs-container .tab .monaco-icon-label-container').allTextContents()).map((text) => text.trim());
      return titles.length === 2 && titles;
    }, 'two tabs: the image preview and the mask editor');
    assert.deepEqual(tabTitles.sort(), ['rough.png', 'rough.png (Mask Editor)']);
    assert.equal((await page.locator('.tabs-container .tab.active .monaco-icon-label-container').textContent())?.trim(), 'rough.png (Mask Editor)');
    await screenshot(page, 'mask-editor-rough-tabs');
    const frame = editor(page);
    const canvas = { width: 256, left: 0, top: 0 };
    await paint(page, [[60, 60], [200, 180]], canvas);
    // Generate without a prompt: the error goes as soon as a prompt is written.
    await frame.locator('#prompt').fill('');
    await frame.locator('#generate').click();
    await frame.locator('#status.error', { hasText: 'Write a prompt' }).waitFor({ timeout: 10_000 });
    await frame.locator('#prompt').fill('A blue sky');
    await waitFor(async () => !(await frame.locator('#status').textContent())?.includes('Write a prompt'), 'the stale prompt error cleared');
    await frame.locator('#quality').selectOption('low');
    await frame.locator('#generate').click();
    await frame.locator('.results .result:not(.preview)').first().waitFor({ timeout: 60_000 });
    // The result is shown whole first, and the comparing state says so, with the way back at the top.
    assert.equal(await frame.locator('#compare').evaluate((element) => (element as HTMLElement).style.clipPath), 'inset(0px 0px 0px 0%)');
    const banner = frame.locator('#compare-banner');
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    const back = await frame.locator('#compare-back').boundingBox();
    assert.ok(back && back.y >= 0 && back.y + back.height <= 900 && back.x + back.width <= 1400, `the way back is on screen: ${JSON.stringify(back)}`);
    await screenshot(page, 'mask-editor-rough-comparing');
    // The Size labels fit their picker.
    const size = await frame.locator('#size').evaluate((element) => {
      const select = element as HTMLSelectElement;
      return { text: select.selectedOptions[0]?.textContent ?? '', width: select.clientWidth };
    });
    assert.ok(size.text.length <= 12, `short size label: ${size.text}`);
    // Keep, then Discard says what it does to the kept file.
    await frame.locator('#keep').click();
    await frame.locator('#keep', { hasText: 'Kept' }).waitFor({ timeout: 30_000 });
    assert.equal((await frame.locator('#discard').textContent())?.trim(), 'Remove from list');
    assert.match((await frame.locator('#discard').getAttribute('title')) ?? '', /stays saved/);
    await screenshot(page, 'mask-editor-rough-kept');
    // Back to editing: the banner goes, and the brush paints again.
    await frame.locator('#compare-back').click();
    await banner.waitFor({ state: 'hidden', timeout: 10_000 });
    // (The image is 256x192.)
    await paint(page, [[20, 170], [120, 176]], canvas);
    await waitFor(async () => (await maskAlphaAt(page, 70, 173)) > 200, 'painting after the comparison');

    // A damaged source: its error, and nothing that looks usable.
    await runCommand(page, 'View: Close All Editors');
    await chooseInExplorerMenu(page, 'damaged.png', 'Edit with Mask…');
    await editor(page).locator('#loading.error').waitFor({ timeout: 60_000 });
    assert.equal(await editor(page).locator('#generate').isVisible(), false, 'no Generate');
    assert.equal(await editor(page).locator('.toolbar').isVisible(), false, 'no tools');
    assert.equal(await editor(page).locator('#model').isVisible(), false, 'no empty pickers');
    await screenshot(page, 'mask-editor-rough-damaged');
  });

  test('unsaved work and unkept results survive hiding the editor and reloading the window', async () => {
    const { page } = suite;
    await runCommand(page, 'View: Close All Editors');
    await openInMaskEditor(page, 'with-alpha.png');
    const canvas = { width: 256, left: 0, top: 0 };
    await paint(page, [[40, 40], [200, 150]], canvas);
    await waitFor(async () => (await maskAlphaAt(page, 120, 95)) > 200, 'the stroke');
    // A rectangle selection (M), then Escape-free back to the brush (B).
    await editor(page).locator('#viewport').focus();
    await page.keyboard.press('m');
    const from = await toPage(page, 10, 120, canvas);
    const to = await toPage(page, 60, 180, canvas);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    await waitFor(async () => (await maskAlphaAt(page, 35, 150)) === 255, 'the rectangle');
    assert.equal(await maskAlphaAt(page, 70, 150), 0, 'only the rectangle');
    await page.keyboard.press('b');
    await editor(page).locator('#prompt').fill('A kept prompt');
    // Typing is saved after a pause (debounced); the page marks a save that waits.
    await editor(page).locator('body:not([data-save-pending])').waitFor({ state: 'attached', timeout: 10_000 });

    // Hidden: another editor takes the group; the page is discarded and rebuilt on return.
    await clickInExplorer(page, 'notes.txt');
    await editorTab(page, 'notes.txt').waitFor({ timeout: 10_000 });
    await editorTab(page, 'with-alpha.png').click();
    await editorReady(page);
    await waitFor(async () => (await maskAlphaAt(page, 120, 95)) > 200, 'the stroke after showing the editor again');
    assert.equal(await maskAlphaAt(page, 35, 150), 255, 'the rectangle after showing the editor again');
    assert.equal(await editor(page).locator('#prompt').inputValue(), 'A kept prompt');

    // A result not kept yet: it was paid for, so the reload must not lose it.
    const frame = editor(page);
    await frame.locator('#quality').selectOption('low');
    await frame.locator('#generate').click();
    await frame.locator('.results .result:not(.preview)').first().waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('.results .result:not(.preview)').count(), 1);

    // Reloaded: VS Code reopens the editor and the page restores its strokes and prompt.
    await focusWorkbench(page);
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await editorTab(page, 'with-alpha.png').waitFor({ timeout: 60_000 });
    await editorTab(page, 'with-alpha.png').click();
    await editorReady(page);
    await waitFor(async () => (await maskAlphaAt(page, 120, 95)) > 200, 'the stroke after a reload', 30_000);
    assert.equal(await maskAlphaAt(page, 35, 150), 255, 'the rectangle after a reload');
    assert.equal(await maskAlphaAt(page, 240, 10), 0, 'and nothing else');
    assert.equal(await editor(page).locator('#prompt').inputValue(), 'A kept prompt');
    // The extension host restarted too: the result comes back from the extension's storage.
    await editor(page).locator('.results .result:not(.preview)').first().waitFor({ timeout: 30_000 });
    assert.equal(await editor(page).locator('.results .result:not(.preview)').count(), 1);
    await screenshot(page, 'mask-editor-restored-after-reload');
  });

  test('strokes on a 2048x2048 image stay under a frame per pointer event', async () => {
    const { page } = suite;
    await runCommand(page, 'View: Close All Editors');
    await openInMaskEditor(page, 'big-2048.png');
    // Real pointer events dispatched in the page, timed there: every pointermove draws its
    // piece of the stroke synchronously, so the dispatch time is the drawing time.
    const timing = await editor(page)
      .locator('#viewport')
      .evaluate((viewport) => {
        const box = viewport.getBoundingClientRect();
        const fire = (type: string, x: number, y: number) => {
          const event = new PointerEvent(type, {
            bubbles: true,
            cancelable: true,
            pointerId: 7,
            pointerType: 'mouse',
            isPrimary: true,
            button: type === 'pointermove' ? -1 : 0,
            buttons: type === 'pointerup' ? 0 : 1,
            clientX: box.left + x,
            clientY: box.top + y,
          });
          const started = performance.now();
          viewport.dispatchEvent(event);
          return performance.now() - started;
        };
        const moves: number[] = [];
        const downs: number[] = [];
        const ups: number[] = [];
        for (let stroke = 0; stroke < 5; stroke++) {
          const y0 = box.height * (0.2 + stroke * 0.15);
          downs.push(fire('pointerdown', box.width * 0.1, y0));
          for (let i = 1; i <= 120; i++) {
            moves.push(fire('pointermove', box.width * (0.1 + 0.8 * (i / 120)), y0 + Math.sin(i / 8) * 40));
          }
          ups.push(fire('pointerup', box.width * 0.9, y0));
        }
        const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
        moves.sort((a, b) => a - b);
        return {
          meanMove: mean(moves),
          p95Move: moves[Math.floor(moves.length * 0.95)],
          maxMove: moves[moves.length - 1],
          meanDown: mean(downs),
          meanUp: mean(ups),
        };
      });
    console.log(
      `mask editor, 2048x2048: pointermove mean ${timing.meanMove.toFixed(2)} ms, p95 ${timing.p95Move.toFixed(2)} ms, max ${timing.maxMove.toFixed(2)} ms; ` +
        `pointerdown ${timing.meanDown.toFixed(1)} ms, pointerup (merging the stroke into the mask) ${timing.meanUp.toFixed(1)} ms`,
    );
    await screenshot(page, 'mask-editor-2048-strokes');
    assert.ok(timing.p95Move < 16, `p95 ${timing.p95Move} ms per pointer event`);
  });
});
