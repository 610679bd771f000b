// Turns any image the user picks into an upload an endpoint accepts: right format, upright,
// 8-bit sRGB(A), right shape, within size and byte limits, and says what it changed.
// Everything happens in memory; nothing is written to disk.

import * as l10n from '@vscode/l10n';
import { decodeFrame } from './decodeFrame';
import { encodeWithinBytes } from './encodeWithinBytes';
import { ImageError } from './imageErrors';
import { inspectImage, type ImageInfo, type InputFormat } from './inspectImage';
import { MIN_USEFUL_SIDE, planShape, type ShapePlan } from './planShape';
import type { PreparedImage, PrepareTarget, Size, UploadFormat } from './prepareTypes';
import { hasTransparency, isFullyTransparent, shapeFrame } from './shapeFrame';
import { withPipelineSlot } from './sharpSafety';
import { formatNumber } from '../../shared/localeFormat';
import { formatBytes, formatLabel } from './summarizePreparation';

export type { PreparedImage, PrepareTarget, UploadFormat } from './prepareTypes';
export { summarizePreparation } from './summarizePreparation';

const MIME_TYPES: Record<UploadFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
const EXTENSIONS: Record<UploadFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

/** Refuses targets no image could satisfy: a caller bug, not a user problem. */
/* eslint-disable image-studio/localized-text -- caller bugs (RangeError), never shown to a person */
function checkTarget(target: PrepareTarget): void {
  if (target.formats.length === 0) throw new RangeError('PrepareTarget.formats is empty');
  if (!(target.maxBytes > 0)) throw new RangeError('PrepareTarget.maxBytes must be positive');
  if (target.maxSide !== undefined && target.maxSide < MIN_USEFUL_SIDE) {
    throw new RangeError(`PrepareTarget.maxSide must be at least ${MIN_USEFUL_SIDE}`);
  }
  if (target.minSide !== undefined && target.maxSide !== undefined && target.minSide > target.maxSide) {
    throw new RangeError('PrepareTarget.minSide is larger than maxSide');
  }
  if (target.aspect && !(target.aspect.min > 0 && target.aspect.min <= 1 && target.aspect.max >= 1)) {
    throw new RangeError('PrepareTarget.aspect must satisfy 0 < min <= 1 <= max');
  }
}
/* eslint-enable image-studio/localized-text */

/**
 * The upload format: the input's own when accepted (and able to hold the alpha we need),
 * else PNG (lossless), else the first accepted format that can hold alpha, else the first.
 */
function chooseFormat(input: InputFormat, needsAlpha: boolean, formats: UploadFormat[]): UploadFormat {
  const fits = (f: UploadFormat) => !needsAlpha || f !== 'jpeg';
  const own = formats.find((f) => f === input);
  if (own && fits(own)) return own;
  const candidates = formats.filter(fits);
  if (candidates.includes('png')) return 'png';
  return candidates[0] ?? formats[0];
}

/** "cat.jpeg" + png -> "cat.png"; keeps only characters safe in a multipart file name. */
function uploadFileName(displayName: string, format: UploadFormat): string {
  const stem = displayName.replace(/\.[^.]*$/, '').replace(/[^\w.\- ]+/g, '_').trim();
  return `${stem || 'image'}.${EXTENSIONS[format]}`;
}

const size = (s: Size) => `${s.width}x${s.height}`;

/** Steps caused by decoding: orientation, colour, frames, downscale. */
function decodeSteps(info: ImageInfo, plan: ShapePlan, steps: string[], warnings: string[]): void {
  if (info.orientation > 1) steps.push(l10n.t('applied EXIF orientation'));
  if (info.colourSpace === 'cmyk') steps.push(l10n.t('converted CMYK → sRGB'));
  if (info.colourSpace === 'b-w' || info.colourSpace === 'grey16') steps.push(l10n.t('converted greyscale → RGB'));
  if (info.bitsPerSample === 16) steps.push(l10n.t('reduced 16 → 8 bits per channel'));
  if (info.frames > 1) {
    steps.push(l10n.t('first frame of an animated {format}', { format: formatLabel(info.format) }));
    warnings.push(l10n.t('only the first of {count} frames is used', { count: formatNumber(info.frames) }));
  }
  if (plan.scaled.width !== info.width || plan.scaled.height !== info.height) {
    steps.push(l10n.t('downscaled {from} → {to}', { from: size(info), to: size(plan.scaled) }));
  }
}

