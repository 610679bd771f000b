// The live estimate under the studio's form: what the job would cost and anything that
// stops it from being sent, computed the way `generateAndSave` will send it (the same
// settings merge, the same request builder), so the form never promises what the request
// then refuses. Pure: no `vscode` import.

import * as l10n from '@vscode/l10n';
import type { StudioParams } from '../../../shared/protocol';
import { formatNumber } from '../../../shared/localeFormat';
import type { StudioSettings } from '../../config/settings';
import { optionsFromSettings } from '../../jobs/optionsFromSettings';
import { estimateCost, formatUsd, type RateOverrides } from '../../openai/costEstimate';
import { planRequests, prepareGeneration, retiredModelProblem, shutdownWarning } from '../../openai/modelCapabilities';

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
  const options = optionsFromSettings(merged, empty ? '.' : prompt);
  const retired = retiredModelProblem(params.model, now, settings.baseUrl || undefined);
  // The job refuses a model that no longer answers; the form says so before Generate.
  const problems = [...(retired ? [retired] : []), ...prepareGeneration(options).problems];
  const notes: string[] = [];
  const warning = retired ? undefined : shutdownWarning(params.model, now, settings.baseUrl || undefined);
  if (warning) notes.push(warning);
  if (problems.length > 0) return { problems: problems.map((problem) => problem.message), notes };
  const { requestCount } = planRequests(options);
  if (requestCount > 1 && !options.stream) notes.push(l10n.t('{model} makes one image per request: {count} requests are sent.', { model: params.model, count: formatNumber(requestCount) }));
  const estimate = estimateCost(options, rates);
  if (!estimate) return { problems: [], notes };
  return { label: `~${formatUsd(estimate.usd)}`, basis: estimate.basis, problems: [], notes };
}
