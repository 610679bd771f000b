// `npm run test:electron`: the same integration tests in desktop VS Code, for machines
// that can download it (@vscode/test-electron). CI here uses code-server instead.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'image-studio-ws-'));
  mkdirSync(join(workspace, 'docs'));
  writeFileSync(join(workspace, 'docs', 'README.md'), '# Sample\n');
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { IMAGE_STUDIO_RESULTS: join(ROOT, '.test-artifacts', 'integration-results.json') },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
