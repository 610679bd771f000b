// The only place that loads sharp and the only place that creates sharp instances. sharp is
// native and heavy, so it is required on first use (never at activation), configured once,
// and every instance gets the same safety options: a pixel bound checked against the header
// before any pixel is decoded, strict failure on damaged data, and a time limit.

import { availableParallelism } from 'node:os';
import type { FailOnOptions, OutputInfo, Sharp, SharpOptions } from 'sharp';
import type { SanitizedSvg } from './svg/sanitizedSvg';

/** The sharp module (the callable default export with its namespace). */
export type SharpModule = typeof import('sharp');

/**
 * Largest image decoded at full resolution: 100 megapixels (e.g. 10000x10000). Above
 * every camera but the 200 MP phone sensors; the 65536x65536 PNG bomb (4.3 GP) is refused
 * from its header. Decoding streams through resize, so memory stays well below w*h*4
 * (measured, preparing for 3840 px: 100 MP RGBA PNG 1.3 s / +138 MB peak, +207 MB with
 * EXIF rotation; baseline JPEG 0.5 s / +77 MB; progressive JPEG 1 s / +344 MB).
 */
export const MAX_DECODE_PIXELS = 100_000_000;

/**
 * Largest baseline (non-progressive) JPEG accepted: 400 megapixels (20000x20000). libjpeg
 * can decode such files at 1/2, 1/4 or 1/8 scale ("shrink-on-load"), streaming, so the
 * 280 MP giant-image.jpg downscales to 1024 px in ~0.15 s with ~9 MB of extra memory (to
 * 3840 px: ~0.35 s, ~108 MB, mostly the 3840x2688 result itself). Progressive
 * JPEGs are excluded: libjpeg keeps all their coefficients in memory (~2 bytes/pixel/channel).
 */
export const MAX_SHRINKABLE_JPEG_PIXELS = 400_000_000;

/**
 * Bound for header-only reads (`metadata()`), which allocate no pixel memory. It is higher
 * than the decode bound only so a refusal can quote the real size ("65536x65536 pixels").
 */
export const MAX_HEADER_PIXELS = 2 ** 34;

/**
 * sharp's strictest level, which it recommends for untrusted input: truncated files and
 * corrupt JPEG entropy data (which 'error' and 'truncated' decode into garbage blocks)
 * throw. Benign oddities still pass at this level (measured: extraneous bytes before a
 * JPEG's end marker, bad CRCs in PNG text chunks, a bogus PNG ICC profile).
 */
export const FAIL_ON: FailOnOptions = 'warning';

/** A pipeline that runs longer than this is stopped (libvips checks between tiles). */
export const PIPELINE_TIMEOUT_SECONDS = 30;

/**
 * libvips loaders left enabled. Everything else (SVG, PDF, TIFF, libvips' own formats, …)
 * is blocked process-wide, so no file can reach a parser we did not choose, whatever its
 * name or the code path it takes. The names are libvips base classes (file+buffer+source).
 * The one exception is {@link SVG_LOADER}, enabled only while {@link rasterizeSanitizedSvg} runs.
 */
const ALLOWED_LOADERS = [
  'VipsForeignLoadPng',
  'VipsForeignLoadJpeg',
  'VipsForeignLoadWebp',
  'VipsForeignLoadNsgif',
  'VipsForeignLoadHeif', // AVIF only: HEIC is refused before decoding (no HEVC decoder anyway)
];

/**
 * librsvg's loader for SVG text in memory (only that one: not files, not streams). Blocked
 * like every other loader except while {@link rasterizeSanitizedSvg} renders.
 */
const SVG_LOADER = 'VipsForeignLoadSvgBuffer';

/** Pipelines allowed to run at once; each can hold tens of MB of pixels. */
const MAX_PARALLEL_PIPELINES = 2;

let sharpModule: SharpModule | undefined;

/**
 * The configured sharp module, loaded on first call. Configuration is global to libvips:
 * no operation cache (it would keep decoded user images alive), a bounded thread count
 * (the extension host shares the machine with the editor) and only our loaders enabled.
 */
export function loadSharp(): SharpModule {
  if (!sharpModule) {
    // require, not import: esbuild must not hoist it to activation time.
    const sharp = require('sharp') as SharpModule;
    sharp.cache(false);
    sharp.concurrency(Math.max(1, Math.min(4, availableParallelism())));
    sharp.block({ operation: ['VipsForeignLoad'] });
    sharp.unblock({ operation: ALLOWED_LOADERS });
    sharpModule = sharp;
  }
  return sharpModule;
}

/** Options for {@link openImage}; safety options get defaults, never omissions. */
export interface OpenImageOptions {
  /** Pixel bound checked on the header; defaults to {@link MAX_DECODE_PIXELS}. */
  limitInputPixels?: number;
  /** Defaults to {@link FAIL_ON}. */
  failOn?: FailOnOptions;
  /**
   * Read every frame of an animation (the pixel bound then covers all frames together).
   * Otherwise only the first frame is read.
   */
  allFrames?: boolean;
  /** Describes raw pixel input, for re-encoding buffers we decoded ourselves. */
  raw?: SharpOptions['raw'];
}

/**
 * A sharp instance over in-memory bytes with the safety options applied. Use this instead
 * of calling sharp() directly. Reading from memory only: nothing is ever written to disk.
 */
export function openImage(bytes: Uint8Array, options: OpenImageOptions = {}): Sharp {
  const sharp = loadSharp();
  const input = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return sharp(input, {
    limitInputPixels: options.limitInputPixels ?? MAX_DECODE_PIXELS,
    failOn: options.failOn ?? FAIL_ON,
    pages: options.allFrames ? -1 : 1,
    ...(options.raw ? { raw: options.raw } : {}),
  }).timeout({ seconds: PIPELINE_TIMEOUT_SECONDS });
}

let running = 0;
const waiting: (() => void)[] = [];

/**
 * Runs `work` when fewer than {@link MAX_PARALLEL_PIPELINES} others are running, so picking
 * twenty files at once queues them instead of decoding twenty images side by side.
 */
export async function withPipelineSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL_PIPELINES) {
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** SVG renders in progress: the SVG loader is enabled while this is above zero. */
let svgRenders = 0;

/**
 * Renders sanitized SVG text (sanitizeSvg's output: the type says so) with librsvg into raw
 * 8-bit sRGBA pixels, at its own size (width and height on its root, 72 dpi = 1 px per CSS
 * pixel). The only way SVG ever reaches a decoder: the SVG loader is enabled for the
 * duration of this pipeline and blocked again after it. Meanwhile, every other path still
 * refuses SVG before decoding (inspectImage sniffs the bytes), so the window only lifts
 * the second line of that defence, never the first.
 * @param maxPixels bound on the rendered size, checked before rendering; the caller sets
 *   the root's width and height so the render fits it.
 */
export async function rasterizeSanitizedSvg(svg: SanitizedSvg, maxPixels: number): Promise<{ data: Buffer; info: OutputInfo }> {
  const sharp = loadSharp();
  if (svgRenders++ === 0) sharp.unblock({ operation: [SVG_LOADER] });
  try {
    return await sharp(Buffer.from(svg, 'utf8'), { limitInputPixels: maxPixels, failOn: FAIL_ON, density: 72 })
      .timeout({ seconds: PIPELINE_TIMEOUT_SECONDS })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } finally {
    if (--svgRenders === 0) sharp.block({ operation: [SVG_LOADER] });
  }
}
