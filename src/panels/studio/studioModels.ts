// The studio's model picker: which models to offer and, for each, only the parameter
// values it accepts (from the capability table, so the picker, the validator and the
// request cannot disagree). Pure: no `vscode` import.

import * as l10n from '@vscode/l10n';
import type { StudioModel } from '../../../shared/protocol';
import { formatNumber } from '../../../shared/localeFormat';
import { capabilitiesFor, GIF_LIMITS, isOpenAIBaseUrl, isShutDown, KNOWN_MODELS, MAX_N, modelsStillAnswering } from '../../openai/modelCapabilities';

/** What decides the list: the settings and today's date (shutdowns). */
export interface ModelListInput {
  /** `imageStudio.model` as resolved by `readSettings` (`custom` already replaced). */
  configuredModel: string;
  /** `imageStudio.customModel`, possibly empty. */
  customModel: string;
  baseUrl: string;
  now: Date;
}

const SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

/**
 * The models to offer, current ones first: every known model that still answers on the
 * configured server (dated snapshots left out as clutter), then the configured model and
 * the custom model if they are not among them. Models that no longer answer are left out
 * unless configured, so the picker never offers a request that cannot work.
 */
export function studioModels(input: ModelListInput): StudioModel[] {
  const baseUrl = input.baseUrl || undefined;
  const names: string[] = [];
  const add = (name: string) => {
    const trimmed = name.trim();
    if (trimmed && !names.includes(trimmed)) names.push(trimmed);
  };
  for (const name of modelsStillAnswering(KNOWN_MODELS, input.now, baseUrl, input.configuredModel)) {
    if (SNAPSHOT.test(name) && name !== input.configuredModel) continue;
    add(name);
  }
  add(input.configuredModel);
  add(input.customModel);
  return names.map((name) => describeModel(name, input.now, baseUrl));
}

/** One picker entry for `model`. */
export function describeModel(model: string, now: Date, baseUrl?: string): StudioModel {
  const caps = capabilitiesFor(model);
  const rule = caps.sizes;
  const entry: StudioModel = {
    id: model,
    group: !caps.known ? 'custom' : caps.shutdown?.scope === 'openai' ? 'legacy' : caps.shutdown ? 'retiring' : 'current',
    sizes: [...caps.suggestedSizes],
    customSize: rule.kind !== 'fixed',
    qualities: [...caps.qualities],
    backgrounds: [...caps.backgrounds],
    outputFormats: [...caps.outputFormats],
    styles: [...caps.styles],
    complexity: caps.complexity,
    gifSizes: caps.outputFormats.includes('gif') ? [...GIF_LIMITS.sizes] : [],
    maxN: MAX_N,
    defaults: {
      ...(caps.defaults.size ? { size: caps.defaults.size } : {}),
      ...(caps.defaults.quality ? { quality: caps.defaults.quality } : {}),
      ...(caps.defaults.background ? { background: caps.defaults.background } : {}),
      ...(caps.defaults.outputFormat ? { outputFormat: caps.defaults.outputFormat } : {}),
      ...(caps.defaults.style ? { style: caps.defaults.style } : {}),
    },
  };
  if (caps.maxPromptLength !== undefined) entry.maxPromptLength = caps.maxPromptLength;
  if (rule.kind === 'flexible') {
    entry.sizeHint = l10n.t('Width and height multiples of {multiple}, longest side at most {maxEdge}, aspect ratio 1:{ratio} to {ratio}:1, at most {maxPixels} pixels.', {
      multiple: rule.multipleOf,
      maxEdge: formatNumber(rule.maxEdge),
      ratio: rule.maxAspectRatio,
      maxPixels: rule.maxPixelsLabel,
    });
  } else if (rule.kind === 'any') {
    entry.sizeHint = l10n.t('Any WIDTHxHEIGHT: the server decides what it accepts.');
  }
  const note = modelNote(model, now, baseUrl);
  if (note) entry.note = note;
  return entry;
}

function modelNote(model: string, now: Date, baseUrl: string | undefined): string | undefined {
  const caps = capabilitiesFor(model);
  if (!caps.known) return l10n.t('custom model');
  const shutdown = caps.shutdown;
  if (!shutdown) return undefined;
  if (shutdown.scope === 'openai' && !isOpenAIBaseUrl(baseUrl)) return l10n.t('for compatible servers');
  return isShutDown(model, now, baseUrl) ? l10n.t('shut down {date}', { date: shutdown.date }) : l10n.t('shuts down {date}', { date: shutdown.date });
}
