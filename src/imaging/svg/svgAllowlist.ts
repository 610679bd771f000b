// The svgo plugin that makes a parsed SVG safe: an allowlist of drawing elements (anything
// else goes with its content: <script>, <foreignObject>, <iframe>, HTML, unknown or
// prefixed names), no event handlers, links only to elements of the same document (and
// embedded PNG/JPEG/WebP/GIF images), CSS cleaned (sanitizeCss.ts), no DOCTYPE, no
// processing instructions, no namespaces but SVG's and XLink's. It walks the tree with its
// own stack (never recursing) and checks the nesting bound again on the real tree.

import * as l10n from '@vscode/l10n';
import type { CustomPlugin, XastChild, XastElement, XastParent, XastRoot } from 'svgo' with { 'resolution-mode': 'import' };
import { EMPTY_CONTAINERS } from './removeEmptyContainers';
import { MAX_SVG_DEPTH } from './sanitizedSvg';
import { describeUnsafeReason, sanitizeCss, unsafeValueReason, type UnsafeReason } from './sanitizeCss';
import { svgNoRootError, svgTooDeepError } from './svgErrors';

export const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
export const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';

/** Elements that draw, group, define paint, filter, clip, mask, animate or describe. */
const ALLOWED_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'switch', 'a', 'title', 'desc', 'view',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker', 'image', 'style',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix',
  'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA',
  'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feImage', 'feMerge', 'feMergeNode', 'feMorphology',
  'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
  'animate', 'animateMotion', 'animateTransform', 'set', 'mpath',
]);

/** Harmless elements that do not draw: dropped without being reported (svgo would drop them too). */
const DROPPED_QUIETLY = new Set(['metadata']);

/** Elements whose href may be an embedded raster image rather than a #fragment. */
const IMAGE_ELEMENTS = new Set(['image', 'feImage']);

/** SMIL animation elements: their target attribute is checked too. */
const ANIMATION_ELEMENTS = new Set(['animate', 'animateMotion', 'animateTransform', 'set']);

/** Prefixed attributes kept (any other prefix, including a rebound xlink, goes). */
const ALLOWED_PREFIXED = new Set(['xlink:href', 'xml:space', 'xml:lang']);

/** An embedded raster image: base64 PNG, JPEG, WebP or GIF, nothing else. */
const EMBEDDED_IMAGE = /^data:image\/(?:png|jpeg|jpg|webp|gif);base64,[A-Za-z0-9+/=\s]*$/i;

/** A reference to an element of the same document. */
const FRAGMENT = /^#[^\s#]*$/;


/** Attributes that stop an element from drawing even when empty: never dropped for being empty. */
const CONDITIONAL_PROCESSING = new Set(['requiredExtensions', 'requiredFeatures', 'systemLanguage']);

/** A value with a line break, a run of white space, or white space at either end. */
const NEEDS_TIDYING = /\n|\s\s|^\s|\s$/;

/**
 * svgo's cleanupAttrs on one value, done here so it costs no extra walk of the tree (svgo's
 * walker looks each element up among its siblings: quadratic on a flat drawing) and so the
 * checks below judge the text that will be printed: a line break between two non-spaces
 * becomes a space, other line breaks go, the ends are trimmed, runs of white space become one
 * space. Most values (path data, numbers, colours) have none of that and are returned as they are.
 */
export function tidyAttributeValue(value: string): string {
  if (!NEEDS_TIDYING.test(value)) return value;
  return value
    .replace(/(\S)\r?\n(\S)/g, '$1 $2')
    .replace(/\r?\n/g, '')
    .trim()
    .replace(/\s{2,}/g, ' ');
}

/** What the plugin reports: each removal once, in order, at most this many. */
const MAX_REPORTED = 64;

