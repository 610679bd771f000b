// Pure arithmetic and formatting for the benchmark report: medians, ranges, ratios, units.
// No I/O, so it is unit-tested (test/unit/benchStats.test.ts).

/** A set of repeated measurements, summarised the way the report prints them. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many samples. */
  n: number;
  samples: number[];
}

/** Median of `values` (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, min, max and count of `samples` (at least one, all finite). */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summary of no samples');
  if (samples.some((value) => !Number.isFinite(value))) throw new RangeError('samples must be finite numbers');
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    n: samples.length,
    samples: [...samples],
  };
}

/** Units the report knows how to print. */
export type Unit = 'ms' | 'bytes' | 'MB' | 'percent' | 'ratio' | 'count';

/** Rounds to a precision that suits the magnitude: 1234 → "1234", 12.34 → "12.3", 1.234 → "1.23". */
export function round(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || Number.isInteger(value)) return Math.round(value).toString();
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Bytes as KB (up to 1 MB) or MB, 1 KB = 1024 bytes, e.g. "8.2 KB", "9.65 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${round(bytes / 1024)} KB`;
  return `${round(bytes / (1024 * 1024))} MB`;
}

/** One value with its unit, e.g. "12.3 ms", "1.2 MB", "4.1 %", "14.2×". */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return `${round(value)} ms`;
    case 'bytes':
      return formatBytes(value);
    case 'MB':
      return `${round(value)} MB`;
    case 'percent':
      return `${round(value)} %`;
    case 'ratio':
      return `${round(value)}×`;
    case 'count':
      return round(value);
  }
}

/** "12.3 ms (11.0–15.2, n = 5)"; a single sample prints without the range. */
export function formatSummary(summary: Summary, unit: Unit): string {
  const main = formatValue(summary.median, unit);
  if (summary.n === 1) return main;
  const bare = (value: number) => (unit === 'bytes' ? formatBytes(value) : round(value));
  return `${main} (${bare(summary.min)}–${bare(summary.max)}, n = ${summary.n})`;
}

/** A target: the median must be at most (or at least) `value`. */
export interface Target {
  op: '<=' | '>=';
  value: number;
  unit: Unit;
}

export function formatTarget(target: Target): string {
  return `${target.op === '<=' ? '≤' : '≥'} ${formatValue(target.value, target.unit)}`;
}

/** Whether `value` meets `target`. */
export function meets(value: number, target: Target): boolean {
  return target.op === '<=' ? value <= target.value : value >= target.value;
}

/** Ratio of two medians, e.g. baseline / candidate for a speed-up. */
export function ratio(numerator: number, denominator: number): number {
  if (!(denominator > 0)) throw new RangeError('ratio with a non-positive denominator');
  return numerator / denominator;
}

/** Per-pair ratios of interleaved runs, so one noisy moment skews one pair, not all. */
export function pairwiseRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  if (numerators.length !== denominators.length) throw new RangeError('pairwise ratios need as many numerators as denominators');
  return numerators.map((value, index) => ratio(value, denominators[index]));
}

/** Overhead of `measured` over `bare` in percent, per pair: (measured − bare) / bare × 100. */
export function overheadPercents(measured: readonly number[], bare: readonly number[]): number[] {
  return pairwiseRatios(measured, bare).map((value) => (value - 1) * 100);
}

/** How many runs to do: at least `min`, at most `max`, more than `min` only while within `seconds`. */
export interface RunPlan {
  min: number;
  max: number;
  seconds: number;
}

/**
 * Whether run number `done + 1` should happen, for a loop that started at `startedAt`
 * (ms since the epoch). Keeps the whole bench inside its time limit on a busy machine.
 */
export function anotherRun(plan: RunPlan, done: number, startedAt: number, now = Date.now()): boolean {
  if (done < plan.min) return true;
  return done < plan.max && now - startedAt < plan.seconds * 1000;
}
