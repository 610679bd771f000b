// 4. Memory, in the real extension host: "Generate Image…" from the palette with n = 10,
// 1536x1024, one b64 response (the session's settings), against the local endpoint. The
// host's peak RSS comes from the kernel (VmHWM after resetting it through clear_refs).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_FOLDER, type HostSession } from './hostSession';
import { readStatusKb, resetPeak } from './memory';
import type { Figure } from './report';
import { anotherRun, summarize, type RunPlan } from './stats';
import { answerInput, runCommand } from './workbenchDriver';

const MB_PER_KB = 1 / 1024;

export interface HostMemoryOptions {
  /** n = 10 jobs after the n = 1 warm-up (the first is the figure, the others are noted). */
  jobs: RunPlan;
  log: (line: string) => void;
}

interface HostJob {
  baselineMb: number;
  peakGrowthMb: number;
  /** RSS growth 3 s after the job (no forced GC possible in the host). */
  afterMb: number;
  ms: number;
}

function sidecarCount(workspace: string): number {
  try {
    return readdirSync(join(workspace, OUTPUT_FOLDER)).filter((name) => name.endsWith('.json')).length;
  } catch {
    return 0;
  }
}

/** A job that saved another number of images than asked: the count setting had not applied yet. */
class CountNotApplied extends Error {}

async function oneJob(session: HostSession, pid: number, count: number, label: string): Promise<HostJob> {
  const before = sidecarCount(session.workspace);
  await session.page.waitForTimeout(1000);
  const baselineKb = readStatusKb(pid, 'VmRSS');
  resetPeak(pid);
  const started = Date.now();
  await runCommand(session.page, 'Image Studio: Generate Image…');
  await answerInput(session.page, `A harbour at dawn with fishing boats, oil painting, ${label}`);
  // Done when `count` images are saved, or when some were and no more came for 4 s.
  const deadline = Date.now() + 120_000;
  let seen = before;
  let lastChange = Date.now();
  for (;;) {
    const now = sidecarCount(session.workspace);
    if (now !== seen) {
      seen = now;
      lastChange = Date.now();
    }
    if (now >= before + count || (now > before && Date.now() - lastChange > 4000)) break;
    if (Date.now() > deadline) throw new Error(`${now - before} of ${count} images saved after 120 s`);
    await session.page.waitForTimeout(100);
  }
  const ms = Date.now() - started;
  // The job ends with opening the first image; let that and the last writes finish.
  await session.page.waitForTimeout(3000);
  const peakKb = readStatusKb(pid, 'VmHWM');
  const afterKb = readStatusKb(pid, 'VmRSS');
  const saved = sidecarCount(session.workspace) - before;
  await runCommand(session.page, 'View: Close All Editors');
  await runCommand(session.page, 'Notifications: Clear All Notifications');
  if (saved !== count) throw new CountNotApplied(`${saved} images saved, ${count} expected`);
  return { baselineMb: baselineKb * MB_PER_KB, peakGrowthMb: (peakKb - baselineKb) * MB_PER_KB, afterMb: (afterKb - baselineKb) * MB_PER_KB, ms };
}

/**
 * oneJob, again (up to three tries, 3 s apart) while VS Code has not yet picked up a
 * changed count from .vscode/settings.json; a try with the old count is not measured.
 */
async function jobWithCount(session: HostSession, pid: number, count: number, label: string, log: (line: string) => void): Promise<HostJob> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await oneJob(session, pid, count, label);
    } catch (error) {
      if (!(error instanceof CountNotApplied) || attempt >= 3) throw error;
      log(`${error.message}: the count setting had not applied yet, trying again`);
      await session.page.waitForTimeout(3000);
    }
  }
}

export async function benchHostMemory(session: HostSession, options: HostMemoryOptions): Promise<Figure[]> {
  const name = 'Extension host (code-server), "Generate Image…" n = 10 × 1536x1024 b64 PNG in one response: peak RSS growth';
  try {
    const pid = await session.extensionHostPid();
    const warmUp = await jobWithCount(session, pid, 1, 'warm-up', options.log);
    options.log(`host warm-up job (n = 1): RSS ${warmUp.baselineMb.toFixed(0)} MB before, peak +${warmUp.peakGrowthMb.toFixed(0)} MB; ${warmUp.ms} ms`);
    session.setWorkspaceSettings({ 'imageStudio.count': 10 });
    await session.page.waitForTimeout(2500);
    const jobs: HostJob[] = [];
    const started = Date.now();
    for (let index = 0; anotherRun(options.jobs, index, started); index++) {
      const job = await jobWithCount(session, pid, 10, `take ${index + 1}`, options.log);
      options.log(`host job ${index + 1} (n = 10): RSS ${job.baselineMb.toFixed(0)} MB before, peak +${job.peakGrowthMb.toFixed(0)} MB, +${job.afterMb.toFixed(0)} MB 3 s after; ${job.ms} ms`);
      jobs.push(job);
    }
    const first = jobs[0];
    return [
      {
        section: '4. Memory',
        name,
        unit: 'MB',
        result: summarize([first.peakGrowthMb]),
        checks: [{ target: { op: '<=', value: 200, unit: 'MB' }, value: first.peakGrowthMb }],
        note:
          `The extension host process of a code-server session (found by its HOME), RSS from /proc: growth = VmHWM (reset right before the command) − VmRSS before (${first.baselineMb.toFixed(0)} MB). ` +
          `The first n = 10 job after a warm-up job of n = 1 (which loaded the SDK and sharp: peak +${warmUp.peakGrowthMb.toFixed(0)} MB from ${warmUp.baselineMb.toFixed(0)} MB); one run, as the first big job of a session is the one that grows the process. ` +
          (jobs.length > 1 ? `Later jobs start from the grown heap and add less: ${jobs.slice(1).map((job) => `+${job.peakGrowthMb.toFixed(0)} MB`).join(', ')}. ` : '') +
          `RSS 3 s after: ${jobs.map((job) => `+${job.afterMb.toFixed(0)}`).join(', ')} MB (no GC can be forced in the host; the bench-process rows check the heap after GC). ` +
          'Images from the bench\'s payload server (photo-like, ~3.8 MB PNG each).',
      },
    ];
  } catch (error) {    return [
      {
        section: '4. Memory',
        name,
        unit: 'MB',
        checks: [{ target: { op: '<=', value: 200, unit: 'MB' }, value: Number.NaN }],
        unavailable: `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
      },
    ];
  }
}
