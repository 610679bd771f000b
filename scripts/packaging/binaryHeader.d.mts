// Types for scripts/packaging/binaryHeader.mjs (imported by the packaging tests).
export interface BinaryHeader {
  format: 'pe' | 'macho' | 'elf';
  arch: string;
  bits: number;
  needed?: string[];
  libc?: 'glibc' | 'musl' | 'unknown';
}
export function readBinaryHeader(bytes: Buffer): BinaryHeader;
