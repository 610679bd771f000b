// Types shared by the input-preparation modules (kept apart so geometry and encoding can be
// tested without the whole pipeline).

/** Upload formats an endpoint accepts. */
export type UploadFormat = 'png' | 'jpeg' | 'webp';

/** What an endpoint accepts; see prepareInputImage. */
export interface PrepareTarget {
  /** Accepted upload formats, preferred first (dall-e-2: ['png']; GPT: ['png', 'jpeg', 'webp']). */
  formats: UploadFormat[];
  /** Largest upload in bytes, inclusive (4 MiB dall-e-2, 50 MiB GPT). */
  maxBytes: number;
  /** Square-only endpoints (dall-e-2 variations/edits). */
  square: boolean;
  /** How to reach a square or an accepted aspect ratio: add borders or cut the edges. Default 'pad'. */
  squareMode?: 'pad' | 'crop';
  /** Border colour when padding: transparent (forces an alpha channel) or repeated edge pixels. Default 'transparent'. */
  padColor?: 'transparent' | 'edge';
  /** Longest side of the prepared image (1024 dall-e-2, 3840 GPT). */
  maxSide?: number;
  /** Shortest side of the prepared image; smaller images are enlarged (whole-pixel factor, nearest neighbour). */
  minSide?: number;
  /** Accepted width/height ratio range, e.g. { min: 1/3, max: 3 }; outside it the image is padded (or cropped) to the limit. */
  aspect?: { min: number; max: number };
  /** The endpoint needs RGBA (dall-e-2 edits). */
  requireAlpha?: boolean;
}

/** An image ready to upload, with a human account of what was done to it. */
export interface PreparedImage {
  bytes: Buffer;
  /** Upload name: the original base name with the new extension, e.g. "cat.png". */
  fileName: string;
  mimeType: string;
  width: number;
  height: number;
  format: UploadFormat;
  /** Summary parts, e.g. "converted JPEG → PNG", "padded 1920x1080 → 1920x1920". */
  steps: string[];
  /**
   * The steps of `steps` that are format housekeeping (converted to the upload format, an
   * alpha channel added, EXIF removed): a caller that finds them routine leaves them out by
   * identity, whatever language they are in.
   */
  routineSteps: string[];
  /** Things the user should know before sending, e.g. "the image is fully transparent". */
  warnings: string[];
  /** The input as the user sees it (size after EXIF orientation). */
  original: { format: string; width: number; height: number; bytes: number };
}

/** A width and a height in pixels. */
export interface Size {
  width: number;
  height: number;
}
