// Create Variations… and Edit with Prompt… inside the real extension host, against the local
// endpoint. Fixture images are copied from shared/fixtures/images into the test workspace at
// run time (never into the repository); answers are passed as the commands' argument object
// so no picker is shown.
import * as assert from 'node:assert/strict';
import { readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import sharp from 'sharp';
import type { ExplorerCommandResult } from '../../src/commands/explorerReport';
import { deleteQuietly, setSetting, useHarness } from './support';
import { fixturesDir } from '../fixturesDir';

const VARIATIONS = 'imageStudio.createVariations';
const EDIT = 'imageStudio.editWithPrompt';
const DEFAULT_VARIATION_PROMPT =
  'Create a variation of this image: keep its subject, composition and style, and vary the details.';

describe('Explorer: Create Variations and Edit with Prompt (extension host, local endpoint)', function () {
  const harness = useHarness();
  const { invalid } = harness;
  let fixtures: string;
  let folder: vscode.Uri;
  let caseNumber = 0;

  const names = async (): Promise<string[]> => (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).sort();
  const uriOf = (name: string) => vscode.Uri.joinPath(folder, name);
  const readJson = async (uri: vscode.Uri) => JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  const errors = () => harness.api.services.notifier.shown.filter((message) => message.severity === 'error');

  /** Copies fixture files into this test's folder; returns their URIs. */
  async function copy(...files: string[]): Promise<vscode.Uri[]> {
    return Promise.all(
      files.map(async (name) => {
        const uri = uriOf(name);
        await vscode.workspace.fs.writeFile(uri, readFileSync(join(fixtures, name)));
        return uri;
      }),
    );
  }

  async function write(name: string, content: string | Uint8Array): Promise<vscode.Uri> {
    const uri = uriOf(name);
    await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    return uri;
  }

  before(() => {
    fixtures = fixturesDir(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  });

  after(async () => {
    for (const name of ['model', 'variationsDestination', 'stream', 'count']) await setSetting(name, undefined);
  });

  beforeEach(async () => {
    for (const name of ['model', 'variationsDestination', 'stream', 'count']) await setSetting(name, undefined);
    // A fresh folder per test, so every name assertion is exact.
    folder = vscode.Uri.joinPath(harness.workspace, `explorer-case-${++caseNumber}`);
    await vscode.workspace.fs.createDirectory(folder);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('variations of a PNG on gpt-image-2 (n = 3): three files and sidecars beside it, named after it', async () => {
    const [cat] = await copy('with-alpha.png');
    const result = (await vscode.commands.executeCommand(VARIATIONS, cat, [cat], { n: 3 })) as ExplorerCommandResult;
    assert.equal(result.saved.length, 3);
    assert.deepEqual(await names(), [
      'with-alpha.png',
      'with-alpha.var-1.json', 'with-alpha.var-1.png',
      'with-alpha.var-2.json', 'with-alpha.var-2.png',
      'with-alpha.var-3.json', 'with-alpha.var-3.png',
    ]);
    // Streaming is on by default: each streamed image is its own request of n = 1.
    const requests = harness.endpoint.requests;
    assert.equal(requests.length, 3);
    for (const request of requests) {
      assert.equal(request.path, '/v1/images/edits');
      assert.deepEqual(request.files?.map((f) => [f.field, f.filename, f.contentType, f.format]), [['image', 'with-alpha.png', 'image/png', 'png']]);
      assert.deepEqual([request.fields?.prompt, request.fields?.n, request.fields?.stream], [DEFAULT_VARIATION_PROMPT, '1', 'true']);
    }
    const sidecar = await readJson(uriOf('with-alpha.var-2.json'));
    assert.equal(sidecar.source, `explorer-case-${caseNumber}/with-alpha.png`);
    assert.equal(sidecar.operation, 'variation');
    assert.equal(sidecar.endpoint, '/images/edits');
    assert.equal(sidecar.prompt, DEFAULT_VARIATION_PROMPT);
    assert.equal(sidecar.model, 'gpt-image-2');
    assert.equal(sidecar.image, 'with-alpha.var-2.png');
    assert.equal(sidecar.parameters.prompt, undefined, 'the prompt is kept once, not in parameters');
    assert.equal(sidecar.parameters.n, 1);
    assert.equal(sidecar.preparation.length, 1);
    assert.match(sidecar.preparation[0], /^with-alpha\.png, 256x192 PNG/);
    const shown = harness.api.services.notifier.shown.at(-1);
    assert.equal(shown?.severity, 'info');
    assert.equal(shown?.message, 'Saved 3 variations of with-alpha.png: with-alpha.var-1.png, with-alpha.var-2.png, with-alpha.var-3.png.');
  });

  it('never overwrites: numbering continues after existing results', async () => {
    const [cat] = await copy('with-alpha.png');
    await write('with-alpha.var-1.png', readFileSync(join(fixtures, 'with-alpha.png')));
    await write('with-alpha.var-2.json', '{}');
    await setSetting('stream', false);
    const result = (await vscode.commands.executeCommand(VARIATIONS, cat, [cat], { n: 2 })) as ExplorerCommandResult;
    assert.deepEqual(result.saved.map((saved) => saved.uri.path.split('/').pop()), ['with-alpha.var-3.png', 'with-alpha.var-4.png']);
    assert.equal(harness.endpoint.requests.length, 1, 'without streaming one request makes both');
    assert.equal(harness.endpoint.requests[0].fields?.n, '2');
    assert.equal((await vscode.workspace.fs.readFile(uriOf('with-alpha.var-2.json'))).length, 2, 'the old sidecar is untouched');
  });

  it('a JPEG on a GPT model is uploaded as the JPEG it is', async () => {
    const [flowers] = await copy('flowers.jpeg');
    await vscode.commands.executeCommand(VARIATIONS, flowers, [flowers], { n: 1 });
    const [request] = harness.endpoint.requests;
    assert.deepEqual(
      request.files?.map((f) => [f.field, f.filename, f.contentType, f.format, f.width, f.height]),
      [['image', 'flowers.jpg', 'image/jpeg', 'jpeg', 1920, 1080]],
    );
    assert.deepEqual(await names(), ['flowers.jpeg', 'flowers.var-1.json', 'flowers.var-1.png']);
    const saved = await sharp(await vscode.workspace.fs.readFile(uriOf('flowers.var-1.png'))).metadata();
    assert.deepEqual([saved.width, saved.height], [1920, 1080], 'auto size follows the source');
  });

  it('dall-e-2 uses /images/variations with a square PNG under 4 MB (from the image preview\'s title: a URI only)', async () => {
    await setSetting('model', 'dall-e-2');
    const [flowers] = await copy('flowers.jpeg');
    const result = (await vscode.commands.executeCommand(VARIATIONS, flowers, { n: 2, size: '512x512' })) as ExplorerCommandResult;
    assert.equal(result.saved.length, 2);
    assert.equal(harness.endpoint.requests.length, 1);
    const [request] = harness.endpoint.requests;
    assert.equal(request.path, '/v1/images/variations');
    const [file] = request.files ?? [];
    assert.deepEqual([file.field, file.filename, file.contentType, file.format, file.width, file.height], ['image', 'flowers.png', 'image/png', 'png', 1024, 1024]);
    assert.ok(file.size < 4 * 1024 * 1024, `${file.size} bytes`);
    assert.deepEqual(request.fields, { model: 'dall-e-2', response_format: 'b64_json', n: '2', size: '512x512' });
    const sidecar = await readJson(uriOf('flowers.var-1.json'));
    assert.equal(sidecar.endpoint, '/images/variations');
    assert.equal(sidecar.prompt, '');
    assert.match(sidecar.preparation[0], /converted JPEG → PNG/);
    assert.match(sidecar.preparation[0], /padded 1024x576 → 1024x1024/);
    assert.equal(sidecar.width, 512);
  });

  it('Edit with Prompt on three selected images: ONE request with three image[] parts', async () => {
    const uris = await copy('with-alpha.png', 'flowers.jpeg', '5_webp_a.webp');
    const result = (await vscode.commands.executeCommand(EDIT, uris[1], uris, { prompt: 'Put all three in one scene' })) as ExplorerCommandResult;
    assert.equal(harness.endpoint.requests.length, 1);
    const [request] = harness.endpoint.requests;
    assert.equal(request.path, '/v1/images/edits');
    assert.deepEqual(request.files?.map((f) => [f.field, f.filename, f.contentType]), [
      ['image[]', 'with-alpha.png', 'image/png'],
      ['image[]', 'flowers.jpg', 'image/jpeg'],
      ['image[]', '5_webp_a.webp', 'image/webp'],
    ]);
    assert.equal(request.fields?.prompt, 'Put all three in one scene');
    assert.equal(result.saved.length, 1);
    assert.deepEqual((await names()).filter((name) => name.includes('.edit-')), ['with-alpha.edit-1.json', 'with-alpha.edit-1.png']);
    const sidecar = await readJson(uriOf('with-alpha.edit-1.json'));
    assert.equal(sidecar.operation, 'edit');
    assert.deepEqual(sidecar.sources, ['with-alpha.png', 'flowers.jpeg', '5_webp_a.webp'].map((name) => `explorer-case-${caseNumber}/${name}`));
    assert.equal(sidecar.preparation.length, 3);
  });

  const hostile: [string, (name: string) => Promise<vscode.Uri>, RegExp][] = [
    ['truncated.png', async () => (await copy('truncated.png'))[0], /^truncated\.png looks damaged/],
    ['corrupt-header.jpg', async () => (await copy('corrupt-header.jpg'))[0], /^corrupt-header\.jpg looks damaged \(its header is broken\)/],
    ['65536-uint32-limit.png (decompression bomb)', async () => (await copy('65536-uint32-limit.png'))[0], /^65536-uint32-limit\.png is 65536x65536 pixels/],
    ['a zero-byte .png', () => write('empty.png', new Uint8Array()), /^empty\.png is empty \(0 bytes\)/],
    ['text named .png', () => write('notes.png', 'Remember to buy milk.\n'), /^notes\.png is not an image: it contains text/],
    ['SVG named .png', () => write('drawing.png', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /^drawing\.png is an SVG drawing/],
  ];
  for (const [label, make, message] of hostile) {
    it(`${label}: a clear error naming it, no request, no new file`, async () => {
      const uri = await make(label);
      const before = await names();
      const started = Date.now();
      await vscode.commands.executeCommand(VARIATIONS, uri, [uri], { n: 2 });
      assert.ok(Date.now() - started < 10_000, 'refused quickly');
      assert.equal(harness.endpoint.requests.length, 0);
      assert.deepEqual(await names(), before);
      const [error] = errors();
      assert.match(error?.message ?? '(no error shown)', message);
      assert.match(error.message, /Nothing was sent\.$/);
    });
  }

  it('Edit with Prompt with one broken image among good ones sends nothing', async () => {
    const uris = await copy('with-alpha.png', 'truncated.png');
    await vscode.commands.executeCommand(EDIT, uris[0], uris, { prompt: 'combine' });
    assert.equal(harness.endpoint.requests.length, 0);
    assert.match(errors()[0]?.message ?? '', /^truncated\.png looks damaged .* Nothing was sent\.$/);
    assert.deepEqual(await names(), ['truncated.png', 'with-alpha.png']);
  });

  it('several files are one job with a summary per file; a broken one does not stop the others', async () => {
    const uris = await copy('with-alpha.png', 'truncated.png', '5_webp_a.webp');
    const result = (await vscode.commands.executeCommand(VARIATIONS, uris[0], uris, { n: 1 })) as ExplorerCommandResult;
    assert.equal(harness.endpoint.requests.length, 2);
    assert.deepEqual(result.sources.map((s) => [s.source.split('/').pop(), s.saved.length, s.error !== undefined]), [
      ['with-alpha.png', 1, false],
      ['truncated.png', 0, true],
      ['5_webp_a.webp', 1, false],
    ]);
    const summary = harness.api.services.notifier.shown.at(-1);
    assert.equal(summary?.severity, 'warning');
    assert.match(summary!.message, /^with-alpha\.png: 1 variation; truncated\.png: failed — looks damaged \(the file ends early\)\. Re-export it and try again; 5_webp_a\.webp: 1 variation\.$/);
    assert.deepEqual(summary!.actions, ['Show Log']);
  });

  it('dall-e-2 edits one image at a time: says so and sends nothing', async () => {
    await setSetting('model', 'dall-e-2');
    const uris = await copy('with-alpha.png', '5_webp_a.webp');
    await vscode.commands.executeCommand(EDIT, uris[0], uris, { prompt: 'combine' });
    assert.equal(harness.endpoint.requests.length, 0);
    assert.match(errors()[0]?.message ?? '', /dall-e-2 edits one image at a time, and 2 were selected\. Select one image, or choose a GPT image model such as gpt-image-2/);
  });

  it('dall-e-3 cannot vary or edit: a clear message with Open Settings, nothing sent', async () => {
    await setSetting('model', 'dall-e-3');
    const [cat] = await copy('with-alpha.png');
    await vscode.commands.executeCommand(VARIATIONS, cat, [cat], { n: 1 });
    assert.equal(harness.endpoint.requests.length, 0);
    const [error] = errors();
    assert.match(error?.message ?? '', /dall-e-3 cannot edit images or make variations/);
    assert.ok(error.actions.includes('Open Settings'));
  });

  it('a link to a file outside the workspace is refused, and says why', async () => {
    const link = uriOf('outside.png');
    symlinkSync(join(fixtures, 'with-alpha.png'), link.fsPath);
    await vscode.commands.executeCommand(VARIATIONS, link, [link], { n: 1 });
    assert.equal(harness.endpoint.requests.length, 0);
    assert.match(errors()[0]?.message ?? '', /^outside\.png is a symbolic link to .*with-alpha\.png, outside the workspace\./);
  });

  it('a link inside the workspace is followed', async () => {
    const [cat] = await copy('with-alpha.png');
    symlinkSync(cat.fsPath, uriOf('alias.png').fsPath);
    const alias = uriOf('alias.png');
    const result = (await vscode.commands.executeCommand(VARIATIONS, alias, [alias], { n: 1 })) as ExplorerCommandResult;
    assert.equal(result.saved.length, 1);
    assert.ok((await names()).includes('alias.var-1.png'));
  });

  it('a file over 200 MB is refused before it is read', async () => {
    const huge = uriOf('huge.png');
    writeFileSync(huge.fsPath, readFileSync(join(fixtures, 'with-alpha.png')));
    truncateSync(huge.fsPath, 210 * 1024 * 1024); // sparse: no 210 MB written
    await vscode.commands.executeCommand(VARIATIONS, huge, [huge], { n: 1 });
    assert.equal(harness.endpoint.requests.length, 0);
    assert.match(errors()[0]?.message ?? '', /^huge\.png is 210 MB, more than the 200 MB Image Studio reads\./);
  });

  it('variationsDestination = outputFolder saves into the output folder, still named after the source', async () => {
    await setSetting('variationsDestination', 'outputFolder');
    const [cat] = await copy('with-alpha.png');
    const result = (await vscode.commands.executeCommand(VARIATIONS, cat, [cat], { n: 1 })) as ExplorerCommandResult;
    const saved = result.saved[0].uri;
    assert.equal(vscode.workspace.asRelativePath(saved), 'images/with-alpha.var-1.png');
    await deleteQuietly(saved);
    await deleteQuietly(result.saved[0].sidecarUri);
  });

  it('non-image files in the selection are skipped; nothing selected asks for an image', async () => {
    const notes = await write('notes.txt', 'hello');
    await vscode.commands.executeCommand(VARIATIONS, notes, [notes], { n: 1 });
    assert.match(harness.api.services.notifier.shown.at(-1)?.message ?? '', /only make variations of PNG, JPEG and WebP images; notes\.txt is not one/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(EDIT);
    assert.match(harness.api.services.notifier.shown.at(-1)?.message ?? '', /^Select a PNG, JPEG or WebP image in the Explorer \(or open one\) to edit\.$/);
    assert.equal(harness.endpoint.requests.length, 0);
  });

  it('from the palette: the active image preview is the source', async () => {
    const [cat] = await copy('with-alpha.png');
    await vscode.commands.executeCommand('vscode.openWith', cat, 'imagePreview.previewEditor');
    const result = (await vscode.commands.executeCommand(VARIATIONS, { n: 1 })) as ExplorerCommandResult;
    assert.equal(result.saved.length, 1);
    assert.equal(harness.endpoint.requests[0].files?.[0].filename, 'with-alpha.png');
  });

  it('every request sent in this suite validated against the spec', () => {
    assert.deepEqual(invalid, []);
  });
});