/** Names in reports come from the drawing: shortened, and only printable ASCII. */
function printable(name: string): string {
  const clean = name.replace(/[^\x21-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

/** What was taken out, each once, in order (at most {@link MAX_REPORTED}). */
export class Removals {
  private readonly seen = new Set<string>();
  add(what: string): void {
    if (this.seen.size < MAX_REPORTED) this.seen.add(what);
  }
  addAll(whats: string[]): void {
    for (const what of whats) this.add(what);
  }
  list(): string[] {
    return [...this.seen];
  }
}

/** What the allowlist walk saw that decides which of svgo's optimizations are worth running. */
export class AllowlistFindings {
  readonly removals = new Removals();
  /** A container (<g>, <defs>, …) was left with no children: removeEmptyContainers.ts has work. */
  emptyContainer = false;
}

/** Why an attribute goes ('' when it goes without being reported). */
type AttributeProblem = UnsafeReason | 'dataUrl' | 'namespaceDeclaration' | 'eventHandler' | 'foreignNamespace' | 'notAName' | '';

/**
 * An attribute name as SVG spells them: ASCII letters, digits, `_ . - :`. sax also reads
 * names that start with characters such as U+1680 or U+FEFF, which the checks below would
 * judge by what follows them ("\u1680onload") and a tool that splits on Unicode white space
 * would read as "onload": such names go.
 */
const ATTRIBUTE_NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*$/;

/** The report of a removed attribute, e.g. "href attribute (script URL)", in the display language. */
function describeAttributeRemoval(name: string, problem: Exclude<AttributeProblem, ''>): string {
  const attribute = printable(name);
  switch (problem) {
    case 'eventHandler':
      return l10n.t('{attribute} attribute', { attribute });
    case 'dataUrl':
      return l10n.t('{attribute} attribute ({reason})', { attribute, reason: l10n.t('data URL') });
    case 'namespaceDeclaration':
      return l10n.t('{attribute} attribute ({reason})', { attribute, reason: l10n.t('namespace declaration') });
    case 'foreignNamespace':
      return l10n.t('{attribute} attribute ({reason})', { attribute, reason: l10n.t('foreign namespace') });
    case 'notAName':
      return l10n.t('{attribute} attribute ({reason})', { attribute, reason: l10n.t('not an SVG attribute name') });
    default:
      return l10n.t('{attribute} attribute ({reason})', { attribute, reason: describeUnsafeReason(problem) });
  }
}

/** Why an href on `element` is not kept, or undefined when it is fine. */
function hrefProblem(element: string, value: string): AttributeProblem | undefined {
  const trimmed = value.trim();
  if (FRAGMENT.test(trimmed)) return undefined;
  if (IMAGE_ELEMENTS.has(element) && EMBEDDED_IMAGE.test(trimmed)) return undefined;
  return unsafeValueReason(trimmed) === 'scriptUrl' ? 'scriptUrl' : trimmed.toLowerCase().startsWith('data:') ? 'dataUrl' : 'externalLink';
}

/**
 * Cleans the attributes of an allowed element in place: each value tidied
 * ({@link tidyAttributeValue}), then checked; empty ones dropped (svgo's removeEmptyAttrs).
 */
function cleanAttributes(element: XastElement, isRoot: boolean, removals: Removals): void {
  const attributes = element.attributes;
  for (const name in attributes) {
    const raw = attributes[name];
    const value = tidyAttributeValue(raw);
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? '' : name.slice(0, colon);
    const local = colon === -1 ? name : name.slice(colon + 1);
    // Compared without case: XML names are case-sensitive, but HTML, if the drawing is ever
    // inlined into a page, reads HREF as href.
    const lowerLocal = local.toLowerCase();
    let problem: AttributeProblem | undefined;
    if (!ATTRIBUTE_NAME.test(name)) {
      problem = 'notAName';
    } else if (name === 'xmlns' || prefix === 'xmlns') {
      // Namespaces are set once, on the root, at the end (see finishRoot).
      if (!isRoot) problem = name === 'xmlns' && value === SVG_NAMESPACE ? '' : 'namespaceDeclaration';
      else problem = '';
    } else if (lowerLocal.startsWith('on')) {
      problem = 'eventHandler';
    } else if (prefix !== '' && !ALLOWED_PREFIXED.has(name)) {
      problem = 'foreignNamespace';
    } else if (lowerLocal === 'href') {
      problem = hrefProblem(element.name, value);
    } else if (lowerLocal === 'ping') {
      // <a ping> sends a request to each URL when the link is followed.
      problem = 'externalLink';
    } else if (name === 'style') {
      const clean = sanitizeCss(value, 'declarationList');
      removals.addAll(clean.removed);
      if (clean.css === '') problem = '';
      else attributes.style = clean.css;
    } else {
      problem = unsafeValueReason(value);
    }
    if (problem !== undefined) {
      delete attributes[name];
      if (problem !== '') removals.add(describeAttributeRemoval(name, problem));
    } else if (value === '' && !CONDITIONAL_PROCESSING.has(name)) {
      delete attributes[name];
    } else if (value !== raw && name !== 'style') {
      attributes[name] = value;
    }
  }
}

/** A SMIL animation that would rewrite a link, a handler or a style: it goes whole. */
function animatesSomethingUnsafe(element: XastElement): boolean {
  const target = (element.attributes.attributeName ?? '').trim();
  const local = target.slice(target.indexOf(':') + 1).toLowerCase();
  return local === 'href' || local.startsWith('on') || local === 'style' || local === 'base' || (target.includes(':') && target !== 'xlink:href');
}

/** Replaces a <style> element's children by its cleaned CSS; false when nothing is left. */
function cleanStyleElement(element: XastElement, removals: Removals): boolean {
  const type = element.attributes.type?.trim().toLowerCase();
  if (type !== undefined && type !== '' && type !== 'text/css') {
    removals.add(l10n.t('style element (not CSS)'));
    return false;
  }
  let css = '';
  for (const child of element.children) {
    if (child.type === 'text' || child.type === 'cdata') css += child.value;
    else if (child.type === 'element') removals.add(l10n.t('{element} element', { element: printable(child.name) }));
  }
  const clean = sanitizeCss(css, 'stylesheet');
  removals.addAll(clean.removed);
  element.children = clean.css === '' ? [] : [{ type: 'text', value: clean.css }];
  return clean.css !== '';
}

/** Cleans the children of `parent`, returning the allowed elements to descend into. */
function cleanChildren(parent: XastElement, removals: Removals): XastElement[] {
  const kept: XastChild[] = [];
  const descend: XastElement[] = [];
  for (const child of parent.children) {
    switch (child.type) {
      case 'text':
        kept.push(child);
        break;
      case 'cdata':
        // As text: the serializer escapes it, so no "]]>" trick can close anything.
        kept.push({ type: 'text', value: child.value });
        break;
      case 'element':
        if (DROPPED_QUIETLY.has(child.name)) break;
        if (!ALLOWED_ELEMENTS.has(child.name)) {
          removals.add(l10n.t('{element} element', { element: printable(child.name) }));
          break;
        }
        if (ANIMATION_ELEMENTS.has(child.name) && animatesSomethingUnsafe(child)) {
          removals.add(l10n.t('{element} element (animates {attribute})', { element: child.name, attribute: printable(child.attributes.attributeName ?? '') }));
          break;
        }
        cleanAttributes(child, false, removals);
        if (child.name === 'style') {
          if (cleanStyleElement(child, removals)) kept.push(child);
          break;
        }
        // An <image> without a source (or whose source went) draws nothing.
        if (child.name === 'image' && child.attributes.href === undefined && child.attributes['xlink:href'] === undefined) break;
        kept.push(child);
        descend.push(child);
        break;
      case 'instruction':
        if (child.name !== 'xml') removals.add(l10n.t('{name} processing instruction', { name: printable(child.name) }));
        break;
      case 'doctype':
        removals.add('DOCTYPE');
        break;
      case 'comment':
        break;
    }
  }
  parent.children = kept;
  return descend;
}

/** The root <svg> element, after dropping everything else at the top level. */
function rootElement(root: XastRoot, name: string, removals: Removals): XastElement {
  let svg: XastElement | undefined;
  for (const child of root.children) {
    if (child.type === 'element' && child.name === 'svg' && svg === undefined) svg = child;
    else if (child.type === 'doctype') removals.add('DOCTYPE');
    else if (child.type === 'instruction' && child.name !== 'xml') removals.add(l10n.t('{name} processing instruction', { name: printable(child.name) }));
    else if (child.type === 'element') removals.add(l10n.t('{element} element', { element: printable(child.name) }));
  }
  if (!svg) throw svgNoRootError(name);
  root.children = [svg];
  return svg;
}

/** The root's namespaces: SVG as the default, XLink when an xlink:href is left. */
function finishRoot(svg: XastElement): void {
  let usesXlink = false;
  const stack: XastElement[] = [svg];
  for (let element = stack.pop(); element; element = stack.pop()) {
    if (element.attributes['xlink:href'] !== undefined) usesXlink = true;
    for (const child of element.children) if (child.type === 'element') stack.push(child);
  }
  const attributes: Record<string, string> = { xmlns: SVG_NAMESPACE };
  if (usesXlink) attributes['xmlns:xlink'] = XLINK_NAMESPACE;
  for (const [key, value] of Object.entries(svg.attributes)) if (key !== 'xmlns' && !key.startsWith('xmlns:')) attributes[key] = value;
  svg.attributes = attributes;
}

/** Throws when any element is nested deeper than the bound (counted on the parsed tree). */
function checkDepth(root: XastParent, name: string): void {
  const stack: [XastParent, number][] = [[root, 0]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [node, depth] = entry;
    if (depth > MAX_SVG_DEPTH) throw svgTooDeepError(name);
    for (const child of node.children) if (child.type === 'element') stack.push([child, depth + 1]);
  }
}

/**
 * The allowlist plugin. `findings` collects what it took out and whether a container was
 * left empty. Runs first, before any svgo plugin that walks the tree recursively.
 */
export function svgAllowlist(name: string, findings: AllowlistFindings): CustomPlugin {
  const removals = findings.removals;
  return {
    name: 'imageStudioAllowlist',
    fn: (root: XastRoot) => {
      checkDepth(root, name);
      const svg = rootElement(root, name, removals);
      cleanAttributes(svg, true, removals);
      const stack: XastElement[] = [svg];
      for (let element = stack.pop(); element; element = stack.pop()) {
        for (const child of cleanChildren(element, removals)) stack.push(child);
        if (element.children.length === 0 && EMPTY_CONTAINERS.has(element.name)) findings.emptyContainer = true;
      }
      return null;
    },
  };
}

/** The plugin that runs last: namespaces on the root once svgo is done. */
export function svgFinishRoot(): CustomPlugin {
  return {
    name: 'imageStudioFinishRoot',
    fn: (root: XastRoot) => {
      for (const child of root.children) if (child.type === 'element') finishRoot(child);
      return null;
    },
  };
}
