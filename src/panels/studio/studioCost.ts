// What an image cost, for its tile and the job's done line. Token-priced models report it in
// the answer's `usage` and the sidecar keeps it (`costUsd`). Per-image-priced models (DALL·E)
// answer without `usage`, so the job pipeline leaves `costUsd` out of their sidecars; their
// price is known all the same, from the size and quality the request sent and the price
// table (with the person's `imageStudio.prices` overrides). Pure: no `vscode` import.

import { ratesFor, type RateOverrides } from '../../openai/costEstimate';
import type { HistoryRecord } from './historyRecord';

/**
 * The price of one image of `model` at the `size` and `quality` sent (the server's defaults
 * when a field was not sent), or undefined for a model that is not priced per image or a
 * size/quality its price table does not list.
 */
export function perImagePrice(model: string, sent: { size?: string; quality?: string }, rates?: RateOverrides): number | undefined {
  const table = ratesFor(model, rates);
  if (!table || table.kind !== 'perImage') return undefined;
  return table.prices[sent.quality ?? table.defaultQuality]?.[sent.size ?? table.defaultSize];
}

/** The cost of the image a history record describes, when it is known. */
export function costOf(record: Pick<HistoryRecord, 'model' | 'costUsd' | 'sent'>, rates?: RateOverrides): number | undefined {
  if (record.costUsd !== undefined) return record.costUsd;
  return record.sent ? perImagePrice(record.model, record.sent, rates) : undefined;
}
