// 4. Memory: peak growth while n = 10 results of 1536x1024 arrive as b64 and are saved, and
// whether anything full-size stays alive afterwards. Two vantage points:
//  - a child Node process (`--expose-gc`) running the same pipeline as section 3 (so heap
//    figures and a forced GC are available), one fresh child per run;
//  - the real extension host in code-server, from /proc (RSS only), see hostMemory.ts.
// Peak RSS comes from the kernel's high-water mark (VmHWM, reset through
// /proc/<pid>/clear_refs), so no peak between two samples is missed; heap figures are
// sampled every 5 ms on the main thread (a blocked main thread cannot sample, so they can
// miss a peak inside one synchronous step, e.g. JSON.parse; RSS cannot).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timeJob, type BenchJob, type ImageServer } from './pipeline';
import type { Figure } from './report';
import { procStatusKb } from './parsers';
import { anotherRun, summarize, type RunPlan } from './stats';

const MB = 1024 * 1024;
const PROMPT = 'A harbour at dawn with fishing boats, oil painting';

/** The two ways a job of 10 arrives. */
export type MemoryVariant = 'single' | 'streaming';

export function memoryJob(variant: MemoryVariant, count = 10): BenchJob {
  const settings = { model: 'gpt-image-2', size: '1536x1024', quality: 'low', count, outputFormat: 'png' } as const;
  return { prompt: PROMPT, settings: variant === 'single' ? { ...settings, stream: false } : { ...settings, stream: true, partialImages: 2 } };
}

export function readStatusKb(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number {
  return procStatusKb(readFileSync(`/proc/${pid}/status`, 'utf8'), field);
}

/** Resets the peak-RSS mark of `pid` (Linux: writing 5 to clear_refs). */
export function resetPeak(pid: number | 'self'): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** What the child reports for one job. */
export interface ChildMemoryResult {
  variant: MemoryVariant;
  /** MB, after warm-up and GC, before the job. */
  baseline: { rss: number; heapUsed: number; external: number };
  /** MB above baseline: kernel peak RSS; sampled peaks of heapUsed and heapUsed + external. */
  peakGrowth: { rss: number; heapUsed: number; heapPlusExternal: number };
  /** MB above baseline after the job and two forced GCs. */
  afterGc: { rss: number; heapUsed: number; external: number };
  /** Bytes of images delivered. */
  imageBytes: number;
  jobMs: number;
}

const mb = (bytes: number) => bytes / MB;

/** Runs inside the child (`main.js --memory-child <server url> <variant> <tempDir>`, with --expose-gc). */
export async function memoryChild(server: ImageServer, variant: MemoryVariant, tempDir: string): Promise<ChildMemoryResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the memory child with --expose-gc');
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  // Warm-up: loads the SDK and sharp and runs each step once (n = 1, same size), so the
  // figures below are the job's, not module loading's.
  await timeJob(server, memoryJob(variant, 1), tempDir);
  await settle();
  const before = process.memoryUsage();
  const baseline = { rss: mb(readStatusKb('self', 'VmRSS') * 1024), heapUsed: mb(before.heapUsed), external: mb(before.external) };
  let peakHeap = before.heapUsed;
  let peakHeapPlusExternal = before.heapUsed + before.external;
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakHeapPlusExternal = Math.max(peakHeapPlusExternal, usage.heapUsed + usage.external);
  };
  resetPeak('self');
  const timer = setInterval(sample, 5);
  const timing = await timeJob(server, memoryJob(variant), tempDir, sample);
  clearInterval(timer);
  sample();
  const peakRss = mb(readStatusKb('self', 'VmHWM') * 1024);
  await settle();
  const after = process.memoryUsage();
  return {
    variant,
    baseline,
    peakGrowth: { rss: peakRss - baseline.rss, heapUsed: mb(peakHeap - before.heapUsed), heapPlusExternal: mb(peakHeapPlusExternal - before.heapUsed - before.external) },
    afterGc: { rss: mb(readStatusKb('self', 'VmRSS') * 1024) - baseline.rss, heapUsed: mb(after.heapUsed - before.heapUsed), external: mb(after.external - before.external) },
    imageBytes: timing.imageBytes,
    jobMs: timing.ms,
  };
}

