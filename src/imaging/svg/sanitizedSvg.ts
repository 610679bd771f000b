// The types shared by the SVG sanitizer (its own lazily loaded bundle, dist/svgSanitizer.js)
// and the code that loads it and renders its output. Types and limits only, so importing
// this costs the features bundle nothing.

/**
 * SVG text that came out of `sanitizeSvg`. A branded string, so the one function that lets
 * sharp's SVG loader run (`renderSvgPreview`) cannot be handed text that skipped it: read
 * from disk again, an SVG must go through `sanitizeSvg` again (a file can change).
 */
export type SanitizedSvg = string & { readonly __brand: 'SanitizedSvg' };

/** What `sanitizeSvg` returns. */
export interface SanitizedSvgResult {
  /** The safe, optimized drawing (UTF-8 text, no XML declaration, no DOCTYPE). */
  svg: SanitizedSvg;
  /**
   * What was taken out for safety, once each, for the log and the sidecar: "script
   * element", "onload attribute", "href attribute (link to another file)", … Empty when the
   * drawing needed nothing removed. Optimizations (comments, metadata, …) are not listed.
   */
  removed: string[];
  /** Size in CSS pixels, from width/height, else the viewBox, else 300x150 (see svgSize.ts). */
  width: number;
  height: number;
}

/** Largest SVG accepted, in bytes (of the UTF-8 text). */
export const MAX_SVG_BYTES = 8 * 1024 * 1024;

/** Deepest element nesting accepted; real drawings nest a few tens of levels at most. */
export const MAX_SVG_DEPTH = 256;

/**
 * Most attributes on one element. SVG elements have a few tens at most; the XML parser's
 * duplicate check is linear per attribute, so a single element with a million attributes
 * would take minutes to parse.
 */
export const MAX_SVG_ATTRIBUTES = 1024;
