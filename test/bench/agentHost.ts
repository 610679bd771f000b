// Runs inside the extension host of the bench's code-server session (extensionTestsPath, the
// mechanism the integration tests use; see agentTools.ts): times `vscode.lm.invokeTool` on
// generateImage, what agent mode runs for a tool call, against a bare request for the same
// body sent with fetch from this same process, interleaved, the endpoint delaying each by 2 s.
// Configured through IMAGE_STUDIO_BENCH_AGENT (JSON, see AgentHostConfig); writes its
// measurements to the file it names. No figure is computed here: agentTools.ts does that.
import { writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { languageModelToolId } from '../../src/agent/toolNames';
import type { TestingApi } from '../../src/extension';
import { startCpuProfile } from './cpuProfile';
import { waitForQuietCpu } from './environment';
import { anotherRun, type RunPlan } from './stats';

export interface AgentHostConfig {
  /** The test endpoint, `http://127.0.0.1:PORT/v1`. */
  endpoint: string;
  apiKey: string;
  delayMs: number;
  /** The generateImage inputs to time, each its own interleaved series. */
  cases: { name: string; input: Record<string, unknown> }[];
  pairs: RunPlan;
  results: string;
  /** A folder to write the extension host's CPU profile of the timed calls to (diagnostics, not figures). */
  profileDir?: string;
}

export interface AgentPair {
  /** The whole machine's CPU busy share over the second before the pair. */
  busy?: number;
  bareMs: number;
  /** `vscode.lm.invokeTool` called → its result in hand. */
  toolMs: number;
  /** When the call started on the machine's monotonic clock (µs), to find it in CPU profiles. */
  toolStartUs?: number;
  /**
   * The call split at two lines the runner logs (times taken by wrapping the logger's `info`):
   * before its requests go out ("generate <id>: model=…"; the tool's checks in
   * prepareInvocation and invoke, the runner's plan, VS Code's round trips), from there to
   * its summary ("… image(s) in N ms": request, delay, verification, saving), and after it
   * (the tool's answer, back through the window to the caller).
   */
  split?: { beforeMs: number; checkedMs: number; checkingMs: number; approvedMs: number; toRequestMs: number; jobMs: number; afterMs: number; gcBeforeMs: number; gcJobMs: number };
}

export interface AgentCaseResult {
  name: string;
  /** The body the tool's job sent (as the endpoint recorded it): the bare request sends it too. */
  body: Record<string, unknown>;
  pairs: AgentPair[];
  /** What the result held (checked on every call). */
  textChars: number;
  previews: { mimeType: string; bytes: number }[];
}

export interface AgentHostResults {
  cases: AgentCaseResult[];
  /** One read of the API key as every check makes it (SecretStorage, a round trip to the window), median of 9. */
  keyReadMs?: number;
  /** One `workspace.fs.stat` of the workspace folder, and the same with node:fs, median of 9 each. */
  statMs?: { workspaceFs: number; nodeFs: number };
  error?: string;
}

const EXTENSION_ID = 'image-studio.image-studio';

export async function run(): Promise<void> {
  const config = JSON.parse(process.env.IMAGE_STUDIO_BENCH_AGENT ?? '{}') as AgentHostConfig;
  const results: AgentHostResults = { cases: [] };
  try {
    const api = await testingApi();
    const control = controlOf(config.endpoint);
    const stopProfiler = config.profileDir ? await startProfiler() : undefined;
    for (const entry of config.cases) results.cases.push(await timeCase(config, control, api, entry));
    if (stopProfiler && config.profileDir) writeFileSync(join(config.profileDir, 'exthost.cpuprofile'), JSON.stringify(await stopProfiler()));
    results.keyReadMs = await medianOf9(() => api.services.keys.get());
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (folder) results.statMs = { workspaceFs: await medianOf9(() => vscode.workspace.fs.stat(folder)), nodeFs: await medianOf9(() => stat(folder.fsPath)) };
  } catch (error) {
    results.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  writeFileSync(config.results, JSON.stringify(results, null, 1));
  if (results.error) throw new Error(results.error);
}

/** Profiles this extension host through node:inspector. */
function startProfiler(): Promise<() => Promise<unknown>> {
  const session = new Session();
  session.connect();
  return startCpuProfile((method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result)))));
}

async function medianOf9(work: () => Thenable<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < 9; run++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[4];
}

async function testingApi(): Promise<TestingApi> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error('the extension under test is not loaded');
  const api = (await extension.activate()) as TestingApi | undefined;
  if (!api) throw new Error('the extension returned no testing API (not in test mode?)');
  return api;
}

function controlOf(endpoint: string) {
  const origin = new URL(endpoint).origin;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${origin}/_control/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`endpoint control ${method} ${path}: ${response.status}`);
    return response.json().catch(() => undefined);
  };
  return {
    delay: (ms: number) => call('POST', 'faults', { kind: 'delay', ms, times: 1 }),
    reset: () => call('POST', 'reset'),
    requests: async () => (await call('GET', 'requests')) as { path: string; json?: Record<string, unknown>; validationErrors: unknown[] }[],
  };
}

