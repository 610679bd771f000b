// Localization for the code that does not import `vscode` (src/openai, src/imaging, parts of
// jobs/, storage/ and agent/): it calls `l10n.t` from @vscode/l10n, which reads the same
// bundle VS Code loaded for this extension (l10n/bundle.l10n.<language>.json). Each esbuild
// bundle that uses it (features.js, svgSanitizer.js) carries its own copy of @vscode/l10n,
// so each is set up as it loads: features.js by importing hostL10n.ts first, svgSanitizer.js
// by loadSvgSanitizer handing it the setup of the bundle that loads it. extension.js (the
// activation bundle) loads no code that needs it (test/unit/l10n.test.ts checks), so it
// carries neither the package nor the setup. Code that imports `vscode` calls `vscode.l10n.t`.

import * as l10n from '@vscode/l10n';
import { useDisplayLocale } from '../../shared/localeFormat';

export interface L10nSetup {
  /** The loaded bundle (`vscode.l10n.bundle`); undefined in English. */
  readonly bundle: Record<string, string> | undefined;
  /** `vscode.env.language`, e.g. `en`, `zh-cn`. */
  readonly language: string;
}

let current: L10nSetup = { bundle: undefined, language: 'en' };

/** Makes this bundle's `l10n.t` and number formatting speak `setup.language`. */
export function setupL10n(setup: L10nSetup): void {
  current = setup;
  l10n.config({ contents: setup.bundle ?? {} });
  useDisplayLocale(setup.language);
}

/** The setup in force, to hand to a bundle loaded later. */
export function currentL10nSetup(): L10nSetup {
  return current;
}
