// Second stage of preparation, on decoded pixels: crop or pad to the planned canvas, enlarge,
// and settle the alpha channel. One sharp pipeline; sharp runs its steps in a fixed order
// (extract, resize, extend), which is the order wanted here.

import type { RawImage } from './encodeWithinBytes';
import type { ShapePlan } from './planShape';
import { openImage } from './sharpSafety';

/** How to treat borders and alpha. */
export interface ShapeOptions {
  /** Border fill when padding: transparent, repeated edge pixels, or white (for JPEG output). */
  pad: 'transparent' | 'edge' | 'white';
  /** Output needs an alpha channel (RGBA), added opaque if missing. */
  alpha: boolean;
  /** Output cannot hold alpha (JPEG): composite onto white. */
  flatten: boolean;
}

/** True when any pixel is not fully opaque. */
export function hasTransparency(raw: RawImage): boolean {
  if (raw.channels !== 4) return false;
  for (let i = 3; i < raw.data.length; i += 4) if (raw.data[i] !== 255) return true;
  return false;
}

/** True when every pixel is fully transparent. */
export function isFullyTransparent(raw: RawImage): boolean {
  if (raw.channels !== 4) return false;
  for (let i = 3; i < raw.data.length; i += 4) if (raw.data[i] !== 0) return false;
  return true;
}

/** Applies `plan` (crop/pad/enlarge) and `options` to `raw`; returns `raw` itself when nothing changes. */
export async function shapeFrame(raw: RawImage, plan: ShapePlan, options: ShapeOptions): Promise<RawImage> {
  const k = plan.upscale;
  const alphaChange = options.flatten ? raw.channels === 4 : options.alpha !== (raw.channels === 4);
  if (plan.mode === 'none' && k === 1 && !alphaChange) return raw;

  let image = openImage(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
  const { box, scaled } = plan;
  if (plan.mode === 'crop') {
    image = image.extract({
      left: Math.floor((scaled.width - box.width) / 2),
      top: Math.floor((scaled.height - box.height) / 2),
      width: box.width,
      height: box.height,
    });
  }
  if (k > 1) {
    const base = plan.mode === 'crop' ? box : scaled;
    image = image.resize(base.width * k, base.height * k, { fit: 'fill', kernel: 'nearest' });
  }
  if (options.flatten) image = image.flatten({ background: '#ffffff' });
  else if (options.alpha) image = image.ensureAlpha(1);
  if (plan.mode === 'pad') {
    const left = Math.floor((box.width - scaled.width) / 2);
    const top = Math.floor((box.height - scaled.height) / 2);
    const border = {
      left: left * k,
      right: (box.width - scaled.width - left) * k,
      top: top * k,
      bottom: (box.height - scaled.height - top) * k,
    };
    image =
      options.pad === 'edge'
        ? image.extend({ ...border, extendWith: 'copy' })
        : image.extend({
            ...border,
            background: options.pad === 'white' ? '#ffffff' : { r: 0, g: 0, b: 0, alpha: 0 },
          });
  }
  const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 };
}
