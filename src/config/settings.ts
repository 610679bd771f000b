import * as vscode from 'vscode';

export const SECTION = 'imageStudio';

/** The settings a generation uses, read fresh for each command (they may change). */
export interface StudioSettings {
  model: string;
  size: string;
  quality: string;
  count: number;
  outputFormat: 'png' | 'jpeg' | 'webp';
  outputFolder: string;
  baseUrl: string;
  requestTimeoutSeconds: number;
  maxRetries: number;
  stream: boolean;
  partialImages: number;
  background: 'auto' | 'opaque' | 'transparent';
  style: 'vivid' | 'natural';
  moderation: 'auto' | 'low';
  usePromptAsIs: boolean;
  maxConcurrentRequests: number;
  confirmCostAboveUsd: number;
  prices: Record<string, unknown>;
  insertAfterGeneration: 'off' | 'insertAfter' | 'replace';
  selectionImageDestination: string;
  variationsDestination: 'besideSource' | 'outputFolder';
  variationPrompt: string;
  squareMode: 'pad' | 'crop';
  padColor: 'transparent' | 'edge';
  /** Whether agents may use the image tools (language-model tools and the MCP server). */
  agentToolsEnabled: boolean;
  /** A tool call estimated above this many US dollars is refused. */
  agentMaxCostPerCallUsd: number;
}

export function readSettings(scope?: vscode.ConfigurationScope): StudioSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const model = config.get<string>('model', 'gpt-image-2');
  const customModel = config.get<string>('customModel', '').trim();
  return {
    // "custom" lets people on compatible servers name any model without losing the dropdown.
    model: model === 'custom' ? customModel || 'gpt-image-2' : model,
    size: config.get<string>('size', '1024x1024').trim(),
    quality: config.get<string>('quality', 'auto'),
    count: config.get<number>('count', 1),
    outputFormat: config.get<'png' | 'jpeg' | 'webp'>('outputFormat', 'png'),
    outputFolder: config.get<string>('outputFolder', 'images').trim() || 'images',
    baseUrl: config.get<string>('baseUrl', '').trim(),
    requestTimeoutSeconds: config.get<number>('requestTimeoutSeconds', 600),
    maxRetries: config.get<number>('maxRetries', 2),
    stream: config.get<boolean>('stream', true),
    partialImages: config.get<number>('partialImages', 2),
    background: config.get<StudioSettings['background']>('background', 'auto'),
    style: config.get<StudioSettings['style']>('style', 'vivid'),
    moderation: config.get<StudioSettings['moderation']>('moderation', 'auto'),
    usePromptAsIs: config.get<boolean>('usePromptAsIs', false),
    maxConcurrentRequests: config.get<number>('maxConcurrentRequests', 4),
    confirmCostAboveUsd: config.get<number>('confirmCostAboveUsd', 0.5),
    prices: config.get<Record<string, unknown>>('prices', {}),
    insertAfterGeneration: config.get<StudioSettings['insertAfterGeneration']>('insertAfterGeneration', 'insertAfter'),
    selectionImageDestination: config.get<string>('selectionImageDestination', '').trim(),
    variationsDestination: config.get<StudioSettings['variationsDestination']>('variationsDestination', 'besideSource'),
    variationPrompt: config.get<string>(
      'variationPrompt',
      'Create a variation of this image: keep its subject, composition and style, and vary the details.',
    ),
    squareMode: config.get<StudioSettings['squareMode']>('squareMode', 'pad'),
    padColor: config.get<StudioSettings['padColor']>('padColor', 'transparent'),
    agentToolsEnabled: config.get<boolean>('agentTools.enabled', true),
    agentMaxCostPerCallUsd: config.get<number>('agentTools.maxCostPerCallUsd', 0.5),
  };
}
