import type { Services } from '../services';
import { estimateCost, formatUsd, type RateOverrides } from '../openai/costEstimate';
import type { GenerationOptions } from '../openai/modelCapabilities';
import { parsePriceOverrides } from '../openai/priceOverrides';

const GENERATE_LABEL = 'Generate';

/** The price table with the user's overrides; problems in the setting are logged once per call. */
export function priceTable(services: Services): RateOverrides {
  const { rates, problems } = parsePriceOverrides(services.settings().prices);
  for (const problem of problems) services.logger.warn(`imageStudio.prices ignored: ${problem}`);
  return rates;
}

/**
 * Logs the estimate and, when it is above the configured threshold, asks before sending.
 * Returns false when the person declines. Unknown prices never block a job.
 */
export async function confirmEstimatedCost(services: Services, options: GenerationOptions): Promise<boolean> {
  const estimate = estimateCost(options, priceTable(services));
  if (!estimate) {
    services.logger.info(`cost: no price known for ${options.model}; not estimated`);
    return true;
  }
  services.logger.info(`cost: estimated ${formatUsd(estimate.usd)} — ${estimate.basis}`);
  if (!isConfirmationNeeded(estimate.usd, services.settings().confirmCostAboveUsd)) return true;
  const choice = await services.notifier.confirm(
    `This job is estimated to cost about ${formatUsd(estimate.usd)}.`,
    `${estimate.basis}. Change the threshold in "imageStudio.confirmCostAboveUsd".`,
    GENERATE_LABEL,
  );
  if (choice !== GENERATE_LABEL) services.logger.info('cost: declined; nothing sent');
  return choice === GENERATE_LABEL;
}

/** 0 means "ask whenever a price is known"; otherwise ask above the threshold. */
export function isConfirmationNeeded(usd: number, threshold: number): boolean {
  return threshold === 0 || usd > threshold;
}
