// Types for scripts/packaging/marketplaceChecks.mjs (imported by the packaging tests).
export const MARKETPLACE_CATEGORIES: Set<string>;
export const MAX_KEYWORDS: number;
export function manifestProblems(manifest: Record<string, unknown>, files: { exists: (path: string) => boolean }): string[];
export function iconProblems(bytes: Buffer): string[];
export function readmeImages(markdown: string): string[];
export function repositoryImagesBase(manifest: Record<string, unknown>): string | undefined;
export function readmeImageProblems(markdown: string, options?: { repository?: { base: string; exists: (path: string) => boolean } }): string[];
