// The one error type the imaging modules throw for bad input. Every message names the file
// and says what to do next, because it is shown to the user as is; `code` is for callers
// that need to branch (e.g. "tooSmall" may offer a different picker).

import * as l10n from '@vscode/l10n';
import { formatNumber } from '../../shared/localeFormat';

/** Why an image was refused. */
export type ImageErrorCode =
  | 'empty'
  | 'notAnImage'
  | 'damaged'
  | 'tooManyPixels'
  | 'tooSmall'
  | 'unsupportedFormat'
  | 'cannotFit'
  // SVG drawings (src/imaging/svg): over the byte limit, nested or attributed beyond the
  // parser's limits, or declaring XML entities (expansion bombs).
  | 'tooLarge'
  | 'tooComplex'
  | 'unsafe';

/** A refused image: `message` is user-facing and names `fileName`. */
export class ImageError extends Error {
  override readonly name = 'ImageError';

  constructor(
    readonly code: ImageErrorCode,
    readonly fileName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is an {@link ImageError}, optionally with the given code. */
export function isImageError(error: unknown, code?: ImageErrorCode): error is ImageError {
  return error instanceof ImageError && (code === undefined || error.code === code);
}

/** What went wrong inside a damaged file, in words a user understands. */
export type DamageReason = 'endsEarly' | 'brokenHeader' | 'corruptData';

function damageMessage(fileName: string, reason: DamageReason): string {
  switch (reason) {
    case 'endsEarly':
      return l10n.t('{file} looks damaged (the file ends early). Re-export it and try again.', { file: fileName });
    case 'brokenHeader':
      return l10n.t('{file} looks damaged (its header is broken). Re-export it and try again.', { file: fileName });
    case 'corruptData':
      return l10n.t('{file} looks damaged (its image data is corrupt). Re-export it and try again.', { file: fileName });
  }
}

/** The standard "damaged" error. */
export function damagedError(fileName: string, reason: DamageReason, cause?: unknown): ImageError {
  return new ImageError('damaged', fileName, damageMessage(fileName, reason), { cause });
}

/** The standard "too many pixels" error; dimensions are included when known. */
export function tooManyPixelsError(
  fileName: string,
  limitPixels: number,
  size?: { width: number; height: number },
  cause?: unknown,
): ImageError {
  const limit = formatNumber(Math.round(limitPixels / 1e6));
  const message = size
    ? l10n.t('{file} is {size} pixels ({megapixels}), more than the {limit}-megapixel limit. Downscale it in an image editor and try again.', {
        file: fileName,
        size: `${size.width}x${size.height}`,
        megapixels: formatMegapixels(size.width * size.height),
        limit,
      })
    : l10n.t('{file} has more pixels than the {limit}-megapixel limit. Downscale it in an image editor and try again.', { file: fileName, limit });
  return new ImageError('tooManyPixels', fileName, message, { cause });
}

/** "4295 megapixels", "0.3 megapixels". */
export function formatMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return l10n.t('{count} megapixels', { count: formatNumber(mp >= 10 ? Math.round(mp) : mp, { maximumFractionDigits: 1 }) });
}

/**
 * True for errors that are our bugs or the environment's (sharp missing, bad parameters),
 * which must surface as they are instead of being blamed on the user's file.
 */
function isProgramError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) return true;
  if (typeof (error as { code?: unknown }).code === 'string') return true; // Node errors: MODULE_NOT_FOUND, ERR_*
  return /^Expected .* but received/.test(error.message); // sharp's invalid-parameter errors
}

/**
 * Turns an error thrown by sharp/libvips while reading `fileName` into an {@link ImageError};
 * program errors (see above) are returned unchanged. `endsEarly` says whether the bytes lack
 * their format's end marker, the only reliable way to tell a truncated file from a corrupt
 * one (libvips reports both alike).
 */
export function imageErrorFromSharp(
  error: unknown,
  fileName: string,
  context: { limitPixels: number; endsEarly: boolean },
): Error {
  if (error instanceof ImageError) return error;
  if (isProgramError(error)) return error as Error;
  const text = error instanceof Error ? error.message : String(error);
  if (/exceeds pixel limit/i.test(text)) {
    return tooManyPixelsError(fileName, context.limitPixels, undefined, error);
  }
  if (/unsupported image format/i.test(text)) {
    return new ImageError(
      'notAnImage',
      fileName,
      l10n.t('{file} is not an image Image Studio can read. Pick a PNG, JPEG, WebP, GIF or AVIF file.', { file: fileName }),
      { cause: error },
    );
  }
  if (/^timeout/i.test(text)) {
    return new ImageError(
      'tooManyPixels',
      fileName,
      l10n.t('{file} took too long to process. Downscale it in an image editor and try again.', { file: fileName }),
      { cause: error },
    );
  }
  // A header that cannot be read is the first thing wrong, even in a file that also ends early.
  if (/corrupt header/i.test(text)) return damagedError(fileName, 'brokenHeader', error);
  if (context.endsEarly) return damagedError(fileName, 'endsEarly', error);
  return damagedError(fileName, 'corruptData', error);
}
