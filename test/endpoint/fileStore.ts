// Holds `response_format: "url"` results until they expire, like the service's signed
// blob URLs (valid for 60 minutes). Ids are random so URLs cannot be guessed or reused.
import { randomBytes } from 'node:crypto';

export class FileStore {
  private files = new Map<string, { bytes: Buffer; expires: number }>();

  constructor(private readonly ttlMs: number) {}

  /** Stores the image and returns its id (the `<id>` of `/files/<id>.png`). */
  put(bytes: Buffer): { id: string; expires: number } {
    const id = `img-${randomBytes(12).toString('hex')}`;
    const expires = Date.now() + this.ttlMs;
    this.files.set(id, { bytes, expires });
    return { id, expires };
  }

  /** The bytes, or undefined if unknown or expired (expired entries are dropped). */
  get(id: string): Buffer | undefined {
    const entry = this.files.get(id);
    if (!entry) return undefined;
    if (Date.now() >= entry.expires) {
      this.files.delete(id);
      return undefined;
    }
    return entry.bytes;
  }

  clear(): void {
    this.files.clear();
  }
}
