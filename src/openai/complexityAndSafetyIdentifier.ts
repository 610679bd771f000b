// Complexity and the safety identifier (November 2026; the `openai` 7.51 typings are their
// contract): a value outside the vocabulary, or a safety identifier over 128 characters, is an
// error; complexity on a model without it, and a safety identifier on a model outside the GPT
// image families, are dropped (listed for the log, not sent).

import * as l10n from '@vscode/l10n';
import { drop, inVocabulary, isSet, notSent, type GenerationContext, type NotValid } from './generationOptions';
import { ALL_COMPLEXITIES, MAX_SAFETY_IDENTIFIER_LENGTH } from './modelTable';

const notValid = {
  complexity: (texts: Parameters<NotValid>[0]) => l10n.t('Complexity {value} is not valid. Choose {choices}.', texts),
} satisfies Record<string, NotValid>;

export function applyComplexity(ctx: GenerationContext): void {
  const { caps, options } = ctx;
  if (!isSet(options.complexity) || !inVocabulary(ctx, 'complexity', notValid.complexity, ALL_COMPLEXITIES)) return;
  if (caps.complexity) ctx.body.complexity = options.complexity;
  else drop(ctx, 'complexity', notSent(ctx, 'complexity'));
}

export function applySafetyIdentifier(ctx: GenerationContext): void {
  const { caps, options } = ctx;
  const identifier = options.safetyIdentifier;
  if (!isSet(identifier)) return;
  if (typeof identifier !== 'string' || identifier.length > MAX_SAFETY_IDENTIFIER_LENGTH) {
    ctx.problems.push({
      field: 'safetyIdentifier',
      value: typeof identifier === 'string' ? `${identifier.length} characters` : identifier,
      message: l10n.t('The safety identifier must be text of at most {limit} characters.', { limit: MAX_SAFETY_IDENTIFIER_LENGTH }),
    });
  } else if (caps.safetyIdentifier) {
    ctx.body.safety_identifier = identifier;
  } else {
    drop(ctx, 'safetyIdentifier', notSent(ctx, 'safety_identifier'));
  }
}
