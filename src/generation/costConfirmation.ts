import type { Services } from '../services';
import { estimateCost, formatUsd, type RateOverrides } from '../openai/costEstimate';
import type { GenerationOptions } from '../openai/modelCapabilities';
import { parsePriceOverrides } from '../openai/priceOverrides';

const GENERATE_LABEL = 'Generate';

/** The price table with the user's overrides; read once per job (problems are logged each read). */
export function priceTable(services: Services): RateOverrides {
  const { rates, problems } = parsePriceOverrides(services.settings().prices);
  for (const problem of problems) services.logger.warn(`imageStudio.prices ignored: ${problem}`);
  return rates;
}

/**
 * Logs the estimate and, when it is above the configured threshold, asks before sending.
 * Resolves to the estimate's label (e.g. "~$0.04", "" when no price is known), or to
 * undefined when the person declines. Unknown prices never block a job.
 */
export async function confirmEstimatedCost(
  services: Services,
  options: GenerationOptions,
  rates: RateOverrides,
): Promise<string | undefined> {
  const estimate = estimateCost(options, rates);
  if (!estimate) {
    services.logger.info(`cost: no price known for ${options.model}; not estimated`);
    return '';
  }
  services.logger.info(`cost: estimated ${formatUsd(estimate.usd)} — ${estimate.basis}`);
  const label = `~${formatUsd(estimate.usd)}`;
  if (!isConfirmationNeeded(estimate.usd, services.settings().confirmCostAboveUsd)) return label;
  const choice = await services.notifier.confirm(
    `This job is estimated to cost about ${formatUsd(estimate.usd)}.`,
    `${estimate.basis}. Change the threshold in "imageStudio.confirmCostAboveUsd".`,
    GENERATE_LABEL,
  );
  if (choice !== GENERATE_LABEL) services.logger.info('cost: declined; nothing sent');
  return choice === GENERATE_LABEL ? label : undefined;
}

/** 0 means "ask whenever a price is known"; otherwise ask above the threshold. */
export function isConfirmationNeeded(usd: number, threshold: number): boolean {
  return threshold === 0 || usd > threshold;
}
