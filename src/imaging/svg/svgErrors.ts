// The refusals of an SVG drawing, worded like every ImageError: what is wrong, then what to
// do. The drawings come from an image server, so "what to do" is to ask again differently.

import { ImageError } from '../imageErrors';
import { MAX_SVG_ATTRIBUTES, MAX_SVG_BYTES, MAX_SVG_DEPTH } from './sanitizedSvg';

const ASK_AGAIN = 'Ask for a simpler drawing, or for a PNG instead.';

/** "9.0 MB" (1024-based, like the limit). */
function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function svgTooLargeError(name: string, bytes: number): ImageError {
  return new ImageError(
    'tooLarge',
    name,
    `${name} is an SVG drawing of ${megabytes(bytes)}, more than the ${MAX_SVG_BYTES / (1024 * 1024)} MB Image Studio accepts. ${ASK_AGAIN}`,
  );
}

export function svgTooDeepError(name: string): ImageError {
  return new ImageError(
    'tooComplex',
    name,
    `${name} nests its elements more than ${MAX_SVG_DEPTH} levels deep, more than Image Studio accepts in an SVG drawing. ${ASK_AGAIN}`,
  );
}

export function svgTooManyAttributesError(name: string): ImageError {
  return new ImageError(
    'tooComplex',
    name,
    `${name} has an element with more than ${MAX_SVG_ATTRIBUTES} attributes, more than Image Studio accepts in an SVG drawing. ${ASK_AGAIN}`,
  );
}

export function svgEntitiesError(name: string): ImageError {
  return new ImageError(
    'unsafe',
    name,
    `${name} declares XML entities (<!ENTITY …>), which can expand into gigabytes of text, so Image Studio does not open it. Ask for the drawing again without a DOCTYPE, or for a PNG instead.`,
  );
}

export function svgNotTextError(name: string): ImageError {
  return new ImageError(
    'notAnImage',
    name,
    `${name} is not an SVG drawing: it is not UTF-8 text. Ask for the drawing again, or for a PNG instead.`,
  );
}

export function svgNoRootError(name: string): ImageError {
  return new ImageError(
    'notAnImage',
    name,
    `${name} is not an SVG drawing: it has no <svg> root element. Ask for the drawing again, or for a PNG instead.`,
  );
}

/** `reason` is the XML parser's, e.g. "line 3, column 7: Unexpected close tag". */
export function svgMalformedError(name: string, reason: string, cause?: unknown): ImageError {
  return new ImageError(
    'damaged',
    name,
    `${name} looks damaged (its SVG text is not well-formed XML: ${reason}). Ask for the drawing again, or for a PNG instead.`,
    { cause },
  );
}

/**
 * librsvg gave up on a sanitized drawing: too many repeated parts (<use> of <use>…, its
 * limit is 500000 drawn elements), or something it cannot draw. `cause` is sharp's error.
 */
export function svgRenderError(name: string, cause: unknown): ImageError {
  const text = cause instanceof Error ? cause.message : String(cause);
  const detail = text.split('\n').pop()?.replace(/^\w+:\s*/, '').slice(0, 120) ?? '';
  const tooComplex = /referenced elements|limit|timeout/i.test(text);
  return new ImageError(
    tooComplex ? 'tooComplex' : 'damaged',
    name,
    tooComplex
      ? `${name} repeats its parts so often that drawing it would take too long (${detail}). ${ASK_AGAIN}`
      : `${name} could not be drawn (${detail}). Ask for the drawing again, or for a PNG instead.`,
    { cause },
  );
}
