// Runs test/integration inside a real VS Code extension host: code-server with the
// smoke-test driver, the workbench opened with extensionDevelopmentPath and
// extensionTestsPath in its payload (the mechanism @vscode/test-electron uses), and the
// page reporting the exit code through window.codeAutomationExit. Errors the workbench
// logs meanwhile fail the run unless test/harness/workbenchErrors.ts explains them. Two
// windows, one after the other: the usual trusted workspace for every suite, then an
// untrusted one (Restricted Mode) for the *.untrusted.test.js suites.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, workbenchUrl } from './browser';
import { startCodeServer } from './codeServer';
import { HOSTILE_WORKSPACE_SETTINGS } from './restrictedWorkspace';
import { classifyWorkbenchErrors, describeWorkbenchErrors, type TimedTest, type WorkbenchError } from './workbenchErrors';

const ROOT = resolve(__dirname, '..', '..', '..');
const TIMEOUT_MS = 10 * 60 * 1000;

/** One start of the workbench: a folder, its trust, and the test files it runs. */
interface Pass {
  name: string;
  workspace: string;
  trust: 'disabled' | 'untrusted';
  results: string;
}

async function main(): Promise<number> {
  const results = process.env.IMAGE_STUDIO_RESULTS ?? join(ROOT, '.test-artifacts', 'integration-results.json');
  const workspace = mkdtempSync(join(tmpdir(), 'image-studio-ws-'));
  mkdirSync(join(workspace, 'docs'), { recursive: true });
  writeFileSync(join(workspace, 'docs', 'README.md'), '# Sample\n\nA lighthouse on a cliff at sunset\n');
  // The *.untrusted.test.js suites need their own window: a cloned repository opened with
  // workspace trust on and not yet trusted (Restricted Mode), its settings hostile.
  const passes: Pass[] = [
    { name: 'trusted', workspace, trust: 'disabled', results: results.replace(/\.json$/, '.trusted.json') },
    { name: 'untrusted', workspace: untrustedWorkspace(), trust: 'untrusted', results: results.replace(/\.json$/, '.untrusted.json') },
  ];
  // IMAGE_STUDIO_INTEGRATION_PASS=untrusted (or trusted) runs one window only, when working on its suites.
  const only = process.env.IMAGE_STUDIO_INTEGRATION_PASS;
  let code = 0;
  const records: TestRecord[] = [];
  for (const pass of passes.filter((candidate) => !only || candidate.name === only)) {
    console.log(`integration: ${pass.name} workspace (${pass.workspace})`);
    rmSync(pass.results, { force: true });
    const passCode = await runPass(pass);
    const passRecords = readResults(pass.results);
    if (passCode !== 0 || passRecords.length === 0) code = code || passCode || 1;
    records.push(...passRecords);
  }
  // What `npm test` reads: every pass's tests in one file.
  const passed = records.filter((record) => record.state === 'passed').length;
  writeFileSync(results, JSON.stringify({ passed, failed: records.length - passed, records }, null, 2));
  return code;
}

/**
 * A folder as a cloned repository could ship it: its .vscode/settings.json points the
 * extension at another server, a folder outside it, absurd prices (see restrictedWorkspace.ts).
 * The folder is one level down in its own temporary folder, so `../escaped` stays inside that.
 */
function untrustedWorkspace(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'image-studio-untrusted-')), 'cloned-repository');
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify(HOSTILE_WORKSPACE_SETTINGS, null, 2));
  writeFileSync(join(folder, 'README.md'), '# A cloned repository\n');
  return folder;
}

/** Starts code-server and a browser on `pass.workspace`, runs its tests, returns the exit code. */
async function runPass(pass: Pass): Promise<number> {
  const server = await startCodeServer({
    workspace: pass.workspace,
    workspaceTrust: pass.trust,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    env: { IMAGE_STUDIO_RESULTS: pass.results, IMAGE_STUDIO_TEST_WORKSPACE: pass.workspace, IMAGE_STUDIO_WORKSPACE_TRUST: pass.trust },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const exitCode = new Promise<number>((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    });
    const workbenchErrors: WorkbenchError[] = [];
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      // Errors only: the workbench warns about every stat of a file that does not exist yet.
      if (type === 'error') workbenchErrors.push({ at: Date.now(), text: (Array.isArray(args) ? args : [args]).map(String).join(' ') });
    });
    const remote = (path: string) => `vscode-remote://${server.authority}${path}`;
    const url = workbenchUrl(server.url, pass.workspace, [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(join(ROOT, 'out', 'test', 'integration', 'index.js'))],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(url);
    const timeout = new Promise<number>((resolveTimeout) =>
      setTimeout(() => {
        console.error(`integration tests (${pass.name}) did not finish within ${TIMEOUT_MS / 1000} s`);
        resolveTimeout(1);
      }, TIMEOUT_MS).unref(),
    );
    let code = await Promise.race([exitCode, timeout]);
    const tests = printResults(pass.results);
    const report = classifyWorkbenchErrors(workbenchErrors, tests);
    for (const line of describeWorkbenchErrors(report)) console.log(line);
    if (report.unexplained.length > 0 && code === 0) code = 1;
    if (code !== 0) console.error(`code-server output:\n${server.output().slice(-4000)}`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}

interface TestRecord {
  title: string;
  state: string;
  durationMs?: number;
  startedAt?: number;
  error?: string;
}

function readResults(file: string): TestRecord[] {
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { records: TestRecord[] }).records;
}

/** Prints each test's outcome; returns the tests with their start times. */
function printResults(file: string): TimedTest[] {
  if (!existsSync(file)) {
    console.error('the extension host wrote no results (did the test bundle load?)');
    return [];
  }
  const records = readResults(file);
  for (const record of records) {
    if (record.state === 'passed') console.log(`  ✔ ${record.title} (${record.durationMs ?? 0} ms)`);
    else console.log(`  ✘ ${record.title}\n${(record.error ?? '').replace(/^/gm, '      ')}`);
  }
  return records;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
