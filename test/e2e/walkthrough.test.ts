// End to end, in a real browser, on the packaged .vsix: the walkthrough (issue #17, "a first
// run that guides"), opened from the palette as a person does after the first install.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUICK_INPUT } from '../harness/palette';
import { answerInput, dismissToasts, runCommand, screenshot, toast, useWorkbench } from './workbench';

const ROOT = join(__dirname, '..', '..', '..');
const english = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const STEPS = ['connect', 'generate', 'selection', 'studio', 'mask', 'agent'];
const stepTitle = (id: string) => english[`walkthrough.gettingStarted.${id}.title`];

describe('the walkthrough in the browser (packaged .vsix)', { timeout: 300_000 }, () => {
  const suite = useWorkbench({ name: 'walkthrough' });
  /** The walkthrough's page (VS Code's Welcome page showing one walkthrough). */
  const walkthrough = () => suite.page.locator('.gettingStartedContainer');
  /** A step's row (its title, and its description and buttons once selected). */
  const step = (id: string) => walkthrough().locator(`.getting-started-step[data-step-id$="#${id}"]`);

  test('Image Studio: Get Started opens the walkthrough, with its title and every step listed', async () => {
    await runCommand(suite.page, 'Image Studio: Get Started');
    await walkthrough()
      .locator('h2.category-title', { hasText: english['walkthrough.gettingStarted.title'] })
      .waitFor({ state: 'visible', timeout: 30_000 });
    for (const id of STEPS) {
      await step(id).locator('.step-title', { hasText: stepTitle(id) }).waitFor({ state: 'visible', timeout: 10_000 });
    }
    // The selected step's picture: an SVG from media/walkthrough/, drawn in a webview whose
    // policy allows no <style> of ours; its colours are the theme's (presentation attributes).
    const media = () => suite.page.frameLocator('.getting-started-media iframe.webview.ready').frameLocator('#active-frame');
    const picture = media().locator('svg rect').first();
    await picture.waitFor({ state: 'attached', timeout: 20_000 });
    const fill = await picture.evaluate((rect) => getComputedStyle(rect).fill);
    assert.notEqual(fill, 'rgb(0, 0, 0)', 'the picture is drawn in black: its theme colours did not apply');
    await screenshot(suite.page, 'walkthrough');
    // Another step: its description, button and picture replace the first's.
    await step('generate').click();
    await step('generate').locator('.button-container .monaco-button', { hasText: 'Generate Image' }).waitFor({ state: 'visible', timeout: 10_000 });
    // generate.svg's palette row arrow, which no other picture has.
    await media().locator('svg path[d^="M37 31"]').waitFor({ state: 'attached', timeout: 10_000 });
    await screenshot(suite.page, 'walkthrough-generate');
  });

  test("the first step's Set API Key button opens the key's input box, and saving the key completes the step", async () => {
    const connect = step('connect');
    if ((await connect.getAttribute('aria-expanded')) !== 'true') await connect.click();
    const button = connect.locator('.button-container .monaco-button', { hasText: 'Set API Key' });
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await button.click();
    await suite.page
      .locator(`${QUICK_INPUT}:visible`, { hasText: "It is kept in VS Code's secret storage" })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot(suite.page, 'walkthrough-set-api-key');
    await answerInput(suite.page, `sk-e2e-walkthrough-${Date.now().toString(36)}`);
    await toast(suite.page, /API key saved/).waitFor({ timeout: 20_000 });
    await dismissToasts(suite.page);
    // completionEvents: onCommand:imageStudio.setApiKey ticks the step's checkbox.
    await walkthrough().locator('[data-done-step-id$="#connect"][aria-checked="true"]').waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await walkthrough().locator('[data-done-step-id$="#generate"]').getAttribute('aria-checked'), 'false');
  });
});