type Control = ReturnType<typeof controlOf>;
type Part = { value?: unknown; mimeType?: string; data?: Uint8Array };

/** The extension host's garbage collections (start, duration), to tell GC pauses from the rest of a call's time. */
const collections: { start: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) collections.push({ start: entry.startTime, ms: entry.duration });
}).observe({ entryTypes: ['gc'] });

/** Milliseconds of GC that started between `from` and `to`. */
const gcBetween = (from: number, to: number) => collections.filter((gc) => gc.start >= from && gc.start < to).reduce((sum, gc) => sum + gc.ms, 0);

async function timeCase(config: AgentHostConfig, control: Control, api: TestingApi, entry: AgentHostConfig['cases'][number]): Promise<AgentCaseResult> {
  const { logger } = api.services;
  let lines: { at: number; line: string }[] = [];
  const info = logger.info.bind(logger);
  logger.info = (message: string) => {
    lines.push({ at: performance.now(), line: message });
    info(message);
  };
  /** One tool call, as agent mode makes it (no chat context: VS Code approves by itself in an extension test run). */
  const callTool = async () => {
    await control.delay(config.delayMs);
    lines = [];
    const startUs = Number(process.hrtime.bigint() / 1000n);
    const start = performance.now();
    const result = await vscode.lm.invokeTool(languageModelToolId('generateImage'), { input: entry.input, toolInvocationToken: undefined });
    const end = performance.now();
    const toolMs = end - start;
    const parts = result.content as Part[];
    const text = parts.filter((part) => typeof part.value === 'string').map((part) => part.value as string).join('\n');
    const previews = parts.filter((part) => part.mimeType?.startsWith('image/')).map((part) => ({ mimeType: part.mimeType ?? '', bytes: part.data?.length ?? 0 }));
    if (!/^Saved 1 of 1|^Saved \d+ of \d+/.test(text) || previews.length === 0) throw new Error(`unexpected tool result: ${text.slice(0, 300)}`);
    const sending = lines.find((entry) => /^generate \w+: model=/.test(entry.line));
    const summary = lines.find((entry) => /^generate \w+: \d+\/\d+ image\(s\) in \d+ ms/.test(entry.line));
    // GC entries arrive after the collection: let the observer run before reading them.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const checked = lines.find((entry) => /^agent tool: generateImage checked for approval/.test(entry.line));
    const approved = lines.find((entry) => /^agent tool: generateImage approved/.test(entry.line));
    const split =
      sending && summary
        ? {
            beforeMs: sending.at - start,
            // VS Code → prepareInvocation done; → invoke called; → the request sent (the runner's own checks and plan).
            checkedMs: checked ? checked.at - start : Number.NaN,
            // Of that, prepareInvocation's own time (it logs it).
            checkingMs: Number(/ in (\d+) ms/.exec(checked?.line ?? '')?.[1] ?? Number.NaN),
            approvedMs: checked && approved ? approved.at - checked.at : Number.NaN,
            toRequestMs: approved ? sending.at - approved.at : Number.NaN,
            jobMs: summary.at - sending.at,
            afterMs: end - summary.at,
            gcBeforeMs: gcBetween(start, sending.at),
            gcJobMs: gcBetween(sending.at, summary.at),
          }
        : undefined;
    return { toolMs, startUs, split, textChars: text.length, previews };
  };

  // Warm-up (not counted): loads the features bundle, the SDK and sharp, opens connections.
  await control.reset();
  const warm = await callTool();
  const sent = (await control.requests()).filter((request) => request.path.endsWith('/images/generations'));
  const body = sent[sent.length - 1]?.json;
  if (!body || sent.some((request) => request.validationErrors.length > 0)) throw new Error('the tool call sent no valid request');
  const json = JSON.stringify(body);
  const bare = async () => {
    await control.delay(config.delayMs);
    const start = performance.now();
    const response = await fetch(`${config.endpoint}/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.apiKey}`, 'content-type': 'application/json' },
      body: json,
    });
    await response.arrayBuffer();
    const ms = performance.now() - start;
    if (!response.ok) throw new Error(`bare request: HTTP ${response.status}`);
    return ms;
  };
  await bare();

  const pairs: AgentPair[] = [];
  const started = Date.now();
  while (anotherRun(config.pairs, pairs.length, started)) {
    // As the palette's clicks do: each pair waits (at most 15 s) for a quiet machine.
    const quiet = await waitForQuietCpu(0.15, 15_000);
    const bareMs = await bare();
    const tool = await callTool();
    pairs.push({ busy: quiet?.busy, bareMs, toolMs: tool.toolMs, toolStartUs: tool.startUs, split: tool.split });
  }
  return { name: entry.name, body, pairs, textChars: warm.textChars, previews: warm.previews };
}
