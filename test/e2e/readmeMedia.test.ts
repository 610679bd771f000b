// The README's pictures, made end to end on the packaged .vsix: generate from the palette,
// the studio with its results and history, the mask editor with a painted mask and its
// result. Run by `npm run readme:media` only (scripts/run.mjs leaves it out of `npm test`),
// which sets IMAGE_STUDIO_README_MEDIA=1; it writes media/readme/*.png and tour.gif
// (readmeMedia.ts). Fixed window (1400x900), light theme, fixed prompts, a workspace folder
// with a fixed name, the local endpoint's images.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { QUICK_INPUT, findCommandRow } from '../harness/palette';
import { MAX_STILL_BYTES, MAX_TOUR_BYTES, README_MEDIA_ASKED, ReadmeMedia } from './readmeMedia';
import { editorTab, imagePreview, runCommand, useWorkbench, visibleWebview, waitFor, webviewContent } from './workbench';

const KEY = 'sk-readme-media-local-endpoint';
const GENERATE_PROMPT = 'A lighthouse on a cliff at sunset, watercolor';
const HISTORY_PROMPTS = ['A paper boat on a pond at dawn', 'A fox in the snow, pixel art'];
const STUDIO_PROMPT = 'A cozy reading nook with a sleeping cat, soft morning light';
const MASK_PROMPT = 'The same reading nook, with a red hot-air balloon outside the window';

