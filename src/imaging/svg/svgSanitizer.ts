// The SVG sanitizer: an untrusted drawing from an image server in, a safe and smaller one
// out, before anything is written to disk. This module is the entry of its own bundle,
// dist/svgSanitizer.js (svgo with its CSS parser is ~10 times the size of the rest of
// src/imaging), which loadSvgSanitizer.ts requires when the first SVG arrives.
//
// Why svgo: it is the maintained SVG toolkit (parser, serializer, the removeScripts plugin
// and the optimizations in one pure-JavaScript package, no DOM). It parses XML as XML
// (namespaces, CDATA, entities by the XML rules, case-sensitive names) and prints the tree
// again, so nothing the parser did not understand survives into the output, and our own
// allowlist plugin (svgAllowlist.ts) decides on every element and attribute of that tree.
// Its parser (sax) is slow on large drawings, so parseSvgTree.ts builds the same tree for
// well-formed markup and leaves everything else, refusals included, to svgo's parser.
// Why not DOMPurify + jsdom: DOMPurify needs a DOM, and jsdom is megabytes of JavaScript
// with dozens of dependencies (an HTML engine, a CSS engine, a URL parser…) for what is a
// tree walk here; its HTML parser would also read an XML document by HTML rules; and it
// cannot optimize.

import * as l10n from '@vscode/l10n';
import type { CustomPlugin, XastRoot } from 'svgo' with { 'resolution-mode': 'import' };
import { ImageError } from '../imageErrors';
import { displayName } from '../inspectImage';
import { MAX_SVG_BYTES, type SanitizedSvg, type SanitizedSvgResult } from './sanitizedSvg';
import { parseSvgTree } from './parseSvgTree';
import { removeEmptyContainers } from './removeEmptyContainers';
import { scanSvgMarkup } from './scanSvgMarkup';
import { AllowlistFindings, type Removals, svgAllowlist, svgFinishRoot } from './svgAllowlist';
import { svgMalformedError, svgNotTextError, svgTooLargeError } from './svgErrors';
import { svgSize, type SvgSize } from './svgSize';

export type { SanitizedSvg, SanitizedSvgResult } from './sanitizedSvg';

// svgo is an ES-module package with a CommonJS build; the host code is CommonJS, so it is
// required (esbuild bundles it into this bundle all the same).
const svgo = require('svgo') as typeof import('svgo', { with: { 'resolution-mode': 'import' } });
export { MAX_SVG_ATTRIBUTES, MAX_SVG_BYTES, MAX_SVG_DEPTH } from './sanitizedSvg';
// This bundle's copy of @vscode/l10n is set up by whoever loads it (loadSvgSanitizer.ts).
export { setupL10n } from '../../util/l10nSetup';

/**
 * svgo's optimizations that leave the drawing as it was, pixel for pixel, chosen for what
 * they save per millisecond (measured on a 1 MB drawing: svgo's parse alone takes most of
 * the time budget): whitespace inside attribute values and empty attributes (svgo's
 * cleanupAttrs and removeEmptyAttrs, done by the allowlist as it checks each value, see
 * `cleanAttributes`), and containers left empty (often by the allowlist): svgo's
 * removeEmptyContainers done in one linear pass (removeEmptyContainers.ts), run only when
 * the allowlist saw an empty container. No svgo plugin is run: each is a full walk in which
 * every element is looked up among its siblings, quadratic on a flat drawing (svgo's
 * removeEmptyContainers took 68 s on 256 KB of empty groups).
 * Comments, metadata, editor data, the XML declaration, DOCTYPE and the whitespace between
 * elements are already gone by then (the allowlist and the printer). Not used: those that
 * round numbers (path data, transforms, numeric values), which change the drawing a little,
 * and the lossless ones that cost more than they save on drawings like these
 * (convertColors, collapseGroups, removeUselessDefs, removeEmptyText: 8–30 ms each on 1 MB
 * for a few bytes). svgo's removeScripts is not run either: it removes <script>, on*
 * attributes and javascript: links, a subset of what the allowlist removes, so it found
 * nothing in any test and cost 10 ms.
 */
/** Containers left empty (by the allowlist, mostly) removed, when the allowlist saw any (else no walk at all). */
function removeEmptyContainersIfAny(findings: AllowlistFindings): CustomPlugin {
  return {
    name: 'imageStudioRemoveEmptyContainers',
    fn: (root: XastRoot) => {
      if (findings.emptyContainer) removeEmptyContainers(root);
      return null;
    },
  };
}

