// End to end, in a real browser, on the packaged .vsix, with VS Code's display language set
// to Simplified Chinese (test/harness/displayLanguage.ts): the palette, a generation's
// notifications, a moderation refusal, the studio and the mask editor speak Chinese. What
// each shows is checked against the translations that ship, found by their English text,
// so the suite follows the translation files rather than copying them. Screenshots:
// .test-artifacts/screenshots/zh-cn-*.png.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { findCommandRow } from '../harness/palette';
import { hasChinese, translations } from './l10nStrings';
import {
  answerInput,
  chooseInExplorerMenu,
  dismissToasts,
  editorTab,
  recordToasts,
  runCommand,
  screenshot,
  toast,
  toastsSeen,
  useWorkbench,
  visibleWebview,
  waitFor,
  webviewContent,
} from './workbench';

const CANARY_KEY = `sk-e2e-canary-${Date.now().toString(36)}-do-not-leak`;
const PROMPT = '一只戴着宇航员头盔的橘猫，水彩风格';

describe('Simplified Chinese in the browser (packaged .vsix)', { timeout: 400_000 }, () => {
  const zh = translations('zh-cn');
  const suite = useWorkbench({
    name: 'zh-cn',
    displayLanguage: 'zh-cn',
    prepare: async (workspace) => {
      await sharp({ create: { width: 512, height: 512, channels: 3, background: '#6a8caf' } }).png().toFile(join(workspace, 'sky.png'));
    },
  });
  /** A command's title as the Chinese palette lists it: category and title, both translated. */
  const title = (english: string) => `${zh.manifest('Image Studio')}: ${zh.manifest(english)}`;
  const images = () => {
    try {
      return readdirSync(join(suite.workspace, 'images')).sort();
    } catch {
      return [];
    }
  };

  test('the palette lists the commands under their Chinese titles, and Set API Key… answers in Chinese', async () => {
    const { page } = suite;
    const row = await findCommandRow(page, title('Generate Image…'));
    assert.ok(hasChinese(title('Generate Image…')), 'the title is translated');
    assert.match(await row.innerText(), new RegExp(zh.manifest('Generate Image…').replace(/[.*+?^${}()|[\]\\…]/g, '\\$&')));
    await screenshot(page, 'zh-cn-palette');
    await page.keyboard.press('Escape');
    await runCommand(page, title('Set API Key…'));
    await answerInput(page, CANARY_KEY);
    await toast(page, zh.message("API key saved in VS Code's secret storage.")).waitFor({ timeout: 20_000 });
    await dismissToasts(page);
  });

  test('a generation’s notifications are Chinese, and its file is named after the Chinese prompt', async () => {
    const { page, endpoint } = suite;
    await recordToasts(page);
    // Slow enough that the progress notification is there to be seen.
    endpoint.inject({ kind: 'delay', ms: 1500 });
    const before = images();
    await runCommand(page, title('Generate Image…'));
    await answerInput(page, PROMPT);
    const [name] = await waitFor(() => {
      const made = images().filter((file) => !before.includes(file) && file.endsWith('.png'));
      return made.length > 0 && made;
    }, 'the image of the Chinese prompt', 60_000);
    assert.match(name, /^一只戴着宇航员头盔的橘猫.*\.png$/u, 'the file name keeps the prompt’s Chinese');
    await editorTab(page, name).waitFor({ timeout: 20_000 });
    const progress = zh.fixedPart('Generating an image with {model}');
    const seen = await toastsSeen(page);
    assert.ok(seen.some((text) => text.includes(progress)), `the progress notification says "${progress}"; seen: ${JSON.stringify(seen)}`);
    assert.ok(seen.every(hasChinese), `every notification is Chinese: ${JSON.stringify(seen)}`);
    await screenshot(page, 'zh-cn-generated');
    await dismissToasts(page);
  });

  test('a moderation refusal is explained in Chinese', async () => {
    const { page, endpoint } = suite;
    endpoint.inject({ kind: 'moderation', style: 'gpt' });
    await runCommand(page, title('Generate Image…'));
    await answerInput(page, '一座灯塔');
    // The explanation has variants (with the safety categories the server names, or without).
    const variants = zh.messagesMatching(/^The safety system rejected this request/).map((english) => zh.fixedPart(english));
    assert.ok(variants.length > 0, 'the moderation explanation is a localized message');
    const explained = toast(page, new RegExp(variants.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')));
    await explained.waitFor({ timeout: 30_000 });
    assert.ok(hasChinese(await explained.innerText()));
    await screenshot(page, 'zh-cn-moderation');
    await dismissToasts(page);
  });

  test('the studio shows its form in Chinese', async () => {
    const { page } = suite;
    await runCommand(page, title('Open Image Studio'));
    const studio = webviewContent(page, 'image-studio.image-studio');
    await studio.locator('#prompt').waitFor({ timeout: 30_000 });
    assert.equal(await studio.locator('html').getAttribute('lang'), 'zh-cn');
    assert.equal((await studio.locator('#generate').innerText()).trim(), zh.message('Generate'));
    assert.equal((await studio.locator('#reset-choices').innerText()).trim(), zh.message('Reset to settings'));
    await screenshot(page, 'zh-cn-studio');
    await runCommand(page, 'View: Close All Editors');
  });

  test('the mask editor shows its tools in Chinese', async () => {
    const { page } = suite;
    await chooseInExplorerMenu(page, 'sky.png', zh.manifest('Edit with Mask…'));
    const editor = visibleWebview(page);
    await editor.locator('#viewport').waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await editor.locator('html').getAttribute('lang'), 'zh-cn');
    const text = await editor.locator('body').innerText();
    assert.ok(hasChinese(text), 'the editor’s labels are Chinese');
    // The pickers' options in words, not the values sent (the studio's translations).
    await editor.locator('#size option').first().waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal((await editor.locator('#size option:checked').innerText()).trim(), zh.message('Auto'));
    assert.equal(await editor.locator('#size').inputValue(), 'auto');
    // gpt-image-2 plans: its Complexity picker is shown, starting at the setting (Default).
    await editor.locator('#complexity-field').waitFor({ state: 'visible', timeout: 10_000 });
    assert.ok((await editor.locator('#complexity-field').innerText()).includes(zh.message('Complexity')));
    assert.equal((await editor.locator('#complexity option:checked').innerText()).trim(), zh.message('Default'));
    await screenshot(page, 'zh-cn-mask-editor');
  });
});
