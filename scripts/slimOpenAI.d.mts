// Types for scripts/slimOpenAI.mjs (imported by the bench and unit tests).
import type { Plugin } from 'esbuild';

/** Replaces every openai SDK resource module but Images and Models with a stub. */
export function slimOpenAI(): Plugin;
/** The source of a stub for `module` exporting `names`, each bound to a placeholder class. */
export function stubSource(module: string, names: readonly string[]): string;
/** The value names `file` exports, as esbuild sees them after following `export *`. */
export function exportNames(esbuild: typeof import('esbuild'), file: string): Promise<string[]>;
/** The module every stub imports its placeholder class from. */
export const PLACEHOLDER_SOURCE: string;
