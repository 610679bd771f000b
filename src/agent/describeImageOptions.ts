// describeImageOptions: which models the configured server offers and, from the capability
// table, what each accepts and costs, so an agent chooses before it spends. Costs nothing:
// at most a `GET /models` (cached), and only with a key.
// The answer is JSON for the language model, in English (its notes tell the agent what to do);
// only the refusal (shown in chat as the tool's error) is localized.
/* eslint-disable image-studio/localized-text -- the JSON answer is read by the language model */
import type { FeatureServices } from '../featureServices';
import { estimateCost, formatUsd } from '../openai/costEstimate';
import { createClient, serverHost } from '../openai/imagesClient';
import { capabilitiesFor, GIF_LIMITS, modelsStillAnswering, validateSize, type ModelCapabilities } from '../openai/modelCapabilities';
import { fetchImageModels, ModelListCache } from '../openai/modelList';
import { agentToolsOffMessage, namedModels, ToolRefusal, type ToolOutput } from './imageToolCalls';
import { checkToolInput, describeSizeRule } from './toolSchemas';

/** One model as an agent needs it to choose. */
function describeModel(caps: ModelCapabilities, prices: ReturnType<FeatureServices['jobs']['prices']>): Record<string, unknown> {
  const priceSize = ['1024x1024', ...caps.suggestedSizes].find((size) => size !== 'auto' && !validateSize(caps.id, size)) ?? 'auto';
  const pricePerImage = Object.fromEntries(
    caps.qualities.flatMap((quality) => {
      const estimate = estimateCost({ model: caps.id, prompt: 'an image', size: priceSize, quality, n: 1 }, prices);
      return estimate ? [[quality, formatUsd(estimate.usd)]] : [];
    }),
  );
  return {
    model: caps.id,
    known: caps.known,
    sizes: describeSizeRule(caps),
    qualities: caps.qualities,
    maxPromptLength: caps.maxPromptLength,
    outputFormats: caps.outputFormats.length > 0 ? caps.outputFormats : ['png'],
    backgrounds: caps.backgrounds.length > 0 ? caps.backgrounds : undefined,
    complexity: caps.complexity ? ['low', 'medium', 'high'] : undefined,
    gif: caps.outputFormats.includes('gif')
      ? { frameCount: `${GIF_LIMITS.minFrames}–${GIF_LIMITS.maxFrames} (default ${GIF_LIMITS.defaultFrames})`, frameDurationMs: `${GIF_LIMITS.minFrameDurationMs}–${GIF_LIMITS.maxFrameDurationMs} (default ${GIF_LIMITS.defaultFrameDurationMs})`, sizes: GIF_LIMITS.sizes }
      : undefined,
    svg: caps.outputFormats.includes('svg') ? 'new images only, one per request; sanitized before saving; the SVG author\'s tokens are billed on top' : undefined,
    edits: caps.edits.supported ? { maxImages: caps.edits.maxImages, inputFormats: caps.edits.inputFormats, squareOnly: caps.edits.squareOnly || undefined, markup: caps.markup || undefined } : false,
    revisesPrompt: caps.revisedPrompt || undefined,
    shutdown: caps.shutdown ? `${caps.shutdown.date}${caps.shutdown.scope === 'openai' ? " (on OpenAI's service)" : ''}; use ${caps.shutdown.replacement}` : undefined,
    estimatedPricePerImage: Object.keys(pricePerImage).length > 0 ? { size: priceSize, ...pricePerImage } : 'not known',
  };
}

export class ImageOptionsDescriber {
  private readonly models: ModelListCache;

  constructor(private readonly services: FeatureServices) {
    this.models = new ModelListCache(async (baseUrl) => {
      const apiKey = await services.keys.get();
      if (!apiKey) throw new Error('no API key is set');
      services.logger.addSecret(apiKey);
      return fetchImageModels(createClient({ apiKey, baseUrl: baseUrl || undefined, timeoutMs: 15_000, maxRetries: 0 }));
    });
  }

  /** @throws ToolRefusal for input that is not what the schema says. */
  async describe(raw: unknown): Promise<ToolOutput> {
    const { services } = this;
    const settings = services.settings();
    if (!settings.agentToolsEnabled) {
      throw new ToolRefusal(agentToolsOffMessage());
    }
    const checked = checkToolInput('describeImageOptions', raw, namedModels(settings));
    if (!checked.ok) throw new ToolRefusal(`${checked.reason}.`); // the input check's own words (toolSchemas.ts, for the model)
    const hasKey = Boolean(await services.keys.get());
    const list = await this.models.get(settings.baseUrl);
    const wanted = checked.message.model;
    // Models that no longer answer on this server are not offered (one asked for by name is described, with its shutdown).
    const now = new Date();
    const ids = wanted ? [wanted] : modelsStillAnswering([...new Set([settings.model, ...list.models])], now, settings.baseUrl || undefined, settings.model);
    const prices = services.jobs.prices();
    const answer = {
      server: serverHost(settings.baseUrl || undefined),
      apiKeySet: hasKey || undefined,
      note: hasKey ? undefined : "No API key is set: ask the person to run 'Image Studio: Set API Key…' before generating.",
      models: ids.map((id) => describeModel(capabilitiesFor(id), prices)),
      modelsFrom: list.fromServer ? 'the server' : `the built-in table (${list.problem ?? 'no list'})`,
      defaults: {
        model: settings.model, size: settings.size, quality: settings.quality, outputFormat: settings.outputFormat, outputFolder: settings.outputFolder,
        ...(settings.complexity !== 'default' ? { complexity: settings.complexity } : {}),
        ...(settings.outputFormat === 'gif' ? { frameCount: settings.gifFrameCount, frameDurationMs: settings.gifFrameDurationMs } : {}),
      },
      costCeilingPerCallUsd: settings.agentMaxCostPerCallUsd,
      costNote: 'Estimates are for the output images; edits add the input images (token-priced models). Calls estimated above the ceiling are refused.',
    };
    return { text: JSON.stringify(answer, null, 1), images: [], isError: false };
  }
}
