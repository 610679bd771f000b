// A code-server session with the packaged .vsix for the figures measured in the real
// workbench after activation: the webviews (section 5; its workspace holds a history of 200
// generated images and a 2048x2048 PNG) and the extension host's memory (section 4, a
// session of its own, so what the webviews left in the host does not change the figure).
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildSidecar } from '../../src/jobs/jobSidecar';
import { fileUri, saveBenchImage } from './benchWriter';
import { openSession, type BenchSession } from './workbenchDriver';
import { waitFor } from '../harness/poll';

export const HISTORY_SIZE = 200;
export const MASK_SOURCE = 'mask-source-2048.png';
export const OUTPUT_FOLDER = 'images';
export const BENCH_API_KEY = 'sk-bench-local-endpoint';

export interface HostSession extends BenchSession {
  workspace: string;
  /** The extension host process of this code-server (found by its HOME; waited for up to 30 s). */
  extensionHostPid(): Promise<number>;
  /** Writes the workspace's .vscode/settings.json (VS Code picks the change up from the file). */
  setWorkspaceSettings(settings: Record<string, unknown>): void;
}

const PROMPTS = [
  'A lighthouse on a cliff at sunset, watercolor',
  'A red fox in fresh snow, morning light',
  'An isometric city block at night, neon signs',
  'A bowl of ramen, studio photo, top view',
  'A sailing ship in a storm, oil painting',
  'Mountains over a misty lake, long exposure',
  'A robot gardener tending tomatoes',
  'A cosy reading nook with a cat',
];

/**
 * .vscode/settings.json, and with `history`: `images/` with HISTORY_SIZE PNGs (1024x1024, eight different pictures from flowers.jpeg,
 * ~1 MB each like real results) and their sidecars written the way the extension writes
 * them (the runner's buildSidecar, the bench's save), one minute apart, and the mask editor's 2048x2048 source.
 */
export async function makeWorkspace(workspace: string, { history = true } = {}, fixtures = '/work/shared/fixtures/images'): Promise<void> {
  // The memory jobs' count lives here (n = 1 for the warm-up, then 10): VS Code picks up a
  // change to an existing workspace settings file more reliably than a new one.
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'imageStudio.count': 1 }, null, 2));
  if (!history) return;
  const flowers = readFileSync(join(fixtures, 'flowers.jpeg'));
  const variants: Buffer[] = [];
  const positions = ['centre', 'north', 'south', 'east', 'west', 'northeast', 'southwest', 'entropy'] as const;
  for (const [index, position] of positions.entries()) {
    variants.push(
      await sharp(flowers)
        .resize(1024, 1024, { fit: 'cover', position })
        .modulate({ hue: index * 45 })
        .png()
        .toBuffer(),
    );
  }
  const start = Date.UTC(2026, 9, 1, 9, 0, 0);
  for (let index = 0; index < HISTORY_SIZE; index++) {
    const bytes = variants[index % variants.length];
    const prompt = `${PROMPTS[index % PROMPTS.length]} #${index + 1}`;
    const sidecar = buildSidecar({
      operation: 'generate',
      endpoint: '/images/generations',
      sources: [],
      preparation: [],
      prompt,
      model: 'gpt-image-2',
      parameters: { model: 'gpt-image-2', size: '1024x1024', quality: 'medium', n: 1 },
      server: '127.0.0.1',
      width: 1024,
      height: 1024,
    });
    await saveBenchImage(
      { destination: { kind: 'folder', folder: fileUri(join(workspace, OUTPUT_FOLDER)) } },
      { index: 0, bytes, format: 'png', sidecar },
      { date: new Date(start + index * 60_000), count: 1, sources: [] },
    );
  }
  const source = await sharp(flowers).resize(2048, 2048, { fit: 'cover' }).png().toBuffer();
  writeFileSync(join(workspace, MASK_SOURCE), source);
}

/** Finds the extension host of the code-server whose temp root is `root`. */
export function findExtensionHost(root: string): number {
  const home = `HOME=${join(root, 'home')}`;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=extensionHost')) continue;
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(home)) return Number(name);
    } catch {
      // gone meanwhile, or not ours
    }
  }
  throw new Error(`extension host of ${root} not found`);
}

export interface HostSessionOptions {
  vsix: string;
  endpointUrl: string;
  workspace: string;
  /** Runs in every frame before its own scripts (see openSession). */
  initScript?: string;
}

/** code-server with the .vsix, settings that aim at the local endpoint and ask nothing, and a key in the environment. */
export async function openHostSession(options: HostSessionOptions): Promise<HostSession> {
  mkdirSync(options.workspace, { recursive: true });
  const session = await openSession({
    workspace: options.workspace,
    vsix: options.vsix,
    initScript: options.initScript,
    env: { OPENAI_API_KEY: BENCH_API_KEY },
    userSettings: {
      'imageStudio.baseUrl': options.endpointUrl,
      'imageStudio.outputFolder': OUTPUT_FOLDER,
      'imageStudio.maxRetries': 0,
      'imageStudio.confirmCostAboveUsd': 1_000_000,
      // The memory jobs: 1536x1024 in one b64 response (their count: .vscode/settings.json).
      'imageStudio.model': 'gpt-image-2',
      'imageStudio.size': '1536x1024',
      'imageStudio.quality': 'low',
      'imageStudio.stream': false,
    },
  });
  return {
    ...session,
    workspace: options.workspace,
    setWorkspaceSettings: (settings) => {
      mkdirSync(join(options.workspace, '.vscode'), { recursive: true });
      writeFileSync(join(options.workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
    },
    extensionHostPid: async () => {
      // Not found yet is the usual answer while the extension host starts: say why at the end.
      let lastProblem: unknown;
      const found = () => {
        try {
          return findExtensionHost(session.server.root);
        } catch (error) {
          lastProblem = error;
          return undefined;
        }
      };
      return waitFor(found, 'the extension host process', 30_000, 250).catch(() => {
        throw lastProblem;
      });
    },
  };
}
