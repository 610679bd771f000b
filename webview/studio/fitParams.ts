// Keeps the form's values valid for the chosen model: a value the model accepts stays, any
// other becomes the model's default (or its first choice). So switching from gpt-image-2 at
// 1536x864 to DALL·E 3 offers 1024x1024, and switching back keeps what still fits. DOM-free.
import type { StudioModel, StudioParams } from '../../shared/protocol';

const SIZE = /^[1-9]\d{0,4}x[1-9]\d{0,4}$/;

/** `wanted` adjusted so every value is one `model` accepts (custom sizes are checked by the host). */
export function fitParams(model: StudioModel, wanted: StudioParams): StudioParams {
  const size =
    model.sizes.includes(wanted.size) || (model.customSize && SIZE.test(wanted.size))
      ? wanted.size
      : (model.defaults.size ?? model.sizes[0] ?? 'auto');
  const quality = model.qualities.includes(wanted.quality) ? wanted.quality : (model.defaults.quality ?? model.qualities[0] ?? 'auto');
  const outputFormat =
    model.outputFormats.length === 0
      ? 'png'
      : model.outputFormats.includes(wanted.outputFormat)
        ? wanted.outputFormat
        : (model.defaults.outputFormat ?? model.outputFormats[0]);
  let background =
    model.backgrounds.length === 0
      ? 'auto'
      : model.backgrounds.includes(wanted.background)
        ? wanted.background
        : (model.defaults.background ?? 'auto');
  // JPEG has no alpha channel: a transparent background would be refused.
  if (background === 'transparent' && outputFormat === 'jpeg') background = 'auto';
  const style =
    model.styles.length === 0 ? 'vivid' : model.styles.includes(wanted.style) ? wanted.style : (model.defaults.style ?? model.styles[0]);
  const n = Math.min(model.maxN, Math.max(1, Math.round(Number.isFinite(wanted.n) ? wanted.n : 1)));
  return { model: model.id, size, quality, n, background, outputFormat, style };
}
