// What every presenter of a job says the same way: the cost question before spending, and
// why a job was not sent.
import * as l10n from '@vscode/l10n';
import type { Services } from '../services';
import type { CostQuestion, JobObserver, JobOutcome } from './imageJob';
import { InvalidParametersError } from '../openai/modelCapabilities';
import { reportFailure } from '../feedback/commandRunner';
import { requireApiKeyWarning, type KeyPurpose } from '../feedback/requireApiKey';
import { offerModelSwitch, successorIn } from '../feedback/modelSwitch';
import { joinSentences } from '../../shared/localeFormat';

/** Asks (modal) before a job above the threshold is sent; true to send. */
export async function confirmCostModally(services: Services, question: CostQuestion): Promise<boolean> {
  const generate = l10n.t('Generate');
  const choice = await services.notifier.confirm(
    l10n.t('This job is estimated to cost about {cost}.', { cost: question.label.replace(/^~/, '') }),
    l10n.t('{basis}. Change the threshold in "{setting}".', { basis: question.basis, setting: 'imageStudio.confirmCostAboveUsd' }),
    generate,
  );
  return choice === generate;
}

/** What a presenter in the workbench asks and warns through: the modal cost question, warnings as notifications. */
export function notificationFeedback(services: Services): Pick<JobObserver, 'confirmCost' | 'warn'> {
  return {
    confirmCost: (question) => confirmCostModally(services, question),
    warn: (message) => void services.notifier.show('warning', message),
  };
}

/**
 * Tells the person why nothing was sent: no key (a warning with Set API Key), invalid
 * parameters (which ones, with Open Settings); a declined estimate needs no word.
 */
export function reportNotSent(services: Services, outcome: Extract<JobOutcome, { kind: 'notSent' }>, context: string, purpose: KeyPurpose): void {
  switch (outcome.reason) {
    case 'noKey':
      requireApiKeyWarning(services, purpose);
      return;
    case 'invalid': {
      const problems = outcome.problems ?? [];
      const successor = successorIn(problems);
      if (successor) {
        services.logger.warn(`${context}: not sent: ${notSentMessage(outcome)}`);
        void offerModelSwitch(services, notSentMessage(outcome), successor);
        return;
      }
      reportFailure(services, context, new InvalidParametersError(problems));
      return;
    }
    case 'declined':
      return;
  }
}

/** The words for a job that was not sent, for presenters that show them in place (studio, mask editor). */
export function notSentMessage(outcome: Extract<JobOutcome, { kind: 'notSent' }>): string {
  switch (outcome.reason) {
    case 'noKey':
      return l10n.t("Set your API key first (Image Studio: Set API Key…). It is kept in VS Code's secret storage.");
    case 'invalid':
      return joinSentences((outcome.problems ?? []).map((problem) => problem.message));
    case 'declined':
      return l10n.t('Not sent: the estimated cost was declined.');
  }
}
