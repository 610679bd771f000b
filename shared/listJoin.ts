// Lists inside localized sentences, for the host and the webviews alike. Each separator is a
// message of its own, so a language chooses it (Chinese: 、 between names, ， between phrases,
// ； between clauses). Intl.ListFormat is not used: in zh-CN its "unit" style puts no separator
// at all between phrases, and its "or" list differs from the host's wording.
// Separate from localeFormat.ts, which dist/extension.js loads: this one needs @vscode/l10n.
import * as l10n from '@vscode/l10n';

/** "a, b, c": names, values, file names. */
export function joinNames(names: readonly string[]): string {
  return names.join(l10n.t(', '));
}

/** "a", "a or b", "a, b or c": the choices a person has. */
export function joinOr(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return l10n.t('{choices} or {last}', { choices: joinNames(values.slice(0, -1)), last: values[values.length - 1] });
}

/** "a, b, c": phrases (steps, differences), each a clause of its own. */
export function joinPhrases(phrases: readonly string[]): string {
  return phrases.reduce((list, item) => l10n.t('{list}, {item}', { list, item }));
}

/** "a; b; c": clauses that each stand alone. */
export function joinClauses(clauses: readonly string[]): string {
  return clauses.join(l10n.t('; '));
}
