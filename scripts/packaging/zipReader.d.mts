// Types for scripts/packaging/zipReader.mjs (imported by the packaging tests).
export interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
  read(): Buffer;
}
export function readZip(zip: Buffer): ZipEntry[];
