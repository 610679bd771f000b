// Every message from the mask editor's webview is untrusted input: a compromised or buggy
// page could send anything. This turns an unknown value into a well-formed FromMaskEditor or
// refuses it, by its schema (shared/messageSchemas.ts) under the one policy for webview
// messages (shared/messagePolicy.ts): types, ranges and sizes are checked, and a field the
// schema does not have (a path, a URI) refuses the message. No `vscode` import.

import * as l10n from '@vscode/l10n';
import { formatNumber } from '../../../shared/localeFormat';
import { fromMaskEditorSchema } from '../../../shared/messageSchemas';
import { checkMessage } from '../../../shared/messagePolicy';
import { MASK_LIMITS, type FromMaskEditor, type MaskExtension } from '../../../shared/protocol';

/** A message that was refused; `reason` is for the log (it may quote the page's values), except checkExtendedSize's, which the page shows. */
export class RejectedMessageError extends Error {
  override readonly name = 'RejectedMessageError';
}

function fail(reason: string): never {
  throw new RejectedMessageError(reason);
}

/**
 * The extended canvas size, or a refusal when it is beyond what the editor can hold.
 * @throws {RejectedMessageError}
 */
export function checkExtendedSize(base: { width: number; height: number }, extension: MaskExtension): { width: number; height: number } {
  const width = base.width + extension.left + extension.right;
  const height = base.height + extension.top + extension.bottom;
  // Generate's check: the session shows this reason on the page, so it is localized.
  if (width > MASK_LIMITS.maxSide || height > MASK_LIMITS.maxSide) {
    fail(l10n.t('the extended canvas {width}x{height} is over {max} pixels on a side', { width, height, max: formatNumber(MASK_LIMITS.maxSide) }));
  }
  if (width * height > MASK_LIMITS.maxPixels) {
    fail(l10n.t('the extended canvas {width}x{height} has more than {max} pixels', { width, height, max: formatNumber(MASK_LIMITS.maxPixels) }));
  }
  return { width, height };
}

/**
 * A well-formed message, or a refusal.
 * @throws {RejectedMessageError} naming what is wrong.
 */
export function parseMaskEditorMessage(value: unknown): FromMaskEditor {
  const checked = checkMessage(fromMaskEditorSchema, value);
  if (!checked.ok) fail(checked.reason);
  const message = checked.message;
  // Mask mode sends the mask, Annotate mode the markup: the API takes one or the other.
  if (message.type === 'generate' && (message.mask === undefined) === (message.markup === undefined)) {
    // eslint-disable-next-line image-studio/localized-text -- a refusal reason, for the log only (the page gets a fixed message)
    fail(message.mask ? 'generate sent both a mask and a markup' : 'generate sent neither a mask nor a markup');
  }
  return message;
}
