// The models the mask editor offers (those that can edit), with what its pickers and
// outpainting presets need to know about each, and the choices it starts with.
// No `vscode` import.

import * as l10n from '@vscode/l10n';
import { formatDate } from '../../../shared/localeFormat';
import type { MaskBackground, MaskEditSettings, MaskModelChoice, MaskOutputFormat } from '../../../shared/protocol';
import type { StudioSettings } from '../../config/settings';
import { editSizeChoices } from '../../openai/editRequests';
import { capabilitiesFor, CURRENT_MODEL, isRasterFormat, KNOWN_MODELS, MAX_N, modelsStillAnswering } from '../../openai/modelCapabilities';
import { DEFAULT_FEATHER_PX } from '../../imaging/strictComposite';

const SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

/** Common shapes, widest last; a model offers those within its aspect limit. */
const COMMON_ASPECTS: { label: string; ratio: number }[] = [
  { label: '1:1', ratio: 1 },
  { label: '4:3', ratio: 4 / 3 },
  { label: '3:4', ratio: 3 / 4 },
  { label: '3:2', ratio: 3 / 2 },
  { label: '2:3', ratio: 2 / 3 },
  { label: '16:9', ratio: 16 / 9 },
  { label: '9:16', ratio: 9 / 16 },
  { label: '2:1', ratio: 2 },
  { label: '1:2', ratio: 1 / 2 },
  { label: '3:1', ratio: 3 },
  { label: '1:3', ratio: 1 / 3 },
];

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Shapes the canvas can usefully be extended to for `model`. */
function aspectsFor(model: string): { label: string; ratio: number }[] {
  const caps = capabilitiesFor(model);
  if (caps.edits.squareOnly) return [COMMON_ASPECTS[0]];
  const rule = caps.sizes;
  if (rule.kind === 'fixed') {
    const shapes = new Map<string, number>();
    for (const size of rule.sizes) {
      const match = /^(\d+)x(\d+)$/.exec(size);
      if (!match) continue;
      const [w, h] = [Number(match[1]), Number(match[2])];
      const divisor = gcd(w, h);
      shapes.set(`${w / divisor}:${h / divisor}`, w / h);
    }
    return [...shapes].map(([label, ratio]) => ({ label, ratio }));
  }
  const limit = rule.kind === 'flexible' ? rule.maxAspectRatio : 16 / 9;
  return COMMON_ASPECTS.filter((aspect) => aspect.ratio <= limit + 1e-9 && 1 / aspect.ratio <= limit + 1e-9);
}

/** One model as the editor's pickers need it, for an image of `size`. */
export function maskModelChoice(model: string, size: { width: number; height: number; name: string }): MaskModelChoice {
  const caps = capabilitiesFor(model);
  const choice: MaskModelChoice = {
    id: model,
    sizes: editSizeChoices(model, 'edit', size).map((entry) => entry.size),
    qualities: [...caps.qualities],
    // A masked edit is a raster: GIF output takes no mask, and SVG is for new images only.
    outputFormats: caps.outputFormats.filter(isRasterFormat),
    backgrounds: [...caps.backgrounds],
    maxN: Math.min(MAX_N, caps.maxN),
    squareOnly: caps.edits.squareOnly,
    aspects: aspectsFor(model),
    markup: caps.markup,
    complexity: caps.complexity,
  };
  if (caps.maxPromptLength !== undefined) choice.maxPromptLength = caps.maxPromptLength;
  if (caps.sizes.kind === 'flexible') choice.multipleOf = caps.sizes.multipleOf;
  if (caps.shutdown) {
    // Local midnight: the day itself in every time zone.
    const date = formatDate(Date.parse(`${caps.shutdown.date}T00:00:00`));
    choice.detail = caps.shutdown.scope === 'openai' ? l10n.t('retired on OpenAI {date}', { date }) : l10n.t('shuts down {date}', { date });
  }
  if (!caps.known) choice.detail = l10n.t('custom model');
  return choice;
}

/**
 * Models that can edit, current first: the known ones (no dated snapshots, none already shut
 * down on the configured server) plus the configured model when it is a custom one.
 */
export function maskModelIds(settings: StudioSettings, now = new Date()): string[] {
  const baseUrl = settings.baseUrl || undefined;
  const ids = modelsStillAnswering(KNOWN_MODELS, now, baseUrl).filter((id) => !SNAPSHOT.test(id) && capabilitiesFor(id).edits.supported);
  const configured = settings.model.trim();
  if (configured && capabilitiesFor(configured).edits.supported && !ids.includes(configured)) ids.unshift(configured);
  return ids;
}

/** The editor's first choices: the settings where they fit the model, else its defaults. */
export function defaultMaskSettings(settings: StudioSettings, models: MaskModelChoice[]): MaskEditSettings {
  const model = models.find((choice) => choice.id === settings.model) ?? models.find((choice) => choice.id === CURRENT_MODEL) ?? models[0];
  const caps = capabilitiesFor(model.id);
  const pick = <T extends string>(value: string, allowed: readonly T[], fallback: T): T => ((allowed as readonly string[]).includes(value) ? (value as T) : fallback);
  return {
    model: model.id,
    size: model.sizes[0] ?? 'auto',
    quality: pick(settings.quality, model.qualities, caps.defaults.quality ?? model.qualities[0] ?? 'auto'),
    n: Math.max(1, Math.min(model.maxN, settings.count)),
    outputFormat: pick<MaskOutputFormat>(settings.outputFormat, model.outputFormats, 'png'),
    background: pick<MaskBackground>(settings.background, model.backgrounds, 'auto'),
    // A model without complexity is sent none (its picker is hidden).
    complexity: model.complexity ? settings.complexity : 'default',
    strictComposite: true,
    featherPx: DEFAULT_FEATHER_PX,
  };
}
