// `npm run bench`: measures what issue 7 asks (activation, input preparation, pipeline
// overhead, memory, webviews), issue 16 the agent tools' overhead and issue 17 what the
// universal package's WebAssembly sharp costs against the native build; prints one Markdown
// table and writes it into BENCHMARKS.md between markers (the hand-written "how measured"
// text around it is kept).
// Environment:
//   IMAGE_STUDIO_BENCH_ONLY=activation,palette,preparation,pipeline,memory,webviews,agent,universal  run a subset
//   IMAGE_STUDIO_BENCH_QUICK=1   fewer runs (for working on the bench; figures are noisier)
//   IMAGE_STUDIO_BENCH_PROFILE=<folder>   CPU profiles of the agent calls (see agentTools.ts); BENCHMARKS.md is not written
//   IMAGE_STUDIO_CODE_SERVER / IMAGE_STUDIO_CHROMIUM   tool paths (defaults: .tools/, Debian)
// Only 127.0.0.1 is ever contacted: the local endpoint and code-server.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchActivation, featuresComposition, sizeFigures } from './activation';
import { benchAgentTools } from './agentTools';
import { benchPaletteInput } from './paletteInput';
import { codeServerVersion, describeMachine, findTools, loadAverage, ROOT, snapshotBundles, waitForQuietCpu } from './environment';
import { startEndpointProcess, type EndpointProcess } from './endpointProcess';
import { startPayloadServer, type PayloadServer } from './payloadServer';
import { benchHostMemory } from './hostMemory';
import { makeWorkspace, openHostSession, type HostSession } from './hostSession';
import { benchProcessMemory, memoryChild, type MemoryVariant } from './memory';
import { benchPipeline } from './pipeline';
import { benchPreparation } from './preparation';
import { benchResultChecks } from './resultChecks';
import { benchSharpBuilds, sharpChild } from './sharpBuilds';
import { allMet, missedTargets, renderTable, spliceGenerated, type Figure } from './report';
import type { RunPlan } from './stats';
import type { PackagedVsix } from './vsixPackage';
import { packageVsix } from './vsixPackage';
import { availableWebviews, benchMaskEditor, benchStudio, MESSAGE_TIMING_SCRIPT } from './webviews';

const SECTIONS = ['activation', 'palette', 'preparation', 'pipeline', 'memory', 'webviews', 'agent', 'universal'] as const;
type Section = (typeof SECTIONS)[number];

const quick = process.env.IMAGE_STUDIO_BENCH_QUICK === '1';
const profiled = Boolean(process.env.IMAGE_STUDIO_BENCH_PROFILE);
/**
 * Runs per figure: at least `min`, up to `max` while the loop is within `seconds`, so the
 * whole bench stays under 10 minutes on a shared 2-core machine even when it is busy
 * (about 5 minutes when it is not).
 */
const plan = (min: number, max: number, seconds: number): RunPlan => (quick ? { min: Math.min(2, min), max: Math.min(2, max), seconds: 0 } : { min, max, seconds });
const RUNS = {
  activationStarts: plan(3, 5, 150),
  paletteWindows: plan(5, 5, 0),
  paletteWarmPerWindow: quick ? 1 : 2,
  preparationPairs: plan(3, 5, 30),
  resultChecks: plan(7, 15, 20),
  pipelinePairs: plan(3, 5, 45),
  memoryRuns: plan(2, 3, 40),
  hostJobs: plan(1, 2, 20),
  opens: plan(3, 5, 30),
  agentPairs: plan(5, 7, 60),
  sharpBuildPairs: plan(5, 9, 40),
  strokes: quick ? 6 : 20,
};

function selectedSections(): Set<Section> {
  const only = process.env.IMAGE_STUDIO_BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean);
  if (!only?.length) return new Set(SECTIONS);
  const unknown = only.filter((name) => !SECTIONS.includes(name as Section));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  return new Set(only as Section[]);
}

