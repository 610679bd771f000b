// The studio's entry points: the palette command and the serializer's restore hook.
import * as vscode from 'vscode';
import type { CommandHandler } from '../../commandIds';
import type { FeatureServices } from '../../featureServices';
import { StudioPanel } from './studioPanel';

/**
 * `imageStudio.openStudio`: opens the studio or reveals it. In the extension's own test
 * runs it returns the panel, so integration tests can drive it as the webview would;
 * otherwise nothing (the workbench would try to serialize a returned object).
 */
export function studioCommands(services: FeatureServices): Record<'imageStudio.openStudio', CommandHandler> {
  return {
    'imageStudio.openStudio': () => {
      const panel = StudioPanel.show(services);
      return services.context.extensionMode === vscode.ExtensionMode.Test ? panel : undefined;
    },
  };
}

/**
 * Restores the studio after a window reload (the `WebviewPanelSerializer`). `state` is what
 * the webview saved with setState: untrusted, and not needed here, because the webview
 * reads it back itself and asks the host for everything else.
 */
export async function restoreStudioPanel(services: FeatureServices, panel: vscode.WebviewPanel, _state: unknown): Promise<void> {
  try {
    StudioPanel.restore(services, panel);
  } catch (error) {
    services.logger.error('studio: could not restore the panel', error);
    panel.dispose();
  }
}
