// Types for scripts/packaging/targets.mjs (imported by the packaging tests).
export interface Target {
  target: string;
  platform: string;
  os: 'win32' | 'darwin' | 'linux' | undefined;
  cpu: 'x64' | 'arm64' | 'arm' | 'wasm32';
  libc: 'glibc' | 'musl' | undefined;
  format: 'pe' | 'macho' | 'elf' | 'wasm';
  libvips: RegExp | undefined;
}
export const TARGETS: readonly Target[];
export const UNIVERSAL: Target;
export const ALL_PACKAGES: readonly Target[];
export const MAX_VSIX_BYTES: number;
export function targetNamed(name: string): Target;
export function hostTarget(host: { platform: string; arch: string; musl: boolean }): Target | undefined;
export function isMusl(): boolean;
export function nativePackages(target: Target): string[];
export function npmPlatformFlags(target: Target): string[];
export function vsixName(manifest: { name: string; version: string }, target: Target): string;
export function ignoreFileFor(source: string, target: Target): string;
