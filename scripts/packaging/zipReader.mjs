// Reads a .vsix (a zip file) from its central directory: names, sizes, and the bytes of an
// entry on demand. Only what vsce writes (stored or deflated entries, no zip64, no
// encryption), so the package check needs no dependency.
import { inflateRawSync } from 'node:zlib';

/**
 * @typedef {object} ZipEntry
 * @property {string} name
 * @property {number} size            uncompressed bytes
 * @property {number} compressedSize
 * @property {() => Buffer} read      the entry's uncompressed bytes
 */

/**
 * @param {Buffer} zip the whole file
 * @returns {ZipEntry[]}
 */
export function readZip(zip) {
  const END_SIGNATURE = 0x06054b50;
  let end = -1;
  // The end record is the last 22 bytes, plus a comment of up to 64 KB.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_SIGNATURE) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  /** @type {ZipEntry[]} */
  const entries = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`damaged central directory at entry ${index}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    entries.push({
      name,
      size,
      compressedSize,
      read() {
        if (zip.readUInt32LE(localHeader) !== 0x04034b50) throw new Error(`damaged local header of ${name}`);
        const dataAt = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
        const data = zip.subarray(dataAt, dataAt + compressedSize);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data);
        throw new Error(`${name}: unsupported compression method ${method}`);
      },
    });
  }
  return entries;
}
