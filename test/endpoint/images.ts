// Makes real, decodable result images with sharp, and inspects uploaded ones.
// Why real images: the extension decodes, previews and saves results; fake bytes would
// hide bugs. Kept fast (tiny gradient scaled up + one SVG text overlay) because tests
// generate many images.
import { createHash } from 'node:crypto';
import sharp from 'sharp';

export type OutputFormat = 'png' | 'jpeg' | 'webp';

export interface RenderOptions {
  width: number;
  height: number;
  prompt: string;
  format: OutputFormat;
  transparent?: boolean;
  /** 0–100, for jpeg/webp (the API's `output_compression`). */
  compression?: number;
  /** Small caption (model, index) so images of one request differ. */
  caption?: string;
  /**
   * A markup overlay the edit was given: its drawn (non-transparent) pixels are laid over the
   * result, scaled to it, so a test sees that the markup arrived and where.
   */
  markup?: Buffer;
}

export interface ImageInfo {
  format?: string;
  width?: number;
  height?: number;
  hasAlpha?: boolean;
  /** EXIF orientation (1–8), only when the file carries one. */
  orientation?: number;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Greedy word wrap, at most `maxLines` lines, the last one ellipsised. */
export function wrap(text: string, perLine: number, maxLines: number): string[] {
  const words = text.replace(/[\u0000-\u001f\u007f]/g, ' ').split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let word of words) {
    while (word.length > perLine) {
      if (line) lines.push(line);
      line = '';
      lines.push(word.slice(0, perLine));
      word = word.slice(perLine);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= perLine) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = `${lines[maxLines - 1].slice(0, Math.max(0, perLine - 1))}…`;
  }
  return lines.length ? lines : [''];
}

/** Colours derived from the prompt, so different prompts look different. */
export function palette(seed: string): number[] {
  const hash = createHash('sha256').update(seed).digest();
  return Array.from(hash.subarray(0, 12), (b, i) => (i % 3 === 2 ? 60 + (b % 140) : 30 + (b % 170)));
}

/**
 * The overlay: DejaVu/Liberation are what this Debian image has (fc-list); if neither
 * exists librsvg falls back or draws nothing, and the image is still produced.
 */
function overlaySvg(options: RenderOptions): Buffer {
  const { width, height } = options;
  const fontSize = Math.max(8, Math.round(Math.min(width, height) / 16));
  const perLine = Math.max(4, Math.floor((width * 0.9) / (fontSize * 0.6)));
  const maxLines = Math.max(1, Math.min(8, Math.floor((height * 0.7) / (fontSize * 1.25))));
  const lines = wrap(options.prompt, perLine, maxLines);
  const top = height / 2 - ((lines.length - 1) * fontSize * 1.25) / 2;
  const text = lines
    .map((line, i) => `<text x="${width / 2}" y="${(top + i * fontSize * 1.25).toFixed(1)}">${escapeXml(line)}</text>`)
    .join('');
  const caption = options.caption
    ? `<text x="${width / 2}" y="${height - fontSize * 0.6}" font-size="${Math.round(fontSize * 0.5)}" opacity="0.8">${escapeXml(options.caption)}</text>`
    : '';
  const disc = options.transparent
    ? `<ellipse cx="${width / 2}" cy="${height / 2}" rx="${width * 0.42}" ry="${height * 0.42}" fill="rgb(40,90,170)" fill-opacity="0.85"/>`
    : '';
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${disc}` +
      `<g font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${fontSize}" fill="white" text-anchor="middle" dominant-baseline="middle">${text}${caption}</g></svg>`,
  );
}

function encode(image: sharp.Sharp, format: OutputFormat, compression: number | undefined): Promise<Buffer> {
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: Math.max(1, compression ?? 100) }).toBuffer();
    case 'webp':
      return image.webp({ quality: Math.max(1, compression ?? 100), effort: 0 }).toBuffer();
    default:
      // Level 1: big files, but several times faster than the default 6.
      return image.png({ compressionLevel: 1 }).toBuffer();
  }
}

export async function renderImage(options: RenderOptions): Promise<Buffer> {
  const { width, height } = options;
  const base = options.transparent
    ? sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    : sharp(Buffer.from(palette(`${options.prompt}\u0000${options.caption ?? ''}`)), { raw: { width: 2, height: 2, channels: 3 } }).resize(width, height, {
        kernel: 'linear',
        fit: 'fill',
      });
  const markup = options.markup ? await markupLayer(options.markup, width, height) : undefined;
  try {
    return await encode(base.clone().composite([{ input: overlaySvg(options) }, ...(markup ? [{ input: markup }] : [])]), options.format, options.compression);
  } catch {
    // Text rendering is decoration; never fail a generation because of it.
    return encode(base, options.format, options.compression);
  }
}

/** The markup as a PNG of the result's size; undefined when it does not decode (it was judged already). */
async function markupLayer(markup: Buffer, width: number, height: number): Promise<Buffer | undefined> {
  try {
    return await sharp(markup).rotate().ensureAlpha().resize(width, height, { fit: 'fill' }).png().toBuffer();
  } catch {
    return undefined;
  }
}

/** A blurry, low-resolution stand-in for a partial image: earlier partials are blurrier. */
export async function renderPartial(final: Buffer, width: number, height: number, format: OutputFormat, index: number, total: number): Promise<Buffer> {
  const factor = 2 ** (total - index + 2);
  const small = await sharp(final)
    .resize(Math.max(1, Math.round(width / factor)), Math.max(1, Math.round(height / factor)), { fit: 'fill' })
    .png()
    .toBuffer();
  return encode(sharp(small).resize(width, height, { fit: 'fill', kernel: 'linear' }), format, undefined);
}

/** Decodes just enough of an upload to judge it; never throws (undecodable → empty info). */
export async function probeImage(bytes: Buffer): Promise<ImageInfo> {
  try {
    const meta = await sharp(bytes).metadata();
    const info: ImageInfo = { format: meta.format, width: meta.width, height: meta.height, hasAlpha: meta.hasAlpha };
    if (meta.orientation !== undefined) info.orientation = meta.orientation;
    return info;
  } catch {
    return {};
  }
}

/** Whether any pixel is less than fully opaque (false without an alpha channel, or if it does not decode). */
export async function hasTransparentPixels(bytes: Buffer): Promise<boolean> {
  try {
    const image = sharp(bytes);
    const meta = await image.metadata();
    if (!meta.hasAlpha) return false;
    const opaque = meta.depth === 'ushort' ? 65535 : 255;
    const { channels } = await image.stats();
    return channels[channels.length - 1].min < opaque;
  } catch {
    return false;
  }
}
