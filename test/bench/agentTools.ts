// 6. Agent tools: what a tool call adds to a slow server, as an agent waits for it. A fresh
// code-server session runs the production build as a development extension with the bench's
// driver (agentHost.ts) as its extensionTestsPath, the mechanism the integration tests use:
// inside the real extension host it times `vscode.lm.invokeTool` on generateImage (VS Code
// calls the tool's prepareInvocation, approves, calls invoke, returns the result) against a
// bare request for the same body from the same process, interleaved, each delayed 2 s by the
// endpoint (its own process). The figures are computed here from what the driver wrote.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, workbenchUrl } from '../harness/browser';
import { startCodeServer } from '../harness/codeServer';
import type { AgentCaseResult, AgentHostConfig, AgentHostResults } from './agentHost';
import type { EndpointProcess } from './endpointProcess';
import { BENCH_API_KEY, OUTPUT_FOLDER } from './hostSession';
import { SERVER_DELAY_MS } from './pipeline';
import { startCpuProfile } from './cpuProfile';
import type { Figure } from './report';
import { overheadPercents, summarize, type RunPlan } from './stats';
import { BENCH_WINDOW_SETTINGS } from './workbenchDriver';

export interface AgentToolsOptions {
  /** The staging folder of the packaged build (its dist/ is what the .vsix holds). */
  stageDir: string;
  /** The driver's bundle (out/…/bench/agentHost.js). */
  agentHost: string;
  pairs: RunPlan;
  tempDir: string;
  log: (line: string) => void;
}

const PROMPT = 'A lighthouse on a cliff at sunset, watercolor';
const SESSION_TIMEOUT_MS = 5 * 60_000;

