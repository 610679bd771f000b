// The refusals of an SVG drawing, worded like every ImageError: what is wrong, then what to
// do. The drawings come from an image server, so "what to do" is to ask again differently.
// Localized with @vscode/l10n (no `vscode` here): whole sentences, named placeholders.

import * as l10n from '@vscode/l10n';
import { formatMegabytes } from '../../../shared/localeFormat';
import { ImageError } from '../imageErrors';
import { MAX_SVG_ATTRIBUTES, MAX_SVG_BYTES, MAX_SVG_DEPTH } from './sanitizedSvg';

export function svgTooLargeError(name: string, bytes: number): ImageError {
  return new ImageError(
    'tooLarge',
    name,
    l10n.t('{file} is an SVG drawing of {size}, more than the {limit} Image Studio accepts. Ask for a simpler drawing, or for a PNG instead.', {
      file: name,
      size: formatMegabytes(bytes),
      limit: formatMegabytes(MAX_SVG_BYTES),
    }),
  );
}

export function svgTooDeepError(name: string): ImageError {
  return new ImageError(
    'tooComplex',
    name,
    l10n.t('{file} nests its elements more than {depth} levels deep, more than Image Studio accepts in an SVG drawing. Ask for a simpler drawing, or for a PNG instead.', {
      file: name,
      depth: MAX_SVG_DEPTH,
    }),
  );
}

export function svgTooManyAttributesError(name: string): ImageError {
  return new ImageError(
    'tooComplex',
    name,
    l10n.t('{file} has an element with more than {count} attributes, more than Image Studio accepts in an SVG drawing. Ask for a simpler drawing, or for a PNG instead.', {
      file: name,
      count: MAX_SVG_ATTRIBUTES,
    }),
  );
}

export function svgEntitiesError(name: string): ImageError {
  return new ImageError(
    'unsafe',
    name,
    l10n.t(
      '{file} declares XML entities (<!ENTITY …>), which can expand into gigabytes of text, so Image Studio does not open it. Ask for the drawing again without a DOCTYPE, or for a PNG instead.',
      { file: name },
    ),
  );
}

export function svgNotTextError(name: string): ImageError {
  return new ImageError(
    'notAnImage',
    name,
    l10n.t('{file} is not an SVG drawing: it is not UTF-8 text. Ask for the drawing again, or for a PNG instead.', { file: name }),
  );
}

export function svgNoRootError(name: string): ImageError {
  return new ImageError(
    'notAnImage',
    name,
    l10n.t('{file} is not an SVG drawing: it has no <svg> root element. Ask for the drawing again, or for a PNG instead.', { file: name }),
  );
}

/** `reason` is the XML parser's (English), e.g. "line 3, column 7: Unexpected close tag". */
export function svgMalformedError(name: string, reason: string, cause?: unknown): ImageError {
  return new ImageError(
    'damaged',
    name,
    l10n.t('{file} looks damaged (its SVG text is not well-formed XML: {reason}). Ask for the drawing again, or for a PNG instead.', { file: name, reason }),
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
      ? l10n.t('{file} repeats its parts so often that drawing it would take too long ({detail}). Ask for a simpler drawing, or for a PNG instead.', { file: name, detail })
      : l10n.t('{file} could not be drawn ({detail}). Ask for the drawing again, or for a PNG instead.', { file: name, detail }),
    { cause },
  );
}
