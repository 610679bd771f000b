// The platforms the extension ships for: one .vsix per VS Code target, each carrying only
// its own prebuilt sharp (`@img/sharp-<platform>`) and libvips (`@img/sharp-libvips-<platform>`,
// inside the sharp package itself on Windows); and one universal .vsix (no target) for every
// other platform, with sharp's WebAssembly build (`@img/sharp-wasm32`, libvips compiled in).
// Read by the packager (scripts/packaging/packageTargets.mjs),
// the package check (scripts/packaging/checkVsix.mjs) and the tests.

/**
 * @typedef {object} Target
 * @property {string} target      VS Code's target name (`vsce package --target`)
 * @property {string} platform    sharp's name for the platform (`@img/sharp-<platform>`)
 * @property {'win32' | 'darwin' | 'linux' | undefined} os   npm's `--os` (none for the universal package)
 * @property {'x64' | 'arm64' | 'arm' | 'wasm32'} cpu        npm's `--cpu`, and the binaries' architecture
 * @property {'glibc' | 'musl' | undefined} libc  npm's `--libc` (Linux only)
 * @property {'pe' | 'macho' | 'elf' | 'wasm'} format      the native files' format (WebAssembly: no native file)
 * @property {RegExp | undefined} libvips     the libvips library's path inside `extension/node_modules/` (none in WebAssembly: compiled in)
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

/**
 * The universal package: no `--target`, so VS Code and the marketplaces offer it on every
 * platform without a package of its own (Windows on 32-bit x86, Linux on ppc64, s390x or
 * riscv64, FreeBSD, …). npm's `--cpu=wasm32` leaves every native `@img/*` package out and
 * installs sharp's WebAssembly build, which sharp loads when no native binding is there.
 * @type {Target}
 */
export const UNIVERSAL = { target: 'universal', platform: 'wasm32', os: undefined, cpu: 'wasm32', libc: undefined, format: 'wasm', libvips: undefined };

/** Every package `npm run package:all` makes: the nine targets, then the universal one. */
export const ALL_PACKAGES = [...TARGETS, UNIVERSAL];

/** Every package size the marketplace accepts is far larger; this is the project's own target. */
export const MAX_VSIX_BYTES = 12 * 1024 * 1024;

/** @param {string} name */
export function targetNamed(name) {
  const found = ALL_PACKAGES.find((t) => t.target === name);
  if (!found) throw new Error(`unknown target '${name}'; known: ${ALL_PACKAGES.map((t) => t.target).join(', ')}`);
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

/** The npm packages that hold a target's sharp build (one on Windows and for WebAssembly, two elsewhere). */
export function nativePackages(/** @type {Target} */ target) {
  if (target === UNIVERSAL) return ['@img/sharp-wasm32'];
  return target.os === 'win32' ? [`@img/sharp-${target.platform}`] : [`@img/sharp-${target.platform}`, `@img/sharp-libvips-${target.platform}`];
}

/** npm's flags that install a target's sharp build and no other. */
export function npmPlatformFlags(/** @type {Target} */ target) {
  return [...(target.os ? [`--os=${target.os}`] : []), `--cpu=${target.cpu}`, ...(target.libc ? [`--libc=${target.libc}`] : [])];
}

/** The file name vsce gives a target's package (the universal one named so, beside the others). */
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
        return target.os === 'win32' || target === UNIVERSAL ? [] : [line.replace('@img/sharp-libvips-*/', `@img/sharp-libvips-${target.platform}/`)];
      }
      if (line.includes('@img/sharp-*/')) {
        return nativePackages(target).map((name) => line.replace('@img/sharp-*/', `${name}/`));
      }
      return [line];
    })
    .join('\n');
}
