// First decode of an input image: one frame, upright, 8-bit sRGB, already at its planned
// size. Downscaling here (not later) is what lets libjpeg decode at 1/2..1/8 scale, so a
// 280-megapixel JPEG never exists in memory at full size.

import type { RawImage } from './encodeWithinBytes';
import { imageErrorFromSharp } from './imageErrors';
import type { ImageInfo } from './inspectImage';
import type { Size } from './prepareTypes';
import { openImage } from './sharpSafety';
import { endsEarly } from './sniffFormat';

/**
 * Decodes the first frame of `bytes`, applies EXIF orientation, converts to 8-bit sRGB(A)
 * (CMYK via its profile, greyscale, 16-bit) keeping alpha, and resizes to `size` (lanczos3).
 * Damaged data throws rather than decoding to grey or garbage blocks (see FAIL_ON).
 * @throws {ImageError} damaged, tooManyPixels.
 */
export async function decodeFrame(bytes: Uint8Array, info: ImageInfo, size: Size): Promise<RawImage> {
  try {
    let image = openImage(bytes, { limitInputPixels: info.decodeLimit }).autoOrient();
    if (size.width !== info.width || size.height !== info.height) {
      image = image.resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' });
    }
    const { data, info: out } = await image
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (out.channels !== 3 && out.channels !== 4) {
      // eslint-disable-next-line image-studio/localized-text -- internal invariant; imageErrorFromSharp turns it into a localized "damaged" error
      throw new Error(`unexpected channel count ${out.channels} after sRGB conversion`);
    }
    return { data, width: out.width, height: out.height, channels: out.channels };
  } catch (error) {
    throw imageErrorFromSharp(error, info.fileName, {
      limitPixels: info.decodeLimit,
      endsEarly: endsEarly(bytes, info.format),
    });
  }
}
