// Real animated GIFs for `output_format: 'gif'`: `frames` frames of the asked size, a disc
// moving across a flat background under the prompt, so a viewer visibly sees it play.
// Flat colours and a 16-colour palette keep the encoder fast (a gradient takes seconds);
// one palette for every frame (interPaletteMaxError 256) leaves no ghost where the disc was.
import sharp from 'sharp';
import { escapeXml, palette, wrap } from './images';

export interface GifOptions {
  width: number;
  height: number;
  prompt: string;
  /** 2–16 (the service's `frame_count`). */
  frames: number;
  /** Per-frame delay in ms, already rounded to the 10 ms a GIF can hold. */
  delayMs: number;
  transparent?: boolean;
  caption?: string;
}

function textSvg(options: GifOptions): Buffer {
  const { width, height } = options;
  const fontSize = Math.max(8, Math.round(Math.min(width, height) / 16));
  const perLine = Math.max(4, Math.floor((width * 0.9) / (fontSize * 0.6)));
  const lines = wrap(options.prompt, perLine, 3);
  const text = lines.map((line, i) => `<text x="${width / 2}" y="${(height * 0.2 + i * fontSize * 1.25).toFixed(1)}">${escapeXml(line)}</text>`).join('');
  const caption = options.caption
    ? `<text x="${width / 2}" y="${height - fontSize * 0.6}" font-size="${Math.round(fontSize * 0.5)}">${escapeXml(options.caption)}</text>`
    : '';
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<g font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${fontSize}" fill="white" text-anchor="middle" dominant-baseline="middle">${text}${caption}</g></svg>`,
  );
}

/**
 * The moving disc as raw RGBA pixels, drawn here rather than from SVG: in the integration
 * tests the endpoint shares the extension host's sharp, whose SVG loader the extension
 * blocks process-wide (src/imaging/sharpSafety.ts).
 */
function discPixels(radius: number): { data: Buffer; size: number } {
  const size = Math.max(2, Math.round(radius * 2));
  const data = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if ((x - centre) ** 2 + (y - centre) ** 2 > radius ** 2) continue;
      data.set([250, 210, 40, 255], (y * size + x) * 4);
    }
  }
  return { data, size };
}

/** Where the disc of frame `index` sits: left to right across the frames, below the text. */
function discPosition(width: number, height: number, size: number, index: number, frames: number): { left: number; top: number } {
  const travel = Math.max(0, width - size);
  return { left: Math.round((travel * index) / Math.max(1, frames - 1)), top: Math.max(0, Math.min(height - size, Math.round(height * 0.6 - size / 2))) };
}

/** Skips a run of GIF data sub-blocks (length-prefixed, ended by a zero length) from `at`. */
function skipSubBlocks(gif: Buffer, at: number): number {
  while (gif[at] !== 0) at += gif[at] + 1;
  return at + 1;
}

/**
 * Writes `delayMs` into every frame's Graphic Control Extension. A GIF holds the delay in
 * 1/100 s up to 65535 (655350 ms), but sharp only takes delays up to 65535 ms, so the
 * service's full range is written here, walking the blocks (GIF89a, section 23).
 */
function setFrameDelays(gif: Buffer, delayMs: number): Buffer {
  const centiseconds = Math.round(delayMs / 10);
  let at = 13;
  if (gif[10] & 0x80) at += 3 * 2 ** ((gif[10] & 0x07) + 1); // global colour table
  while (at < gif.length && gif[at] !== 0x3b) {
    if (gif[at] === 0x21) {
      if (gif[at + 1] === 0xf9) gif.writeUInt16LE(centiseconds, at + 4);
      at = skipSubBlocks(gif, at + 2);
    } else if (gif[at] === 0x2c) {
      const packed = gif[at + 9];
      at += 10;
      if (packed & 0x80) at += 3 * 2 ** ((packed & 0x07) + 1); // local colour table
      at = skipSubBlocks(gif, at + 1); // LZW minimum code size, then the image data
    } else {
      throw new Error(`unexpected GIF block 0x${gif[at].toString(16)} at ${at}`);
    }
  }
  return gif;
}

/** One looping GIF whose frames are stacked pages of `height` (sharp's `pageHeight`). */
export async function renderGif(options: GifOptions): Promise<Buffer> {
  const { width, height, frames } = options;
  const channels = 4;
  const [r, g, b] = palette(options.prompt);
  const background = options.transparent ? { r: 0, g: 0, b: 0, alpha: 0 } : { r, g, b, alpha: 1 };
  const blank = sharp({ create: { width, height, channels, background } });
  let base: Buffer;
  try {
    base = await blank.clone().composite([{ input: textSvg(options) }]).raw().toBuffer();
  } catch {
    // Text is decoration; never fail a generation because of it.
    base = await blank.raw().toBuffer();
  }
  const raw = { width, height, channels } as const;
  const disc = discPixels(Math.max(1, Math.min(width, height) / 10));
  const pages = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp(base, { raw })
        .composite([{ input: disc.data, raw: { width: disc.size, height: disc.size, channels: 4 }, ...discPosition(width, height, disc.size, i, frames) }])
        .raw()
        .toBuffer(),
    ),
  );
  const gif = await sharp(Buffer.concat(pages), { raw: { ...raw, height: height * frames, pageHeight: height } })
    .gif({ delay: Array.from({ length: frames }, () => Math.min(options.delayMs, 65530)), loop: 0, effort: 1, colours: 16, dither: 0, interPaletteMaxError: 256 })
    .toBuffer();
  return setFrameDelays(gif, options.delayMs);
}
