// The studio form's last choices, remembered per workspace (workspace state), so a panel
// opened again, or after a reload, shows what the person chose last rather than the settings.
// What is remembered may be stale when it comes back (the model left the list, a size the
// model no longer takes, another version's shape): each field is checked again against the
// models offered now and the model's own rules, and a field that fails takes the settings'
// value. Pure: no `vscode` import (the memento is passed in).

import type { StudioModel, StudioParams } from '../../../shared/protocol';
import { chooseParams, fitParams, type SizeCheck } from '../../../shared/studioChoices';
import type { StudioSettings } from '../../config/settings';
import { optionsFromSettings } from '../../jobs/optionsFromSettings';
import { prepareGeneration, validateSize } from '../../openai/modelCapabilities';
import { overridesFor } from './studioEstimate';

/** The workspace state key of the remembered choices. */
export const CHOICES_KEY = 'imageStudio.studio.choices';

/** The part of `vscode.Memento` used here. */
export interface ChoiceStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

/** The host's size check: a listed size, or a custom one the model's size rules accept. */
export const sizeTheModelTakes: SizeCheck = (model, size) =>
  model.sizes.includes(size) || (model.customSize && /^[1-9]\d{0,4}x[1-9]\d{0,4}$/.test(size) && validateSize(model.id, size) === undefined);

/** Form fields as the request checks name them. */
const FIELDS: Readonly<Record<string, Exclude<keyof StudioParams, 'model'>>> = {
  size: 'size',
  quality: 'quality',
  n: 'n',
  background: 'background',
  outputFormat: 'outputFormat',
  style: 'style',
  complexity: 'complexity',
  frameCount: 'frameCount',
  frameDurationMs: 'frameDurationMs',
};

/**
 * The remembered choices, valid for `models` under `settings`, or undefined when nothing is
 * remembered. Field by field: a value no longer offered takes the settings' value; then a
 * field the request check still refuses in combination (say, a background the remembered
 * format cannot carry) takes the settings' value too. What comes back can be sent as is,
 * unless the settings' own values cannot (the form then shows why, as for a fresh panel).
 */
export function restoreChoices(stored: unknown, models: readonly StudioModel[], defaults: StudioParams, settings: StudioSettings): StudioParams | undefined {
  if (stored === undefined || stored === null) return undefined;
  const chosen = chooseParams(models, stored, defaults, sizeTheModelTakes);
  if (!chosen) return undefined;
  const model = models.find((entry) => entry.id === chosen.model);
  if (!model) return chosen;
  const refused = (params: StudioParams) =>
    prepareGeneration(optionsFromSettings({ ...settings, ...overridesFor(params) }, '.')).problems.map((problem) => FIELDS[problem.field]).filter((field) => field !== undefined);
  const fields = refused(chosen);
  if (fields.length === 0) return chosen;
  const repaired: StudioParams = { ...chosen };
  for (const field of new Set(fields)) (repaired as Record<string, unknown>)[field] = defaults[field];
  return fitParams(model, repaired);
}

/** Remembers the person's choices (the shape is checked by the message schema; the values when they come back). */
export function rememberChoices(store: ChoiceStore, params: StudioParams): Thenable<void> {
  return store.update(CHOICES_KEY, params);
}

/** Forgets them: the form follows the settings again. */
export function forgetChoices(store: ChoiceStore): Thenable<void> {
  return store.update(CHOICES_KEY, undefined);
}

/** The remembered choices as stored (unchecked). */
export function storedChoices(store: ChoiceStore): unknown {
  return store.get(CHOICES_KEY);
}
