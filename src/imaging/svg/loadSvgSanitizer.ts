// Loads the SVG sanitizer on first use. It is its own bundle, dist/svgSanitizer.js (svgo
// and its CSS parser: more than the rest of the extension's host code), so it costs nothing
// until the first SVG arrives: esbuild.mjs builds it from svgSanitizer.ts and leaves this
// require alone in dist/features.js. (In the test bundles, esbuild resolves it to the
// TypeScript source instead, so the tests run the same code.)

import { currentL10nSetup } from '../../util/l10nSetup';
import type * as SvgSanitizer from './svgSanitizer';

/** What the sanitizer bundle exports: `sanitizeSvg` and its limits. */
export type SvgSanitizerModule = typeof SvgSanitizer;

/**
 * The sanitizer module, loaded on the first call (Node caches it after that). Use as
 * `const { sanitizeSvg } = loadSvgSanitizer(); const safe = await sanitizeSvg(bytes, name);`.
 */
export function loadSvgSanitizer(): SvgSanitizerModule {
  // A plain require of a sibling bundle, never hoisted to activation (see esbuild.mjs).
  const sanitizer = require('./svgSanitizer.js') as SvgSanitizerModule;
  // Its own copy of @vscode/l10n: its refusals speak the language of the bundle loading it.
  sanitizer.setupL10n(currentL10nSetup());
  return sanitizer;
}
