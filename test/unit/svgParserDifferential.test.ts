// parseSvgTree (src/imaging/svg/parseSvgTree.ts) against svgo's own parser (sax, strict):
// on the hostile corpus, on malformed inputs, and on random mutations of both, it must either
// build exactly svgo's tree or leave the text to svgo ("not sure", undefined), and it must
// never accept what svgo refuses. svgo's tree is taken through its public API: a plugin that
// keeps the root svgo parsed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XastRoot } from 'svgo' with { 'resolution-mode': 'import' };
import { isImageError } from '../../src/imaging/imageErrors';
import { loadSvgSanitizer } from '../../src/imaging/svg/loadSvgSanitizer';
import { parseSvgTree } from '../../src/imaging/svg/parseSvgTree';
import { BENIGN_DRAWING, HOSTILE_SAMPLES, largeDrawing } from './svgCorpus';

const svgo = require('svgo') as typeof import('svgo', { with: { 'resolution-mode': 'import' } });
const TEXT_ELEMENTS = svgo._collections.textElems;

type SvgoParse = { tree: XastRoot } | { refused: string; reason: string; line: number; column: number };

/** svgo's own parse of `text`: its tree, or its parser's refusal. */
function svgoParse(text: string): SvgoParse {
  let tree: XastRoot | undefined;
  try {
    svgo.optimize(text, { plugins: [{ name: 'keepTree', fn: (root: XastRoot) => void (tree = root) }] });
  } catch (error) {
    if (error instanceof Error && error.name === 'SvgoParserError') {
      const { reason, line, column } = error as Error & { reason: string; line: number; column: number };
      return { refused: error.message, reason, line, column };
    }
    throw error;
  }
  assert.ok(tree);
  return { tree };
}

/** Checks one input; returns whether parseSvgTree read it (rather than leaving it to svgo). */
function agrees(text: string, label: string): boolean {
  const ours = parseSvgTree(text, TEXT_ELEMENTS);
  const theirs = svgoParse(text);
  if ('refused' in theirs) {
    assert.equal(ours, undefined, `${label}: svgo refuses (${theirs.refused}) but parseSvgTree read it:\n${JSON.stringify(text)}`);
    return false;
  }
  if (ours === undefined) return false;
  assert.deepStrictEqual(ours, theirs.tree, `${label}: not svgo's tree for\n${JSON.stringify(text)}`);
  return true;
}

const CORPUS = [...HOSTILE_SAMPLES.map((sample) => ({ label: sample.name, svg: sample.svg })), { label: 'benign drawing', svg: BENIGN_DRAWING }];

/** Well-formed, in the corners where sax has its own habits: each must be read, as svgo reads it. */
const WELL_FORMED: string[] = [
  '<svg/>',
  '\uFEFF<svg/>',
  '  \n<svg></svg>\n\n',
  '<svg xmlns="http://www.w3.org/2000/svg"><text>  two  spaces  </text><g>  trimmed  </g><title> t </title></svg>',
  '<svg><text>a<!---->b<!-- c -->d<![CDATA[]]>e<![CDATA[ f ]]>g</text></svg>',
  '<svg><text>&amp;&lt;&gt;&quot;&apos;&#106;&#x6A;&#X6a;&#0106;&#x1F600;&#9;&#10;&#13;</text></svg>',
  '<svg a="&amp;&#106;&#x3C;&#34;" b=\'"\' c="\'" d="<>" e="\n\t\r x\n" f = "spaced" ></svg>',
  '<svg a="1" a="2" b="3" xmlns:x="u1" xmlns:x="u2"><x:g x:a="1"/></svg>',
  '<svg xmlns="http://www.w3.org/2000/svg" xml:space="preserve"><g xmlns:e="urn:e"><e:x/></g></svg>',
  '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- c --><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg/>',
  '<!doctype svg><svg/>',
  '<!DOCTYPE svg "a>b" \'[c]\'><svg/>',
  '<?a>b?><?  ?><??><?pi   body  text  ?><svg><?inside x?></svg><?after?>',
  '<svg/><![CDATA[outside]]><!-- after -->',
  '<svg/><svg><g/></svg>',
  '<svg/><text> </text>',
  '<svg><![cdata[x]]]></svg>',
  '<svg>]]></svg>',
  '<svg><g >text<g/>more</g ></svg>',
  '<svg constructor="1" toString="2" hasOwnProperty="3"><constructor:g/></svg>',
  '<svg\r\na="1"\t/>',
  '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:rect/></svg:svg>',
  '<svg a="\u0001\uFFFE"><text>\u0000\u0008</text></svg>',
];

