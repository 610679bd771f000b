// The Images API of November 2026 in the real extension host, against the local endpoint
// (which validates every request as the service would): SVG drawings sanitized before they
// touch the disk, animated GIFs with their frames, complexity, the safety identifier, and
// results that differ from what was asked reported instead of passed over in silence.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import sharp from 'sharp';
import type { SavedImage } from '../../src/storage/outputWriter';
import { clearOutput, setSetting, useHarness, waitFor } from './support';

/** The settings these tests change (the harness's own, such as the endpoint's base URL, stay). */
const SETTINGS = [
  'model', 'size', 'background', 'outputFormat', 'complexity', 'prices',
  'gif.frameCount', 'gif.frameDurationMs', 'svg.authorModel', 'svg.reasoningEffort', 'safetyIdentifier.enabled',
];

async function generate(prompt: string): Promise<SavedImage[]> {
  return ((await vscode.commands.executeCommand('imageStudio.generate', { prompt })) as SavedImage[] | undefined) ?? [];
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function readSidecar(image: SavedImage): Promise<Record<string, any>> {
  return JSON.parse(await readText(image.sidecarUri));
}

describe('The November 2026 API (extension host, local endpoint)', function () {
  const harness = useHarness();
  const { invalid } = harness;

  beforeEach(async () => {
    await clearOutput(harness.workspace);
    for (const name of SETTINGS) await setSetting(name, undefined);
  });

  after(() => assert.deepEqual(invalid, [], 'every request the extension sent is valid'));

  const imageRequests = () => harness.endpoint.requests.filter((request) => request.path.startsWith('/v1/images/'));

  it('SVG: the author and its effort are sent, the drawing is saved as .svg with both usages and the author priced in', async () => {
    await setSetting('model', 'gpt-image-2.5-flare');
    await setSetting('outputFormat', 'svg');
    await setSetting('svg.authorModel', 'gpt-5.5');
    await setSetting('svg.reasoningEffort', 'high');
    await setSetting('prices', { 'gpt-5.5': { kind: 'text', textInputPerMillion: 1, textOutputPerMillion: 10 } });
    const [image] = await generate('a lighthouse logo');
    assert.ok(image, 'a drawing was saved');
    const [request] = imageRequests();
    assert.deepEqual(
      [request.json?.output_format, request.json?.svg, request.json?.n, request.json?.stream, request.json?.partial_images],
      ['svg', { model: 'gpt-5.5', reasoning: { effort: 'high' } }, 1, undefined, undefined],
      'SVG is neither streamed nor partial (the stream setting is on by default)',
    );
    assert.match(image.uri.path, /a-lighthouse-logo-\d{8}-\d{6}\.svg$/);
    const text = await readText(image.uri);
    assert.match(text, /^<svg[\s>]/);
    assert.match(text, /a lighthouse logo/, 'the drawing (with the prompt as text) survived sanitizing');
    const sidecar = await readSidecar(image);
    assert.equal(sidecar.svgUsage.model, 'gpt-5.5');
    assert.ok(sidecar.usage.output_tokens > 0, 'the image usage is kept too');
    const authorUsd = (sidecar.svgUsage.input_tokens * 1 + sidecar.svgUsage.output_tokens * 10) / 1e6;
    assert.ok(authorUsd > 0);
    assert.ok(sidecar.costUsd > authorUsd, `the cost (${sidecar.costUsd}) includes the image and the author (${authorUsd})`);
    assert.equal(sidecar.costNote, undefined);
    assert.equal(sidecar.sanitized, undefined, 'nothing needed removing');
    assert.equal(sidecar.differences, undefined);
  });

  it('SVG: a hostile answer is saved without any active content, and what was removed is recorded', async () => {
    await setSetting('model', 'gpt-image-2.5-sunburst');
    await setSetting('outputFormat', 'svg');
    harness.endpoint.inject({ kind: 'hostileSvg' });
    const [image] = await generate('an icon');
    assert.deepEqual(imageRequests()[0].faults, ['hostileSvg'], 'the endpoint answered the hostile drawing');
    const text = await readText(image.uri);
    for (const hostile of [/<script/i, /\son\w+\s*=/i, /javascript:/i, /foreignObject/i, /tracker\.example\.invalid/i, /<iframe/i]) {
      assert.doesNotMatch(text, hostile);
    }
    assert.match(text, /^<svg[\s>]/);
    const sidecar = await readSidecar(image);
    assert.ok(Array.isArray(sidecar.sanitized) && sidecar.sanitized.length >= 3, `removals recorded: ${JSON.stringify(sidecar.sanitized)}`);
    assert.ok(sidecar.sanitized.some((entry: string) => /script/.test(entry)));
    assert.match(sidecar.costNote ?? '', /no price is known for gpt-5\.5-svg-author \(add it to imageStudio\.prices as kind "text"\)/);
  });

  it('GIF: frames and timing are sent, the animation is saved with them, and nothing is streamed', async () => {
    await setSetting('model', 'gpt-image-2.5-flare');
    await setSetting('outputFormat', 'gif');
    await setSetting('gif.frameCount', 4);
    await setSetting('gif.frameDurationMs', 120);
    await setSetting('size', '1536x1024');
    const [image] = await generate('a bouncing ball');
    const [request] = imageRequests();
    assert.deepEqual(
      [request.json?.output_format, request.json?.frame_count, request.json?.frame_duration_ms, request.json?.stream, request.json?.size],
      ['gif', 4, 120, undefined, '1536x1024'],
    );
    assert.match(image.uri.path, /\.gif$/);
    const metadata = await sharp(await vscode.workspace.fs.readFile(image.uri), { animated: true }).metadata();
    assert.deepEqual([metadata.format, metadata.pages, metadata.width, metadata.pageHeight, metadata.delay], ['gif', 4, 1536, 1024, [120, 120, 120, 120]]);
    const sidecar = await readSidecar(image);
    assert.deepEqual([sidecar.frames, sidecar.frameDurationsMs, sidecar.differences], [4, [120, 120, 120, 120], undefined]);
  });

  it('complexity and the safety identifier (opt-in: a stable hash, never the machine id itself)', async () => {
    await setSetting('complexity', 'high');
    await generate('a busy market');
    assert.equal(imageRequests()[0].json?.complexity, 'high');
    assert.equal(imageRequests()[0].json?.safety_identifier, undefined, 'off by default');
    await setSetting('safetyIdentifier.enabled', true);
    await generate('a busy market');
    await generate('a quiet market');
    const identifiers = imageRequests().slice(1).map((request) => request.json?.safety_identifier);
    assert.match(String(identifiers[0]), /^[0-9a-f]{64}$/);
    assert.equal(identifiers[1], identifiers[0], 'stable');
    assert.notEqual(identifiers[0], vscode.env.machineId);
  });

  it('a silent downgrade (opaque for transparent, another size) is reported next to the result and kept in its sidecar', async () => {
    await setSetting('model', 'gpt-image-2.5-flare');
    await setSetting('background', 'transparent');
    await setSetting('size', '1536x1024');
    harness.endpoint.inject({ kind: 'downgrade' });
    const [image] = await generate('a sticker');
    const sidecar = await readSidecar(image);
    assert.deepEqual(sidecar.differences, ['Asked for 1536x1024, got 1024x1024.', 'Asked for a transparent background, got an image with no transparent pixels.']);
    const warning = await waitFor(() => harness.api.services.notifier.shown.find((m) => m.severity === 'warning' && m.message.includes('is not what was asked')), 'the warning');
    assert.match(warning.message, /^images\/a-sticker-\d{8}-\d{6}\.png is not what was asked: Asked for 1536x1024, got 1024x1024\. Asked for a transparent background, got an image with no transparent pixels\.$/);
  });

  it('GIF or SVG on a model without them is refused before anything is sent, naming the models with them', async () => {
    await setSetting('model', 'gpt-image-2');
    await setSetting('outputFormat', 'gif');
    assert.deepEqual(await generate('a spinner'), []);
    assert.equal(imageRequests().length, 0);
    const error = harness.api.services.notifier.shown.find((m) => m.severity === 'error');
    assert.match(error?.message ?? '', /gpt-image-2 does not make GIF output\. Choose gpt-image-2\.5-flare, gpt-image-2\.5-sunburst, gpt-image-2\.6-flare or gpt-image-2\.6-sunburst, or PNG, JPEG or WebP output\./);
  });
});