export async function benchAgentTools(endpoint: EndpointProcess, options: AgentToolsOptions): Promise<Figure[]> {
  const section = '6. Agent tools';
  if (!existsSync(options.agentHost)) return [unavailable(section, `${options.agentHost} is missing: build with \`node esbuild.mjs --tests\``)];
  // Inside the extension's folder, so the driver's `vscode` is the API VS Code gives that extension.
  const driver = join(options.stageDir, 'out', 'bench', 'agentHost.js');
  mkdirSync(join(options.stageDir, 'out', 'bench'), { recursive: true });
  copyFileSync(options.agentHost, driver);
  const workspace = mkdtempSync(join(options.tempDir, 'agent-workspace-'));
  const resultsFile = join(options.tempDir, 'agent-results.json');
  const config: AgentHostConfig = {
    endpoint: endpoint.url,
    apiKey: BENCH_API_KEY,
    delayMs: SERVER_DELAY_MS,
    cases: [{ name: 'n1', input: { prompt: PROMPT, size: '1024x1024', quality: 'low' } }],
    pairs: options.pairs,
    results: resultsFile,
  };
  // IMAGE_STUDIO_BENCH_PROFILE=<folder>: CPU profiles of the extension host (exthost.cpuprofile)
  // and the window (window.cpuprofile) while the calls run, and agent-results.json, whose
  // toolStartUs and split place each call on the profiles' clock: where a call's time goes.
  // Not for the figures: profiling slows the calls.
  const profileDir = process.env.IMAGE_STUDIO_BENCH_PROFILE ? resolve(process.env.IMAGE_STUDIO_BENCH_PROFILE) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  config.profileDir = profileDir;
  const server = await startCodeServer({
    workspace,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    env: { OPENAI_API_KEY: BENCH_API_KEY, IMAGE_STUDIO_BENCH_AGENT: JSON.stringify(config) },
    userSettings: {
      'imageStudio.baseUrl': endpoint.url,
      'imageStudio.outputFolder': OUTPUT_FOLDER,
      'imageStudio.maxRetries': 0,
      'imageStudio.confirmCostAboveUsd': 1_000_000,
      'imageStudio.model': 'gpt-image-2',
      // No port finder: before it was off, the calls that coincided with it were the slow ones.
      ...BENCH_WINDOW_SETTINGS,
    },
  });
  let results: AgentHostResults;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const exit = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
    const remote = (path: string) => `vscode-remote://${server.authority}${path}`;
    await page.goto(
      workbenchUrl(server.url, workspace, [
        ['extensionDevelopmentPath', remote(options.stageDir)],
        ['extensionTestsPath', remote(driver)],
        ['skipWelcome', 'true'],
      ]),
    );
    const cdp = profileDir ? await page.context().newCDPSession(page) : undefined;
    // Playwright types each protocol method's parameters; these three are spelled out in cpuProfile.ts.
    const stopWindowProfile = cdp ? await startCpuProfile((method, params) => cdp.send(method as 'Profiler.enable', params as undefined)) : undefined;
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), SESSION_TIMEOUT_MS).unref());
    const code = await Promise.race([exit, timeout]);
    if (stopWindowProfile && profileDir) writeFileSync(join(profileDir, 'window.cpuprofile'), JSON.stringify(await stopWindowProfile()));
    if (!existsSync(resultsFile)) throw new Error(`the driver wrote no results (exit ${code}): ${server.output().slice(-1500)}`);
    results = JSON.parse(readFileSync(resultsFile, 'utf8')) as AgentHostResults;
    if (profileDir) copyFileSync(resultsFile, join(profileDir, 'agent-results.json'));
    if (results.error) throw new Error(results.error.split('\n')[0]);
  } catch (error) {
    const why = `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    options.log(why);
    return [unavailable(section, why)];
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
  return results.cases.map((result) => figureOf(section, result, results, options.log));
}

function figureOf(section: string, result: AgentCaseResult, { keyReadMs, statMs }: AgentHostResults, log: (line: string) => void): Figure {
  const fmt = (values: readonly number[]) => values.map((value) => value.toFixed(0)).join(', ');
  const tool = result.pairs.map((pair) => pair.toolMs);
  const bare = result.pairs.map((pair) => pair.bareMs);
  const split = result.pairs.flatMap((pair) => (pair.split ? [{ ...pair.split, bareMs: pair.bareMs }] : []));
  const jobs = split.map((entry) => entry.jobMs);
  const busy = result.pairs.map((pair) => (pair.busy === undefined ? '?' : `${Math.round(pair.busy * 100)} %`));
  log(`generateImage ${result.name}: tool call ${fmt(tool)} ms (job ${fmt(jobs)} ms); bare ${fmt(bare)} ms; CPU busy before each pair ${busy.join(', ')}`);
  // Per call, for the spread between runs: until the request goes out, and after the job's summary.
  log(
    `  before the request ${fmt(split.map((entry) => entry.beforeMs))} ms (GC ${fmt(split.map((entry) => entry.gcBeforeMs))} ms): ` +
      `call → checked for approval ${fmt(split.map((entry) => entry.checkedMs))} (checking ${fmt(split.map((entry) => entry.checkingMs))}), → invoke ${fmt(split.map((entry) => entry.approvedMs))}, → request ${fmt(split.map((entry) => entry.toRequestMs))} ms; ` +
      `job GC ${fmt(split.map((entry) => entry.gcJobMs))} ms; after the summary ${fmt(split.map((entry) => entry.afterMs))} ms`,
  );
  const overhead = summarize(overheadPercents(tool, bare));
  const middle = (values: number[]) => summarize(values).median.toFixed(0);
  const body = Object.entries(result.body)
    .filter(([key]) => key !== 'prompt')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
  const previews = result.previews.map((preview) => `${preview.mimeType} ${Math.round(preview.bytes / 1024)} KB`).join(', ');
  return {
    section,
    name: `generateImage through \`vscode.lm.invokeTool\` (${String(result.body.n ?? 1)} × ${String(result.body.size)}, b64 PNG), server delay 2 s: call → result`,
    unit: 'ms',
    result: summarize(tool),
    baseline: { name: 'bare request', unit: 'ms', result: summarize(bare) },
    ratio: { result: overhead, unit: 'percent', suffix: 'overhead' },
    checks: [{ label: 'overhead', target: { op: '<=', value: 5, unit: 'percent' }, value: overhead.median }],
    note:
      'Measured in the extension host of a code-server session (the production build as a development extension, a bench driver as its extensionTestsPath, as the integration tests run): `vscode.lm.invokeTool` called → its result in hand, ' +
      "i.e. VS Code's tool service in the window calling the tool's prepareInvocation (input checked, job planned and priced for the confirmation), approving it (VS Code skips the dialog in an extension test run; a person's time at it is not counted), calling invoke (the check reused when the settings are unchanged and the output folder still resolves inside the workspace, else checked again; then the one job runner: request, 2 s server delay, transfer, decoding, full verification, which also makes the thumbnail and the preview, " +
      'saving the image and its sidecar on the local disk, the thumbnail cached) and the answer as an agent gets it (paths, Markdown, cost, the 512 px WebP preview as an image data part), with every round trip between the extension host and the window. ' +
      "As in every bench window, the remote extension host's port finder is off (it reads /proc and spawns two shells every few seconds, 40–70 ms on the extension host's thread; a local VS Code window has none; with it on, the calls that coincided with it were the slow ones: 3.2–8.5 % in twelve runs of 2026-12-07). " +
      `Bare request: the body the job sent (as the endpoint recorded it: ${body}) POSTed with fetch from the same extension host and read to the end. Ratio column: (call − bare) ÷ bare per interleaved pair, in %; before each pair the machine's CPU had to be at most 15 % busy over a second. ` +
      (split.length === tool.length
        ? `Where the call's time goes (medians; split at the runner's log lines, timed by wrapping the logger): until the job's request goes out ${middle(split.map((entry) => entry.beforeMs))} ms (VS Code → prepareInvocation, which checks the input, the key and the output folder and plans and prices the job → VS Code → invoke → the runner's own key read and plan), ` +
          `the job from there to its summary ${middle(jobs)} ms (${middle(split.map((entry) => entry.jobMs - entry.bareMs))} ms above the bare request: SDK, verification with the thumbnail and preview, saving), the answer back to the caller ${middle(split.map((entry) => entry.afterMs))} ms. `
        : '') +
      (keyReadMs === undefined ? '' : `One read of the API key from SecretStorage: ${keyReadMs.toFixed(1)} ms. `) +
      (statMs === undefined ? '' : `One workspace.fs.stat: ${statMs.workspaceFs.toFixed(1)} ms, node:fs ${statMs.nodeFs.toFixed(2)} ms (saving uses node:fs for file: URIs, src/storage/diskAccess.ts). `) +
      `The result: ${result.textChars} characters of text and ${previews}. ` +
      'Agent mode itself calls from the window, so it skips the hop from the calling extension host to the window and back that invokeTool from an extension makes: this figure is, if anything, high.',
  };
}

function unavailable(section: string, why: string): Figure {
  return { section, name: 'generateImage through `vscode.lm.invokeTool`, server delay 2 s', unit: 'ms', checks: [], unavailable: why };
}
