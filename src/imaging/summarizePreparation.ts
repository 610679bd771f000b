// Wording for the UI: byte sizes and the one-line account of a prepared image.

import * as l10n from '@vscode/l10n';
import { joinPhrases } from '../../shared/listJoin';
import { formatNumber } from '../../shared/localeFormat';
import type { PreparedImage } from './prepareTypes';
import { FORMAT_LABELS } from './sniffFormat';

/** "812 bytes", "85 KB", "4 MB", "4.5 MB" (1024-based, as upload limits are), in the display language's digits. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return l10n.t('{count} bytes', { count: formatNumber(bytes) });
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 1024))} KB`;
  return `${formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`;
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
  const steps = p.steps.length > 0 ? joinPhrases(p.steps) : l10n.t('no changes needed');
  const line = l10n.t('{file}, {size} {format}, {bytes}: {steps}.', {
    file: p.fileName,
    size: `${p.width}x${p.height}`,
    format: formatLabel(p.format),
    bytes: formatBytes(p.bytes.length),
    steps,
  });
  const warnings = p.warnings.map((warning) => ` ${l10n.t('Warning: {warning}.', { warning })}`).join('');
  return `${line}${warnings}`;
}
