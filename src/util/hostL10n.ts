// Imported first by features.ts (the host bundle with code that has no `vscode`) so that the bundle's
// copy of @vscode/l10n and the number formats follow VS Code's display language before any
// other module of the bundle runs. See l10nSetup.ts.

import * as vscode from 'vscode';
import { setupL10n } from './l10nSetup';

setupL10n({ bundle: vscode.l10n.bundle as Record<string, string> | undefined, language: vscode.env.language });
