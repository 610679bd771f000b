// Pictures of a sanitized SVG drawing for the studio's thumbnail and an agent tool's
// preview: rendered once by librsvg (through sharp) at the size asked for, never larger,
// then encoded as WebP like the thumbnails of raster images (thumbnail.ts).

import * as l10n from '@vscode/l10n';
import { displayName } from '../inspectImage';
import { rasterizeSanitizedSvg, withPipelineSlot } from '../sharpSafety';
import { encodePreviews, THUMBNAIL_EDGE, type EncodedPreviews } from '../thumbnail';
import { loadSvgSanitizer } from './loadSvgSanitizer';
import type { SanitizedSvg } from './sanitizedSvg';
import { svgRenderError } from './svgErrors';
import { svgSize } from './svgSize';

/** Largest preview edge rendered, whatever is asked: a preview, not a raster export. */
export const MAX_SVG_PREVIEW_EDGE = 2048;

/** What to render: each only when asked for. */
export interface SvgPreviewOptions {
  /** The studio's thumbnail ({@link THUMBNAIL_EDGE} px on its longest side). */
  thumbnail?: boolean;
  /** A preview of this many pixels on its longest side (at most {@link MAX_SVG_PREVIEW_EDGE}). */
  previewEdge?: number;
}

/**
 * The root start tag of sanitizeSvg's output: `<svg` and `name="value"` pairs (values
 * escaped), split at XML's white space only: `\s` would also split at U+1680 or U+FEFF.
 */
const ROOT_TAG = /^<svg((?:[ \t\r\n]+[^ \t\r\n=>"]+="[^"]*")*)[ \t\r\n]*(\/?)>/;
const ATTRIBUTE = /[ \t\r\n]+([^ \t\r\n=>"]+)="([^"]*)"/g;

function decodeXml(value: string): string {
  return value.replace(/&(quot|amp|lt|gt|apos);/g, (_all, name: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" })[name] ?? '');
}

function encodeXml(value: string): string {
  return value.replace(/[&"<>]/g, (char) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[char] ?? char);
}

/**
 * The drawing with its root's width and height set so it renders inside `edge` x `edge`
 * pixels (scaled up or down: it is vector art), a viewBox added when it had none so the
 * content scales along, and the rendered size.
 */
export function sizedForRender(svg: SanitizedSvg, edge: number): { svg: SanitizedSvg; width: number; height: number } {
  const match = ROOT_TAG.exec(svg);
  // eslint-disable-next-line image-studio/localized-text -- internal invariant: SanitizedSvg always starts with its root tag
  if (!match) throw new Error('renderSvgPreview: the text does not start with sanitizeSvg\'s <svg> root tag');
  const attributes = new Map<string, string>();
  for (const [, name, value] of match[1].matchAll(ATTRIBUTE)) attributes.set(name, decodeXml(value));
  const size = svgSize({ width: attributes.get('width'), height: attributes.get('height'), viewBox: attributes.get('viewBox') });
  const scale = edge / Math.max(size.exactWidth, size.exactHeight);
  const width = Math.max(1, Math.min(edge, Math.round(size.exactWidth * scale)));
  const height = Math.max(1, Math.min(edge, Math.round(size.exactHeight * scale)));
  if (!attributes.has('viewBox')) attributes.set('viewBox', `0 0 ${size.exactWidth} ${size.exactHeight}`);
  attributes.set('width', String(width));
  attributes.set('height', String(height));
  const tag = `<svg${[...attributes].map(([name, value]) => ` ${name}="${encodeXml(value)}"`).join('')}${match[2]}>`;
  return { svg: (tag + svg.slice(match[0].length)) as SanitizedSvg, width, height };
}

/**
 * Renders a sanitized drawing once, at the larger of the sizes asked for, and encodes the
 * studio's WebP thumbnail and/or a WebP preview from that one render. The render is bounded
 * by the size asked for (never the drawing's own size, which may say 100000x100000).
 * @param svg sanitizeSvg's output (`result.svg`), never text from anywhere else.
 * @param fileName used in error messages only.
 * @throws {ImageError} tooComplex (librsvg's limit of 500000 drawn elements, or the
 *   pipeline's time limit) or damaged (librsvg could not draw it).
 */
export async function renderSvgPreview(svg: SanitizedSvg, options: SvgPreviewOptions, fileName = l10n.t('The generated drawing')): Promise<EncodedPreviews> {
  const previewEdge = options.previewEdge ? Math.max(1, Math.min(MAX_SVG_PREVIEW_EDGE, Math.round(options.previewEdge))) : undefined;
  const edge = Math.max(previewEdge ?? 0, options.thumbnail ? THUMBNAIL_EDGE : 0);
  if (edge === 0) return {};
  const sized = sizedForRender(svg, edge);
  return withPipelineSlot(async () => {
    let rendered;
    try {
      rendered = await rasterizeSanitizedSvg(sized.svg, edge * edge);
    } catch (error) {
      throw svgRenderError(displayName(fileName), error);
    }
    const { data, info } = rendered;
    return encodePreviews({ data, width: info.width, height: info.height, channels: info.channels }, { thumbnail: options.thumbnail, previewEdge });
  });
}

/**
 * The studio's thumbnail of an SVG file read back from disk (the history): sanitized again
 * first (a file can change after it was saved), then rendered. Loads the sanitizer bundle.
 * @throws {ImageError} as sanitizeSvg and renderSvgPreview do.
 */
export async function makeSvgThumbnail(bytes: Uint8Array, fileName?: string, edge = THUMBNAIL_EDGE): Promise<Buffer> {
  const { sanitizeSvg } = loadSvgSanitizer();
  const safe = await sanitizeSvg(bytes, fileName);
  const made = await renderSvgPreview(safe.svg, edge === THUMBNAIL_EDGE ? { thumbnail: true } : { previewEdge: edge }, fileName);
  const thumbnail = made.thumbnail ?? made.preview;
  // eslint-disable-next-line image-studio/localized-text -- internal invariant: at least one size is always asked for
  if (!thumbnail) throw new Error('renderSvgPreview made no picture');
  return thumbnail;
}