const log = (line: string) => console.log(`  ${line}`);
/** One-minute load average when each step began, for the report (CPU is shared). */
const loads: string[] = [];
const step = (title: string, short?: string) => {
  const load = loadAverage().split(' ')[0];
  if (short) loads.push(`${short} ${load}`);
  console.log(`\n--- ${title} (load average ${load}) ---`);
};
/** CPU busy share (whole machine, 1 s) once quiet, per timed section, for the report. */
const quiet: string[] = [];
/** Before a timed section: lets what the previous one started wind down (see waitForQuietCpu). */
const settle = async (short: string) => {
  const result = await waitForQuietCpu();
  if (!result) return;
  const busy = `${(result.busy * 100).toFixed(0)} %`;
  quiet.push(`${short} ${busy}${result.waitedMs > 1500 ? ` after ${(result.waitedMs / 1000).toFixed(0)} s` : ''}`);
  log(`CPU ${busy} busy over the last second (waited ${(result.waitedMs / 1000).toFixed(1)} s for the machine to settle)`);
};

function gitDescription(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown commit';
  const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' + uncommitted changes' : ''}`;
}

function unavailable(section: string, name: string, why: string): Figure {
  return { section, name, unit: 'ms', checks: [], unavailable: why };
}

/**
 * Runs `measure` in a fresh code-server session with the .vsix and a workspace made for it;
 * any failure to get there becomes one "failed" row instead of ending the bench.
 */
async function inHostSession(
  vsix: PackagedVsix | undefined,
  problem: string | undefined,
  name: string,
  section: string,
  setup: { history: boolean; endpointUrl: string },
  tempRoot: string,
  measure: (session: HostSession) => Promise<Figure[]>,
): Promise<Figure[]> {
  if (!vsix || problem) return [unavailable(section, name, problem ?? 'not measured')];
  try {
    const workspace = mkdtempSync(join(tempRoot, 'workspace-'));
    await makeWorkspace(workspace, { history: setup.history });
    const session = await openHostSession({ vsix: vsix.path, endpointUrl: setup.endpointUrl, workspace, initScript: MESSAGE_TIMING_SCRIPT });
    try {
      return await measure(session);
    } finally {
      await session.close();
    }
  } catch (error) {
    const why = `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    log(why);
    return [unavailable(section, name, why)];
  }
}

