// End to end, in a real browser, on the packaged .vsix: right-click images in the Explorer
// and make variations or an edit, as a person does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  answerQuickInput,
  chooseContextMenuItem,
  clickInExplorer,
  dismissToasts,
  rightClickInExplorer,
  screenshot,
  selectInExplorer,
  toast,
  useWorkbench,
  waitFor,
} from './workbench';
import { fixturesDir } from '../fixturesDir';

const CANARY_KEY = `sk-e2e-canary-${Date.now().toString(36)}-do-not-leak`;
const FIXTURE_FILES = ['with-alpha.png', 'flowers.jpeg', '5_webp_a.webp', 'truncated.png'];

describe('Explorer commands in the browser (packaged .vsix)', { timeout: 300_000 }, () => {
  const suite = useWorkbench({
    name: 'explorer',
    prepare: (workspace) => {
      for (const name of FIXTURE_FILES) copyFileSync(join(fixturesDir(), name), join(workspace, name));
    },
    // The key goes in through the UI, as a person sets it.
    apiKey: CANARY_KEY,
  });
  const files = () => readdirSync(suite.workspace).sort();

  test('right-click a PNG → Create Variations… → 3: three files beside it', async () => {
    const { page, endpoint } = suite;
    await rightClickInExplorer(page, 'with-alpha.png');
    await screenshot(page, 'explorer-context-menu');
    await chooseContextMenuItem(page, 'Create Variations…');
    await answerQuickInput(page, 'How many variations', '3');
    await answerQuickInput(page, 'Size of the results', '');
    await answerQuickInput(page, 'How should the variations differ', '', { clear: false });
    // The toast comes when the job is over: every image and sidecar written.
    await toast(page, /Saved 3 variations of with-alpha\.png/).waitFor({ timeout: 30_000 });
    const made = files().filter((name) => /^with-alpha\.var-\d\.png$/.test(name));
    assert.deepEqual(made, ['with-alpha.var-1.png', 'with-alpha.var-2.png', 'with-alpha.var-3.png']);
    for (const name of made) assert.ok(files().includes(name.replace(/\.png$/, '.json')), `sidecar of ${name}`);
    await screenshot(page, 'explorer-variations-png');
    assert.equal(endpoint.requests.length, 3, 'streamed: one request per variation');
    for (const request of endpoint.requests) {
      assert.equal(request.path, '/v1/images/edits');
      assert.equal(request.headers.authorization, `Bearer ${CANARY_KEY}`);
      assert.deepEqual(request.files?.map((file) => [file.field, file.filename, file.contentType]), [['image', 'with-alpha.png', 'image/png']]);
    }
    await dismissToasts(page);
  });

  test('right-click a JPEG → Create Variations… works and uploads the JPEG', async () => {
    const { page, endpoint, workspace } = suite;
    await rightClickInExplorer(page, 'flowers.jpeg');
    await chooseContextMenuItem(page, 'Create Variations…');
    await answerQuickInput(page, 'How many variations', '1');
    await answerQuickInput(page, 'Size of the results', '');
    await answerQuickInput(page, 'How should the variations differ', '', { clear: false });
    await waitFor(() => files().includes('flowers.var-1.json'), 'the JPEG variation and its sidecar', 30_000);
    const metadata = await sharp(readFileSync(join(workspace, 'flowers.var-1.png'))).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ['png', 1920, 1080]);
    await screenshot(page, 'explorer-variations-jpeg');
    assert.equal(endpoint.requests.length, 1);
    assert.deepEqual(endpoint.requests[0].files?.map((file) => [file.filename, file.contentType]), [['flowers.jpg', 'image/jpeg']]);
    await dismissToasts(page);
  });

  test('select three images → right-click → Edit with Prompt…: one request with three image parts', async () => {
    const { page, endpoint } = suite;
    await selectInExplorer(page, ['5_webp_a.webp', 'flowers.jpeg', 'with-alpha.png']);
    await rightClickInExplorer(page, 'with-alpha.png');
    await screenshot(page, 'explorer-multi-select-menu');
    await chooseContextMenuItem(page, 'Edit with Prompt…');
    await answerQuickInput(page, 'Describe the image to make from these 3 images', 'Put all three in one picnic scene');
    const edited = await waitFor(() => {
      const found = files().filter((name) => /\.edit-1\.png$/.test(name));
      return found.length > 0 && files().some((name) => /\.edit-1\.json$/.test(name)) ? found : undefined;
    }, 'the edited image', 30_000);
    assert.equal(edited.length, 1);
    await screenshot(page, 'explorer-edit-three-images');
    assert.equal(endpoint.requests.length, 1, 'exactly one request');
    const [request] = endpoint.requests;
    assert.equal(request.path, '/v1/images/edits');
    assert.equal(request.fields?.prompt, 'Put all three in one picnic scene');
    assert.deepEqual(
      request.files?.map((file) => [file.field, file.contentType]).sort(),
      [['image[]', 'image/jpeg'], ['image[]', 'image/png'], ['image[]', 'image/webp']],
    );
    await dismissToasts(page);
  });

  test('right-click truncated.png → Create Variations…: a clear error, no request, no file', async () => {
    const { page, endpoint } = suite;
    const before = files();
    await clickInExplorer(page, 'truncated.png');
    await rightClickInExplorer(page, 'truncated.png');
    await chooseContextMenuItem(page, 'Create Variations…');
    await toast(page, /truncated\.png looks damaged/).waitFor({ timeout: 20_000 });
    await screenshot(page, 'explorer-truncated-error');
    assert.equal(endpoint.requests.length, 0);
    assert.deepEqual(files(), before);
    await dismissToasts(page);
  });

  test('every request the extension sent validated against the spec', () => {
    assert.deepEqual(suite.invalid, []);
  });
});

