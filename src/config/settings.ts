import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, type StudioSettings } from './defaultSettings';

export const SECTION = 'imageStudio';

export type { StudioSettings };

export function readSettings(scope?: vscode.ConfigurationScope): StudioSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const get = <K extends keyof StudioSettings>(key: K, name: string = key): StudioSettings[K] => config.get<StudioSettings[K]>(name, DEFAULT_SETTINGS[key]);
  const model = get('model');
  const customModel = config.get<string>('customModel', '').trim();
  const sendSafetyIdentifier = get('sendSafetyIdentifier', 'safetyIdentifier.enabled');
  return {
    // "custom" lets people on compatible servers name any model without losing the dropdown.
    model: model === 'custom' ? customModel || DEFAULT_SETTINGS.model : model,
    size: get('size').trim(),
    quality: get('quality'),
    count: get('count'),
    outputFormat: get('outputFormat'),
    complexity: get('complexity'),
    gifFrameCount: get('gifFrameCount', 'gif.frameCount'),
    gifFrameDurationMs: get('gifFrameDurationMs', 'gif.frameDurationMs'),
    svgAuthorModel: get('svgAuthorModel', 'svg.authorModel').trim(),
    svgReasoningEffort: get('svgReasoningEffort', 'svg.reasoningEffort'),
    sendSafetyIdentifier,
    ...(sendSafetyIdentifier ? { safetyIdentifier: safetyIdentifier() } : {}),
    outputFolder: get('outputFolder').trim() || DEFAULT_SETTINGS.outputFolder,
    baseUrl: get('baseUrl').trim(),
    requestTimeoutSeconds: get('requestTimeoutSeconds'),
    maxRetries: get('maxRetries'),
    stream: get('stream'),
    partialImages: get('partialImages'),
    background: get('background'),
    style: get('style'),
    moderation: get('moderation'),
    usePromptAsIs: get('usePromptAsIs'),
    maxConcurrentRequests: get('maxConcurrentRequests'),
    confirmCostAboveUsd: get('confirmCostAboveUsd'),
    prices: get('prices'),
    insertAfterGeneration: get('insertAfterGeneration'),
    selectionImageDestination: get('selectionImageDestination').trim(),
    variationsDestination: get('variationsDestination'),
    variationPrompt: get('variationPrompt'),
    squareMode: get('squareMode'),
    padColor: get('padColor'),
    agentToolsEnabled: get('agentToolsEnabled', 'agentTools.enabled'),
    agentMaxCostPerCallUsd: get('agentMaxCostPerCallUsd', 'agentTools.maxCostPerCallUsd'),
  };
}

/**
 * The `safety_identifier` sent when the person turns it on: stable for this machine, and a
 * hash of VS Code's anonymous machine id (itself a hash), so no name, address or account
 * leaves the machine. 64 hex characters, within the service's 128.
 */
function safetyIdentifier(): string {
  // eslint-disable-next-line image-studio/localized-text -- a hash salt, never shown
  return createHash('sha256').update(`image-studio safety identifier\0${vscode.env.machineId}`).digest('hex');
}
