import type { StudioSettings } from '../config/settings';
import { capabilitiesFor, type GenerationOptions } from '../openai/modelCapabilities';

/**
 * The wording OpenAI's DALL·E 3 guide gives for asking the model not to rewrite a prompt.
 * Used only when the user asks for it and only for models that rewrite prompts.
 */
export const PROMPT_AS_IS_PREFIX =
  // eslint-disable-next-line image-studio/localized-text -- text only the image model reads (OpenAI's documented wording)
  'I NEED to test how the tool works with extremely simple prompts. DO NOT add any detail, just use it AS-IS:';

/**
 * Generation options from the settings. Options the model does not take are left to
 * `buildGenerationRequest`, which drops harmless ones and refuses wrong ones.
 */
export function optionsFromSettings(settings: StudioSettings, prompt: string): GenerationOptions {
  const caps = capabilitiesFor(settings.model);
  const rewrites = caps.revisedPrompt;
  return {
    model: settings.model,
    prompt: settings.usePromptAsIs && rewrites ? `${PROMPT_AS_IS_PREFIX} ${prompt}` : prompt,
    size: settings.size,
    quality: settings.quality,
    n: settings.count,
    outputFormat: settings.outputFormat,
    background: settings.background,
    moderation: settings.moderation,
    style: caps.family === 'dall-e-3' ? settings.style : undefined,
    stream: settings.stream || undefined,
    partialImages: settings.stream ? settings.partialImages : undefined,
    ...nov2026Options(settings),
  };
}

/**
 * The November 2026 choices every kind of request shares: complexity, the GIF's frames (for
 * GIF output), the SVG author (for SVG output) and the safety identifier (when turned on).
 */
export function nov2026Options(settings: StudioSettings): Pick<GenerationOptions, 'complexity' | 'frameCount' | 'frameDurationMs' | 'svgModel' | 'svgEffort' | 'safetyIdentifier'> {
  const gif = settings.outputFormat === 'gif';
  const svg = settings.outputFormat === 'svg';
  return {
    ...(settings.complexity !== 'default' ? { complexity: settings.complexity } : {}),
    ...(gif ? { frameCount: settings.gifFrameCount, frameDurationMs: settings.gifFrameDurationMs } : {}),
    ...(svg && settings.svgAuthorModel ? { svgModel: settings.svgAuthorModel } : {}),
    ...(svg && settings.svgReasoningEffort !== 'default' ? { svgEffort: settings.svgReasoningEffort } : {}),
    ...(settings.sendSafetyIdentifier && settings.safetyIdentifier ? { safetyIdentifier: settings.safetyIdentifier } : {}),
  };
}
