// The live estimate under the studio's form: what the job would cost and anything that
// stops it from being sent, planned and priced by the job runner's own planJob and
// estimateJob on the same settings merge `generateAndSave` sends, so the form never promises
// what the job then refuses or prices differently. Pure: no `vscode` import.

import * as l10n from '@vscode/l10n';
import type { StudioParams } from '../../../shared/protocol';
import { formatNumber } from '../../../shared/localeFormat';
import type { StudioSettings } from '../../config/settings';
import { estimateJob, planJob } from '../../jobs/planJob';
import { formatUsd, type RateOverrides } from '../../openai/costEstimate';
import { isShutDown, planRequests, shutdownWarning } from '../../openai/modelCapabilities';

/** What the form shows below the parameters. */
export interface StudioEstimate {
  /** e.g. "~$0.042"; absent when no price is known or the job cannot be sent. */
  label?: string;
  basis?: string;
  problems: string[];
  notes: string[];
}

/**
 * The job's settings: the user's settings with the form's choices over them. A November 2026
 * field the message left out keeps the settings' value; the frames are sent only with GIF
 * output (`nov2026Options`).
 */
export function overridesFor(params: StudioParams): Partial<StudioSettings> {
  return {
    model: params.model,
    size: params.size,
    quality: params.quality,
    count: params.n,
    background: params.background,
    outputFormat: params.outputFormat,
    style: params.style,
    ...(params.complexity !== undefined ? { complexity: params.complexity } : {}),
    ...(params.frameCount !== undefined ? { gifFrameCount: params.frameCount } : {}),
    ...(params.frameDurationMs !== undefined ? { gifFrameDurationMs: params.frameDurationMs } : {}),
  };
}

/**
 * Problems, notes and the cost estimate for generating `prompt` with `params` over
 * `settings`. An empty prompt is not reported as a problem (the form just cannot submit
 * yet); the estimate then counts no prompt tokens.
 */
export function estimateStudioJob(
  settings: StudioSettings,
  params: StudioParams,
  prompt: string,
  rates: RateOverrides,
  now: Date,
): StudioEstimate {
  const merged: StudioSettings = { ...settings, ...overridesFor(params) };
  const empty = prompt.trim() === '';
  const baseUrl = settings.baseUrl || undefined;
  // The job refuses a model that no longer answers (planJob's first problem); the form says so before Generate.
  const plan = planJob({ kind: 'generate', prompt: empty ? '.' : prompt, settings: merged, destination: { kind: 'memory' } }, now);
  const notes: string[] = [];
  const warning = isShutDown(params.model, now, baseUrl) ? undefined : shutdownWarning(params.model, now, baseUrl);
  if (warning) notes.push(warning);
  if (plan.problems.length > 0) return { problems: plan.problems.map((problem) => problem.message), notes };
  // A generation's cost options are the options it sends.
  const options = plan.costOptions;
  const { requestCount } = planRequests(options);
  if (requestCount > 1 && !options.stream) notes.push(l10n.t('{model} makes one image per request: {count} requests are sent.', { model: params.model, count: formatNumber(requestCount) }));
  const estimate = estimateJob(plan, rates);
  if (!estimate) return { problems: [], notes };
  return { label: `~${formatUsd(estimate.usd)}`, basis: estimate.basis, problems: [], notes };
}
