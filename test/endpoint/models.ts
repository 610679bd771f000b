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
