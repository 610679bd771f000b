// Runs test/integration inside a real VS Code extension host: code-server with the
// smoke-test driver, the workbench opened with extensionDevelopmentPath and
// extensionTestsPath in its payload (the mechanism @vscode/test-electron uses), and the
// page reporting the exit code through window.codeAutomationExit.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, workbenchUrl } from './browser';
import { startCodeServer } from './codeServer';

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
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      // Errors only: the workbench warns about every stat of a file that does not exist yet.
      if (type === 'error') console.log(`[workbench ${type}]`, ...(Array.isArray(args) ? args : [args]));
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
    const code = await Promise.race([exitCode, timeout]);
    printResults(results);
    if (code !== 0) console.error(`code-server output:\n${server.output().slice(-4000)}`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}

function printResults(file: string): void {
  if (!existsSync(file)) {
    console.error('the extension host wrote no results (did the test bundle load?)');
    return;
  }
  const { records } = JSON.parse(readFileSync(file, 'utf8')) as {
    records: { title: string; state: string; durationMs?: number; error?: string }[];
  };
  for (const record of records) {
    if (record.state === 'passed') console.log(`  ✔ ${record.title} (${record.durationMs ?? 0} ms)`);
    else console.log(`  ✘ ${record.title}\n${(record.error ?? '').replace(/^/gm, '      ')}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
