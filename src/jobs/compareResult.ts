// No silent downgrades: after every result, what was asked (the parameters as sent) against
// what came back (the verified image, and what the answer says it made). Each difference is
// one sentence, shown next to the result and kept in its sidecar. Pure: unit-tested.
import { joinPhrases } from '../../shared/listJoin';
import { formatNumber } from '../../shared/localeFormat';
import * as l10n from '@vscode/l10n';
import type { AnsweredOptions } from '../openai/imagesResponseReader';
import { FORMAT_NAMES, GIF_LIMITS, parseSize } from '../openai/modelCapabilities';

/** What a verified result is, as far as the comparison needs it. */
export interface ResultFacts {
  /** png, jpeg, webp, gif or svg. */
  format: string;
  width: number;
  height: number;
  /** Frames decoded (1 for a still image or a drawing). */
  frames: number;
  /** Each frame's delay as stored in the GIF, when it is an animation. */
  frameDurationsMs?: readonly number[];
  /** Whether any pixel is transparent; undefined when it was not checked. */
  usesTransparency?: boolean;
  /** What the answer says it made. */
  answered?: AnsweredOptions;
}

/** A format's name (`jpg` is JPEG); a format outside the table in capitals. */
function formatName(format: string): string {
  const key = format.toLowerCase() === 'jpg' ? 'jpeg' : format.toLowerCase();
  return (FORMAT_NAMES as Readonly<Record<string, string>>)[key] ?? format.toUpperCase();
}
const sameFormat = (a: string, b: string) => formatName(a) === formatName(b);

/**
 * How the result differs from what was asked, one sentence each; empty when it is what was
 * asked. `sent` is the request's parameters (snake_case, as sent); a parameter not sent is
 * not compared (the model's default was asked for), except the format, which is PNG then.
 */
export function resultDifferences(sent: Readonly<Record<string, unknown>>, result: ResultFacts): string[] {
  const differences: string[] = [];
  const askedSize = typeof sent.size === 'string' ? parseSize(sent.size) : undefined;
  if (askedSize && (askedSize.width !== result.width || askedSize.height !== result.height)) {
    differences.push(l10n.t('Asked for {asked}, got {got}.', { asked: `${askedSize.width}x${askedSize.height}`, got: `${result.width}x${result.height}` }));
  }
  const askedFormat = typeof sent.output_format === 'string' ? sent.output_format : 'png';
  if (!sameFormat(askedFormat, result.format)) {
    differences.push(l10n.t('Asked for {asked}, got {got}.', { asked: formatName(askedFormat), got: formatName(result.format) }));
  }
  if (sent.background === 'transparent' && result.format !== 'svg') {
    if (result.usesTransparency === false) {
      differences.push(l10n.t('Asked for a transparent background, got an image with no transparent pixels.'));
    } else if (result.usesTransparency === undefined && result.answered?.background === 'opaque') {
      differences.push(l10n.t('Asked for a transparent background; the service says it made an opaque one.'));
    }
  }
  if (askedFormat === 'gif' && sameFormat(result.format, 'gif')) {
    const frames = typeof sent.frame_count === 'number' ? sent.frame_count : GIF_LIMITS.defaultFrames;
    if (result.frames !== frames) differences.push(l10n.t('Asked for {asked} frames, got {got}.', { asked: formatNumber(frames), got: formatNumber(result.frames) }));
    const duration = typeof sent.frame_duration_ms === 'number' ? sent.frame_duration_ms : GIF_LIMITS.defaultFrameDurationMs;
    // The service rounds to 10 ms; GIF stores hundredths of a second.
    const expected = Math.round(duration / 10) * 10;
    const off = (result.frameDurationsMs ?? []).filter((delay) => Math.abs(delay - expected) >= 10);
    if (off.length > 0) {
      const values = { expected: formatNumber(expected), got: joinPhrases([...new Set(off)].slice(0, 3).map((delay) => formatNumber(delay))), count: formatNumber(off.length) };
      differences.push(
        off.length === 1
          ? l10n.t('Asked for {expected} ms per frame, got {got} ms on {count} frame.', values)
          : l10n.t('Asked for {expected} ms per frame, got {got} ms on {count} frames.', values),
      );
    }
  }
  return differences;
}