/** Captures the root's size once svgo is done. */
function sizeOfResult(onSize: (size: SvgSize) => void): CustomPlugin {
  return {
    name: 'imageStudioSize',
    fn: (root: XastRoot) => {
      for (const child of root.children) if (child.type === 'element') onSize(svgSize(child.attributes));
      return null;
    },
  };
}

/** The text of `input`: UTF-8 only (a byte-order mark is dropped). */
function decodeText(input: string | Uint8Array, name: string): string {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch (error) {
    throw Object.assign(svgNotTextError(name), { cause: error });
  }
}

/** What svgo throws for text that is not well-formed XML (SvgoParserError). */
interface ParserError {
  name: 'SvgoParserError';
  reason: string;
  line: number;
  column: number;
}

function isParserError(error: unknown): error is ParserError {
  return error instanceof Error && error.name === 'SvgoParserError';
}

/**
 * The text svgo is given when the tree was read by parseSvgTree.ts: svgo's API takes text
 * only, so it parses this (in microseconds) and the first plugin swaps in the real tree.
 */
const PLACEHOLDER = '<svg/>';

/** The first plugin when the tree was read already: puts it in place of svgo's parse of {@link PLACEHOLDER}. */
function treeReadAlready(tree: XastRoot): CustomPlugin {
  return {
    name: 'imageStudioTree',
    fn: (root: XastRoot) => {
      root.children = tree.children;
      return null;
    },
  };
}

/** One run of svgo: the safe text, what was removed, the root's size. */
interface SvgoRun {
  svg: string;
  removals: Removals;
  size?: SvgSize;
}

/**
 * @param tree `text` read by parseSvgTree.ts, or undefined for svgo's own parser (which
 *   then refuses what is not well-formed, or reads what parseSvgTree left to it).
 */
function runSvgo(text: string, tree: XastRoot | undefined, name: string, optimize: boolean): SvgoRun {
  const findings = new AllowlistFindings();
  let size: SvgSize | undefined;
  const svg = svgo.optimize(tree ? PLACEHOLDER : text, {
    multipass: false,
    js2svg: { pretty: false },
    plugins: [
      ...(tree ? [treeReadAlready(tree)] : []),
      svgAllowlist(name, findings),
      ...(optimize ? [removeEmptyContainersIfAny(findings)] : []),
      svgFinishRoot(),
      sizeOfResult((found) => (size = found)),
    ],
  }).data;
  return { svg, removals: findings.removals, size };
}

/**
 * Turns an untrusted SVG drawing into a safe one, before it touches the disk, and optimizes
 * it without changing a pixel. The result has no script, no event handler, no link or URL to
 * anything outside the document (only `#id` references, and base64 PNG/JPEG/WebP/GIF images
 * embedded in <image>/<feImage>), no <foreignObject>/<iframe>/<embed>/<object> or other
 * non-drawing element, no @import or external url() in CSS, no DOCTYPE and no processing
 * instruction. Bounded: the size, nesting and attribute checks come first, in one linear
 * pass, so no input can overflow the stack or keep the parser busy for long.
 * @param input the drawing as text, or as bytes (UTF-8).
 * @param fileName used in error messages only.
 * @throws {ImageError} tooLarge (over {@link MAX_SVG_BYTES}), tooComplex (nesting or
 *   attributes over the bounds), unsafe (declares XML entities), notAnImage (not UTF-8 text,
 *   no <svg> root) or damaged (not well-formed XML).
 */
export async function sanitizeSvg(input: string | Uint8Array, fileName = l10n.t('The generated drawing')): Promise<SanitizedSvgResult> {
  const name = displayName(fileName);
  // Counted before anything is decoded or scanned.
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (bytes > MAX_SVG_BYTES) throw svgTooLargeError(name, bytes);
  const text = decodeText(input, name);
  scanSvgMarkup(text, name);

  let result: SvgoRun;
  try {
    result = runSvgo(text, parseSvgTree(text, svgo._collections.textElems), name, true);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    if (isParserError(error)) throw svgMalformedError(name, l10n.t('line {line}, column {column}: {reason}', { line: error.line, column: error.column, reason: error.reason }), error);
    // An optimization tripped over something: it is a bonus, the safety plugins alone must do.
    // The tree is read again: the plugins that ran changed it in place.
    result = runSvgo(text, parseSvgTree(text, svgo._collections.textElems), name, false);
  }
  const { svg, removals, size } = result;
  if (!size) throw svgMalformedError(name, l10n.t('no element'));
  return { svg: svg as SanitizedSvg, removed: removals.list(), width: size.width, height: size.height };
}
