// Bounds and vocabularies of what the webviews may send: the host's schemas enforce them
// (messageSchemas.ts) and the webviews keep within them (form limits, outpainting plans).
// Plain values with no imports, so webview bundles can use them without the schema
// library; protocol.ts re-exports them.

/** Limits the host enforces on every studio message (the webview keeps within them too). */
export const STUDIO_LIMITS = {
  maxPromptLength: 32_000,
  maxN: 10,
  maxFilterLength: 500,
  maxPageSize: 200,
  maxOffset: 100_000,
  maxThumbnailIds: 100,
  maxModelLength: 200,
} as const;

/**
 * Every quality some model takes: the model table's `ALL_QUALITIES` (src/openai/modelTable.ts),
 * repeated here because shared/ imports nothing from the host; a unit test keeps them equal.
 * Which of them a model accepts is checked later, against the model.
 */
export const STUDIO_QUALITIES = ['auto', 'low', 'medium', 'high', 'xhigh', 'max', 'standard', 'hd'] as const;

/**
 * The studio's complexity choices: `default` (nothing sent: the service decides) and the model
 * table's `ALL_COMPLEXITIES` (src/openai/modelTable.ts), repeated for the same reason as the
 * qualities; a unit test keeps them equal.
 */
export const STUDIO_COMPLEXITIES = ['default', 'low', 'medium', 'high'] as const;

/**
 * An animated GIF's frames (openai 7.51 typings). Defined here, where the webviews can use them
 * without the model table; the model table's `GIF_LIMITS` (src/openai/modelTable.ts) spreads
 * them. Which sizes a GIF is made at comes with each model (`StudioModel.gifSizes`).
 */
export const STUDIO_GIF_LIMITS = {
  minFrames: 2,
  maxFrames: 16,
  defaultFrames: 9,
  minFrameDurationMs: 10,
  maxFrameDurationMs: 655_350,
  defaultFrameDurationMs: 200,
} as const;

/** What a studio tile's actions may ask of the host. */
export const STUDIO_IMAGE_ACTIONS = [
  'open',
  'reveal',
  'copyPath',
  'copyMarkdown',
  'insert',
  'createVariations',
  'editWithMask',
  'delete',
] as const;

/** Upper bounds the host enforces on what the mask editor sends (and the editor respects). */
export const MASK_LIMITS = {
  /** Largest extension on one side. */
  maxExtensionPerSide: 4096,
  /** Largest side of the extended canvas. */
  maxSide: 8192,
  /** Largest extended canvas, in pixels (canvas memory in the webview). */
  maxPixels: 40_000_000,
  /** Largest mask PNG accepted from the webview (a 40 MP mask is far smaller). */
  maxMaskBytes: 32 * 1024 * 1024,
  maxPromptChars: 32_000,
  maxFeatherPx: 32,
  maxN: 10,
} as const;
