// Types for scripts/l10nBundle.mjs (imported by the unit tests).

export const L10N_SOURCES: readonly string[];
export const BUNDLE_PATH: string;
/** The English bundle as the sources say it should be, keys sorted. */
export function extractBundle(root?: string): Promise<Record<string, string | { message: string; comment: string[] }>>;
/** `{0}`, `{name}`: the placeholders of a message, sorted, with repeats. */
export function placeholdersOf(message: string): string[];
