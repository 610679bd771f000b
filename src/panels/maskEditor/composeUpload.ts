// What a masked edit uploads: the base image extended for outpainting (new area fully
// transparent) and the mask, both of one size and shaped for the model (dall-e-2: a square
// PNG of at most 1024 px under 4 MB). In memory only. No `vscode` import.

import * as l10n from '@vscode/l10n';
import type { MaskExtension } from '../../../shared/protocol';
import type { EditInputImage } from '../../openai/editRequests';
import { capabilitiesFor, InvalidParametersError } from '../../openai/modelCapabilities';
import { downscaleCoverage, encodeApiMask } from '../../imaging/maskValidation';
import { openImage, withPipelineSlot } from '../../imaging/sharpSafety';

const MB = 1024 * 1024;
/** dall-e-2 edits at most 1024x1024 (its largest output) and takes files under 4 MB. */
const DALL_E_2_MAX_SIDE = 1024;
const DALL_E_2_MAX_BYTES = 4 * MB;

/** An encoded image with its size. */
export interface SizedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

/** True when `extension` adds nothing. */
export function isNoExtension(extension: MaskExtension): boolean {
  return extension.left === 0 && extension.top === 0 && extension.right === 0 && extension.bottom === 0;
}

/**
 * The base image with transparent pixels added on each side (RGBA PNG). Without an
 * extension the base is returned as is (it is already an RGBA PNG).
 */
export async function extendImage(base: SizedImage, extension: MaskExtension): Promise<SizedImage> {
  if (isNoExtension(extension)) return base;
  const width = base.width + extension.left + extension.right;
  const height = base.height + extension.top + extension.bottom;
  const bytes = await withPipelineSlot(() =>
    openImage(base.bytes)
      .ensureAlpha()
      .extend({ ...extension, background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png({ compressionLevel: 6 })
      .toBuffer(),
  );
  return { bytes, width, height };
}

/** The two uploads, and the size they were scaled to (when not the extended size). */
export interface MaskedUpload {
  image: EditInputImage;
  mask: EditInputImage;
  /** Set when the upload was made smaller than the canvas (dall-e-2). */
  scaledTo?: { width: number; height: number };
}

/**
 * Shapes the extended image and its mask for `model`. GPT image and unknown models get them
 * at full size. dall-e-2 needs a square (the person extends the canvas to one; it is never
 * padded behind their back, since that would change what the mask covers) and gets both
 * downscaled to at most 1024 px, smaller still if the PNG would not be under 4 MB.
 * @param coverage 255 − alpha of the painted mask, at the extended size.
 * @throws InvalidParametersError when the shape does not suit the model.
 * @throws MaskError when the mask cannot be encoded under the API's limit.
 */
export async function buildMaskedUpload(
  model: string,
  extended: SizedImage,
  coverage: Uint8Array,
  fileStem: string,
): Promise<MaskedUpload> {
  const caps = capabilitiesFor(model);
  const stem = fileStem.replace(/[^\w.\- ]+/g, '_').trim() || 'image';
  const image = (bytes: Buffer, width: number, height: number): EditInputImage => ({
    bytes,
    width,
    height,
    fileName: `${stem}.png`,
    mimeType: 'image/png',
  });
  const mask = (bytes: Buffer, width: number, height: number): EditInputImage => ({
    bytes,
    width,
    height,
    fileName: 'mask.png',
    mimeType: 'image/png',
  });
  if (!caps.edits.squareOnly) {
    const maskBytes = await encodeApiMask(coverage, extended.width, extended.height);
    return { image: image(extended.bytes, extended.width, extended.height), mask: mask(maskBytes, extended.width, extended.height) };
  }
  if (extended.width !== extended.height) {
    throw new InvalidParametersError([
      {
        field: 'image',
        value: `${extended.width}x${extended.height}`,
        message: l10n.t('{model} edits square images only, and this canvas is {width}x{height}. Extend it to a square (Extend › 1:1) or choose a GPT image model.', {
          model: caps.id,
          width: extended.width,
          height: extended.height,
        }),
      },
    ]);
  }
  // Smaller sides until the PNG fits; never below 256 (dall-e-2's smallest size) unless the
  // canvas itself is smaller.
  for (let side = Math.min(DALL_E_2_MAX_SIDE, extended.width); ; side = Math.max(256, Math.floor(side * 0.75))) {
    const last = side <= 256;
    const bytes =
      side === extended.width
        ? extended.bytes
        : await withPipelineSlot(() =>
            openImage(extended.bytes).resize(side, side, { fit: 'fill', kernel: 'lanczos3' }).ensureAlpha().png({ compressionLevel: 9 }).toBuffer(),
          );
    if (bytes.length >= DALL_E_2_MAX_BYTES) {
      if (last) break;
      continue;
    }
    const scaled = side === extended.width ? coverage : downscaleCoverage(coverage, extended, side, side);
    const maskBytes = await encodeApiMask(scaled, side, side);
    return {
      image: image(bytes, side, side),
      mask: mask(maskBytes, side, side),
      ...(side !== extended.width ? { scaledTo: { width: side, height: side } } : {}),
    };
  }
  throw new InvalidParametersError([
    { field: 'image', value: extended.bytes.length, message: l10n.t("The image does not fit under {model}'s 4 MB limit even at 256x256.", { model: caps.id }) },
  ]);
}
