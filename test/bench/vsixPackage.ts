// Packages the production .vsix the bench measures, in a staging folder of its own (other
// people rebuild the repo's dist/ while the bench runs), and accounts for what it ships.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './environment';
import type { Metafile } from 'esbuild';
import { readZipEntries, type ZipEntry } from './parsers';

export interface PackagedVsix {
  path: string;
  /** File size of the .vsix. */
  bytes: number;
  entries: ZipEntry[];
  /** The staging folder (its dist/ is the production build that was packaged). */
  stageDir: string;
}

/** Shared with the repository through symbolic links: read-only inputs of the build. */
const LINKED = ['src', 'shared', 'webview', 'scripts', 'node_modules', 'tsconfig.json'];
/** Where the production build's esbuild metafile is written in the staging folder. */
const METAFILE = 'host-metafile.json';
/**
 * Copied: the build writes media/codicons, and vsce reads the manifest and ignore file. The
 * manifest's translations (package.nls*.json) and the code's (l10n/) ship too: without them
 * VS Code shows the commands as their %keys%, and the bench finds none by its title.
 */
const COPIED = ['package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n', 'README.md', 'LICENSE', 'CHANGELOG.md', 'SECURITY.md', '.vscodeignore', 'esbuild.mjs', 'media'];

function run(command: string, args: string[], cwd: string, what: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * `node esbuild.mjs --production` then `vsce package --target linux-x64` in `tempRoot/stage`
 * (sources linked, manifest copied), producing `tempRoot/image-studio-bench.vsix`.
 */
export function packageVsix(tempRoot: string): PackagedVsix {
  const stageDir = join(tempRoot, 'stage');
  mkdirSync(stageDir, { recursive: true });
  for (const name of LINKED) {
    if (existsSync(join(ROOT, name))) symlinkSync(join(ROOT, name), join(stageDir, name));
  }
  for (const name of COPIED) {
    const from = join(ROOT, name);
    if (!existsSync(from)) continue;
    if (statSync(from).isDirectory()) cpSync(from, join(stageDir, name), { recursive: true });
    else copyFileSync(from, join(stageDir, name));
  }
  run(process.execPath, ['esbuild.mjs', '--production', `--metafile=${METAFILE}`], stageDir, 'production build (esbuild.mjs --production)');
  const path = join(tempRoot, 'image-studio-bench.vsix');
  run(
    process.execPath,
    // Relative links in the README are left alone: they do not change what is measured, and
    // rewriting them needs a repository URL the manifest may not have yet.
    [join('node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', 'linux-x64', '--out', path, '--skip-license', '--no-rewrite-relative-links'],
    stageDir,
    'vsce package',
  );
  const bytes = readFileSync(path);
  return { path, bytes: bytes.length, entries: readZipEntries(bytes), stageDir };
}

/**
 * Where the bytes of a minified production bundle come from, by package (`src` for our
 * own code), largest first: read from the metafile of the very build that was packaged.
 */
export function bundleComposition(bundle: string, stageDir: string): [string, number][] {
  const metafile = JSON.parse(readFileSync(join(stageDir, METAFILE), 'utf8')) as Metafile;
  // Keyed by output path; inputs are real paths (src/ is a link into the repository here).
  const output = metafile.outputs[bundle];
  if (!output) throw new Error(`the production build wrote no ${bundle}`);
  const byPackage = new Map<string, number>();
  for (const [input, info] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    // The plugin's placeholder module stands in for SDK code: counted with openai.
    const name = match ? match[1] : input.startsWith('slim-openai:') ? 'openai' : /(^|\/)(src|shared)\//.test(input) ? 'our code (src/, shared/)' : input;
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  return [...byPackage.entries()].sort((a, b) => b[1] - a[1]);
}