/** Steps caused by shaping: crop/pad, enlarging. */
function shapeSteps(plan: ShapePlan, pad: string, steps: string[]): void {
  const from = size(plan.scaled);
  const to = size(plan.box);
  const aspect = plan.reason === 'aspect';
  if (plan.mode === 'crop') {
    steps.push(aspect ? l10n.t('cropped {from} → {to} (centre, aspect ratio limit)', { from, to }) : l10n.t('cropped {from} → {to} (centre)', { from, to }));
  }
  if (plan.mode === 'pad') {
    steps.push(aspect ? l10n.t('padded {from} → {to} ({fill}, aspect ratio limit)', { from, to, fill: pad }) : l10n.t('padded {from} → {to} ({fill})', { from, to, fill: pad }));
  }
  if (plan.upscale > 1) {
    steps.push(l10n.t('enlarged {from} → {to} (×{factor}, nearest neighbour)', { from: to, to: size(plan.final), factor: formatNumber(plan.upscale) }));
  }
}

/**
 * Prepares `bytes` (a file the user picked) for an edit/variation upload to `target`:
 * EXIF orientation applied; CMYK, greyscale and 16-bit converted to 8-bit sRGB(A); first
 * frame of animations; downscaled (lanczos3) to `maxSide` and at most 4096x4096; padded or
 * cropped to a square / the aspect range; small images enlarged to `minSide`; re-encoded
 * (which also drops EXIF/GPS metadata) within `maxBytes`.
 * @throws {ImageError} empty, notAnImage, unsupportedFormat, damaged, tooManyPixels,
 *   tooSmall (under 16 px on its longest side) or cannotFit.
 * @throws {RangeError} for an impossible `target`.
 */
export async function prepareInputImage(
  bytes: Uint8Array,
  fileName: string,
  target: PrepareTarget,
): Promise<PreparedImage> {
  checkTarget(target);
  const info = await inspectImage(bytes, fileName);
  const name = info.fileName;
  if (Math.max(info.width, info.height) < MIN_USEFUL_SIDE) {
    throw new ImageError(
      'tooSmall',
      name,
      l10n.t('{file} is only {size} pixels, too small to edit. Pick an image at least {min} pixels across.', { file: name, size: size(info), min: MIN_USEFUL_SIDE }),
    );
  }
  return withPipelineSlot(async () => {
    const steps: string[] = [];
    const routineSteps: string[] = [];
    const routine = (step: string) => {
      steps.push(step);
      routineSteps.push(step);
    };
    const warnings: string[] = [];
    const plan = planShape(info, target);
    const frame = await decodeFrame(bytes, info, plan.scaled);
    if (isFullyTransparent(frame)) warnings.push(l10n.t('the image is fully transparent, so there is nothing to see or edit'));

    const wantsTransparentPad = plan.mode === 'pad' && (target.padColor ?? 'transparent') === 'transparent';
    const needsAlpha = frame.channels === 4 || target.requireAlpha === true || wantsTransparentPad;
    const format = chooseFormat(info.format, needsAlpha, target.formats);
    const flatten = format === 'jpeg';
    const pad = target.padColor === 'edge' ? 'edge' : flatten ? 'white' : 'transparent';
    const padWords = pad === 'edge' ? l10n.t('edge colour') : pad === 'white' ? l10n.t('white') : l10n.t('transparent');
    if (format !== info.format) routine(l10n.t('converted {from} → {to}', { from: formatLabel(info.format), to: formatLabel(format) }));
    decodeSteps(info, plan, steps, warnings);
    shapeSteps(plan, padWords, steps);
    if (flatten && hasTransparency(frame)) warnings.push(l10n.t('transparent areas were filled with white (JPEG has no transparency)'));
    if (!flatten && needsAlpha && frame.channels === 3 && !wantsTransparentPad) routine(l10n.t('added an alpha channel'));

    const shaped = await shapeFrame(frame, plan, { pad, alpha: needsAlpha && !flatten, flatten });
    const encoded = await encodeWithinBytes(shaped, format, target, name);
    if (encoded.shrunk) {
      steps.push(l10n.t('downscaled {from} → {to} to fit {limit}', { from: size(shaped), to: size(encoded), limit: formatBytes(target.maxBytes) }));
    }
    // Lossy output is always a new generation of the picture: say so, with the quality.
    if (encoded.quality !== undefined) steps.push(l10n.t('{format} quality {quality}', { format: formatLabel(format), quality: encoded.quality }));
    if (encoded.recompressed) steps.push(l10n.t('compressed {from} → {to}', { from: formatBytes(bytes.length), to: formatBytes(encoded.bytes.length) }));
    if (info.hasExif) routine(l10n.t('removed EXIF metadata'));

    return {
      bytes: encoded.bytes,
      fileName: uploadFileName(name, format),
      mimeType: MIME_TYPES[format],
      width: encoded.width,
      height: encoded.height,
      format,
      steps,
      routineSteps,
      warnings,
      original: { format: info.format, width: info.width, height: info.height, bytes: bytes.length },
    };
  });
}
