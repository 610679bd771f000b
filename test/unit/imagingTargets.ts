// The upload targets the imaging tests prepare for: what dall-e-2 and GPT image edits accept.
import type { PrepareTarget } from '../../src/imaging/prepareInputImage';

export const MiB = 1024 * 1024;

/** dall-e-2 variations: one square PNG under 4 MB, at most 1024 px. */
export const DALLE2_VARIATION: PrepareTarget = { formats: ['png'], maxBytes: 4 * MiB, square: true, maxSide: 1024, minSide: 256 };

/** dall-e-2 edits: the same, with an alpha channel. */
export const DALLE2_EDIT: PrepareTarget = { ...DALLE2_VARIATION, requireAlpha: true };

/** GPT image edits: PNG/JPEG/WebP under 50 MB, at most 3840 px, aspect 1:3 to 3:1. */
export const GPT_EDIT: PrepareTarget = {
  formats: ['png', 'jpeg', 'webp'],
  maxBytes: 50 * MiB,
  square: false,
  maxSide: 3840,
  aspect: { min: 1 / 3, max: 3 },
};
