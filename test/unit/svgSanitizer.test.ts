// The SVG sanitizer (src/imaging/svg): every hostile drawing of the corpus comes out safe
// with its benign part intact, or is refused with a message that says why, in bounded time;
// a benign drawing keeps every pixel. Safety is judged by an independent check of the
// output below, not by the sanitizer's own report.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isImageError, type ImageErrorCode } from '../../src/imaging/imageErrors';
import { loadSvgSanitizer } from '../../src/imaging/svg/loadSvgSanitizer';
import type { SanitizedSvg } from '../../src/imaging/svg/sanitizedSvg';
import { sizedForRender } from '../../src/imaging/svg/renderSvgPreview';
import { rasterizeSanitizedSvg } from '../../src/imaging/sharpSafety';
import { svgSize } from '../../src/imaging/svg/svgSize';
import { BENIGN_DRAWING, BENIGN_MARK, HOSTILE_SAMPLES, largeDrawing } from './svgCorpus';

const { sanitizeSvg, MAX_SVG_BYTES, MAX_SVG_DEPTH } = loadSvgSanitizer();

/** Drawing elements, written out again here so the check does not share the sanitizer's list. */
const DRAWING_ELEMENTS = new Set(
  ('svg g defs symbol use switch a title desc view path rect circle ellipse line polyline polygon text tspan textPath ' +
    'linearGradient radialGradient stop pattern clipPath mask marker image style filter feBlend feColorMatrix ' +
    'feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight feDropShadow ' +
    'feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset ' +
    'fePointLight feSpecularLighting feSpotLight feTile feTurbulence animate animateMotion animateTransform set mpath').split(' '),
);

function decodeXml(value: string): string {
  return value.replace(/&(quot|amp|lt|gt|apos|#\d+|#x[0-9a-f]+);/gi, (_all, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ({ quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" } as Record<string, string>)[name.toLowerCase()];
  });
}

