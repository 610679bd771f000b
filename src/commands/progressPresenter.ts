// The presenter of palette, selection and explorer jobs: one cancellable progress
// notification, opened once the job is validated, priced and confirmed, with what the job
// reports on the way; warnings and the cost question as notifications.
import * as vscode from 'vscode';
import type { FeatureServices } from '../featureServices';
import type { ImageJobRequest, JobImage, JobOutcome, JobStart } from '../jobs/imageJob';
import { notificationFeedback } from '../jobs/jobFeedback';
import { joinSentences } from '../../shared/localeFormat';

export interface ProgressPresentation {
  /** The notification's title, once the job is known (model, count, estimate). */
  title(start: JobStart): string;
  /** The line for a streamed preview of image `index`. */
  preview(index: number, partialIndex: number): string;
  /** The line for a saved image. */
  saved(image: JobImage): string;
  /** Cancels the job from elsewhere (a caller, a test). */
  signal?: AbortSignal;
}

/** Runs `request` under one progress notification; the notification closes with the job. */
export async function runWithProgress(services: FeatureServices, request: ImageJobRequest, presentation: ProgressPresentation): Promise<JobOutcome> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  presentation.signal?.addEventListener('abort', abort);
  if (presentation.signal?.aborted) controller.abort();
  let progress: vscode.Progress<{ message?: string }> | undefined;
  let close = () => {};
  const closed = new Promise<void>((resolve) => (close = resolve));
  try {
    return await services.jobs.run(
      request,
      {
        ...notificationFeedback(services),
        started: (start) => {
          void vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: presentation.title(start), cancellable: true },
            (reporter, token) => {
              progress = reporter;
              const subscription = token.onCancellationRequested(abort);
              // What was done to the images, before anything is sent.
              const prepared = start.preparation;
              if (prepared.length > 0) reporter.report({ message: prepared.length === 1 ? prepared[0] : vscode.l10n.t('{count} images prepared; sending…', { count: prepared.length }) });
              return closed.finally(() => subscription.dispose());
            },
          );
        },
        preview: (index, partialIndex) => progress?.report({ message: presentation.preview(index, partialIndex) }),
        progress: (message) => progress?.report({ message }),
        image: (image) => {
          progress?.report({ message: presentation.saved(image) });
          // No silent downgrades: what differs from what was asked is said where the person looks.
          if (image.differences.length > 0) void services.notifier.show('warning', differencesMessage(image));
        },
      },
      controller.signal,
    );
  } finally {
    close();
    presentation.signal?.removeEventListener('abort', abort);
  }
}

/** "lighthouse.png is not what was asked: Asked for 1536x1024, got 1024x1024." */
export function differencesMessage(image: JobImage): string {
  const name = image.saved ? vscode.workspace.asRelativePath(image.saved.uri, false) : vscode.l10n.t('Image {index}', { index: image.index + 1 });
  return vscode.l10n.t('{name} is not what was asked: {differences}', { name, differences: joinSentences(image.differences) });
}