describe('README pictures: generate → studio → mask editor (npm run readme:media)', {
  timeout: 600_000,
  skip: README_MEDIA_ASKED ? false : 'writes media/readme/ only when asked (npm run readme:media)',
}, () => {
  const suite = useWorkbench({
    name: 'readme',
    folderName: 'my-project',
    prepare: (workspace) => writeFileSync(join(workspace, 'README.md'), '# My project\n\nImages made with Image Studio.\n'),
    userSettings: { 'workbench.colorTheme': 'Default Light Modern' },
    apiKey: KEY,
  });
  const images = () => join(suite.workspace, 'images');
  const pngs = () => {
    try {
      return readdirSync(images()).filter((name) => name.endsWith('.png'));
    } catch {
      return [];
    }
  };
  const studio = () => webviewContent(suite.page, 'image-studio.image-studio');

  /** Waits until every image the locator matches has loaded (decoded, with a width). */
  async function imagesLoaded(what: string, count: number, images: ReturnType<ReturnType<typeof studio>['locator']>): Promise<void> {
    await waitFor(async () => {
      const widths = await images.evaluateAll((elements) => elements.map((element) => ((element as HTMLImageElement).complete ? (element as HTMLImageElement).naturalWidth : 0)));
      return widths.length >= count && widths.every((width) => width > 0);
    }, what, 30_000);
  }

  /** Types `prompt` in the studio, sets the count, and generates with Ctrl+Enter; waits for the job to end. */
  async function generateInStudio(prompt: string, count: number, media?: ReadmeMedia): Promise<void> {
    const field = studio().locator('#prompt');
    await field.fill('');
    await field.click();
    await field.pressSequentially(prompt, { delay: 2 });
    const countField = studio().locator('#count');
    await countField.fill(String(count));
    await countField.press('Tab');
    await studio().locator(`.estimate:not(.stale)[title^="${count} image"]`).waitFor({ timeout: 10_000 });
    await media?.frame();
    const before = pngs().length;
    await field.press('Control+Enter');
    await waitFor(() => pngs().length >= before + count, `${count} new images`, 60_000);
    await studio().locator('.job-status', { hasText: `Done · ${count} image` }).waitFor({ timeout: 20_000 });
  }

  test('takes the stills and the tour', async () => {
    const { page } = suite;
    const media = new ReadmeMedia(page);
    const sizes: Record<string, number> = {};

    // 1. Generate Image… from the palette: the prompt typed, then the image open.
    await findCommandRow(page, 'Image Studio: Generate Image…');
    await page.keyboard.press('Enter');
    const input = page.locator(`${QUICK_INPUT}:visible input`).first();
    await input.waitFor({ state: 'visible' });
    await input.pressSequentially(GENERATE_PROMPT, { delay: 2 });
    await media.frame();
    await page.keyboard.press('Enter');
    const [generated] = await waitFor(() => {
      const made = pngs();
      return made.length > 0 && made;
    }, 'the generated image', 30_000);
    await editorTab(page, generated).waitFor({ timeout: 20_000 });
    await waitFor(() => imagePreview(page).evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth > 0)), 'the preview to show the image', 20_000);
    sizes.generate = await media.still('generate');

    // 2. The studio: an earlier job in the history, then three results of a new prompt.
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Image Studio: Open Image Studio');
    await studio().locator('#prompt').waitFor({ timeout: 30_000 });
    await studio().locator('#model option').first().waitFor({ state: 'attached', timeout: 30_000 });
    for (const prompt of HISTORY_PROMPTS) await generateInStudio(prompt, 1);
    await generateInStudio(STUDIO_PROMPT, 3, media);
    await waitFor(async () => ((await studio().locator('#history-title').textContent()) ?? '').includes('(6)'), 'the history to list all six images', 20_000);
    await studio().locator('body').evaluate(() => window.scrollTo(0, 0));
    await imagesLoaded('the results and history thumbnails', 9, studio().locator('.results-grid .tile[data-id] img, .history-grid .tile img'));
    sizes.studio = await media.still('studio');

    // 3. The mask editor, from the first result's tile: a painted mask, then its result.
    await studio().locator('.results-grid .tile[data-id]').first().locator('[data-action="editWithMask"]').click();
    const editor = visibleWebview(page);
    await editor.locator('#viewport').waitFor({ state: 'visible', timeout: 60_000 });
    await editor.locator('#loading').waitFor({ state: 'hidden', timeout: 60_000 });
    // The whole picture in view, a broad brush, and a round patch of sky painted where the
    // balloon should go (the 1024x1024 picture's upper half, across the middle).
    await editor.locator('#zoom-fit').click();
    await editor.locator('#brush-size').evaluate((slider: HTMLInputElement) => {
      slider.value = '110';
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const circle = Array.from({ length: 13 }, (_, step): [number, number] => [512 + 130 * Math.cos((step / 12) * 2 * Math.PI), 250 + 130 * Math.sin((step / 12) * 2 * Math.PI)]);
    await paint(page, circle);
    for (const y of [190, 250, 310]) await paint(page, [[420, y], [604, y]]);
    await editor.locator('#prompt').fill(MASK_PROMPT);
    await editor.locator('#cost', { hasText: /Estimated cost/ }).waitFor({ timeout: 10_000 });
    await media.frame();
    await editor.locator('#generate').click();
    await editor.locator('.results .result:not(.preview)').first().waitFor({ timeout: 60_000 });
    await editor.locator('.results .result:not(.preview) img').first().evaluate((img: HTMLImageElement) => img.decode());
    // The before/after split in the middle of the patch: the original left of it, the result right.
    const handle = editor.locator('#compare-handle');
    await handle.waitFor({ state: 'visible', timeout: 10_000 });
    await handle.focus();
    for (let step = 0; step < 10; step++) await handle.press('ArrowRight');
    await waitFor(async () => (await handle.getAttribute('aria-valuenow')) === '50', 'the split in the middle', 10_000);
    await handle.blur();
    sizes['mask-editor'] = await media.still('mask-editor', 3000);

    const tour = await media.writeTour('tour');
    console.log(`README media: ${Object.entries(sizes).map(([name, bytes]) => `${name}.png ${(bytes / 1024).toFixed(0)} KB`).join(', ')}; tour.gif ${tour.frames} frames, ${(tour.bytes / 1024).toFixed(0)} KB`);
    for (const [name, bytes] of Object.entries(sizes)) assert.ok(bytes < MAX_STILL_BYTES, `${name}.png is ${bytes} bytes, above ${MAX_STILL_BYTES}`);
    assert.ok(tour.bytes <= MAX_TOUR_BYTES, `tour.gif is ${tour.bytes} bytes, above ${MAX_TOUR_BYTES}`);
    assert.deepEqual(suite.endpoint.invalidRequests().map((request) => request.validationErrors), [], 'every request was one the service takes');
  });
});

/** Drags the mouse across image pixels of the mask editor's (unextended) canvas, as a person paints. */
async function paint(page: Page, points: [number, number][]): Promise<void> {
  const canvas = visibleWebview(page).locator('#mask-canvas');
  const box = await canvas.boundingBox();
  assert.ok(box, 'the mask canvas is on screen');
  const width = await canvas.evaluate((element) => (element as HTMLCanvasElement).width);
  const at = ([x, y]: [number, number]) => ({ x: box.x + (x * box.width) / width, y: box.y + (y * box.width) / width });
  const [first, ...rest] = points.map(at);
  await page.mouse.move(first.x, first.y);
  await page.mouse.down();
  for (const point of rest) await page.mouse.move(point.x, point.y, { steps: 12 });
  await page.mouse.up();
}
