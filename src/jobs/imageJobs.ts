// The job runner bound to this extension host: the key from SecretStorage, the price table
// from the settings, saving into the workspace. Built once by the composition root and
// handed to every presenter.
import type { Services } from '../services';
import { parsePriceOverrides } from '../openai/priceOverrides';
import type { SavedImage } from '../storage/outputWriter';
import type { ImageJobRequest, JobDestination, JobObserver, JobOutcome } from './imageJob';
import { runImageJob, type JobEnvironment, type SaveContext } from './runImageJob';
import { saveJobImage, type ImageToSave, type SaveServices } from './saveJobImage';

/** 0 means "ask whenever a price is known"; otherwise ask above the threshold. */
export function isConfirmationNeeded(usd: number, threshold: number): boolean {
  return threshold === 0 || usd > threshold;
}

export class ImageJobs {
  constructor(
    private readonly services: Services,
    private readonly saving: SaveServices,
  ) {}

  /** Runs `request` to its outcome, reporting to `observer`; see {@link runImageJob}. */
  run(request: ImageJobRequest, observer: JobObserver, signal: AbortSignal): Promise<JobOutcome> {
    return runImageJob(this.environment(), request, observer, signal);
  }

  /** Saves an image the pipeline made earlier and a presenter held (the mask editor's Keep). */
  save(destination: JobDestination, image: ImageToSave, context: SaveContext): Promise<SavedImage | undefined> {
    return saveJobImage(this.saving, destination, image, context);
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
      prices: () => {
        const { rates, problems } = parsePriceOverrides(services.settings().prices);
        for (const problem of problems) services.logger.warn(`imageStudio.prices ignored: ${problem}`);
        return rates;
      },
      needsConfirmation: (usd) => isConfirmationNeeded(usd, services.settings().confirmCostAboveUsd),
      save: (request, image, context) => saveJobImage(saving, request.destination, image, context),
      now: () => new Date(),
    };
  }
}
