// Types for scripts/packaging/stagedPackage.mjs (imported by the packaging tests).
export const RUNTIME_DEPENDENCIES: string[];
export interface PackageLock {
  packages: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}
export function runtimeLock(lock: PackageLock, dependencies: Record<string, string>): PackageLock;
export function stagedManifest(manifest: Record<string, unknown>): Record<string, unknown> & { dependencies: Record<string, string> };
