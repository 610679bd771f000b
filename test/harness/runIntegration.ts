// Runs test/integration inside a real VS Code extension host: code-server with the
// smoke-test driver, the workbench opened with extensionDevelopmentPath and
// extensionTestsPath in its payload (the mechanism @vscode/test-electron uses), and the
// page reporting the exit code through window.codeAutomationExit. Errors the workbench
// logs meanwhile fail the run unless test/harness/workbenchErrors.ts explains them.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, workbenchUrl } from './browser';
import { startCodeServer } from './codeServer';
import { classifyWorkbenchErrors, describeWorkbenchErrors, type TimedTest, type WorkbenchError } from './workbenchErrors';

const ROOT = resolve(__dirname, '..', '..', '..');
const TIMEOUT_MS = 10 * 60 * 1000;

async function main(): Promise<number> {
  const workspace = mkdtempSync(join(tmpdir(), 'image-studio-ws-'));
  mkdirSync(join(workspace, 'docs'), { recursive: true });
  writeFileSync(join(workspace, 'docs', 'README.md'), '# Sample\n\nA lighthouse on a cliff at sunset\n');
  const results = process.env.IMAGE_STUDIO_RESULTS ?? join(ROOT, '.test-artifacts', 'integration-results.json');
  const server = await startCodeServer({
    workspace,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    env: { IMAGE_STUDIO_RESULTS: results, IMAGE_STUDIO_TEST_WORKSPACE: workspace },
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
    const url = workbenchUrl(server.url, workspace, [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(join(ROOT, 'out', 'test', 'integration', 'index.js'))],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(url);
    const timeout = new Promise<number>((resolveTimeout) =>
      setTimeout(() => {
        console.error(`integration tests did not finish within ${TIMEOUT_MS / 1000} s`);
        resolveTimeout(1);
      }, TIMEOUT_MS).unref(),
    );
    let code = await Promise.race([exitCode, timeout]);
    const tests = printResults(results);
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

/** Prints each test's outcome; returns the tests with their start times. */
function printResults(file: string): TimedTest[] {
  if (!existsSync(file)) {
    console.error('the extension host wrote no results (did the test bundle load?)');
    return [];
  }
  const { records } = JSON.parse(readFileSync(file, 'utf8')) as {
    records: { title: string; state: string; durationMs?: number; startedAt?: number; error?: string }[];
  };
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