async function run(): Promise<void> {
  const started = Date.now();
  const sections = selectedSections();
  const tools = findTools();
  const bundles = snapshotBundles(__filename);
  const tempRoot = mkdtempSync(join(tmpdir(), 'image-studio-bench-'));
  const figures: Figure[] = [];
  const extraNotes: string[] = [];
  let endpoint: EndpointProcess | undefined;
  let payload: PayloadServer | undefined;
  console.log(`Image Studio benchmarks${quick ? ' (quick: fewer runs)' : ''} — ${describeMachine()}; load average ${loadAverage()}`);
  try {
    const needsWorkbench = sections.has('activation') || sections.has('palette') || sections.has('webviews') || sections.has('memory') || sections.has('agent');
    let vsix: PackagedVsix | undefined;
    if (needsWorkbench) {
      step('package the .vsix (esbuild --production, vsce package --target linux-x64)');
      try {
        vsix = packageVsix(tempRoot);
        log(`${vsix.path}: ${(vsix.bytes / 1024 / 1024).toFixed(2)} MB, ${vsix.entries.length} files`);
        extraNotes.push(featuresComposition(vsix));
        log(extraNotes[extraNotes.length - 1]);
      } catch (error) {
        log(`packaging failed: ${error instanceof Error ? error.message : error}`);
      }
    }
    const workbenchProblem = !vsix ? 'failed: the .vsix could not be built' : tools.missing.length ? `not measured: ${tools.missing.join('; ')}` : undefined;

    if (sections.has('activation') || sections.has('palette')) {
      const activation: Figure[] = [];
      if (sections.has('activation')) {
        step(`1. activation (${RUNS.activationStarts.min}–${RUNS.activationStarts.max} fresh code-server starts)`, '1:');
        if (vsix && !workbenchProblem) {
          activation.push(...(await benchActivation({ vsix, starts: RUNS.activationStarts, tempDir: join(tempRoot, 'activation'), log })));
        } else {
          activation.push(unavailable('1. Activation', 'Activation time reported by VS Code', workbenchProblem ?? 'not measured'));
          if (vsix) activation.push(...sizeFigures(vsix, '1. Activation'));
        }
      }
      const palette: Figure[] = [];
      if (sections.has('palette')) {
        step(`1. palette command → prompt box (${RUNS.paletteWindows.min}–${RUNS.paletteWindows.max} fresh windows)`, '1b:');
        if (vsix && !workbenchProblem) {
          palette.push(...(await benchPaletteInput({ vsix, windows: RUNS.paletteWindows, warmPerWindow: RUNS.paletteWarmPerWindow, tempDir: join(tempRoot, 'palette'), log })));
        } else {
          palette.push(unavailable('1. Activation', 'Palette command "Generate Image…" → its prompt box on screen', workbenchProblem ?? 'not measured'));
        }
      }
      // The palette row goes right under the activation time, above the sizes.
      figures.push(...activation.slice(0, 1), ...palette, ...activation.slice(1));
    }

    if (sections.has('preparation')) {
      step('2. input preparation (sharp vs jimp)', '2:');
      await settle('2:');
      figures.push(...(await benchPreparation({ pairs: RUNS.preparationPairs, tempDir: tempRoot, log })));
      figures.push(...(await benchResultChecks({ runs: RUNS.resultChecks, log })));
    }

    if (sections.has('pipeline') || sections.has('webviews') || sections.has('agent')) {
      endpoint = await startEndpointProcess(bundles.endpoint);
      log(`local endpoint (own process): ${endpoint.url}`);
    }

    if (sections.has('pipeline') && endpoint) {
      step('3. pipeline overhead (server delay 2 s)', '3:');
      await settle('3:');
      figures.push(...(await benchPipeline(endpoint, { pairs: RUNS.pipelinePairs, tempDir: tempRoot, log })));
    }

    if (sections.has('memory')) {
      step('4. memory: bench process (one child per run)', '4:');
      await settle('4:');
      payload = await startPayloadServer();
      log(`payload server: ${payload.url}, photo-like 1536x1024 PNGs of ${(payload.imageBytes / 1024 / 1024).toFixed(1)} MB`);
      figures.push(...(await benchProcessMemory(payload.url, { runs: RUNS.memoryRuns, tempDir: tempRoot, script: bundles.bench, log })));
    }

    if (sections.has('memory')) {
      step('4. extension host memory (a code-server session)');
      figures.push(...(await inHostSession(vsix, workbenchProblem, 'Extension host peak RSS growth', '4. Memory', { history: false, endpointUrl: payload?.url ?? '' }, tempRoot, async (session) => benchHostMemory(session, { jobs: RUNS.hostJobs, log }))));
    }

    if (sections.has('webviews') && endpoint) {
      step('5. webviews (a code-server session)', '5:');
      await settle('5:');
      const available = vsix ? availableWebviews(vsix.stageDir) : { studio: false, maskEditor: false };
      const webviewOptions = { opens: RUNS.opens, strokes: RUNS.strokes, log };
      figures.push(
        ...(await inHostSession(vsix, workbenchProblem, 'Studio and mask editor', '5. Webviews', { history: true, endpointUrl: endpoint.url }, tempRoot, async (session) => [
          ...(await benchStudio(session, available.studio, webviewOptions)),
          ...(await benchMaskEditor(session, available.maskEditor, webviewOptions)),
        ])),
      );
    }

    if (sections.has('agent') && endpoint) {
      step('6. agent tools: vscode.lm.invokeTool (a code-server session, server delay 2 s)', '6:');
      await settle('6:');
      if (vsix && !workbenchProblem) {
        figures.push(...(await benchAgentTools(endpoint, { stageDir: vsix.stageDir, agentHost: bundles.agentHost, pairs: RUNS.agentPairs, tempDir: tempRoot, log })));
      } else {
        figures.push(unavailable('6. Agent tools', 'generateImage through `vscode.lm.invokeTool`', workbenchProblem ?? 'not measured'));
      }
    }

    if (sections.has('universal')) {
      step('7. universal package: native vs WebAssembly sharp (one child process each)', '7:');
      await settle('7:');
      try {
        figures.push(...(await benchSharpBuilds({ pairs: RUNS.sharpBuildPairs, tempDir: tempRoot, script: bundles.bench, log })));
      } catch (error) {
        const why = `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
        log(why);
        figures.push(unavailable('7. Universal package (WebAssembly sharp)', 'WebAssembly sharp against the native build', why));
      }
    }
  } finally {
    await endpoint?.stop();
    await payload?.close();
    rmSync(tempRoot, { recursive: true, force: true });
    bundles.remove();
  }

  // Table order follows the section numbers; rows keep their order within a section.
  const ordered = figures.map((figure, index) => ({ figure, index })).sort((a, b) => a.figure.section.localeCompare(b.figure.section) || a.index - b.index).map((entry) => entry.figure);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const header = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${describeMachine()}; ` +
      `code-server ${tools.codeServer ? codeServerVersion(tools.codeServer) : 'n/a'}, headless Chromium; commit ${gitDescription()}. ` +
      `Load average (1 min) at the start of each section: ${loads.join(', ')}; ${quiet.length ? `each timed section first waited for the whole machine's CPU to be at most 15 % busy over a second (${quiet.join(', ')}); ` : ''}1/5/15 min at the end: ${loadAverage()} (2 cores, shared: timings are medians of interleaved runs). ` +
      `Whole run ${minutes} min${quick ? ', quick mode (fewer runs)' : ''}${profiled ? ', profiled (the agent calls slowed by the profilers)' : ''}${sections.size < SECTIONS.length ? `, sections: ${[...sections].join(', ')}` : ''}. ` +
      `Every code-server window ran with VS Code's port finder off (BENCH_WINDOW_SETTINGS; see "Every bench window" below).`,
  ];
  const table = renderTable(ordered);
  const extras = extraNotes.length ? `\nComposition: ${extraNotes.join(' ')}\n` : '';
  const generated = `${header.join('\n')}\n\n${table}\n${extras}`;
  console.log(`\n${generated}`);
  const missed = missedTargets(ordered);
  console.log(missed.length ? `Targets missed:\n${missed.map((line) => `  - ${line}`).join('\n')}` : allMet(ordered) ? 'All measured targets met.' : '');

  const file = join(ROOT, 'BENCHMARKS.md');
  // A profiled run's agent figures are slowed by the profilers: not for the table.
  if (profiled) return console.log(`\nNot written to ${file}: a profiled run (IMAGE_STUDIO_BENCH_PROFILE).`);
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  writeFileSync(file, spliceGenerated(existing, generated));
  console.log(`\nWritten to ${file} (${minutes} min).`);
}

/** `main.js --memory-child <endpoint url> <variant> <temp dir>`: one memory run, see memory.ts. */
async function memoryChildMain(args: string[]): Promise<void> {
  const [url, variant, tempDir] = args;
  const result = await memoryChild({ url }, variant as MemoryVariant, tempDir);
  console.log(`MEMORY_RESULT=${JSON.stringify(result)}`);
}

const entry = process.argv[2] === '--memory-child' ? memoryChildMain(process.argv.slice(3)) : process.argv[2] === '--sharp-child' ? sharpChild() : run();
entry.then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
