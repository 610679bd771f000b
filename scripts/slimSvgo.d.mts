// Types for scripts/slimSvgo.mjs (imported by the unit tests).
import type { Plugin } from 'esbuild';

/** Keeps only the svgo plugins and the css-tree parts the SVG sanitizer runs. */
export function slimSvgo(root?: string): Plugin;
/** The svgo plugins the sanitizer names (LOSSLESS_OPTIMIZATIONS in svgSanitizer.ts). */
export const USED_PLUGINS: readonly string[];
