import * as l10n from '@vscode/l10n';
import type { StudioSettings } from '../config/settings';
import { describeApiError, type UserFacingError } from '../openai/apiErrors';
import { InvalidParametersError } from '../openai/modelCapabilities';
import { InvalidResponseError } from '../openai/responseErrors';
import { ImageError } from '../imaging/imageErrors';
import { MaskError } from '../imaging/maskValidation';
import { OutputFolderError } from '../storage/outputWriter';
import { SourceRefusedError } from '../storage/sourceRefusedError';
import { joinSentences } from '../../shared/localeFormat';

/**
 * Turns anything a command can throw into one message a person can act on. API failures
 * are described by `describeApiError`; the extension's own errors already carry a
 * message written for people.
 */
export function describeFailure(error: unknown, settings: StudioSettings): UserFacingError {
  if (error instanceof InvalidParametersError) {
    return {
      kind: 'badRequest',
      message: joinSentences(error.problems.map((problem) => problem.message)),
      actions: ['openSettings'],
      retryable: false,
    };
  }
  if (error instanceof SourceRefusedError || error instanceof MaskError) {
    return { kind: 'badRequest', message: error.message, actions: [], retryable: false };
  }
  if (error instanceof OutputFolderError) {
    return { kind: 'badRequest', message: error.message, actions: ['openSettings'], retryable: false };
  }
  if (error instanceof ImageError) {
    return { kind: 'invalidResponse', message: error.message, actions: [], retryable: false };
  }
  if (error instanceof InvalidResponseError) {
    return {
      kind: 'invalidResponse',
      message: l10n.t('{message} Nothing was saved.', { message: error.message }),
      actions: ['showLog'],
      retryable: true,
    };
  }
  return describeApiError(error, { model: settings.model, baseUrl: settings.baseUrl || undefined });
}
