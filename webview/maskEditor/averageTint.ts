// The mask overlay's colour for one image, chosen once when the image arrives.
import { tintFor } from './maskRenderer';

/** The overlay tint that stays visible on this image (its average colour, from a 16x16 copy). */
export function averageTint(bitmap: ImageBitmap): string {
  const small = document.createElement('canvas');
  small.width = 16;
  small.height = 16;
  const ctx = small.getContext('2d');
  if (!ctx) return tintFor(0, 0, 0);
  ctx.drawImage(bitmap, 0, 0, 16, 16);
  const data = ctx.getImageData(0, 0, 16, 16).data;
  let [r, g, b, n] = [0, 0, 0, 0];
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 128) continue;
    r += data[i];
    g += data[i + 1];
    b += data[i + 2];
    n++;
  }
  return n === 0 ? tintFor(0, 0, 0) : tintFor(r / n, g / n, b / n);
}
