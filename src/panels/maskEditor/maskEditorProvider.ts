// The mask editor as a custom editor (`imageStudio.maskEditor`, read-only: the image file is
// never changed, results are saved beside it). VS Code restores open editors after a reload
// and the page restores its unsaved work from its own state (getState/setState), so no
// retained context is needed. extension.ts registers a tiny provider that calls
// resolveMaskEditor from the features bundle on first use.
import type * as vscode from 'vscode';
import type { FeatureServices } from '../../featureServices';
import { MaskEditorSession } from './maskEditorSession';

/** The custom editor's view type (package.json `customEditors`). */
export const MASK_EDITOR_VIEW_TYPE = 'imageStudio.maskEditor';

/** Sets up the editor for `uri` in `panel`; the session lives as long as the panel. */
export function resolveMaskEditor(services: FeatureServices, uri: vscode.Uri, panel: vscode.WebviewPanel): void {
  services.maskEditors.add(new MaskEditorSession(services, uri, panel), panel);
}
