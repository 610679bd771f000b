// Wording for the UI: byte sizes and the one-line account of a prepared image.

import type { PreparedImage } from './prepareTypes';
import { FORMAT_LABELS } from './sniffFormat';

/** "812 bytes", "85 KB", "4 MB", "4.5 MB" (1024-based, as upload limits are). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

/** "PNG", "JPEG", "WebP"… */
export function formatLabel(format: string): string {
  return FORMAT_LABELS[format] ?? format.toUpperCase();
}

/**
 * One line for the UI, e.g. "cat.png, 1024x1024 PNG, 1.2 MB: converted JPEG → PNG, padded
 * 1024x576 → 1024x1024 (transparent). Warning: …". With no steps it says "no changes needed"
 * (the pixels are re-encoded losslessly).
 */
export function summarizePreparation(p: PreparedImage): string {
  const head = `${p.fileName}, ${p.width}x${p.height} ${formatLabel(p.format)}, ${formatBytes(p.bytes.length)}`;
  const body = p.steps.length > 0 ? p.steps.join(', ') : 'no changes needed';
  const warnings = p.warnings.map((w) => ` Warning: ${w}.`).join('');
  return `${head}: ${body}.${warnings}`;
}
