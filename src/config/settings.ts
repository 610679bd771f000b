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
  };
}
