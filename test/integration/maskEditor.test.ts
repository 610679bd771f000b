// The mask editor inside the real extension host, against the local endpoint. The page is
// real too, but these tests drive the host side through the editor's test handle (what
// `imageStudio.editWithMask` returns in test mode), posting exactly the messages a page
// would, so every one goes through the same validation.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import sharp from 'sharp';
import type { MaskExtension, ToMaskEditor } from '../../shared/protocol';
import { HeldResultStore } from '../../src/panels/maskEditor/heldResultStore';
import type { MaskEditorTestHandle } from '../../src/panels/maskEditor/maskEditorSession';
import { setSetting, useHarness, waitFor } from './support';
import { fixturesDir } from '../fixturesDir';
import { MASK_TEST_SETTINGS } from './maskSettings';

const SETTINGS = MASK_TEST_SETTINGS;
const NO_EXTENSION: MaskExtension = { left: 0, top: 0, right: 0, bottom: 0 };
type Rect = [number, number, number, number];

/** A noisy opaque PNG: every pixel differs from its neighbours, so any change shows. */
async function noisyPng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    data[i] = state >> 23;
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A mask PNG as the page makes it: black, alpha 0 inside the rectangles, 255 elsewhere. */
async function maskPng(width: number, height: number, ...holes: Rect[]): Promise<Buffer> {
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  for (const [hx, hy, hw, hh] of holes) {
    for (let y = hy; y < hy + hh; y++) for (let x = hx; x < hx + hw; x++) rgba[(y * width + x) * 4 + 3] = 0;
  }
  return sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

async function rgba(bytes: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const inside = (x: number, y: number, [rx, ry, rw, rh]: Rect) => x >= rx && x < rx + rw && y >= ry && y < ry + rh;

describe('Mask editor (extension host, local endpoint)', function () {
  const harness = useHarness();
  let fixtures: string;
  let folder: vscode.Uri;
  let caseNumber = 0;
  let requestId = 100;

  const edits = () => harness.endpoint.requests.filter((request) => request.path.endsWith('/images/edits'));
  /** The one edit request sent, valid, with its image and mask both `width`x`height`. */
  function theOneUpload(width: number, height: number) {
    assert.equal(edits().length, 1);
    const request = edits()[0];
    assert.deepEqual(request.validationErrors, []);
    const image = request.files?.find((file) => file.field === 'image');
    const mask = request.files?.find((file) => file.field === 'mask');
    assert.ok(image && mask, 'image and mask uploaded');
    assert.deepEqual([image.width, image.height, mask.width, mask.height], [width, height, width, height]);
    return { request, image, mask };
  }
  const names = async () => (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).sort();

  async function write(name: string, bytes: Uint8Array): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(uri, bytes);
    return uri;
  }

  async function open(uri: vscode.Uri): Promise<MaskEditorTestHandle> {
    const handle = (await vscode.commands.executeCommand('imageStudio.editWithMask', uri)) as MaskEditorTestHandle | undefined;
    assert.ok(handle, 'the command returns the editor in test mode');
    return handle;
  }

  /** Posts a generate as the page would and returns what the host answered to it. */
  async function generate(handle: MaskEditorTestHandle, mask: Uint8Array, overrides: Record<string, unknown> = {}): Promise<ToMaskEditor[]> {
    const base = await handle.base();
    const id = ++requestId;
    const before = handle.posted.length;
    await handle.receive({
      type: 'generate',
      requestId: id,
      revision: base.revision,
      prompt: 'The same photo, with a red balloon where the mask is',
      settings: SETTINGS,
      extension: NO_EXTENSION,
      mask,
      ...overrides,
    });
    return handle.posted.slice(before);
  }

  const resultOf = (posted: ToMaskEditor[]) => {
    const result = posted.find((message): message is Extract<ToMaskEditor, { type: 'result' }> => message.type === 'result');
    assert.ok(result, `a result was posted: ${JSON.stringify(posted.map((message) => message.type === 'done' ? message : message.type))}`);
    return result.result;
  };
  const doneOf = (posted: ToMaskEditor[]) => posted.find((message): message is Extract<ToMaskEditor, { type: 'done' }> => message.type === 'done');

  before(() => {
    fixtures = fixturesDir(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  });

  after(async () => {
    await setSetting('variationsDestination', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  beforeEach(async () => {
    folder = vscode.Uri.joinPath(harness.workspace, `mask-case-${++caseNumber}`);
    await vscode.workspace.fs.createDirectory(folder);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens as the custom editor on the image, upright, at its own size', async function () {
    this.timeout(60_000);
    const uri = await write('flowers.jpeg', readFileSync(join(fixtures, 'flowers.jpeg')));
    const handle = await open(uri);
    const base = await handle.base();
    assert.deepEqual([base.width, base.height], [1920, 1080]);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom);
    assert.equal(tab.input.viewType, 'imageStudio.maskEditor');
    assert.equal(tab.input.uri.toString(), uri.toString());
    // EXIF orientation applied: the 450x600 portrait with orientation 6 is 600x450 upright.
    const landscape = await open(await write('Landscape_6.jpg', readFileSync(join(fixtures, 'Landscape_6.jpg'))));
    const upright = await landscape.base();
    assert.deepEqual([upright.width, upright.height], [600, 450]);
    await handle.receive({ type: 'ready' });
    const init = handle.posted.find((message) => message.type === 'init');
    assert.ok(init && init.type === 'init');
    assert.ok(init.models.some((model) => model.id === 'gpt-image-2'));
    assert.ok(!init.models.some((model) => model.id === 'dall-e-3'), 'models that cannot edit are not offered');
    assert.ok(init.image.bytes instanceof Uint8Array);
    assert.equal(init.settings.strictComposite, true);
  });

  it('a painted rectangle: the endpoint receives image and mask of one size, transparent exactly there', async function () {
    this.timeout(60_000);
    const width = 96;
    const height = 64;
    const hole: Rect = [20, 10, 30, 25];
    const handle = await open(await write('noise.png', await noisyPng(width, height)));
    const posted = await generate(handle, await maskPng(width, height, hole));
    assert.equal(doneOf(posted)?.outcome, 'finished', JSON.stringify(doneOf(posted)));
    resultOf(posted);
    const { request, image, mask } = theOneUpload(width, height);
    assert.equal(mask.contentType, 'image/png');
    const decoded = await rgba(mask.bytes);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        assert.equal(decoded.data[(y * width + x) * 4 + 3], inside(x, y, hole) ? 0 : 255, `mask pixel ${x},${y}`);
      }
    }
    // The uploaded image is the original's pixels.
    const sent = await rgba(image.bytes);
    const original = await rgba(await noisyPng(width, height));
    assert.ok(sent.data.equals(original.data), 'the image is sent unchanged');
    assert.equal(request.fields?.prompt, 'The same photo, with a red balloon where the mask is');
    assert.deepEqual(await names(), ['noise.png'], 'nothing written before Keep');
  });

  it('strict composite: the kept result equals the original outside the mask; the sidecar links the source', async function () {
    this.timeout(60_000);
    const width = 80;
    const height = 60;
    const hole: Rect = [10, 12, 40, 30];
    const handle = await open(await write('cat.png', await noisyPng(width, height)));
    const result = resultOf(await generate(handle, await maskPng(width, height, hole)));
    assert.equal(result.composited, true);
    const before = handle.posted.length;
    await handle.receive({ type: 'keep', resultId: result.resultId });
    const kept = handle.posted.slice(before).find((message) => message.type === 'kept');
    assert.ok(kept && kept.type === 'kept');
    assert.equal(kept.fileName, 'cat.edit-1.png');
    assert.deepEqual(await names(), ['cat.edit-1.json', 'cat.edit-1.png', 'cat.png']);
    const saved = await rgba(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'cat.edit-1.png')));
    const original = await rgba(await noisyPng(width, height));
    assert.deepEqual([saved.width, saved.height], [width, height]);
    let changedInside = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const same = saved.data.subarray(i, i + 4).equals(original.data.subarray(i, i + 4));
        if (!inside(x, y, hole)) assert.ok(same, `outside pixel ${x},${y} kept exactly`);
        else if (!same) changedInside++;
      }
    }
    assert.ok(changedInside > 0.9 * hole[2] * hole[3], 'the masked area took the result');
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'cat.edit-1.json'))));
    assert.equal(sidecar.source, `mask-case-${caseNumber}/cat.png`);
    assert.equal(sidecar.prompt, 'The same photo, with a red balloon where the mask is');
    assert.equal(sidecar.model, 'gpt-image-2');
    assert.equal(sidecar.operation, 'edit');
    assert.equal(sidecar.parameters.quality, 'low');
    assert.equal(sidecar.mask.strictComposite, true);
    assert.equal(sidecar.mask.featherPx, 2);
    assert.equal(sidecar.mask.selectedPixels, hole[2] * hole[3]);
    // Keeping again does not save twice; a second result gets the next number.
    await handle.receive({ type: 'keep', resultId: result.resultId });
    const second = resultOf(await generate(handle, await maskPng(width, height, hole)));
    await handle.receive({ type: 'keep', resultId: second.resultId });
    assert.deepEqual(await names(), ['cat.edit-1.json', 'cat.edit-1.png', 'cat.edit-2.json', 'cat.edit-2.png', 'cat.png']);
  });

  // The API's two non-square sizes, landscape and portrait: a mixed-up width and height, or a
  // row stride taken from the wrong side, shows as a mask or a composite off by whole rows.
  for (const [width, height] of [
    [1536, 1024],
    [1024, 1536],
  ]) {
    it(`${width}x${height}: the mask is exactly the painted area and the strict composite restores every pixel outside it`, async function () {
      this.timeout(120_000);
      // Two holes: one against the top-left corner, one tall and narrow towards the far corner
      // (so that swapping the axes moves it).
      const holes: Rect[] = [
        [0, 0, 37, 53],
        [Math.round(width * 0.6), Math.round(height * 0.45), Math.round(width * 0.15), Math.round(height * 0.4)],
      ];
      const inAHole = (x: number, y: number) => holes.some((hole) => inside(x, y, hole));
      const source = await noisyPng(width, height);
      const handle = await open(await write('wide-or-tall.png', source));
      const base = await handle.base();
      assert.deepEqual([base.width, base.height], [width, height]);
      const posted = await generate(handle, await maskPng(width, height, ...holes));
      assert.equal(doneOf(posted)?.outcome, 'finished', JSON.stringify(doneOf(posted)));
      const result = resultOf(posted);
      assert.equal(result.composited, true);

      // The upload: the image unchanged, the mask transparent exactly in the holes.
      const { image, mask } = theOneUpload(width, height);
      const original = await rgba(source);
      assert.ok((await rgba(image.bytes)).data.equals(original.data), 'the image is sent unchanged');
      const decoded = await rgba(mask.bytes);
      const wrongMask: string[] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const alpha = decoded.data[(y * width + x) * 4 + 3];
          if (alpha !== (inAHole(x, y) ? 0 : 255)) wrongMask.push(`${x},${y}=${alpha}`);
        }
      }
      assert.deepEqual(wrongMask.slice(0, 10), [], `${wrongMask.length} mask pixels differ from the painted area`);

      // Kept: every pixel outside the holes is the original's, the holes took the result.
      const before = handle.posted.length;
      await handle.receive({ type: 'keep', resultId: result.resultId });
      const kept = handle.posted.slice(before).find((message) => message.type === 'kept');
      assert.ok(kept && kept.type === 'kept', JSON.stringify(handle.posted.slice(before)));
      const saved = await rgba(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, kept.fileName)));
      assert.deepEqual([saved.width, saved.height], [width, height]);
      const changedOutside: string[] = [];
      let changedInside = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          const same = saved.data.subarray(i, i + 4).equals(original.data.subarray(i, i + 4));
          if (!inAHole(x, y)) {
            if (!same) changedOutside.push(`${x},${y}`);
          } else if (!same) changedInside++;
        }
      }
      assert.deepEqual(changedOutside.slice(0, 10), [], `${changedOutside.length} pixels outside the mask changed`);
      const holeArea = holes.reduce((sum, [, , w, h]) => sum + w * h, 0);
      assert.ok(changedInside > 0.9 * holeArea, `the masked area took the result (${changedInside} of ${holeArea} pixels changed)`);
      const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, kept.fileName.replace(/\.png$/, '.json')))));
      assert.equal(sidecar.mask.selectedPixels, holeArea);
    });
  }

  it('outpainting: the image is extended with a transparent strip the mask covers, and the original part is kept', async function () {
    this.timeout(60_000);
    const width = 64;
    const height = 48;
    const extension: MaskExtension = { left: 0, top: 0, right: 32, bottom: 0 };
    const handle = await open(await write('wide.png', await noisyPng(width, height)));
    const strip: Rect = [width, 0, 32, height];
    const posted = await generate(handle, await maskPng(width + 32, height, strip), { extension });
    const result = resultOf(posted);
    const request = edits()[0];
    const image = await rgba(request.files!.find((file) => file.field === 'image')!.bytes);
    const mask = await rgba(request.files!.find((file) => file.field === 'mask')!.bytes);
    assert.deepEqual([image.width, image.height, mask.width, mask.height], [96, 48, 96, 48]);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < 96; x++) {
        const i = (y * 96 + x) * 4 + 3;
        assert.equal(image.data[i], x >= width ? 0 : 255, `image alpha ${x},${y}`);
        assert.equal(mask.data[i], x >= width ? 0 : 255, `mask alpha ${x},${y}`);
      }
    }
    const composite = await rgba(result.bytes);
    const original = await rgba(await noisyPng(width, height));
    assert.deepEqual([composite.width, composite.height], [96, 48]);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        assert.ok(composite.data.subarray((y * 96 + x) * 4, (y * 96 + x) * 4 + 4).equals(original.data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)));
      }
      assert.equal(composite.data[(y * 96 + 80) * 4 + 3], 255, 'the strip is filled in');
    }
  });

  it('invalid masks are refused with a clear message and no request', async function () {
    this.timeout(60_000);
    const handle = await open(await write('small.png', await noisyPng(40, 30)));
    const cases: [string, Buffer, RegExp][] = [
      ['nothing transparent', await maskPng(40, 30), /^Nothing is selected to edit: paint the area to change\.$/],
      ['wrong size', await maskPng(30, 40, [0, 0, 5, 5]), /30x40 but the image is 40x30/],
      ['no alpha', await sharp({ create: { width: 40, height: 30, channels: 3, background: '#000' } }).png().toBuffer(), /no transparency/],
      ['not a PNG', await sharp({ create: { width: 40, height: 30, channels: 3, background: '#000' } }).jpeg().toBuffer(), /not a PNG/],
    ];
    for (const [what, mask, message] of cases) {
      const done = doneOf(await generate(handle, mask));
      assert.equal(done?.outcome, 'failed', what);
      assert.match(done?.message ?? '', message, what);
    }
    assert.equal(harness.endpoint.requests.length, 0, 'nothing was sent');
    assert.deepEqual(await names(), ['small.png']);
    // A fully transparent mask edits the whole image (it is not refused).
    const whole = doneOf(await generate(handle, await maskPng(40, 30, [0, 0, 40, 30])));
    assert.equal(whole?.outcome, 'finished');
  });

  it('forged and stale messages are rejected: no request, no file, only this image', async function () {
    this.timeout(60_000);
    const handle = await open(await write('target.png', await noisyPng(40, 30)));
    const good = await maskPng(40, 30, [0, 0, 10, 10]);
    const errorsBefore = handle.posted.filter((message) => message.type === 'error').length;
    const forged: unknown[] = [
      { type: 'writeFile', path: '/tmp/evil.png', bytes: new Uint8Array(4) },
      { type: 'generate', requestId: 1, revision: 1, prompt: 'x', settings: SETTINGS, extension: NO_EXTENSION, mask: [...good] },
      { type: 'generate', requestId: 1, revision: 1, prompt: 'x', settings: SETTINGS, extension: { left: -5, top: 0, right: 0, bottom: 0 }, mask: good },
      { type: 'generate', requestId: 1, revision: 1, prompt: 'x', settings: { ...SETTINGS, n: 1000 }, extension: NO_EXTENSION, mask: good },
      { type: 'keep', resultId: '../../../../etc/passwd' },
      'not even an object',
    ];
    for (const message of forged) await handle.receive(message);
    const errors = handle.posted.filter((message) => message.type === 'error').length - errorsBefore;
    assert.equal(errors, forged.length, 'each forged message is refused');
    // Well-formed but not acceptable: a model the editor does not offer, a stale image, a result it never issued.
    const wrongModel = doneOf(await generate(handle, good, { settings: { ...SETTINGS, model: 'dall-e-3' } }));
    assert.equal(wrongModel?.outcome, 'failed');
    assert.match(wrongModel?.message ?? '', /not one of the models/);
    const stale = doneOf(await generate(handle, good, { revision: 999 }));
    assert.equal(stale?.outcome, 'failed');
    assert.match(stale?.message ?? '', /image changed/);
    const before = handle.posted.length;
    await handle.receive({ type: 'keep', resultId: 'ab'.repeat(12) });
    assert.ok(handle.posted.slice(before).some((message) => message.type === 'error' && /no longer held/.test(message.message)));
    // An extra `uri` refuses the whole message (one policy for every webview message)...
    const other = await write('other.png', await noisyPng(50, 50));
    const errorsBeforeExtra = handle.posted.filter((message) => message.type === 'error').length;
    const refused = await generate(handle, good, { uri: other.toString(), path: other.fsPath });
    assert.equal(doneOf(refused), undefined, 'a generate with unknown keys is not run');
    const refusal = handle.posted.filter((message) => message.type === 'error').slice(errorsBeforeExtra);
    assert.equal(refusal.length, 1);
    assert.match(refusal[0].type === 'error' ? refusal[0].message : '', /could not accept; nothing was done/);
    assert.equal(edits().length, 0, 'nothing was sent for a forged message');
    // ...and the editor acts on its own image only.
    assert.equal(doneOf(await generate(handle, good))?.outcome, 'finished');
    const image = edits()[0].files!.find((file) => file.field === 'image')!;
    assert.deepEqual([image.width, image.height], [40, 30], 'the image the editor was opened on');
    assert.equal(edits().length, 1, 'only the well-formed request was sent');
    assert.deepEqual(await names(), ['other.png', 'target.png'], 'nothing written');
  });

  it('Discard forgets a result; Edit again makes it the image to paint on', async function () {
    this.timeout(60_000);
    const handle = await open(await write('again.png', await noisyPng(48, 48)));
    const first = resultOf(await generate(handle, await maskPng(48, 48, [0, 0, 16, 16])));
    let before = handle.posted.length;
    await handle.receive({ type: 'discard', resultId: first.resultId });
    assert.ok(handle.posted.slice(before).some((message) => message.type === 'discarded' && message.resultId === first.resultId));
    before = handle.posted.length;
    await handle.receive({ type: 'keep', resultId: first.resultId });
    assert.ok(
      handle.posted.slice(before).some((message) => message.type === 'error' && message.message === 'That result is no longer held (it was discarded). Generate again.'),
      'a discarded result cannot be kept',
    );
    const second = resultOf(await generate(handle, await maskPng(48, 48, [0, 0, 16, 16])));
    const revision = (await handle.base()).revision;
    before = handle.posted.length;
    await handle.receive({ type: 'editAgain', resultId: second.resultId });
    const image = handle.posted.slice(before).find((message) => message.type === 'image');
    assert.ok(image && image.type === 'image');
    assert.equal(image.image.revision, revision + 1);
    assert.equal(image.image.origin, 'result');
    const third = resultOf(await generate(handle, await maskPng(48, 48, [30, 30, 10, 10])));
    await handle.receive({ type: 'keep', resultId: third.resultId });
    await waitFor(async () => (await names()).includes('again.edit-1.json'), 'the sidecar');
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'again.edit-1.json'))));
    assert.deepEqual(sidecar.editedFrom, ['The same photo, with a red balloon where the mask is']);
    assert.equal(sidecar.source, `mask-case-${caseNumber}/again.png`);
  });

  it('unkept results outlive the editor: reopened (as after a reload), they are back, byte for byte, and can still be kept', async function () {
    this.timeout(60_000);
    const uri = await write('survive.png', await noisyPng(48, 48));
    let handle = await open(uri);
    const first = resultOf(await generate(handle, await maskPng(48, 48, [0, 0, 16, 16])));
    const second = resultOf(await generate(handle, await maskPng(48, 48, [8, 8, 16, 16])));
    const discarded = resultOf(await generate(handle, await maskPng(48, 48, [20, 20, 8, 8])));
    await handle.receive({ type: 'discard', resultId: discarded.resultId });
    await handle.receive({ type: 'keep', resultId: second.resultId });
    await waitFor(async () => (await names()).includes('survive.edit-1.png'), 'the kept result');

    // Closing the editor ends the session (a reload also restarts the extension host).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Damage that storage may hold: an interrupted write, an entry that is not JSON, one
    // whose image is missing. They are cleared away, not shown.
    const context = harness.api.services.context;
    const stored = new HeldResultStore(vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'mask-results'), harness.api.services.logger).folderFor(uri);
    const junk = ['.0123456789ab.partial', 'aaaaaaaaaaaaaaaaaaaaaaaa.json', 'bbbbbbbbbbbbbbbbbbbbbbbb.json'];
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(stored, junk[0]), new Uint8Array([1, 2, 3]));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(stored, junk[1]), new TextEncoder().encode('{ not json'));
    const firstEntry = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(stored, `${first.resultId}.json`));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(stored, junk[2]), new TextEncoder().encode(new TextDecoder().decode(firstEntry).replace(first.resultId, 'b'.repeat(24))));
    handle = await open(uri);
    const before = handle.posted.length;
    await handle.receive({ type: 'ready' });
    const init = handle.posted.slice(before).find((message): message is Extract<ToMaskEditor, { type: 'init' }> => message.type === 'init');
    assert.ok(init, 'the editor answered ready');
    assert.deepEqual(init.results.map((result) => result.resultId), [first.resultId, second.resultId], 'in order, without the discarded one');
    assert.ok(Buffer.from(init.results[0].bytes).equals(Buffer.from(first.bytes)), 'the same bytes');
    assert.equal(init.results[0].prompt, first.prompt);
    assert.equal(init.results[0].keptAs, undefined);
    assert.equal(init.results[1].keptAs, 'survive.edit-1.png', 'still shown as kept');
    const left = (await vscode.workspace.fs.readDirectory(stored)).map(([name]) => name);
    assert.deepEqual(left.filter((name) => junk.includes(name)), [], 'damaged entries removed');

    await handle.receive({ type: 'keep', resultId: first.resultId });
    await waitFor(async () => (await names()).includes('survive.edit-2.json'), 'the restored result, kept');
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'survive.edit-2.json'))));
    assert.equal(sidecar.prompt, first.prompt);
    assert.equal(sidecar.source, `mask-case-${caseNumber}/survive.png`);
    assert.equal(sidecar.mask.canvas.width, 48);
    assert.equal(edits().length, 3, 'no request was sent again');

    // Discarded for good: the next editor on this image lists only what is left.
    await handle.receive({ type: 'discard', resultId: first.resultId });
    await handle.receive({ type: 'discard', resultId: second.resultId });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    handle = await open(uri);
    const again = handle.posted.length;
    await handle.receive({ type: 'ready' });
    const last = handle.posted.slice(again).find((message): message is Extract<ToMaskEditor, { type: 'init' }> => message.type === 'init');
    assert.deepEqual(last?.results, []);
  });

  it('streams: partial images arrive as previews before the result; n = 2 is one request, not streamed', async function () {
    this.timeout(60_000);
    await setSetting('stream', true);
    await setSetting('partialImages', 2);
    try {
      const handle = await open(await write('stream.png', await noisyPng(64, 64)));
      const posted = await generate(handle, await maskPng(64, 64, [10, 10, 20, 20]));
      assert.equal(doneOf(posted)?.outcome, 'finished', JSON.stringify(doneOf(posted)));
      const previews = posted.filter((message): message is Extract<ToMaskEditor, { type: 'preview' }> => message.type === 'preview');
      assert.deepEqual(previews.map((preview) => preview.partialIndex), [0, 1]);
      for (const preview of previews) {
        assert.equal(preview.mimeType, 'image/png');
        assert.equal((await sharp(Buffer.from(preview.bytes)).metadata()).format, 'png');
      }
      const resultAt = posted.findIndex((message) => message.type === 'result');
      assert.ok(resultAt > posted.lastIndexOf(previews[1]), 'previews come before the result');
      assert.equal(edits().length, 1);
      assert.equal(edits()[0].fields?.stream, 'true');
      assert.equal(edits()[0].fields?.partial_images, '2');
      assert.deepEqual(edits()[0].validationErrors, []);

      // Two images: one request without streaming (its events could not say which image).
      harness.endpoint.reset();
      const two = await generate(handle, await maskPng(64, 64, [10, 10, 20, 20]), { settings: { ...SETTINGS, n: 2 } });
      assert.equal(two.filter((message) => message.type === 'result').length, 2);
      assert.ok(!two.some((message) => message.type === 'preview'));
      assert.equal(edits().length, 1);
      assert.equal(edits()[0].fields?.stream, undefined);
      assert.equal(edits()[0].fields?.n, '2');
    } finally {
      await setSetting('stream', undefined);
      await setSetting('partialImages', undefined);
    }
  });

  it('complexity: the picker is offered where the model plans, its choice is sent, default and models without it send none', async function () {
    this.timeout(90_000);
    await setSetting('complexity', 'medium');
    try {
      const handle = await open(await write('plan.png', await noisyPng(64, 64)));
      const before = handle.posted.length;
      await handle.receive({ type: 'ready' });
      const init = handle.posted.slice(before).find((message): message is Extract<ToMaskEditor, { type: 'init' }> => message.type === 'init');
      assert.ok(init, 'init posted');
      assert.equal(init.models.find((model) => model.id === 'gpt-image-2')?.complexity, true);
      assert.equal(init.settings.complexity, 'medium', 'the editor starts at the setting');
      const without = init.models.find((model) => !model.complexity);
      assert.ok(without, `a model without complexity is offered: ${init.models.map((model) => model.id).join(', ')}`);
      const mask = await maskPng(64, 64, [8, 8, 16, 16]);
      const sent = async (settings: Record<string, unknown>) => {
        harness.endpoint.reset();
        const posted = await generate(handle, mask, { settings });
        assert.equal(doneOf(posted)?.outcome, 'finished', JSON.stringify(doneOf(posted)));
        assert.equal(edits().length, 1);
        assert.deepEqual(edits()[0].validationErrors, []);
        return edits()[0].fields ?? {};
      };

      // The page's choice over the setting.
      assert.equal((await sent({ ...SETTINGS, complexity: 'high' })).complexity, 'high');
      // Default: nothing sent, whatever the setting says.
      assert.ok(!('complexity' in (await sent({ ...SETTINGS, complexity: 'default' }))), 'default sends no complexity');
      // No choice in the message (a page from before the picker): the setting applies.
      assert.equal((await sent(SETTINGS)).complexity, 'medium');
      // A model without complexity is sent none, even when a (forged) message asks for it.
      const plain = {
        ...SETTINGS,
        model: without.id,
        size: without.sizes[0],
        quality: without.qualities[0] ?? 'auto',
        outputFormat: without.outputFormats[0] ?? 'png',
        background: without.backgrounds[0] ?? 'auto',
        complexity: 'high',
      };
      const fields = await sent(plain);
      assert.equal(fields.model, without.id);
      assert.ok(!('complexity' in fields), `${without.id} is sent no complexity`);

      // A forged value is refused before anything is sent.
      harness.endpoint.reset();
      const refused = await generate(handle, mask, { settings: { ...SETTINGS, complexity: 'extreme' } });
      assert.ok(refused.some((message) => message.type === 'error' && /could not accept/.test(message.message)), JSON.stringify(refused.map((message) => message.type)));
      assert.ok(!refused.some((message) => message.type === 'result'));
      assert.equal(edits().length, 0, 'nothing sent');
    } finally {
      await setSetting('complexity', undefined);
    }
  });

  it('cancel stops the request; nothing is kept', async function () {
    this.timeout(60_000);
    const handle = await open(await write('slow.png', await noisyPng(40, 40)));
    // Long enough that only an abort ends it (the endpoint stops waiting when the client leaves).
    harness.endpoint.inject({ kind: 'delay', ms: 60_000 });
    const base = await handle.base();
    const before = handle.posted.length;
    const running = handle.receive({
      type: 'generate',
      requestId: 77,
      revision: base.revision,
      prompt: 'slow',
      settings: SETTINGS,
      extension: NO_EXTENSION,
      mask: await maskPng(40, 40, [0, 0, 8, 8]),
    });
    await waitFor(() => harness.endpoint.requests.length > 0, 'the request to start', 10_000);
    await handle.receive({ type: 'cancel', requestId: 77 });
    await running;
    // Cancelled on the wire, not only in the editor: the endpoint saw the connection closed.
    const aborted = await harness.endpoint.waitForAborted('/v1/images/edits');
    assert.equal(aborted.status, 0, 'aborted before any answer');
    const done = doneOf(handle.posted.slice(before));
    assert.equal(done?.outcome, 'cancelled');
    assert.ok(!handle.posted.slice(before).some((message) => message.type === 'result'));
    assert.deepEqual(await names(), ['slow.png']);
  });
});
