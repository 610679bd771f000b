// The settings' defaults, as package.json declares them, in one place: readSettings falls
// back to them, and tests build settings from them. No `vscode` import.
import type { Complexity, OutputFormat, SvgEffort } from '../openai/modelTable';

/** The settings a generation uses, read fresh for each command (they may change). */
export interface StudioSettings {
  model: string;
  size: string;
  quality: string;
  count: number;
  outputFormat: OutputFormat;
  /** `default`: not sent (the model's own). */
  complexity: 'default' | Complexity;
  gifFrameCount: number;
  gifFrameDurationMs: number;
  /** Empty: the service's default SVG author. */
  svgAuthorModel: string;
  svgReasoningEffort: 'default' | SvgEffort;
  /** Whether requests carry `safetyIdentifier` (a hash, see readSettings). */
  sendSafetyIdentifier: boolean;
  /** Derived, not a setting: the hash sent as `safety_identifier` when `sendSafetyIdentifier` is on. */
  safetyIdentifier?: string;
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

export const DEFAULT_SETTINGS: Readonly<StudioSettings> = {
  model: 'gpt-image-2',
  size: '1024x1024',
  quality: 'auto',
  count: 1,
  outputFormat: 'png',
  complexity: 'default',
  gifFrameCount: 9,
  gifFrameDurationMs: 200,
  svgAuthorModel: '',
  svgReasoningEffort: 'default',
  sendSafetyIdentifier: false,
  outputFolder: 'images',
  baseUrl: '',
  requestTimeoutSeconds: 600,
  maxRetries: 2,
  stream: true,
  partialImages: 2,
  background: 'auto',
  style: 'vivid',
  moderation: 'auto',
  usePromptAsIs: false,
  maxConcurrentRequests: 4,
  confirmCostAboveUsd: 0.5,
  prices: {},
  insertAfterGeneration: 'insertAfter',
  selectionImageDestination: '',
  variationsDestination: 'besideSource',
  // eslint-disable-next-line image-studio/localized-text -- text the image model reads; the default of package.json's setting
  variationPrompt: 'Create a variation of this image: keep its subject, composition and style, and vary the details.',
  squareMode: 'pad',
  padColor: 'transparent',
  agentToolsEnabled: true,
  agentMaxCostPerCallUsd: 0.5,
};
