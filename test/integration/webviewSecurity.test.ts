// The webview boundary from the host's side: every page has a strict CSP with a fresh
// nonce, loads nothing remote, and no page or message ever carries the API key. Closing the
// studio while it generates ends cleanly, with nothing half-written.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import sharp from 'sharp';
import type { StudioPanel } from '../../src/panels/studio/studioPanel';
import type { MaskEditorTestHandle } from '../../src/panels/maskEditor/maskEditorSession';
import { CANARY_KEY, clearOutput, setUpHarness, waitFor, type Harness } from './support';

/** The CSP of a rendered page, with the nonces its scripts carry. */
function checkPage(html: string): { nonce: string } {
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1]?.replace(/&#39;/g, "'").replace(/&quot;/g, '"');
  assert.ok(csp, 'a CSP meta tag');
  const directives = Object.fromEntries(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  const nonce = directives['script-src']?.[0]?.match(/^'nonce-([A-Za-z0-9+/=]{16,})'$/)?.[1];
  assert.ok(nonce, `scripts only by nonce: ${directives['script-src']}`);
  assert.equal(directives['script-src'].length, 1, 'no other script source');
  for (const [name, values] of Object.entries(directives)) {
    for (const value of values) {
      assert.ok(!/unsafe-inline|unsafe-eval|^\*$|^https?:$|^https?:\/\/\*$/.test(value), `${name} allows ${value}`);
    }
  }
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1]);
  assert.ok(scripts.length > 0);
  for (const attributes of scripts) {
    assert.match(attributes, new RegExp(`nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`), 'every script carries the nonce');
    assert.match(attributes, /src="/, 'no inline script');
  }
  // Every resource comes from the webview's own resource origin, never a remote site.
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
  const origins = new Set(urls.map((url) => new URL(url).origin));
  assert.equal(origins.size, 1, `one resource origin: ${[...origins].join(', ')}`);
  assert.ok(!html.includes(CANARY_KEY), 'the key is not in the page');
  return { nonce };
}

/** Messages as text, bytes left out (they are images). */
function messagesText(messages: readonly unknown[]): string {
  return JSON.stringify(messages, (_key, value: unknown) => (value instanceof Uint8Array ? `<${value.byteLength} bytes>` : value));
}

describe('Webview boundary: CSP, nonces, no key, closing mid-job (extension host)', function () {
  let harness: Harness;

  before(async function () {
    this.timeout(120_000);
    harness = await setUpHarness();
    await clearOutput(harness.workspace);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await harness?.dispose();
  });

  it('the studio page has a strict CSP, a fresh nonce each render, and never carries the key', async function () {
    this.timeout(60_000);
    const first = (await vscode.commands.executeCommand('imageStudio.openStudio')) as StudioPanel;
    const posted: unknown[] = [];
    const subscription = first.onDidPostMessage((message) => posted.push(message));
    const { nonce: firstNonce } = checkPage(first.html);
    await first.receive({
      type: 'generate',
      requestId: 950_001,
      prompt: 'a key-free picture',
      params: { model: 'gpt-image-2', size: '1024x1024', quality: 'low', n: 1, background: 'auto', outputFormat: 'png', style: 'vivid' },
    });
    await waitFor(() => posted.some((message) => (message as { type?: string }).type === 'jobEnded'), 'the job to end', 30_000);
    subscription.dispose();
    assert.ok(posted.length > 3);
    assert.ok(!messagesText(posted).includes(CANARY_KEY), 'no message to the webview carries the key');
    first.dispose();

    const second = (await vscode.commands.executeCommand('imageStudio.openStudio')) as StudioPanel;
    const { nonce: secondNonce } = checkPage(second.html);
    assert.notEqual(secondNonce, firstNonce, 'a fresh nonce per render');
    // Closed once shown: a panel closed while the workbench is still opening it makes the
    // workbench log "OverlayWebview has been disposed".
    await waitFor(() => second.historyFirstScreenMs !== undefined, 'the second page to render', 30_000);
    second.dispose();
  });

  it('the mask editor page has a strict CSP and its messages never carry the key', async function () {
    this.timeout(60_000);
    const uri = vscode.Uri.joinPath(harness.workspace, 'csp-check.png');
    const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: '#3366cc' } }).png().toBuffer();
    await vscode.workspace.fs.writeFile(uri, png);
    const handle = (await vscode.commands.executeCommand('imageStudio.editWithMask', uri)) as MaskEditorTestHandle | undefined;
    assert.ok(handle, 'the editor opened');
    checkPage(handle.html);
    await waitFor(() => handle.posted.length > 0, 'the editor to post its first message', 30_000);
    assert.ok(!messagesText(handle.posted).includes(CANARY_KEY));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  it('closing the studio mid-job: the job finishes cleanly, complete files only, no error', async function () {
    this.timeout(60_000);
    await clearOutput(harness.workspace);
    harness.endpoint.reset();
    harness.api.services.notifier.shown.length = 0;
    harness.endpoint.inject({ kind: 'delay', ms: 2000 });
    const studio = (await vscode.commands.executeCommand('imageStudio.openStudio')) as StudioPanel;
    // Shown first, as a person sees it before closing it (see the nonce test above).
    await waitFor(() => studio.historyFirstScreenMs !== undefined, 'the studio page to render', 30_000);
    const handled = studio.receive({
      type: 'generate',
      requestId: 950_007,
      prompt: 'closed while running',
      params: { model: 'gpt-image-2', size: '1024x1024', quality: 'low', n: 1, background: 'auto', outputFormat: 'png', style: 'vivid' },
    });
    await waitFor(() => harness.endpoint.requests.length === 1, 'the request to be under way');
    studio.dispose();
    await handled;
    assert.ok(
      harness.api.services.logger.recent.some((line) => /^\[info\] generate [0-9a-f]+: 1\/1 image\(s\) in \d+ ms/.test(line)),
      'the job finished (not cancelled) after the panel closed',
    );
    const files = await harness.outputFiles();
    assert.equal(files.filter((name) => name.endsWith('.png')).length, 1);
    assert.equal(files.filter((name) => name.endsWith('.partial')).length, 0);
    const png = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(harness.workspace, 'images', files.find((name) => name.endsWith('.png'))!));
    await sharp(png, { failOn: 'warning' }).stats();
    assert.deepEqual(harness.api.services.notifier.shown.filter((message) => message.severity === 'error'), []);
    assert.equal(harness.endpoint.requests[0].aborted, undefined, 'closing the panel did not cancel the request');
  });
});