/** Not well-formed for sax, or read by sax in ways not copied: svgo refuses or reads them itself. */
const LEFT_TO_SVGO: string[] = [
  '',
  'hello',
  'x<svg/>',
  '<svg>',
  '<svg><g></svg>',
  '<svg></g></svg>',
  '<svg></svg></svg>',
  '</svg>',
  '<svg a=1/>',
  '<svg a/>',
  '<svg a b="1"/>',
  '<svg a="1"b="2"/>',
  '<svg a="1/>',
  '<svg / >',
  '<svg>a < b</svg>',
  '<svg>a & b</svg>',
  '<svg>&nbsp;&copy;&AMP;</svg>',
  '<svg>&#0;&#xD800;&#x110000;&#-1;&#1.0;&#x;</svg>',
  '<svg a="&bogus;"/>',
  '<svg a="&#1"/>',
  '<svg/>text after',
  '<svg/>&amp;',
  '<svg/><svg>text in a second root</svg>',
  '<svg/><svg><g>',
  '<!DOCTYPE a><!DOCTYPE b><svg/>',
  '<svg/><!DOCTYPE a>',
  '<!DOCTYPE svg [<!ENTITY a "b">]><svg>&a;</svg>',
  '<!DOCTYPE svg [<!ENTITY a "&#38;#60;x">]><svg>&a;</svg>',
  '<!DOCTYPE svg [<!ENTITY l0 "ha"><!ENTITY l1 "&l0;&l0;&l0;&l0;"><!ENTITY l2 "&l1;&l1;&l1;&l1;">]><svg><text>&l2;</text></svg>',
  '<!ELEMENT svg ANY><svg/>',
  '<svg><!-- a -- b --></svg>',
  '<svg><!----></svg><!-- unterminated',
  '<svg/><![CDATA[ unterminated',
  '<svg/><?pi unterminated',
  '<svg><?pi a??></svg>',
  '< svg/>',
  '<svg></ svg>',
  '<svg></svg x>',
  '<svg><1/></svg>',
  '<svg><g:x/></svg>',
  '<svg x:a="1"/>',
  '<svg xmlns:xml="urn:not-xml"/>',
  '<svg xmlns:xmlns="urn:x"/>',
  '<svg xmlns:x=""><x:g/></svg>',
  '<svg __proto__="x"/>',
  '<sv\u00e9g/>',
  '<svg a\u00e9="1"/>',
  '<svg/><',
  '<svg a="1" a=2/>',
  `<svg><text>${'&#106;'.repeat(600)}</text></svg>`,
  `<svg a="${'x'.repeat(70_000)}&#106;"/>`,
  `<svg><text>${'x'.repeat(70_000)}&#106;</text></svg>`,
];

/** A name outside ASCII: parseSvgTree leaves such a drawing to sax (see its isNameStart). */
const NON_ASCII_NAME = /<[^>]*[^\x00-\x7f][^>]*=/;

test('the hostile corpus and the benign drawing: read by parseSvgTree, exactly as svgo reads them (left to svgo with a name outside ASCII)', () => {
  for (const { label, svg } of CORPUS) {
    const read = agrees(svg, label);
    assert.equal(read, !NON_ASCII_NAME.test(svg), `${label}: ${read ? 'read' : 'left to svgo'}`);
  }
});

test('the bench drawing (256 KB of the same generator): read by parseSvgTree, exactly as svgo reads it', () => {
  assert.ok(agrees(largeDrawing(256 * 1024), 'large drawing'));
});

