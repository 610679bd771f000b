// Entry point VS Code calls in the extension host (extensionTestsPath). Runs every
// *.test.js beside it with mocha and writes the results where the harness reads them
// (the extension host's console is not the terminal's).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

interface TestRecord {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  /** When the test (or the hook, for a failed hook) started, ms since the epoch: the runner
   * matches the workbench's errors to the test they came during. */
  startedAt?: number;
  error?: string;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'dot' });
  // The runner opens an untrusted window (Restricted Mode) for the *.untrusted.test.js suites
  // only, and the usual trusted one for all the others (test/harness/runIntegration.ts).
  const untrusted = process.env.IMAGE_STUDIO_WORKSPACE_TRUST === 'untrusted';
  // IMAGE_STUDIO_INTEGRATION_FILES=agentTools,studio runs only the suites whose file names contain one of them (while working on them).
  const only = process.env.IMAGE_STUDIO_INTEGRATION_FILES?.split(',').filter(Boolean) ?? [];
  const suites = readdirSync(__dirname).filter(
    (name) => name.endsWith('.test.js') && name.endsWith('.untrusted.test.js') === untrusted && (only.length === 0 || only.some((part) => name.includes(part))),
  );
  for (const file of suites.sort()) {
    mocha.addFile(join(__dirname, file));
  }
  const records: TestRecord[] = [];
  const started = new Map<Mocha.Runnable, number>();
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((failed) => resolve(failed));
    runner.on('test', (test) => started.set(test, Date.now()));
    runner.on('hook', (hook) => started.set(hook, Date.now()));
    runner.on('pass', (test) =>
      records.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration, startedAt: started.get(test) }),
    );
    runner.on('fail', (test, error: Error) =>
      records.push({ title: test.fullTitle(), state: 'failed', startedAt: started.get(test), error: `${error?.stack ?? error}` }),
    );
  });
  const passed = records.filter((record) => record.state === 'passed').length;
  const failed = records.filter((record) => record.state === 'failed').length;
  const resultsFile = process.env.IMAGE_STUDIO_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed, failed, records }, null, 2));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
