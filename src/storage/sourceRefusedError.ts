/** A picked file refused before reading: outside the workspace, too large, not a file. The message names it and says what to do. */
export class SourceRefusedError extends Error {
  override readonly name = 'SourceRefusedError';
}
