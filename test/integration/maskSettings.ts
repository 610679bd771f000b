// Mask-editor settings the integration suites send as a page would.
import type { MaskEditSettings } from '../../shared/protocol';

/** gpt-image-2, low quality, one image, strict composite with a 2 px feather. */
export const MASK_TEST_SETTINGS: MaskEditSettings = {
  model: 'gpt-image-2',
  size: 'auto',
  quality: 'low',
  n: 1,
  outputFormat: 'png',
  background: 'auto',
  strictComposite: true,
  featherPx: 2,
};
