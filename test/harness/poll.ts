// The one way the tests wait for something that offers no event to await: poll it.
// Shared by the integration tests (in the extension host), the end-to-end tests and the
// bench (in Node), so it imports neither `vscode` nor DOM types.

/** What `condition` returns while the awaited thing has not happened yet. */
export type NotYet = undefined | null | false;

/**
 * Calls `condition` every `intervalMs` until it returns something truthy, and returns that.
 * Throws `timed out after N ms waiting for <what>` once `timeoutMs` have passed. An exception
 * thrown by `condition` ends the wait at once: it is a failure, not a "not yet".
 */
export async function waitFor<T>(
  condition: () => T | NotYet | Promise<T | NotYet>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
