// The one error type the imaging modules throw for bad input. Every message names the file
// and says what to do next, because it is shown to the user as is; `code` is for callers
// that need to branch (e.g. "tooSmall" may offer a different picker).

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

const DAMAGE_WORDS: Record<DamageReason, string> = {
  endsEarly: 'the file ends early',
  brokenHeader: 'its header is broken',
  corruptData: 'its image data is corrupt',
};

/** The standard "damaged" error. */
export function damagedError(fileName: string, reason: DamageReason, cause?: unknown): ImageError {
  return new ImageError(
    'damaged',
    fileName,
    `${fileName} looks damaged (${DAMAGE_WORDS[reason]}). Re-export it and try again.`,
    { cause },
  );
}

/** The standard "too many pixels" error; dimensions are included when known. */
export function tooManyPixelsError(
  fileName: string,
  limitPixels: number,
  size?: { width: number; height: number },
  cause?: unknown,
): ImageError {
  const limit = `${Math.round(limitPixels / 1e6)}-megapixel`;
  const what = size
    ? `is ${size.width}x${size.height} pixels (${formatMegapixels(size.width * size.height)}), more than the ${limit} limit`
    : `has more pixels than the ${limit} limit`;
  return new ImageError(
    'tooManyPixels',
    fileName,
    `${fileName} ${what}. Downscale it in an image editor and try again.`,
    { cause },
  );
}

/** "4295 megapixels", "0.3 megapixels". */
export function formatMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return `${mp >= 10 ? Math.round(mp) : Number(mp.toFixed(1))} megapixels`;
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
      `${fileName} is not an image Image Studio can read. Pick a PNG, JPEG, WebP, GIF or AVIF file.`,
      { cause: error },
    );
  }
  if (/^timeout/i.test(text)) {
    return new ImageError(
      'tooManyPixels',
      fileName,
      `${fileName} took too long to process. Downscale it in an image editor and try again.`,
      { cause: error },
    );
  }
  // A header that cannot be read is the first thing wrong, even in a file that also ends early.
  if (/corrupt header/i.test(text)) return damagedError(fileName, 'brokenHeader', error);
  if (context.endsEarly) return damagedError(fileName, 'endsEarly', error);
  return damagedError(fileName, 'corruptData', error);
}