/** Spawns one child for one job and returns what it printed. */
function runChild(script: string, serverUrl: string, variant: MemoryVariant, tempDir: string): Promise<ChildMemoryResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', script, '--memory-child', serverUrl, variant, tempDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      const line = stdout.split('\n').find((text) => text.startsWith('MEMORY_RESULT='));
      if (code !== 0 || !line) return reject(new Error(`memory child failed (exit ${code}):\n${stdout}\n${stderr}`));
      resolve(JSON.parse(line.slice('MEMORY_RESULT='.length)) as ChildMemoryResult);
    });
  });
}

export interface MemoryOptions {
  /** Children per variant. */
  runs: RunPlan;
  tempDir: string;
  /** This bundle (out/test/bench/main.js), run again as the child. */
  script: string;
  log: (line: string) => void;
}

/** Bench-process figures: one fresh child per run and variant, against the payload server at `serverUrl`. */
export async function benchProcessMemory(serverUrl: string, options: MemoryOptions): Promise<Figure[]> {
  const section = '4. Memory';
  const figures: Figure[] = [];
  for (const variant of ['single', 'streaming'] as const) {
    const results: ChildMemoryResult[] = [];
    const started = Date.now();
    for (let run = 0; anotherRun(options.runs, run, started); run++) {
      const result = await runChild(options.script, serverUrl, variant, mkdtempSync(join(options.tempDir, `memory-${variant}-`)));
      results.push(result);
      options.log(
        `${variant} run ${run + 1}: peak RSS +${result.peakGrowth.rss.toFixed(0)} MB, heap +${result.peakGrowth.heapUsed.toFixed(0)} MB, heap+external +${result.peakGrowth.heapPlusExternal.toFixed(0)} MB; ` +
          `after GC: heap ${fmtSigned(result.afterGc.heapUsed)} MB, external ${fmtSigned(result.afterGc.external)} MB, RSS ${fmtSigned(result.afterGc.rss)} MB; job ${result.jobMs.toFixed(0)} ms`,
      );
    }
    const peak = summarize(results.map((result) => result.peakGrowth.rss));
    const retained = summarize(results.map((result) => result.afterGc.heapUsed + result.afterGc.external));
    const imagesMb = results[0].imageBytes / MB;
    const how = variant === 'single' ? 'one request, n = 10' : 'streaming (the default): 10 requests, 4 at a time, 2 partial images each';
    figures.push({
      section,
      name: `Bench process, n = 10 × 1536x1024 b64 PNG (${how}): peak RSS growth`,
      unit: 'MB',
      result: peak,
      checks: [{ target: { op: '<=', value: 200, unit: 'MB' }, value: peak.median }],
      note:
        `A fresh Node process per run runs the section-3 pipeline (request, decode, verify, save, sidecar, thumbnail) after a warm-up job of n = 1; ` +
        `growth = kernel peak RSS (VmHWM, reset before the job) − RSS before. Sampled peaks (5 ms): heapUsed +${median(results.map((r) => r.peakGrowth.heapUsed))} MB, ` +
        `heapUsed + external +${median(results.map((r) => r.peakGrowth.heapPlusExternal))} MB. Served by the bench's payload server: photo-like PNGs, ${imagesMb.toFixed(1)} MB for the 10 (${((imagesMb * 4) / 3).toFixed(0)} MB as base64).`,
    });
    figures.push({
      section,
      name: `… after the job and a forced GC: heap + external above the pre-job baseline (${variant === 'single' ? 'one request' : 'streaming'})`,
      unit: 'MB',
      result: retained,
      checks: [{ target: { op: '<=', value: 6, unit: 'MB' }, value: retained.median }],
      note: `No full-size image may stay reachable once saved: one 1536x1024 RGBA image is 6 MB raw (${(imagesMb / 10).toFixed(1)} MB as PNG), so the bound is one raw image. Measured with global.gc() (node --expose-gc) three times, 20 ms apart.`,
    });
  }
  return figures;
}

function fmtSigned(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}

function median(values: number[]): string {
  return summarize(values).median.toFixed(0);
}
