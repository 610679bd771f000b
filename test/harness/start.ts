// `npm start`: a real VS Code (code-server) in the browser, on a sample workspace, with
// the extension installed from the freshly built .vsix. Without OPENAI_API_KEY in the
// environment the extension talks to the local endpoint; with it, to OpenAI.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEndpoint, type Endpoint } from '../endpoint/server';
import { startCodeServer } from './codeServer';

const ROOT = resolve(__dirname, '..', '..', '..');
const STATE = join(ROOT, '.tools', 'start');
const WORKSPACE = join(STATE, 'sample-workspace');

/**
 * The first screen is Image Studio's walkthrough. VS Code opens a walkthrough by itself when
 * its extension is installed from a running window; here the extension is installed before
 * the window exists, so a task of the sample workspace runs *Image Studio: Get Started* when
 * the folder opens (`${command:…}` runs the command; it answers nothing, so no shell starts).
 */
const OPEN_WALKTHROUGH_TASKS = `// npm start's sample workspace: opens Image Studio's walkthrough when the folder opens.
{
  "version": "2.0.0",
  "tasks": [
    {
      "label": "Open the Image Studio walkthrough",
      "type": "shell",
      "command": "\${command:imageStudio.getStarted}",
      "runOptions": { "runOn": "folderOpen" },
      "presentation": { "reveal": "never" },
      "problemMatcher": []
    }
  ]
}
`;

function prepareWorkspace(): void {
  const tasks = join(WORKSPACE, '.vscode', 'tasks.json');
  if (!existsSync(tasks)) {
    mkdirSync(join(WORKSPACE, '.vscode'), { recursive: true });
    writeFileSync(tasks, OPEN_WALKTHROUGH_TASKS);
  }
  if (existsSync(join(WORKSPACE, 'docs'))) return;
  mkdirSync(join(WORKSPACE, 'docs'), { recursive: true });
  writeFileSync(
    join(WORKSPACE, 'docs', 'getting-started.md'),
    [
      '# Image Studio sample workspace',
      '',
      'Run **Image Studio: Generate Image…** from the command palette (F1),',
      'or select the line below and choose **Generate Image from Selection** from the context menu.',
      '',
      'A watercolor lighthouse on a cliff at sunset, seagulls, soft light',
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const realKey = process.env.OPENAI_API_KEY?.trim();
  const vsix = process.env.IMAGE_STUDIO_VSIX;
  if (!vsix) throw new Error('IMAGE_STUDIO_VSIX is not set: run `npm start`.');
  prepareWorkspace();
  let endpoint: Endpoint | undefined;
  // The sample workspace lives inside this repository's .tools/: not a repo to offer.
  // Automatic tasks run without asking: the one that opens the walkthrough (see prepareWorkspace).
  const userSettings: Record<string, unknown> = { 'git.openRepositoryInParentFolders': 'never', 'task.allowAutomaticTasks': 'on' };
  const env: Record<string, string> = {};
  if (realKey) {
    env.OPENAI_API_KEY = realKey;
  } else {
    endpoint = await startEndpoint({ port: Number(process.env.IMAGE_STUDIO_ENDPOINT_PORT ?? 0) || undefined });
    userSettings['imageStudio.baseUrl'] = endpoint.url;
    // The local endpoint accepts any key; this one saves typing. Set a real key with
    // "Image Studio: Set API Key…" and clear imageStudio.baseUrl to use OpenAI.
    env.OPENAI_API_KEY = 'sk-local-endpoint-key';
  }
  const server = await startCodeServer({
    workspace: WORKSPACE,
    vsix,
    root: join(STATE, 'code-server'),
    port: Number(process.env.PORT ?? 8080),
    userSettings,
    env,
    // A person trying the extension may want others from the gallery, as in any VS Code.
    extensionGallery: true,
  });
  console.log('');
  console.log(`  VS Code (code-server) is running: ${server.url}?folder=${encodeURIComponent(WORKSPACE)}`);
  console.log(
    endpoint
      ? `  The extension talks to the LOCAL test endpoint ${endpoint.url} (no OPENAI_API_KEY in the environment): images are generated locally, nothing is sent to OpenAI.`
      : '  The extension talks to OpenAI with the OPENAI_API_KEY from your environment.',
  );
  console.log('  Press Ctrl+C to stop.\n');
  const stop = async () => {
    await server.stop();
    await endpoint?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
