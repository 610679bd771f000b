// The model catalogue this endpoint serves, written as the *service's* facts
// (shared/openai-openapi/README.md), independent of what src/ believes.

/** Models in one family share every rule in serviceRules.ts. */
export type Family = 'dall-e-2' | 'dall-e-3' | 'gpt-image-1' | 'gpt-image-2' | 'gpt-image-2.5';

export interface ModelInfo {
  id: string;
  family: Family;
  created: number;
  /** Shut down on the service: answers 404 model_not_found, not listed. */
  shutDown?: boolean;
  /** Announced shutdown (the `shutdown_date` of the Models API), or null. */
  shutdownDate: string | null;
}

export const MODELS: readonly ModelInfo[] = [
  // Retired on the official service but still spoken by OpenAI-compatible servers, which this endpoint plays.
  { id: 'dall-e-2', family: 'dall-e-2', created: 1698798177, shutdownDate: null },
  { id: 'dall-e-3', family: 'dall-e-3', created: 1698785189, shutdownDate: null },
  { id: 'gpt-image-1', family: 'gpt-image-1', created: 1745517030, shutDown: true, shutdownDate: null },
  { id: 'gpt-image-1-mini', family: 'gpt-image-1', created: 1759881600, shutdownDate: '2026-12-01' },
  { id: 'gpt-image-1.5', family: 'gpt-image-1', created: 1765324800, shutdownDate: '2026-12-01' },
  { id: 'chatgpt-image-latest', family: 'gpt-image-1', created: 1765324800, shutdownDate: '2026-12-01' },
  { id: 'gpt-image-2', family: 'gpt-image-2', created: 1776729600, shutdownDate: null },
  { id: 'gpt-image-2-2026-04-21', family: 'gpt-image-2', created: 1776729600, shutdownDate: null },
  { id: 'gpt-image-2.5-flare', family: 'gpt-image-2.5', created: 1788825600, shutdownDate: null },
  { id: 'gpt-image-2.5-flare-2026-09-08', family: 'gpt-image-2.5', created: 1788825600, shutdownDate: null },
  { id: 'gpt-image-2.5-sunburst', family: 'gpt-image-2.5', created: 1788825600, shutdownDate: null },
  { id: 'gpt-image-2.5-sunburst-2026-09-08', family: 'gpt-image-2.5', created: 1788825600, shutdownDate: null },
  { id: 'gpt-image-2.6-flare', family: 'gpt-image-2.5', created: 1792713600, shutdownDate: null },
  { id: 'gpt-image-2.6-sunburst', family: 'gpt-image-2.5', created: 1792713600, shutdownDate: null },
];

/**
 * What each family takes beyond the spec of 2026-08-21, from the `openai` 7.55 typings
 * (node_modules/openai/resources/images.d.ts) and the facts we settled where they are vague.
 */
export interface FamilyFeatures {
  /** `complexity` (ImageGenerateParamsBase/ImageEditParamsBase.complexity): the gpt-image-2 and 2.5 families. */
  complexity: boolean;
  /**
   * `output_format: 'gif'` with `frame_count`/`frame_duration_ms` ("Requires access to the GIF
   * preview for the selected model"): the 2.5 family, i.e. the 2.5 and 2.6 ids and snapshots.
   */
  gif: boolean;
  /** `output_format: 'svg'` and `svg` (ImageGenerateParams.Svg), generations only: the 2.5 family. */
  svg: boolean;
  /** `markup` on edits (ImageEditParamsBase.markup: "Supports GPT Image 2.5"): the 2.5 family. */
  markup: boolean;
}

export const FAMILY_FEATURES: Record<Family, FamilyFeatures> = {
  'dall-e-2': { complexity: false, gif: false, svg: false, markup: false },
  'dall-e-3': { complexity: false, gif: false, svg: false, markup: false },
  'gpt-image-1': { complexity: false, gif: false, svg: false, markup: false },
  'gpt-image-2': { complexity: true, gif: false, svg: false, markup: false },
  'gpt-image-2.5': { complexity: true, gif: true, svg: true, markup: true },
};

/**
 * The author of SVG output when the request names none (`svg` omitted or null): SVG model
 * selection is optional (ImageGenerateParams.svg), so the service picks its default author.
 */
export const DEFAULT_SVG_AUTHOR = 'gpt-5.5-svg-author';

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((model) => model.id === id);
}

export function isGpt(model: ModelInfo): boolean {
  return model.family !== 'dall-e-2' && model.family !== 'dall-e-3';
}

/** The list `GET /v1/models` answers with (the Models API shape). */
export function modelObject(model: ModelInfo): Record<string, unknown> {
  return { id: model.id, object: 'model', created: model.created, owned_by: 'system', shutdown_date: model.shutdownDate };
}
