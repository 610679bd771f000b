// Generate Image from Selection, the part after generation: where images go and the
// reference written back into the document. Exercises the exported functions on real
// documents in the real extension host (the command is wired to them separately).
import * as assert from 'node:assert/strict';
import { posix } from 'node:path';
import * as vscode from 'vscode';
import sharp from 'sharp';
import {
  captureSelectionTarget,
  copyMarkdownLabel,
  copyPathLabel,
  copyableReference,
  insertImageReferences,
  selectionOutputFolder,
  type SelectionTarget,
} from '../../src/commands/insertImageReference';
import type { SavedImage } from '../../src/storage/outputWriter';
import { OutputFolderError } from '../../src/storage/outputWriter';
import { clearOutput, setSetting, useHarness, waitFor } from './support';

const fs = vscode.workspace.fs;
const SETTINGS_USED = ['outputFolder', 'selectionImageDestination', 'count', 'insertAfterGeneration'];

describe('Insert image references after Generate from Selection (extension host)', function () {
  const harness = useHarness();
  let docs: vscode.Uri;

  /** Writes `text` to `relative` (below docs/), opens it and shows it in an editor. */
  async function openDocument(relative: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.joinPath(docs, relative);
    await fs.writeFile(uri, new TextEncoder().encode(text));
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: false });
  }

  /** Selects the first occurrence of `text` and captures the target, as the command does. */
  function selectAndCapture(editor: vscode.TextEditor, text: string): SelectionTarget {
    const offset = editor.document.getText().indexOf(text);
    assert.ok(offset >= 0, `"${text}" is in the document`);
    editor.selection = new vscode.Selection(editor.document.positionAt(offset), editor.document.positionAt(offset + text.length));
    return captureSelectionTarget(editor);
  }

  /** A small real PNG written where a generation would have saved it. */
  async function writePng(folder: vscode.Uri, name: string): Promise<SavedImage> {
    const bytes = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#d04020' } }).png().toBuffer();
    await fs.createDirectory(folder);
    const uri = vscode.Uri.joinPath(folder, name);
    await fs.writeFile(uri, bytes);
    return { uri, sidecarUri: vscode.Uri.joinPath(folder, `${name}.json`), sidecar: {} };
  }

  async function generateInto(folder: vscode.Uri, prompt: string): Promise<SavedImage[]> {
    await setSetting('outputFolder', posix.relative(harness.workspace.path, folder.path) || '.');
    const saved = (await vscode.commands.executeCommand('imageStudio.generate', { prompt })) as SavedImage[] | undefined;
    assert.ok(saved && saved.length > 0, 'the generation saved images');
    return saved;
  }

  /** Every link target written in `text` (Markdown or `src="…"`), decoded. */
  function linksIn(text: string): string[] {
    const links = [...text.matchAll(/\]\(([^)]+)\)|src="([^"]+)"/g)].map((match) => match[1] ?? match[2]);
    return links.map((link) => decodeURIComponent(link));
  }

  /** Each link, resolved against the document's folder, names an existing file. */
  async function assertLinksResolve(document: vscode.TextDocument, expectedCount: number): Promise<void> {
    const links = linksIn(document.getText());
    assert.equal(links.length, expectedCount, document.getText());
    for (const link of links) {
      assert.ok(!posix.isAbsolute(link), `relative link: ${link}`);
      const target = document.uri.with({ path: posix.join(posix.dirname(document.uri.path), link) });
      const stat = await fs.stat(target);
      assert.equal(stat.type, vscode.FileType.File, link);
    }
  }

  /** Undo in the document's editor; one step must restore `original`. */
  async function assertOneUndoRestores(document: vscode.TextDocument, original: string): Promise<void> {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('undo');
    await waitFor(() => document.getText() === original, 'one undo to restore the original text', 5_000);
  }

  function relativeImage(document: vscode.TextDocument, image: SavedImage): string {
    return posix.relative(posix.dirname(document.uri.path), image.uri.path);
  }

  before(async () => {
    docs = vscode.Uri.joinPath(harness.workspace, 'docs', 'selection');
    await fs.createDirectory(docs);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.delete(docs, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await clearOutput(harness.workspace);
    for (const name of SETTINGS_USED) await setSetting(name, undefined);
  });

  beforeEach(async () => {
    await clearOutput(harness.workspace);
    for (const name of SETTINGS_USED) await setSetting(name, undefined);
  });

  afterEach(async () => {
    // Saved first so closing never stops at a "Save changes?" dialog.
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the command itself: Generate Image from Selection saves per the pattern and links the image in the Markdown file', async () => {
    await setSetting('selectionImageDestination', '${documentDirName}/img');
    const original = '# Trip\n\nA red kite over green hills\n';
    const editor = await openDocument('trip.md', original);
    selectAndCapture(editor, 'A red kite over green hills');
    const saved = (await vscode.commands.executeCommand('imageStudio.generateFromSelection')) as SavedImage[];
    assert.equal(saved.length, 1);
    assert.equal(posix.dirname(saved[0].uri.path), posix.join(docs.path, 'img'));
    const name = posix.basename(saved[0].uri.path);
    assert.equal(editor.document.getText(), `# Trip\n\nA red kite over green hills\n![A red kite over green hills](img/${name})\n`);
    await assertLinksResolve(editor.document, 1);
    assert.equal(harness.endpoint.requests[0].json?.prompt, 'A red kite over green hills');
    assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'the document keeps focus (no image opened over it)');
  });

  it('Markdown, insertAfter: a generated image is linked after the selection, relative to the document', async () => {
    const original = '# Notes\n\nA lighthouse on a cliff at sunset\n\nMore text.\n';
    const editor = await openDocument('notes.md', original);
    const target = selectAndCapture(editor, 'A lighthouse on a cliff at sunset');
    const folder = selectionOutputFolder(target, harness.api.services.settings());
    assert.equal(folder.toString(), vscode.Uri.joinPath(harness.workspace, 'images').toString());

    // Generation opens the image: the active editor is no longer the document.
    const saved = await generateInto(folder, 'A lighthouse on a cliff at sunset');
    await waitFor(() => vscode.window.activeTextEditor?.document !== editor.document, 'another editor to be active');

    const outcome = await insertImageReferences(target, saved, 'A lighthouse on a cliff at sunset', 'insertAfter');
    assert.equal(outcome, 'inserted');
    const name = posix.basename(saved[0].uri.path);
    assert.equal(
      editor.document.getText(),
      `# Notes\n\nA lighthouse on a cliff at sunset\n![A lighthouse on a cliff at sunset](../../images/${name})\n\nMore text.\n`,
    );
    await assertLinksResolve(editor.document, 1);
    await assertOneUndoRestores(editor.document, original);
  });

  it('HTML, replace, ${documentDirName}/images: an <img> replaces the selection and points beside the document', async () => {
    await setSetting('selectionImageDestination', '${documentDirName}/images');
    const original = '<body>\n  <p>A red fox in the snow</p>\n</body>\n';
    const editor = await openDocument('page.html', original);
    const target = selectAndCapture(editor, 'A red fox in the snow');
    const folder = selectionOutputFolder(target, harness.api.services.settings());
    assert.equal(folder.toString(), vscode.Uri.joinPath(docs, 'images').toString());

    const saved = await generateInto(folder, 'A red fox in the snow');
    assert.equal(posix.dirname(saved[0].uri.path), folder.path);
    const outcome = await insertImageReferences(target, saved, 'A red fox in the snow', 'replace');
    assert.equal(outcome, 'replaced');
    const name = posix.basename(saved[0].uri.path);
    assert.equal(editor.document.getText(), `<body>\n  <p><img src="images/${name}" alt="A red fox in the snow"></p>\n</body>\n`);
    await assertLinksResolve(editor.document, 1);
    await assertOneUndoRestores(editor.document, original);
  });

  it('TSX with two images and a hostile prompt: one escaped self-closing <img /> per image, indented', async () => {
    await setSetting('count', 2);
    const prompt = 'A "quoted" fox & <friends>';
    const original = 'export function Card() {\n  return (\n    <div>\n      {/* A "quoted" fox & <friends> */}\n    </div>\n  );\n}\n';
    const editor = await openDocument('card.tsx', original);
    assert.equal(editor.document.languageId, 'typescriptreact');
    const target = selectAndCapture(editor, prompt);
    const saved = await generateInto(selectionOutputFolder(target, harness.api.services.settings()), prompt);
    assert.equal(saved.length, 2);

    assert.equal(await insertImageReferences(target, saved, prompt, 'insertAfter'), 'inserted');
    const alt = 'A &quot;quoted&quot; fox &amp; &lt;friends&gt;';
    const images = saved.map((image) => `      <img src="${relativeImage(editor.document, image)}" alt="${alt}" />\n`).join('');
    assert.equal(
      editor.document.getText(),
      `export function Card() {\n  return (\n    <div>\n      {/* A "quoted" fox & <friends> */}\n${images}    </div>\n  );\n}\n`,
    );
    await assertLinksResolve(editor.document, 2);
    await assertOneUndoRestores(editor.document, original);
  });

  it('Markdown, replace of a whole-line selection keeps the line break; spaces in paths are encoded', async () => {
    const original = 'Intro\nA cat on a mat\nOutro\n';
    const editor = await openDocument('sub dir/my notes.md', original);
    editor.selection = new vscode.Selection(1, 0, 2, 0); // a triple-click: the line and its break
    const target = captureSelectionTarget(editor);
    assert.equal(target.originalText, 'A cat on a mat\n');
    const image = await writePng(vscode.Uri.joinPath(harness.workspace, 'images', 'my pics'), 'a cat.png');

    assert.equal(await insertImageReferences(target, [image], 'A cat on a mat', 'replace'), 'replaced');
    assert.equal(editor.document.getText(), 'Intro\n![A cat on a mat](../../../images/my%20pics/a%20cat.png)\nOutro\n');
    await assertLinksResolve(editor.document, 1);
    await assertOneUndoRestores(editor.document, original);
  });

  it('off: nothing is inserted and the document stays clean', async () => {
    const original = 'A quiet harbour\n';
    const editor = await openDocument('off.md', original);
    const target = selectAndCapture(editor, 'A quiet harbour');
    const image = await writePng(vscode.Uri.joinPath(harness.workspace, 'images'), 'harbour.png');
    assert.equal(await insertImageReferences(target, [image], 'A quiet harbour', 'off'), 'skipped');
    assert.equal(editor.document.getText(), original);
    assert.equal(editor.document.isDirty, false);
  });

  it('other languages: nothing is inserted; Copy Markdown / Copy Path are offered', async () => {
    const original = '# A robot painting a sunset\nprint("hello")\n';
    const editor = await openDocument('script.py', original);
    const target = selectAndCapture(editor, 'A robot painting a sunset');
    const image = await writePng(vscode.Uri.joinPath(harness.workspace, 'images'), 'robot.png');
    const notifier = harness.api.services.notifier;
    assert.equal(await insertImageReferences(target, [image], 'A robot painting a sunset', 'insertAfter', notifier), 'unsupportedLanguage');
    assert.equal(editor.document.getText(), original);
    const shown = await waitFor(() => notifier.shown.find((message) => message.actions.includes(copyMarkdownLabel())), 'the copy offer');
    assert.deepEqual(shown.actions, [copyMarkdownLabel(), copyPathLabel()]);
    assert.equal(copyableReference([image], 'A robot painting a sunset', 'markdown'), '![A robot painting a sunset](images/robot.png)');
    assert.equal(copyableReference([image], 'A robot painting a sunset', 'path'), 'images/robot.png');
  });

  it('targets the captured document after the user switched to another editor', async () => {
    const original = 'A kite over the dunes\n';
    const first = await openDocument('first.md', original);
    const target = selectAndCapture(first, 'A kite over the dunes');
    const second = await openDocument('second.md', 'Unrelated text\n');
    second.selection = new vscode.Selection(0, 0, 0, 9);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), second.document.uri.toString());
    const image = await writePng(vscode.Uri.joinPath(harness.workspace, 'images'), 'kite.png');

    assert.equal(await insertImageReferences(target, [image], 'A kite over the dunes', 'replace'), 'replaced');
    assert.equal(first.document.getText(), '![A kite over the dunes](../../images/kite.png)\n');
    assert.equal(second.document.getText(), 'Unrelated text\n', 'the active editor is untouched');
    assert.equal(second.document.isDirty, false);
    await assertOneUndoRestores(first.document, original);
  });

  it('if the selected text changed meanwhile, inserts after its line instead of replacing', async () => {
    const editor = await openDocument('changed.md', 'Title\nA boat at dawn, calm sea\nEnd\n');
    const target = selectAndCapture(editor, 'A boat at dawn');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(editor.document.uri, target.range, 'A ship at dusk');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const image = await writePng(vscode.Uri.joinPath(harness.workspace, 'images'), 'boat.png');

    assert.equal(await insertImageReferences(target, [image], 'A boat at dawn', 'replace'), 'inserted');
    assert.equal(editor.document.getText(), 'Title\nA ship at dusk, calm sea\n![A boat at dawn](../../images/boat.png)\nEnd\n');
  });

  it('if the document was closed, the edit still lands in the file (and is saved)', async () => {
    const editor = await openDocument('closed.md', 'A snowy owl\n');
    const target = selectAndCapture(editor, 'A snowy owl');
    const uri = editor.document.uri;
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => !vscode.window.visibleTextEditors.some((visible) => visible.document.uri.toString() === uri.toString()), 'the editor to close');
    const image = await writePng(vscode.Uri.joinPath(harness.workspace, 'images'), 'owl.png');

    assert.equal(await insertImageReferences(target, [image], 'A snowy owl', 'insertAfter'), 'inserted');
    const onDisk = new TextDecoder().decode(await fs.readFile(uri));
    assert.equal(onDisk, 'A snowy owl\n![A snowy owl](../../images/owl.png)\n');
  });

  it('selectionOutputFolder: patterns, untitled documents, and folders outside the workspace', async () => {
    const editor = await openDocument('destination.md', 'A map of the island\n');
    const target = selectAndCapture(editor, 'A map of the island');
    const folderFor = async (pattern: string | undefined, forTarget: SelectionTarget = target) => {
      await setSetting('selectionImageDestination', pattern);
      return selectionOutputFolder(forTarget, harness.api.services.settings());
    };
    const under = (...parts: string[]) => vscode.Uri.joinPath(harness.workspace, ...parts).toString();

    assert.equal((await folderFor(undefined)).toString(), under('images'), 'empty: the output folder');
    assert.equal((await folderFor('${documentDirName}/images')).toString(), under('docs', 'selection', 'images'));
    assert.equal(
      (await folderFor('assets/${documentRelativeDirName}/${documentBaseName}')).toString(),
      under('assets', 'docs', 'selection', 'destination'),
    );
    assert.equal((await folderFor('${workspaceFolder}/art/${documentExtName}')).toString(), under('art', 'md'));

    const untitled: SelectionTarget = { ...target, uri: vscode.Uri.parse('untitled:Untitled-1') };
    assert.equal((await folderFor('${documentDirName}/images', untitled)).toString(), under('images'), 'untitled: the output folder');

    for (const escaping of ['${documentDirName}/../../../outside', '../outside', '/tmp/images']) {
      await assert.rejects(folderFor(escaping), (error: unknown) => {
        assert.ok(error instanceof OutputFolderError, String(error));
        assert.match(error.message, /outside the workspace/);
        assert.ok(error.message.includes(escaping), error.message);
        return true;
      });
    }
    await assert.rejects(folderFor('${documentDir}/images'), (error: unknown) => {
      assert.ok(error instanceof OutputFolderError, String(error));
      assert.match(error.message, /Unknown variable "\$\{documentDir\}"/);
      assert.match(error.message, /imageStudio\.selectionImageDestination/);
      return true;
    });
  });
});
