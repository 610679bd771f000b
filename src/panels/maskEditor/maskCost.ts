// The cost estimate the mask editor shows beside Generate. Edits are billed like generations
// (output tokens by size and quality, prompt tokens) plus the input image's tokens, which no
// published table gives before sending: the label says so.
import * as l10n from '@vscode/l10n';
import type { MaskEditSettings, MaskExtension } from '../../../shared/protocol';
import type { FeatureServices } from '../../featureServices';
import { estimateCost, formatUsd } from '../../openai/costEstimate';
import { capabilitiesFor, validateSize } from '../../openai/modelCapabilities';
import { editCostOptions } from '../../jobs/planJob';

/**
 * The size the result will most likely have: the chosen one, or for `auto` on models that
 * follow the input's shape, the canvas rounded to a size the model makes (else `auto`).
 */
function likelySize(settings: MaskEditSettings, canvas: { width: number; height: number }): string {
  if (settings.size !== 'auto') return settings.size;
  const rule = capabilitiesFor(settings.model).sizes;
  if (rule.kind !== 'flexible') return 'auto';
  const scale = Math.min(1, Math.sqrt(rule.maxPixels / (canvas.width * canvas.height)), rule.maxEdge / Math.max(canvas.width, canvas.height));
  const round = (value: number) => Math.max(rule.multipleOf, Math.floor((value * scale) / rule.multipleOf) * rule.multipleOf);
  const size = `${round(canvas.width)}x${round(canvas.height)}`;
  return validateSize(settings.model, size) ? 'auto' : size;
}

/** `{ label: "~$0.05", basis }`, or an empty label when no price is known. */
export function estimateMaskedEdit(
  services: FeatureServices,
  prompt: string,
  settings: MaskEditSettings,
  base: { width: number; height: number },
  extension: MaskExtension,
): { label: string; basis?: string } {
  const canvas = { width: base.width + extension.left + extension.right, height: base.height + extension.top + extension.bottom };
  const rates = services.jobs.prices();
  const options = editCostOptions({ ...settings, size: likelySize(settings, canvas) }, prompt.trim() || '-', settings.n);
  const estimate = estimateCost(options, rates);
  if (!estimate) return { label: '', basis: l10n.t('No price known for {model} with these choices.', { model: settings.model }) };
  const price = formatUsd(estimate.usd);
  const label = capabilitiesFor(settings.model).tokenPriced ? l10n.t('~{price} + the input image', { price }) : `~${price}`;
  return { label, basis: estimate.basis };
}
