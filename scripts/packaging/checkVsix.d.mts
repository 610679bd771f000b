// Types for scripts/packaging/checkVsix.mjs (imported by the packaging tests).
export interface NativeFile {
  path: string;
  format: string;
  arch: string;
  libc?: string;
}
export interface VsixCheck {
  file: string;
  target: string;
  manifestTarget: string | undefined;
  bytes: number;
  files: number;
  binding: NativeFile | undefined;
  libvips: NativeFile | undefined;
  packages: string[];
  problems: string[];
}
export function checkVsix(file: string, targetName: string, options?: { bytes?: Buffer; maxBytes?: number }): VsixCheck;
export function describeCheck(check: VsixCheck): string;
export function megabytes(bytes: number): string;