test("sax's corners of well-formed markup: read by parseSvgTree, exactly as svgo reads them", () => {
  for (const svg of WELL_FORMED) assert.ok(agrees(svg, 'well-formed'), `left to svgo: ${JSON.stringify(svg)}`);
});

test('malformed and unusual markup: refused by svgo (never read by parseSvgTree), or left to svgo', () => {
  let refused = 0;
  for (const svg of LEFT_TO_SVGO) {
    assert.equal(parseSvgTree(svg, TEXT_ELEMENTS), undefined, `read by parseSvgTree: ${JSON.stringify(svg.slice(0, 200))}`);
    agrees(svg, 'malformed');
    if ('refused' in svgoParse(svg)) refused++;
  }
  // Most are refusals; the rest (an empty text, unterminated markup after the root, several
  // roots, entities from a DOCTYPE, HTML entities) svgo reads its own way.
  assert.ok(refused > LEFT_TO_SVGO.length / 2, `${refused} refused`);
});

test("sanitizeSvg refuses what svgo's parser refuses, in sax's words and at sax's position (or earlier, for its bounds)", async () => {
  const { sanitizeSvg } = loadSvgSanitizer();
  let damaged = 0;
  for (const svg of LEFT_TO_SVGO) {
    const theirs = svgoParse(svg);
    if (!('refused' in theirs)) continue;
    await assert.rejects(sanitizeSvg(svg, 'd.svg'), (error) => {
      if (isImageError(error, 'damaged')) {
        damaged++;
        assert.ok(error.message.includes(`line ${theirs.line}, column ${theirs.column}: ${theirs.reason})`), `${error.message}\nsvgo: ${theirs.refused}`);
      } else {
        // scanSvgMarkup's bounds come first: entity declarations.
        assert.ok(isImageError(error, 'unsafe'), `${JSON.stringify(svg.slice(0, 100))}: ${String(error)}`);
      }
      return true;
    });
  }
  assert.ok(damaged >= 30, `${damaged} refused as damaged`);
});

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MARKUP_PIECES = ['<', '>', '/', '=', '"', "'", '&', ';', '!', '?', '-', '[', ']', ' ', '\n', ':', 'x', '&amp;', '&#106;', '<!--', '-->', '<![CDATA[', ']]>', '<?x ', '?>', '<g>', '</g>', '<g/>', ' a="1"', 'xmlns:p="u"', 'p:', '<!DOCTYPE svg>'];

/** One random edit of `text`: a character or a piece of markup deleted, inserted, replaced or repeated. */
function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const piece = MARKUP_PIECES[Math.floor(next() * MARKUP_PIECES.length)];
  const length = 1 + Math.floor(next() * 8);
  switch (Math.floor(next() * 4)) {
    case 0:
      return text.slice(0, at) + text.slice(at + length);
    case 1:
      return text.slice(0, at) + piece + text.slice(at);
    case 2:
      return text.slice(0, at) + piece + text.slice(at + 1);
    default:
      return text.slice(0, at) + text.slice(at, at + length).repeat(2) + text.slice(at + length);
  }
}

test('random mutations of the corpus and of the corners: parseSvgTree reads them as svgo does, or leaves them to svgo', () => {
  const next = random(20261207);
  const sources = [...CORPUS.map(({ svg }) => svg), ...WELL_FORMED, ...LEFT_TO_SVGO.filter((svg) => svg.length < 1000)];
  let read = 0;
  let wellFormed = 0;
  for (const source of sources) {
    for (let n = 0; n < 60; n++) {
      let text = source;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) text = mutate(text, next);
      if (agrees(text, 'mutation')) read++;
      if (!('refused' in svgoParse(text))) wellFormed++;
    }
  }
  console.log(`${read} read of ${wellFormed} accepted by svgo`);
  // Most mutants svgo accepts are plain markup (an edit inside a value or a text): read them.
  assert.ok(read > wellFormed / 2, `${read} read of ${wellFormed} accepted by svgo`);
});
