// Types for scripts/eslint/localizedText.mjs (imported by the unit tests).
import type { Rule } from 'eslint';

export const localizedText: Rule.RuleModule;
declare const plugin: { rules: { 'localized-text': Rule.RuleModule } };
export default plugin;
