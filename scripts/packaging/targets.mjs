// The platforms the extension ships for: one .vsix per VS Code target, each carrying only
// its own prebuilt sharp (`@img/sharp-<platform>`) and libvips (`@img/sharp-libvips-<platform>`,
// inside the sharp package itself on Windows). Read by the packager (scripts/packaging/packageTargets.mjs),
// the package check (scripts/packaging/checkVsix.mjs) and the tests.

/**
 * @typedef {object} Target
 * @property {string} target      VS Code's target name (`vsce package --target`)
 * @property {string} platform    sharp's name for the platform (`@img/sharp-<platform>`)
 * @property {'win32' | 'darwin' | 'linux'} os   npm's `--os`
 * @property {'x64' | 'arm64' | 'arm'} cpu        npm's `--cpu`, and the binaries' architecture
 * @property {'glibc' | 'musl' | undefined} libc  npm's `--libc` (Linux only)
 * @property {'pe' | 'macho' | 'elf'} format      the native files' format
 * @property {RegExp} libvips     the libvips library's path inside `extension/node_modules/`
 */

/** @type {readonly Target[]} */
export const TARGETS = [
  { target: 'win32-x64', platform: 'win32-x64', os: 'win32', cpu: 'x64', libc: undefined, format: 'pe', libvips: /^@img\/sharp-win32-x64\/lib\/libvips-42\.dll$/ },
  { target: 'win32-arm64', platform: 'win32-arm64', os: 'win32', cpu: 'arm64', libc: undefined, format: 'pe', libvips: /^@img\/sharp-win32-arm64\/lib\/libvips-42\.dll$/ },
  { target: 'darwin-x64', platform: 'darwin-x64', os: 'darwin', cpu: 'x64', libc: undefined, format: 'macho', libvips: /^@img\/sharp-libvips-darwin-x64\/lib\/libvips-cpp\.[\d.]+\.dylib$/ },
  { target: 'darwin-arm64', platform: 'darwin-arm64', os: 'darwin', cpu: 'arm64', libc: undefined, format: 'macho', libvips: /^@img\/sharp-libvips-darwin-arm64\/lib\/libvips-cpp\.[\d.]+\.dylib$/ },
  { target: 'linux-x64', platform: 'linux-x64', os: 'linux', cpu: 'x64', libc: 'glibc', format: 'elf', libvips: /^@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so\.[\d.]+$/ },
  { target: 'linux-arm64', platform: 'linux-arm64', os: 'linux', cpu: 'arm64', libc: 'glibc', format: 'elf', libvips: /^@img\/sharp-libvips-linux-arm64\/lib\/libvips-cpp\.so\.[\d.]+$/ },
  { target: 'linux-armhf', platform: 'linux-arm', os: 'linux', cpu: 'arm', libc: 'glibc', format: 'elf', libvips: /^@img\/sharp-libvips-linux-arm\/lib\/libvips-cpp\.so\.[\d.]+$/ },
  { target: 'alpine-x64', platform: 'linuxmusl-x64', os: 'linux', cpu: 'x64', libc: 'musl', format: 'elf', libvips: /^@img\/sharp-libvips-linuxmusl-x64\/lib\/libvips-cpp\.so\.[\d.]+$/ },
  { target: 'alpine-arm64', platform: 'linuxmusl-arm64', os: 'linux', cpu: 'arm64', libc: 'musl', format: 'elf', libvips: /^@img\/sharp-libvips-linuxmusl-arm64\/lib\/libvips-cpp\.so\.[\d.]+$/ },
];

/** Every package size the marketplace accepts is far larger; this is the project's own target. */
export const MAX_VSIX_BYTES = 12 * 1024 * 1024;

/** @param {string} name */
export function targetNamed(name) {
  const found = TARGETS.find((t) => t.target === name);
  if (!found) throw new Error(`unknown target '${name}'; known: ${TARGETS.map((t) => t.target).join(', ')}`);
  return found;
}

/**
 * The target of the machine this runs on, or undefined where no package is made for it.
 * @param {{ platform: string, arch: string, musl: boolean }} host
 */
export function hostTarget(host) {
  return TARGETS.find((t) => t.os === host.platform && t.cpu === host.arch && (t.libc === undefined || (t.libc === 'musl') === host.musl));
}

/** Whether this process runs on musl (Alpine): glibc's Node reports its glibc version. */
export function isMusl() {
  const header = /** @type {{ header?: { glibcVersionRuntime?: string } }} */ (process.report?.getReport() ?? {}).header;
  return process.platform === 'linux' && !header?.glibcVersionRuntime;
}

/** The npm packages that hold a target's native files (one on Windows, two elsewhere). */
export function nativePackages(/** @type {Target} */ target) {
  return target.os === 'win32' ? [`@img/sharp-${target.platform}`] : [`@img/sharp-${target.platform}`, `@img/sharp-libvips-${target.platform}`];
}

/** The file name vsce gives a target's package. */
export function vsixName(/** @type {{ name: string, version: string }} */ manifest, /** @type {Target} */ target) {
  return `${manifest.name}-${target.target}-${manifest.version}.vsix`;
}

/**
 * The ignore file for one target, from the project's `.vscodeignore`: each re-include rule
 * written for every sharp platform (`node_modules/@img/sharp-*` and `…/sharp-libvips-*`)
 * becomes the same rule for this target's packages only. vsce lets any `!` rule win over
 * any ignore rule, so a narrower re-include is the only way to keep another platform out.
 * @param {string} source the text of `.vscodeignore`
 * @param {Target} target
 */
export function ignoreFileFor(source, target) {
  return source
    .split('\n')
    .flatMap((line) => {
      if (line.includes('@img/sharp-libvips-*/')) {
        return target.os === 'win32' ? [] : [line.replace('@img/sharp-libvips-*/', `@img/sharp-libvips-${target.platform}/`)];
      }
      if (line.includes('@img/sharp-*/')) {
        return nativePackages(target).map((name) => line.replace('@img/sharp-*/', `${name}/`));
      }
      return [line];
    })
    .join('\n');
}
