// Hostile images through the mask editor's entry point: each opens to a clear message in
// the editor, and nothing is sent or written, even when a generate request follows.
import * as assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import sharp from 'sharp';
import type { MaskEditorTestHandle } from '../../src/panels/maskEditor/maskEditorSession';
import { fixturesDir } from '../fixturesDir';
import { MASK_TEST_SETTINGS } from './maskSettings';
import { useHarness, waitFor } from './support';

const SETTINGS = MASK_TEST_SETTINGS;

describe('Mask editor: hostile source images (extension host)', function () {
  const harness = useHarness();
  let folder: vscode.Uri;

  before(async () => {
    folder = vscode.Uri.joinPath(harness.workspace, 'hostile-mask-sources');
    await vscode.workspace.fs.createDirectory(folder);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  /** Writes `bytes` as `name`, opens the editor on it, lets the page's `ready` run. */
  async function openOn(name: string, bytes: Uint8Array | undefined, linkTarget?: string): Promise<MaskEditorTestHandle> {
    const uri = vscode.Uri.joinPath(folder, name);
    if (linkTarget) symlinkSync(linkTarget, uri.fsPath);
    else await vscode.workspace.fs.writeFile(uri, bytes ?? new Uint8Array());
    const handle = (await vscode.commands.executeCommand('imageStudio.editWithMask', uri)) as MaskEditorTestHandle | undefined;
    assert.ok(handle, `the editor opened on ${name}`);
    await handle.receive({ type: 'ready' });
    return handle;
  }

  const cases: [name: string, bytes: () => Promise<Uint8Array | undefined>, expected: RegExp, link?: () => Promise<string>][] = [
    ['truncated.png', async () => readFileSync(join(fixturesDir(), 'truncated.png')), /damaged|ends early|truncated/i],
    ['corrupt-header.jpg', async () => readFileSync(join(fixturesDir(), 'corrupt-header.jpg')), /damaged|not a|image/i],
    ['bomb.png', async () => readFileSync(join(fixturesDir(), '65536-uint32-limit.png')), /pixels|too large|megapixel/i],
    ['empty.png', async () => new Uint8Array(), /empty/i],
    ['notes.png', async () => new TextEncoder().encode('just some text, not an image'), /not an image|text/i],
    ['script.png', async () => new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /SVG/],
    ['tiny.png', async () => sharp({ create: { width: 2, height: 2, channels: 4, background: '#fff' } }).png().toBuffer(), /small/i],
    [
      'outside.png',
      async () => undefined,
      /outside|workspace/i,
      async () => {
        const outside = join(tmpdir(), `image-studio-outside-${Date.now()}.png`);
        await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } }).png().toFile(outside);
        return outside;
      },
    ],
  ];

  for (const [name, bytes, expected, link] of cases) {
    it(`${name}: a clear message in the editor, nothing sent, nothing written`, async function () {
      this.timeout(30_000);
      const handle = await openOn(name, await bytes(), link ? await link() : undefined);
      const error = await waitFor(() => handle.posted.find((message) => message.type === 'error'), `an error for ${name}`);
      assert.match((error as { message: string }).message, expected);
      // A generate request anyway (the page would not offer one): still nothing goes out.
      const mask = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
      await handle.receive({
        type: 'generate',
        requestId: 5,
        revision: 1,
        prompt: 'anything',
        settings: SETTINGS,
        extension: { left: 0, top: 0, right: 0, bottom: 0 },
        mask: new Uint8Array(mask),
      });
      assert.equal(harness.endpoint.requests.length, 0, 'nothing was sent');
      const files = (await vscode.workspace.fs.readDirectory(folder)).map(([file]) => file);
      assert.deepEqual(files.sort(), [name], 'nothing was written');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, name), { useTrash: false });
    });
  }
});
