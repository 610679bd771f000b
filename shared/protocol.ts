// The messages between the extension host and its webviews: one discriminated union per
// direction and per webview, imported by both sides. The host treats every message from a
// webview as untrusted input and validates it (see src/panels/messageValidation.ts).
// Bytes travel as Uint8Array (structured clone), never as number arrays or base64 JSON.

/** Pairs a webview's request with the host's reply. */
export type RequestId = number;

/** Exhaustiveness check for `switch` statements over message unions. */
export function assertNever(value: never, what = 'message'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

// ---- Studio panel (issue 4) -------------------------------------------------------------
// (the studio's messages are defined here)

// ---- Mask editor (issue 6) --------------------------------------------------------------
// (the mask editor's messages are defined here)
