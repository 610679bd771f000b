// What an image cost, for its tile and the job's done line: the sidecar's `costUsd`. Sidecars
// written before the pipeline priced per-image models (DALL·E answers carry no `usage`) have
// none; their price follows from the size and quality sent, through the same function the
// pipeline uses (with the person's `imageStudio.prices` overrides). Pure: no `vscode` import.

import { actualCostPerImage, type RateOverrides } from '../../openai/costEstimate';
import type { HistoryRecord } from './historyRecord';

/** The cost of the image a history record describes, when it is known. */
export function costOf(record: Pick<HistoryRecord, 'model' | 'costUsd' | 'sent'>, rates?: RateOverrides): number | undefined {
  if (record.costUsd !== undefined) return record.costUsd;
  return record.sent ? actualCostPerImage(record.model, undefined, 1, rates, record.sent) : undefined;
}
