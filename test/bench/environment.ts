// Where the bench finds its tools (code-server, Chromium) and what it says about the machine.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest folder above this bundle (out/test/bench/) with our package.json. */
export const ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'image-studio') return dir;
    } catch {
      // no (readable) package.json here
    }
    if (dirname(dir) === dir) return resolve(from, '..', '..', '..');
  }
}

const CODE_SERVER_DEFAULT = join(ROOT, '.tools', 'code-server-4.139.1', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM_DEFAULTS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export interface Tools {
  /** code-server's entry.js, or undefined with `missing` saying how to get it. */
  codeServer?: string;
  chromium?: string;
  missing: string[];
}

/**
 * code-server and Chromium: `IMAGE_STUDIO_CODE_SERVER` / `IMAGE_STUDIO_CHROMIUM` when set,
 * else where `ensureCodeServer` (scripts/tools.mjs) and Debian put them. Sets both variables
 * for the harness (test/harness/codeServer.ts reads them).
 */
export function findTools(): Tools {
  const missing: string[] = [];
  const codeServer = process.env.IMAGE_STUDIO_CODE_SERVER ?? CODE_SERVER_DEFAULT;
  const chromium = process.env.IMAGE_STUDIO_CHROMIUM ?? CHROMIUM_DEFAULTS.find((path) => existsSync(path));
  const haveCodeServer = existsSync(codeServer);
  if (!haveCodeServer) {
    missing.push(`code-server not found at ${codeServer}: run \`npm test\` (or \`npm run test:integration\`) once, which installs it into .tools/`);
  } else {
    process.env.IMAGE_STUDIO_CODE_SERVER = codeServer;
  }
  if (!chromium || !existsSync(chromium)) {
    missing.push('Chromium not found (/usr/lib/chromium/chromium): apt-get install chromium, or set IMAGE_STUDIO_CHROMIUM');
  } else {
    process.env.IMAGE_STUDIO_CHROMIUM = chromium;
  }
  return {
    codeServer: haveCodeServer ? codeServer : undefined,
    chromium: chromium && existsSync(chromium) ? chromium : undefined,
    missing,
  };
}

/** code-server's version, read from its package.json. */
export function codeServerVersion(entry: string): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(entry, '..', '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** "2 × Intel(R) Xeon(R) …, 23.5 GB RAM, Node v24.21.0, linux x64". */
export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const gb = (totalmem() / 1024 ** 3).toFixed(1);
  return `${list.length} × ${model}, ${gb} GB RAM, Node ${process.version}, ${process.platform} ${process.arch}`;
}

/** The load average over the last minute, to note how busy the machine was. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/** Busy and total CPU ticks of the whole machine so far (/proc/stat), or undefined off Linux. */
function cpuTicks(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * Waits (at most `maxMs`) until the whole machine's CPU was at most `busyShare` busy over
 * one second: the previous section's code-server and Chromium can take seconds to wind
 * down, and timings taken meanwhile measure them. Returns the last second's busy share.
 */
export async function waitForQuietCpu(busyShare = 0.15, maxMs = 30_000): Promise<{ busy: number; waitedMs: number } | undefined> {
  const started = Date.now();
  for (;;) {
    const before = cpuTicks();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = cpuTicks();
    if (!before || !after || after.total === before.total) return undefined;
    const busy = (after.busy - before.busy) / (after.total - before.total);
    if (busy <= busyShare || Date.now() - started >= maxMs) return { busy, waitedMs: Date.now() - started };
  }
}

/** Private copies of the bundles the bench runs as child processes. */
export interface BundleSnapshot {
  /** This bench (re-run as the memory child). */
  bench: string;
  /** The test endpoint's CLI. */
  endpoint: string;
  /** The agent tools' driver, run inside the extension host (agentHost.ts). */
  agentHost: string;
  remove(): void;
}

/**
 * Copies out/test/bench/main.js (and agentHost.js) and out/test/endpoint/main.js to out/bench-run-<pid>/, so
 * a build started by someone else meanwhile (esbuild.mjs --tests empties out/test) cannot
 * pull them from under a running bench. Same depth below the root, so their bare imports
 * still resolve to the repository's node_modules.
 */
export function snapshotBundles(benchBundle: string): BundleSnapshot {
  const dir = join(ROOT, 'out', `bench-run-${process.pid}`);
  const bench = join(dir, 'bench', 'main.js');
  const endpoint = join(dir, 'endpoint', 'main.js');
  const agentHost = join(dir, 'bench', 'agentHost.js');
  mkdirSync(dirname(bench), { recursive: true });
  mkdirSync(dirname(endpoint), { recursive: true });
  copyFileSync(benchBundle, bench);
  const endpointBundle = join(ROOT, 'out', 'test', 'endpoint', 'main.js');
  if (existsSync(endpointBundle)) copyFileSync(endpointBundle, endpoint);
  const agentHostBundle = join(dirname(benchBundle), 'agentHost.js');
  if (existsSync(agentHostBundle)) copyFileSync(agentHostBundle, agentHost);
  return { bench, endpoint, agentHost, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
