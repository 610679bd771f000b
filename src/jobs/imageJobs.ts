// The job runner bound to this extension host: the key from SecretStorage, the price table
// from the settings, saving into the workspace. Built once by the composition root and
// handed to every presenter.
import type { Services } from '../services';
import type { RateOverrides } from '../openai/costEstimate';
import { parsePriceOverrides } from '../openai/priceOverrides';
import type { SavedImage } from '../storage/outputWriter';
import type { ImageJobRequest, JobDestination, JobObserver, JobOutcome } from './imageJob';
import type { ParameterProblem } from '../openai/modelCapabilities';
import { estimateJob, planJob } from './planJob';
import { runImageJob, type JobEnvironment, type SaveContext } from './runImageJob';
import { saveJobImage, type ImageToSave, type SaveServices } from './saveJobImage';

/** 0 means "ask whenever a price is known"; otherwise ask above the threshold. */
export function isConfirmationNeeded(usd: number, threshold: number): boolean {
  return threshold === 0 || usd > threshold;
}

/** A job as it would be sent: see {@link ImageJobs.preview}. */
export interface JobPreview {
  model: string;
  /** When any, the job would not be sent. */
  problems: ParameterProblem[];
  /** Images asked for in all. */
  count: number;
  /** What the (first) request sends besides the prompt and the files. */
  parameters: Record<string, unknown>;
  /** Undefined when no price is known (or the job is invalid). */
  estimate?: { usd: number; basis: string };
}

export class ImageJobs {
  /** The problems last logged, so an estimate on every keystroke does not repeat them. */
  private loggedPriceProblems = '';

  constructor(
    private readonly services: Services,
    private readonly saving: SaveServices,
  ) {}

  /** Runs `request` to its outcome, reporting to `observer`; see {@link runImageJob}. */
  run(request: ImageJobRequest, observer: JobObserver, signal: AbortSignal): Promise<JobOutcome> {
    return runImageJob(this.environment(), request, observer, signal);
  }

  /**
   * What `request` would send and cost, without sending anything: the runner's own plan and
   * estimate, for a presenter that must show (or bound) them before the job runs (agent tools).
   */
  preview(request: ImageJobRequest): JobPreview {
    const plan = planJob(request);
    const estimate = plan.problems.length === 0 ? estimateJob(plan, this.prices()) : undefined;
    return {
      model: plan.model,
      problems: plan.problems,
      count: plan.groups.reduce((sum, group) => sum + group.requested, 0),
      parameters: plan.groups[0]?.parameters ?? {},
      estimate,
    };
  }

  /** Saves an image the pipeline made earlier and a presenter held (the mask editor's Keep). */
  save(destination: JobDestination, image: ImageToSave, context: SaveContext): Promise<SavedImage | undefined> {
    return saveJobImage(this.saving, destination, image, context);
  }

  /** The price table with the person's overrides; malformed entries are logged (once until they change) and ignored. */
  prices(): RateOverrides {
    const { rates, problems } = parsePriceOverrides(this.services.settings().prices);
    const key = problems.join('\n');
    if (key !== this.loggedPriceProblems) {
      for (const problem of problems) this.services.logger.warn(`imageStudio.prices ignored: ${problem}`);
      this.loggedPriceProblems = key;
    }
    return rates;
  }

  private environment(): JobEnvironment {
    const { services, saving } = this;
    return {
      apiKey: async () => {
        const key = await services.keys.get();
        if (key) services.logger.addSecret(key);
        return key;
      },
      logger: services.logger,
      prices: () => this.prices(),
      needsConfirmation: (usd) => isConfirmationNeeded(usd, services.settings().confirmCostAboveUsd),
      save: (request, image, context) => saveJobImage(saving, request.destination, image, context),
      now: () => new Date(),
    };
  }
}
