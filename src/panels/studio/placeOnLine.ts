// Pure: no `vscode` import, so the rule is unit-tested in plain Node.

/**
 * Where a reference goes relative to the text around the cursor: a cursor at the start or
 * end of a non-empty line puts it on a line of its own (so `# Notes` stays a heading); in
 * the middle of a line, or replacing a selection (`column` -1), it goes exactly there.
 */
export function placeOnLine(reference: string, line: string, column: number, eol: string): string {
  if (column < 0 || line.trim() === '') return reference;
  if (column === 0) return `${reference}${eol}`;
  if (column >= line.length) return `${eol}${reference}`;
  return reference;
}
