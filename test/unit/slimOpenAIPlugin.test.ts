// The openai-slimming esbuild plugin (scripts/slimOpenAI.mjs) on a miniature SDK laid out
// like the real one: what it stubs, what the stubs export, and that it refuses to build
// when the SDK no longer looks the way its allowlist assumes.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

const plugin = import('../../scripts/slimOpenAI.mjs');

const temp = mkdtempSync(join(tmpdir(), 'slim-openai-plugin-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** The miniature SDK: a client that creates every resource and assigns each as a static. */
const SDK: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'openai', exports: { '.': { import: './index.mjs', require: './index.js' } } }),
  'index.mjs': `export { OpenAI } from './client.mjs';`,
  'index.js': `module.exports = require('./client.js');`,
  'client.js': `exports.OpenAI = class OpenAI {};`,
  'client.mjs': `
    import * as API from './resources/index.mjs';
    import { Chat } from './resources/chat/chat.mjs';
    export class OpenAI {
      constructor() {
        this.images = new API.Images(this);
        this.models = new API.Models(this);
        this.chat = new API.Chat(this);
      }
    }
    OpenAI.Chat = Chat;`,
  'resources/index.mjs': `
    export * from './chat/index.mjs';
    export * from './shared.mjs';
    export { Images } from './images.mjs';
    export { Models } from './models.mjs';`,
  'resources/shared.mjs': `export {};`,
  'resources/images.mjs': `export class Images { constructor(client) { this.client = client; } generate() { return 'an image'; } }`,
  'resources/models.mjs': `export class Models { constructor(client) { this.client = client; } list() { return ['gpt-image-2']; } }`,
  'resources/chat/index.mjs': `export * from './chat.mjs';`,
  'resources/chat/chat.mjs': `
    import { BIG } from '../../lib/big.mjs';
    export class Chat { constructor(client) { this.completions = { create: () => BIG }; } }
    export const ChatHelper = () => BIG;
    export default Chat;`,
  'lib/big.mjs': `export const BIG = 'the chat stream helpers, ${'x'.repeat(2000)}';`,
};

/** What the miniature client looks like from outside. */
interface MiniClient {
  images: { generate(): string };
  models: { list(): string[] };
  chat: { completions: { create(body: object): unknown }; then?: unknown };
}

let projects = 0;

/** A project with the miniature SDK (after `change`) in node_modules, and `entry` as its entry. */
function project(change: (files: Record<string, string | undefined>) => void = () => {}, entry = `export { OpenAI } from 'openai';`): string {
  const root = join(temp, `project-${++projects}`);
  const files: Record<string, string | undefined> = { ...SDK };
  change(files);
  for (const [name, contents] of Object.entries(files)) {
    if (contents === undefined) continue;
    const file = join(root, 'node_modules', 'openai', name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  writeFileSync(join(root, 'entry.js'), entry);
  return root;
}

async function build(root: string) {
  const { slimOpenAI } = await plugin;
  return esbuild.build({
    absWorkingDir: root,
    entryPoints: ['entry.js'],
    outfile: join(root, 'out.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    metafile: true,
    logLevel: 'silent',
    plugins: [slimOpenAI()],
  });
}

/** The message a failed build gives. */
async function buildError(root: string): Promise<string> {
  const error = await build(root).then(
    () => assert.fail('the build should have failed'),
    (caught: unknown) => caught as esbuild.BuildFailure,
  );
  return error.errors.map((message) => message.text).join('\n');
}

describe('slimOpenAI', () => {
  test('keeps images and models, stubs the rest, and what only the stubbed modules import drops out', async () => {
    const root = project();
    const result = await build(root);
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(!inputs.some((input) => input.includes('lib/big.mjs')), 'lib/big.mjs is not bundled');
    const { OpenAI } = require(join(root, 'out.js')) as { OpenAI: (new () => MiniClient) & { Chat: unknown } };
    const client = new OpenAI();
    assert.equal(client.images.generate(), 'an image');
    assert.deepEqual(client.models.list(), ['gpt-image-2']);
    assert.equal(typeof OpenAI.Chat, 'function', 'static assignments still work');
    assert.throws(() => client.chat.completions.create({}), { message: /^Chat\.completions\.create is not bundled in Image Studio/ });
    assert.equal(client.chat.then, undefined, 'awaiting a stubbed resource does not throw');
  });

  test('stubs export every name of the real module, following `export *` as ES modules do', async () => {
    const root = project(
      // Without an exports map, deep imports reach the files (the real SDK maps them too).
      (files) => (files['package.json'] = JSON.stringify({ name: 'openai', main: 'index.mjs' })),
      `export * as chat from 'openai/resources/chat/chat.mjs'; export * as chatIndex from 'openai/resources/chat/index.mjs';`,
    );
    await build(root);
    const { chat, chatIndex } = require(join(root, 'out.js')) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(chat).sort(), ['Chat', 'ChatHelper', 'default']);
    assert.deepEqual(Object.keys(chatIndex).sort(), ['Chat', 'ChatHelper'], '`export *` leaves out default');
    assert.throws(() => (chat.ChatHelper as () => unknown)(), /^Error: ChatHelper is not bundled in Image Studio/, 'a stubbed function throws when called');
  });

  test('stubSource: numbered locals exported under quoted names', async () => {
    const { stubSource } = await plugin;
    const source = stubSource('openai/resources/x.mjs', ['X', 'default']);
    assert.match(source, /const \$0 = placeholder\("X"\);/);
    assert.match(source, /export \{ \$0 as "X", \$1 as "default" \};/);
    assert.match(stubSource('openai/resources/types.mjs', []), /export \{\};/);
  });

  test('fails when an allowlisted resource is missing', async () => {
    assert.match(await buildError(project((files) => delete files['resources/models.mjs'])), /no longer has models\.mjs/);
  });

  test('fails when the client no longer loads an allowlisted resource', async () => {
    const message = await buildError(
      project((files) => {
        files['resources/index.mjs'] = `export { Images } from './images.mjs';`;
        files['client.mjs'] = `import * as API from './resources/index.mjs'; export class OpenAI { constructor() { this.images = new API.Images(this); } }`;
      }),
    );
    assert.match(message, /no longer loads resources\/models\.mjs/);
  });

  test('fails when a kept resource imports one that would be stubbed', async () => {
    const root = project((files) => {
      files['resources/images.mjs'] = `import { ChatHelper } from './chat/chat.mjs'; export class Images { generate() { return ChatHelper(); } }`;
    });
    assert.match(await buildError(root), /images\.mjs imports chat\/chat\.mjs, which would be stubbed/);
  });

  test("fails when a module to stub can't be read for its names", async () => {
    const root = project((files) => {
      files['resources/chat/chat.mjs'] = `export { Chat } from './gone.mjs';`;
    });
    assert.match(await buildError(root), /cannot determine the exports of .*chat\.mjs: Could not resolve "\.\/gone\.mjs"/);
  });

  test('fails when a module to stub no longer exports what the client imports', async () => {
    const root = project((files) => {
      files['resources/chat/chat.mjs'] = `module.exports = { Chat: class Chat {} };`;
    });
    assert.match(await buildError(root), /No matching export in "node_modules\/openai\/resources\/chat\/chat\.mjs" for import "Chat"/);
  });

  test("fails on require('openai'): the CommonJS copy is not slimmed", async () => {
    assert.match(await buildError(project(undefined, `module.exports = require('openai');`)), /CommonJS build of openai/);
  });
});
