// Starts a real VS Code (code-server: same workbench and extension host as the desktop
// app) on 127.0.0.1 for one test run, with its own HOME, TMPDIR and data folders.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDisplayLanguage, type DisplayLanguage } from './displayLanguage';
import { waitFor } from './poll';

export interface CodeServerOptions {
  /** Folder opened in the workbench. */
  workspace: string;
  /** Extra VS Code server flags, e.g. ['--vscode-option', 'enable-smoke-test-driver']. */
  extraArgs?: string[];
  /** Environment of code-server, and so of the extension host. */
  env?: Record<string, string>;
  /** User settings (User/settings.json) written before start. */
  userSettings?: Record<string, unknown>;
  /** A .vsix installed with `--install-extension` before start (what users get). */
  vsix?: string;
  /** A fixed port (npm start); default: a free one. */
  port?: number;
  /** A folder kept between runs (npm start); default: a fresh temporary one. */
  root?: string;
  /**
   * Whether the workbench may use an extension gallery (code-server's is open-vsx.org).
   * Default false: the tests install nothing from one, and with a gallery the workbench
   * queries it for the running extensions as it starts, which on a closed network logs
   * `getaddrinfo ENOTFOUND open-vsx.org` twice per window.
   */
  extensionGallery?: boolean;
  /** VS Code's display language (default English): see displayLanguage.ts. */
  displayLanguage?: DisplayLanguage;
  /**
   * Workspace trust. 'disabled' (default): off, every folder is trusted, as in most tests.
   * 'untrusted': on, with no folder in the trusted list (a fresh user data folder) and no
   * startup prompt, so `workspace` opens in Restricted Mode, as a freshly cloned repository does.
   */
  workspaceTrust?: 'disabled' | 'untrusted';
}

export interface CodeServer {
  url: string;
  port: number;
  /** The remote authority as the page sees it (`location.host`). */
  authority: string;
  root: string;
  userDataDir: string;
  extensionsDir: string;
  output(): string;
  stop(): Promise<void>;
}

export function codeServerEntry(): string {
  const entry = process.env.IMAGE_STUDIO_CODE_SERVER;
  if (!entry) throw new Error('IMAGE_STUDIO_CODE_SERVER is not set: run tests through `npm test`.');
  return entry;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Environment for code-server without anything that could reach a real API. */
function cleanEnv(root: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(OPENAI_|VSCODE_|ELECTRON_)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, HOME: join(root, 'home'), TMPDIR: join(root, 'tmp'), ...extra };
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const entry = codeServerEntry();
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'image-studio-cs-'));
  mkdirSync(root, { recursive: true });
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  for (const dir of ['home', 'tmp', userDataDir, extensionsDir, join(userDataDir, 'User')]) {
    mkdirSync(dir.startsWith('/') ? dir : join(root, dir), { recursive: true });
  }
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...trustSettings(options.workspaceTrust ?? 'disabled'),
        ...options.userSettings,
      },
      null,
      2,
    ),
  );
  // code-server takes its gallery from EXTENSIONS_GALLERY (product.json's `extensionsGallery`);
  // `{}` has no serviceUrl, so the workbench's gallery service reports itself disabled.
  const env = cleanEnv(root, { ...(options.extensionGallery ? {} : { EXTENSIONS_GALLERY: '{}' }), ...options.env });
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (options.vsix) {
    const install = spawnSync(process.execPath, [entry, ...common, '--install-extension', options.vsix], {
      env,
      encoding: 'utf8',
    });
    if (install.status !== 0) {
      throw new Error(`installing ${options.vsix} failed:\n${install.stdout}\n${install.stderr}`);
    }
  }
  const languageArgs = options.displayLanguage ? prepareDisplayLanguage(userDataDir, options.displayLanguage) : [];
  const port = options.port ?? (await freePort());
  const args = [
    entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    ...common,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust === 'untrusted' ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--reconnection-grace-time', '5',
    ...languageArgs,
    ...(options.extraArgs ?? []),
    options.workspace,
  ];
  let output = '';
  // Detached: its own process group, so stop() can end the extension host with it.
  const child: ChildProcess = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  await waitForListening(child, () => output, 60_000);
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    authority: `127.0.0.1:${port}`,
    root,
    userDataDir,
    extensionsDir,
    output: () => output,
    stop,
  };
}

/** The user settings behind {@link CodeServerOptions.workspaceTrust}. */
function trustSettings(trust: 'disabled' | 'untrusted'): Record<string, unknown> {
  if (trust === 'disabled') return { 'security.workspace.trust.enabled': false };
  return {
    'security.workspace.trust.enabled': true,
    // Opens in Restricted Mode without the modal "Do you trust the authors…?" a test cannot answer.
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
  };
}

async function waitForListening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output()}`);
      return /HTTP server listening on/.test(output());
    },
    'code-server to listen',
    timeoutMs,
    100,
  ).catch((error: unknown) => {
    if (child.exitCode !== null) throw error;
    throw new Error(`code-server did not start within ${timeoutMs} ms:\n${output()}`);
  });
}
