// Redaction used by every log line and every message shown to the user.

/** Things that look like OpenAI keys (`sk-…`, `sk-proj-…`) even when we never saw them. */
const KEY_PATTERN = /\bsk-[A-Za-z0-9_-]{8,}/g;
const BEARER_PATTERN = /(Bearer\s+)[^\s"',]+/gi;

/** Replaces known secret values and anything key-shaped with a placeholder. */
export function redactSecrets(text: string, known: Iterable<string> = []): string {
  let result = text;
  for (const secret of known) {
    if (secret) result = result.split(secret).join('[redacted]');
  }
  return result.replace(KEY_PATTERN, 'sk-[redacted]').replace(BEARER_PATTERN, '$1[redacted]');
}
