// The mask as the host receives it: a PNG at the full (extended) canvas size, black, with
// alpha 255 − coverage, the API's convention (fully transparent = edit). Made from the
// mask canvas itself, which is the replay of the stroke data, so it is exact to the pixel.

import * as l10n from '@vscode/l10n';

/** Encodes `mask` (alpha = area to edit) as the API-style mask PNG. */
export async function exportMask(mask: HTMLCanvasElement): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = mask.width;
  canvas.height = mask.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error(l10n.t('2D canvas is not available'));
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  // Whatever is painted punches its coverage out of the opaque black.
  ctx.globalCompositeOperation = 'destination-out';
  ctx.drawImage(mask, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error(l10n.t('The mask could not be encoded as PNG.'));
  // Sent as bytes (structured clone), never as numbers or base64.
  return new Uint8Array(await blob.arrayBuffer());
}