/** True when CSS or an attribute value could load or run something. */
function unsafeText(text: string): boolean {
  const squeezed = text.replace(/\\([0-9a-f]{1,6})\s?/gi, (_all, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16))).replace(/\\/g, '').replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
  if (/(java|vb)script:|@import|expression\(|behavior:|-moz-binding|image-set\(|data:text/.test(squeezed)) return true;
  return [...squeezed.matchAll(/url\(['"]?(.)/g)].some((m) => m[1] !== '#');
}

/**
 * An independent check of sanitizeSvg's output, which svgo prints canonically (double
 * quotes, `<`, `>`, `&` and `"` escaped), so a plain scan of its tags is exact.
 */
function assertSafe(svg: string, label: string): void {
  assert.doesNotMatch(svg, /<[!?]/, `${label}: no DOCTYPE, CDATA, comment or processing instruction`);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s>]/, `${label}: an SVG root`);
  for (const tag of svg.matchAll(/<(\/?)([^\s/>]+)([^>]*)>/g)) {
    const [, closing, name, rest] = tag;
    assert.ok(DRAWING_ELEMENTS.has(name), `${label}: <${name}> is not a drawing element`);
    if (closing) continue;
    for (const [, attribute, raw] of rest.matchAll(/\s([^\s=]+)="([^"]*)"/g)) {
      const value = decodeXml(raw);
      assert.doesNotMatch(attribute, /^on/i, `${label}: event handler ${attribute}`);
      if (attribute.includes(':')) assert.ok(['xlink:href', 'xml:space', 'xml:lang', 'xmlns:xlink'].includes(attribute), `${label}: attribute ${attribute}`);
      if (attribute === 'xmlns') assert.equal(value, 'http://www.w3.org/2000/svg');
      if (attribute === 'xmlns:xlink') assert.equal(value, 'http://www.w3.org/1999/xlink');
      if (attribute === 'href' || attribute === 'xlink:href') {
        assert.match(value, /^(#|data:image\/(png|jpeg|jpg|webp|gif);base64,)/i, `${label}: <${name} ${attribute}="${value}">`);
      } else if (!attribute.startsWith('xmlns')) {
        assert.ok(!unsafeText(value), `${label}: <${name} ${attribute}="${value}">`);
      }
    }
  }
  for (const [, css] of svg.matchAll(/<style[^>]*>([^<]*)<\/style>/g)) assert.ok(!unsafeText(decodeXml(css)), `${label}: <style>${css}`);
}

async function refuses(input: string | Uint8Array, code: ImageErrorCode, message: RegExp, withinMs: number) {
  const start = performance.now();
  await assert.rejects(sanitizeSvg(input, 'drawing.svg'), (error) => {
    assert.ok(isImageError(error, code), `expected ${code}, got ${String(error)}`);
    assert.match(error.message, message);
    assert.match(error.message, /^drawing\.svg /, 'the message names the file');
    return true;
  });
  const elapsed = performance.now() - start;
  assert.ok(elapsed < withinMs, `refused in ${elapsed.toFixed(0)} ms (bound ${withinMs} ms)`);
}

for (const sample of HOSTILE_SAMPLES) {
  test(`hostile SVG comes out safe, benign part intact: ${sample.name}`, async () => {
    const start = performance.now();
    const result = await sanitizeSvg(sample.svg, 'drawing.svg');
    assert.ok(performance.now() - start < 1000, 'bounded time');
    assertSafe(result.svg, sample.name);
    for (const pattern of sample.absent) assert.doesNotMatch(result.svg, pattern, `${sample.name}: ${pattern}`);
    assert.ok(result.svg.includes(BENIGN_MARK.replace('"/>', '"/>')), `${sample.name}: the benign rect survives\n${result.svg}`);
    for (const entry of sample.removed) assert.ok(result.removed.includes(entry), `${sample.name}: removed lists "${entry}": ${JSON.stringify(result.removed)}`);
    assert.deepEqual([result.width, result.height], [64, 32]);
    // Sanitizing the result again changes nothing: nothing unsafe is left to find.
    const again = await sanitizeSvg(result.svg);
    assert.deepEqual([again.svg, again.removed], [result.svg, []]);
  });
}

test('a DOCTYPE declaring entities (an expansion bomb) is refused before parsing', async () => {
  const lol = ['<!ENTITY lol "lol">'];
  for (let i = 1; i < 10; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  const bomb = `<?xml version="1.0"?><!DOCTYPE svg [${lol.join('')}]><svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>`;
  await refuses(bomb, 'unsafe', /declares XML entities \(<!ENTITY …>\), which can expand into gigabytes of text, so Image Studio does not open it\. Ask for the drawing again/, 200);
  // Lower case, or an external entity: the same.
  await refuses('<!doctype svg [<!entity x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', 'unsafe', /XML entities/, 200);
});

test('10 MB of nesting is refused at once (size), 5 MB of nesting too (depth), without a stack overflow', async () => {
  const depth = 2_000_000;
  const ten = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(depth)}${'</g>'.repeat(depth)}</svg>`;
  assert.ok(ten.length > 10 * 1024 * 1024);
  await refuses(ten, 'tooLarge', /^drawing\.svg is an SVG drawing of 13\.4 MB, more than the 8 MB Image Studio accepts\. Ask for a simpler drawing, or for a PNG instead\.$/, 500);
  const five = `<svg xmlns="http://www.w3.org/2000/svg">${'<g><!-- > -->'.repeat(400_000)}`;
  await refuses(five, 'tooComplex', new RegExp(`nests its elements more than ${MAX_SVG_DEPTH} levels deep`), 500);
  // Exactly at the bound is fine (the root is 1 deep, so the rect is MAX_SVG_DEPTH deep).
  const atBound = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(MAX_SVG_DEPTH - 2)}<rect width="1" height="1"/>${'</g>'.repeat(MAX_SVG_DEPTH - 2)}</svg>`;
  assert.match((await sanitizeSvg(atBound)).svg, /<rect/);
  await refuses(`<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(MAX_SVG_DEPTH - 2)}<rect/><rect><rect/></rect>${'</g>'.repeat(MAX_SVG_DEPTH - 2)}</svg>`, 'tooComplex', /levels deep/, 500);
});

test('a 9 MB file is refused from its size alone, as text and as bytes', async () => {
  const nine = largeDrawing(9 * 1024 * 1024);
  await refuses(nine, 'tooLarge', /SVG drawing of 9 MB, more than the 8 MB/, 200);
  await refuses(Buffer.from(nine), 'tooLarge', /9 MB/, 200);
  assert.equal(MAX_SVG_BYTES, 8 * 1024 * 1024);
});

test('an element with a million attributes is refused quickly (the parser would take minutes)', async () => {
  const attributes = Array.from({ length: 700_000 }, (_, i) => `a${i}="1"`).join(' ');
  await refuses(`<svg xmlns="http://www.w3.org/2000/svg"><g ${attributes}/></svg>`, 'tooComplex', /an element with more than 1024 attributes/, 1000);
});

test('not an SVG drawing: bytes that are not UTF-8, HTML, broken XML', async () => {
  await refuses(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]), 'notAnImage', /is not an SVG drawing: it is not UTF-8 text/, 200);
  await refuses('<html><body><svg></svg></body></html>', 'notAnImage', /has no <svg> root element/, 200);
  await refuses('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', 'damaged', /looks damaged \(its SVG text is not well-formed XML: line 1, column \d+: .+\)\. Ask for the drawing again/, 200);
  await refuses('', 'notAnImage', /has no <svg> root element/, 200);
});

test('CSS that trips an svgo optimization (pseudo-elements) is still sanitized, without that optimization', async () => {
  const result = await sanitizeSvg(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><style>a::after { fill: red } rect { fill: url(https://evil.example/x) }</style><g/><rect width="8" height="8" onclick="x()"/></svg>`);
  assertSafe(result.svg, 'pseudo-elements');
  assert.deepEqual(result.removed, ['fill style (link to another file)', 'onclick attribute']);
  assert.match(result.svg, /a::after\{fill:red\}/);
});

test('lossless optimizations: attribute values tidied, empty attributes and empty containers (with their <use>s) gone', async () => {
  const input =
    '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><defs><filter id="f"><feFlood flood-color="red"/></filter></defs>' +
    '<g id="empty"/><use href="#empty"/><g filter="url(#f)"/>' +
    '<rect width=" 8 " height="8\n" class="  a\n b   c " fill="" requiredFeatures="" stroke="rgb(1,\n  2, 3)"/></svg>';
  const result = await sanitizeSvg(input);
  assert.deepEqual(result.removed, []);
  assertSafe(result.svg, 'lossless');
  assert.doesNotMatch(result.svg, /id="empty"|<use/, 'the empty group and its <use> are gone');
  assert.match(result.svg, /<g filter="url\(#f\)"\/>/, 'an empty group with a filter draws: kept');
  assert.match(result.svg, /<rect width="8" height="8" class="a b c" requiredFeatures="" stroke="rgb\(1, 2, 3\)"\/>/);
  // Without an empty container, nothing of the kind is removed.
  assert.match((await sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><g><rect width="1" height="1"/></g></svg>')).svg, /<g><rect/);
});

test('bytes with a byte-order mark work like text', async () => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BENIGN_DRAWING)]);
  const result = await sanitizeSvg(bytes);
  assert.deepEqual([result.width, result.height, result.removed], [240, 160, []]);
});

test('a benign drawing keeps every pixel, loses its comment, metadata and XML declaration, and reports nothing', async () => {
  const result = await sanitizeSvg(BENIGN_DRAWING, 'benign.svg');
  assert.deepEqual(result.removed, []);
  assert.deepEqual([result.width, result.height], [240, 160]);
  assertSafe(result.svg, 'benign');
  assert.doesNotMatch(result.svg, /<\?xml|<!--|metadata/);
  assert.ok(result.svg.length < BENIGN_DRAWING.length);
  for (const kept of ['Hello, drawing &amp; friends', 'url(#sky)', 'clip-path="url(#round)"', 'data:image/png;base64,', '.hill{']) assert.ok(result.svg.includes(kept), kept);
  // Rendered at the same size, before and after: the same pixels.
  const render = async (svg: string) => {
    const sized = sizedForRender(svg as SanitizedSvg, 480);
    return (await rasterizeSanitizedSvg(sized.svg, 480 * 480)).data;
  };
  const [before, after] = await Promise.all([render(BENIGN_DRAWING.slice(BENIGN_DRAWING.indexOf('<svg'))), render(result.svg)]);
  assert.equal(before.length, 480 * 320 * 4);
  let differing = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) differing++;
  assert.equal(differing, 0, 'identical renders');
  // …and the drawing is not blank.
  assert.ok(new Set(before.filter((_, i) => i % 4 === 0)).size > 20);
});

test('a 1 MB drawing is sanitized in bounded time, and still as large (nothing lossy)', async () => {
  const big = largeDrawing(1024 * 1024);
  const start = performance.now();
  const result = await sanitizeSvg(big);
  const elapsed = performance.now() - start;
  assert.ok(elapsed < 3000, `${elapsed.toFixed(0)} ms`);
  assert.deepEqual(result.removed, []);
  assert.equal(result.svg.match(/<path /g)?.length, big.match(/<path /g)?.length, 'every path kept');
  assert.ok(result.svg.length > big.length * 0.97);
});

test('width and height: from attributes (with units), the viewBox, or 300x150', () => {
  assert.deepEqual(svgSize({ width: '100', height: '50' }), { width: 100, height: 50, exactWidth: 100, exactHeight: 50 });
  assert.deepEqual(svgSize({ width: '2in', height: '1in' }), { width: 192, height: 96, exactWidth: 192, exactHeight: 96 });
  assert.equal(svgSize({ width: '10cm', height: '5cm' }).width, 378);
  assert.deepEqual(svgSize({ width: '100%', height: '100%', viewBox: '0 0 640 480' }), { width: 640, height: 480, exactWidth: 640, exactHeight: 480 });
  assert.deepEqual(svgSize({ width: '320', viewBox: '0,0,640,480' }), { width: 320, height: 240, exactWidth: 320, exactHeight: 240 });
  assert.deepEqual(svgSize({ height: '48', viewBox: '0 0 24 12' }), { width: 96, height: 48, exactWidth: 96, exactHeight: 48 });
  assert.deepEqual(svgSize({}), { width: 300, height: 150, exactWidth: 300, exactHeight: 150 });
  assert.deepEqual(svgSize({ width: '-5', height: 'auto', viewBox: '0 0 0 10' }), { width: 300, height: 150, exactWidth: 300, exactHeight: 150 });
  assert.deepEqual(svgSize({ width: '0.2', height: '0.4' }), { width: 1, height: 1, exactWidth: 0.2, exactHeight: 0.4 });
});
