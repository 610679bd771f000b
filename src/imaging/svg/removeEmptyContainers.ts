// Containers that draw nothing, removed in one linear pass: what svgo's removeEmptyContainers
// does, without its cost. svgo's walker looks every element up among its siblings
// (`children.includes`) and its removal rebuilds the parent's child list per removed element,
// so a flat run of empty groups was worse than quadratic: 256 KB of `<g/>` took 68 s and
// held the extension host's thread (found by review, 2026-12-07). Here each parent's list is
// rebuilt once, after its children were judged; the walk keeps its own stack (never recursing).

import type { XastElement, XastParent, XastRoot } from 'svgo' with { 'resolution-mode': 'import' };

/** Containers that draw nothing when empty (svgo's list, less <svg> and what the allowlist removes). */
export const EMPTY_CONTAINERS = new Set(['a', 'defs', 'g', 'marker', 'mask', 'pattern', 'switch', 'symbol']);

/** `url(#id)` in any attribute value. */
const URL_REFERENCE = /\burl\(\s*["']?#([^"')\s]+)/g;

/** The ids an element refers to (as svgo's findReferences reads them for a <use>). */
function referencedIds(element: XastElement): string[] {
  const ids: string[] = [];
  for (const [name, value] of Object.entries(element.attributes)) {
    if ((name === 'href' || name === 'xlink:href') && value.startsWith('#')) ids.push(value.slice(1));
    for (const match of value.matchAll(URL_REFERENCE)) ids.push(match[1]);
  }
  return ids;
}

/** True when any <style> element holds CSS: a rule of it could give an empty group a filter. */
function hasStylesheet(root: XastRoot): boolean {
  const stack: XastParent[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.name === 'style' && child.children.length > 0) return true;
      stack.push(child);
    }
  }
  return false;
}

/**
 * Whether an empty `element` in `parent` can go without changing a pixel: svgo's rules, with
 * one made stricter: an empty <g> stays when the document has a stylesheet at all (svgo asks
 * the stylesheet whether the group gets a filter, which can paint a rectangle; rather than
 * match selectors, any stylesheet keeps them).
 */
function removable(element: XastElement, parent: XastParent, stylesheet: boolean): boolean {
  if (!EMPTY_CONTAINERS.has(element.name) || element.children.length > 0) return false;
  // An empty <pattern> may carry settings another pattern inherits; an empty <mask> with an id hides what it masks.
  if (element.name === 'pattern' && Object.keys(element.attributes).length > 0) return false;
  if (element.name === 'mask' && element.attributes.id !== undefined) return false;
  if (parent.type === 'element' && parent.name === 'switch') return false;
  if (element.name === 'g' && (stylesheet || element.attributes.filter !== undefined || /filter/i.test(element.attributes.style ?? ''))) return false;
  return true;
}

/** Removes the empty containers of `root` (and the <use>s of those with an id), in place. */
export function removeEmptyContainers(root: XastRoot): void {
  const stylesheet = hasStylesheet(root);
  const removed = new Set<XastElement>();
  const removedIds = new Set<string>();
  const uses: { use: XastElement; parent: XastParent }[] = [];
  // Post-order: a container is judged after its children, so one emptied by them goes too.
  const stack: { node: XastParent; next: number; lostChildren: boolean }[] = [{ node: root, next: 0, lostChildren: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.node.children.length) {
      const child = top.node.children[top.next++];
      if (child.type === 'element') {
        if (child.name === 'use') uses.push({ use: child, parent: top.node });
        stack.push({ node: child, next: 0, lostChildren: false });
      }
      continue;
    }
    stack.pop();
    const { node } = top;
    if (top.lostChildren) node.children = node.children.filter((child) => !(child.type === 'element' && removed.has(child)));
    const parent = stack[stack.length - 1];
    if (!parent || node.type !== 'element' || !removable(node, parent.node, stylesheet)) continue;
    removed.add(node);
    parent.lostChildren = true;
    if (node.attributes.id) removedIds.add(node.attributes.id);
  }
  if (removedIds.size === 0) return;
  // The <use>s of what was removed go too (one rebuild per parent that holds any).
  const parentsOfUses = new Set<XastParent>();
  for (const { use, parent } of uses) {
    if (referencedIds(use).some((id) => removedIds.has(id))) {
      removed.add(use);
      parentsOfUses.add(parent);
    }
  }
  for (const parent of parentsOfUses) parent.children = parent.children.filter((child) => !(child.type === 'element' && removed.has(child)));
}
