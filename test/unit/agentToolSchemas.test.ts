// The agent tools' one definition (src/agent/toolSchemas.ts): the manifest's schemas are
// generated from it, its vocabularies come from the capability table, and untrusted input
// is refused with a message naming the field and what is allowed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageModelToolsManifest, languageModelToolsManifestTexts } from '../../src/agent/toolManifest';
import { checkToolInput, MAX_EDIT_IMAGES, MAX_PROMPT_CHARS, toolInputSchemas, workspacePathProblem } from '../../src/agent/toolSchemas';
import { ALL_OUTPUT_FORMATS, ALL_QUALITIES, KNOWN_MODELS, MAX_N } from '../../src/openai/modelCapabilities';

const ROOT = join(__dirname, '..', '..', '..');
const MODELS = [...KNOWN_MODELS];

describe('agent tool schemas', () => {
  test('package.json declares exactly the generated tools (IMAGE_STUDIO_UPDATE_MANIFEST=1 regenerates them)', () => {
    const file = join(ROOT, 'package.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { contributes: { languageModelTools: unknown } };
    const generated = languageModelToolsManifest();
    if (process.env.IMAGE_STUDIO_UPDATE_MANIFEST === '1') {
      manifest.contributes.languageModelTools = generated;
      writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
    }
    assert.deepEqual(manifest.contributes.languageModelTools, generated, 'package.json is stale: run IMAGE_STUDIO_UPDATE_MANIFEST=1 npm run test:unit');
  });

  test('package.nls.json holds the English of the tools’ names and descriptions for people (the manifest says %keys%)', () => {
    const file = join(ROOT, 'package.nls.json');
    const nls = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const texts = languageModelToolsManifestTexts();
    if (process.env.IMAGE_STUDIO_UPDATE_MANIFEST === '1') {
      Object.assign(nls, texts);
      writeFileSync(file, `${JSON.stringify(nls, null, 2)}\n`);
    }
    const tools = languageModelToolsManifest() as { displayName: string; userDescription: string }[];
    assert.deepEqual(
      tools.flatMap((tool) => [tool.displayName, tool.userDescription]),
      Object.keys(texts).map((key) => `%${key}%`),
      'the generated manifest refers to exactly these keys',
    );
    assert.deepEqual(
      Object.fromEntries(Object.keys(texts).map((key) => [key, nls[key]])),
      texts,
      'package.nls.json is stale: run IMAGE_STUDIO_UPDATE_MANIFEST=1 npm run test:unit (then translate the changed texts in package.nls.<locale>.json)',
    );
  });

  test('the enums are the capability table’s', () => {
    const generate = toolInputSchemas().generateImage as { properties: Record<string, { enum?: string[]; maximum?: number }> };
    assert.deepEqual(generate.properties.model.enum, MODELS.filter((model) => !/^(gpt-image-1|chatgpt-image)/.test(model)), 'every model but those shut down everywhere');
    assert.ok(generate.properties.model.enum?.includes('dall-e-2'), 'DALL·E stays, for compatible servers');
    assert.deepEqual(generate.properties.quality.enum, [...ALL_QUALITIES]);
    assert.deepEqual(generate.properties.outputFormat.enum, [...ALL_OUTPUT_FORMATS]);
    assert.equal(generate.properties.n.maximum, MAX_N);
    assert.deepEqual((generate.properties.complexity as { enum?: string[] }).enum, ['low', 'medium', 'high']);
    assert.deepEqual([generate.properties.frameCount.maximum, generate.properties.frameDurationMs.maximum], [16, 655350]);
    const edit = toolInputSchemas().editImage as { properties: { images: { maxItems: number } }; required: string[] };
    assert.equal(edit.properties.images.maxItems, MAX_EDIT_IMAGES);
    assert.deepEqual(edit.required, ['prompt', 'images']);
  });

  test('well-formed input passes, typed', () => {
    const checked = checkToolInput('generateImage', { prompt: 'a lighthouse', model: 'dall-e-3', size: '1024x1792', n: 2 }, MODELS);
    assert.deepEqual(checked, { ok: true, message: { prompt: 'a lighthouse', model: 'dall-e-3', size: '1024x1792', n: 2 } });
    const edit = checkToolInput('editImage', { prompt: 'blue header', images: ['docs/shot.png', 'ref.jpg'], mask: 'docs/mask.png' }, MODELS);
    assert.equal(edit.ok, true);
  });

  const refusals: [string, 'generateImage' | 'editImage', unknown, RegExp][] = [
    ['an unknown model', 'generateImage', { prompt: 'x', model: 'gpt-image-9' }, /^model must be one of gpt-image-2, /],
    ['n = 50', 'generateImage', { prompt: 'x', n: 50 }, /^n must be a whole number from 1 to 10$/],
    ['a fractional n', 'generateImage', { prompt: 'x', n: 1.5 }, /^n must be a whole number/],
    ['a size that is not WxH', 'generateImage', { prompt: 'x', size: 'big' }, /^size must be WIDTHxHEIGHT/],
    ['an empty prompt', 'generateImage', { prompt: '  ' }, /^prompt is empty/],
    ['a missing prompt', 'generateImage', {}, /missing field "prompt"/],
    ['a prompt over every model’s limit', 'generateImage', { prompt: 'x'.repeat(MAX_PROMPT_CHARS + 1) }, /^prompt is longer than 32000 characters$/],
    ['an unknown field', 'generateImage', { prompt: 'x', apiKey: 'sk-…' }, /^generateImage: unexpected field "apiKey"$/],
    ['a base URL', 'generateImage', { prompt: 'x', baseUrl: 'http://evil.example' }, /unexpected field "baseUrl"/],
    ['a `type` field', 'generateImage', { prompt: 'x', type: 'editImage' }, /unexpected field "type"/],
    ['a path out of the workspace', 'editImage', { prompt: 'x', images: ['../outside.png'] }, /^images\.0 "\.\.\/outside\.png" contains "\.\."/],
    ['an absolute path', 'editImage', { prompt: 'x', images: ['/etc/passwd'] }, /^images\.0 "\/etc\/passwd" is an absolute path/],
    ['a URL', 'editImage', { prompt: 'x', images: ['https://example.com/a.png'] }, /is a URL/],
    ['a Windows path', 'editImage', { prompt: 'x', images: ['C:\\Users\\a.png'] }, /is an absolute path/],
    ['a mask out of the workspace', 'editImage', { prompt: 'x', images: ['a.png'], mask: 'a/../../m.png' }, /^mask "a\/\.\.\/\.\.\/m\.png" contains "\.\."/],
    ['an output folder out of the workspace', 'generateImage', { prompt: 'x', outputFolder: '..\\elsewhere' }, /^outputFolder .* contains "\.\."/],
    ['no images', 'editImage', { prompt: 'x', images: [] }, /^images must name at least one image$/],
    ['too many images', 'editImage', { prompt: 'x', images: Array.from({ length: 17 }, (_, i) => `${i}.png`) }, /^images may name at most 16 images$/],
    ['not an object', 'generateImage', 'draw a cat', /not an object|must be an object|Invalid/i],
  ];
  for (const [what, tool, input, reason] of refusals) {
    test(`refuses ${what}, naming it`, () => {
      const checked = checkToolInput(tool, input, MODELS);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.reason, reason);
    });
  }

  test('a configured custom model may be named', () => {
    assert.equal(checkToolInput('generateImage', { prompt: 'x', model: 'my-flux' }, [...MODELS, 'my-flux']).ok, true);
  });

  test('workspace paths', () => {
    assert.equal(workspacePathProblem('docs/images/hero.png'), undefined);
    assert.equal(workspacePathProblem('a..b/c.png'), undefined, 'two dots inside a name are fine');
    assert.match(workspacePathProblem('~/x.png') ?? '', /starts with ~/);
    assert.match(workspacePathProblem('file:///etc/x.png') ?? '', /is a URL|absolute/);
    assert.match(workspacePathProblem('a\u0000b') ?? '', /control characters/);
    assert.match(workspacePathProblem('') ?? '', /is empty/);
  });
});
