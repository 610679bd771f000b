// What a native library is built for, read from its header: Windows PE, macOS Mach-O or
// Linux ELF, and the CPU. For ELF also the C library it links (the DT_NEEDED entries of its
// dynamic section: glibc's libc.so.6 or musl's libc.musl-<arch>.so.1), which is what tells
// a linux-x64 binary from an alpine-x64 one. No dependencies: the package check runs it on
// binaries of every platform from one Linux machine.

/**
 * @typedef {object} BinaryHeader
 * @property {'pe' | 'macho' | 'elf'} format
 * @property {string} arch    'x64', 'arm64', 'arm', 'ia32', or `unknown (<machine number>)`
 * @property {number} bits    32 or 64
 * @property {string[]} [needed]  ELF only: the shared libraries it links
 * @property {'glibc' | 'musl' | 'unknown'} [libc]  ELF only
 */

const PE_MACHINES = { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'ia32', 0x1c4: 'arm' };
const MACHO_CPUS = { 0x01000007: 'x64', 0x0100000c: 'arm64', 7: 'ia32', 12: 'arm' };
const ELF_MACHINES = { 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm', 0x03: 'ia32' };

/** @param {Record<number, string>} table @param {number} value */
function named(table, value) {
  return table[value] ?? `unknown (0x${value.toString(16)})`;
}

/**
 * Reads the format and architecture of a native library or executable.
 * @param {Buffer} bytes the file (the whole file for ELF's dynamic section; the header otherwise)
 * @returns {BinaryHeader}
 */
export function readBinaryHeader(bytes) {
  if (bytes.length >= 64 && bytes[0] === 0x4d && bytes[1] === 0x5a) return readPe(bytes);
  if (bytes.length >= 8) {
    const magic = bytes.readUInt32LE(0);
    if (magic === 0xfeedfacf || magic === 0xfeedface) {
      return { format: 'macho', arch: named(MACHO_CPUS, bytes.readUInt32LE(4)), bits: magic === 0xfeedfacf ? 64 : 32 };
    }
    if (bytes.readUInt32BE(0) === 0xcafebabe) {
      throw new Error('a universal (fat) Mach-O binary: each target should carry one architecture');
    }
  }
  if (bytes.length >= 52 && bytes.readUInt32BE(0) === 0x7f454c46) return readElf(bytes);
  throw new Error('not a PE, Mach-O or ELF file');
}

/** @param {Buffer} bytes */
function readPe(bytes) {
  const peOffset = bytes.readUInt32LE(0x3c);
  if (peOffset + 26 > bytes.length || bytes.readUInt32BE(peOffset) !== 0x50450000) throw new Error('MZ header without a PE signature');
  const machine = bytes.readUInt16LE(peOffset + 4);
  const optionalMagic = bytes.readUInt16LE(peOffset + 24);
  return { format: 'pe', arch: named(PE_MACHINES, machine), bits: optionalMagic === 0x20b ? 64 : 32 };
}

/** @param {Buffer} bytes */
function readElf(bytes) {
  const is64 = bytes[4] === 2;
  if (bytes[5] !== 1) throw new Error('big-endian ELF: no VS Code target is big-endian');
  const machine = bytes.readUInt16LE(18);
  const needed = elfNeeded(bytes, is64);
  const libc = needed.some((name) => name.startsWith('libc.musl-')) ? 'musl' : needed.includes('libc.so.6') ? 'glibc' : 'unknown';
  return { format: 'elf', arch: named(ELF_MACHINES, machine), bits: is64 ? 64 : 32, needed, libc };
}

/**
 * The DT_NEEDED names of an ELF file, from its section headers: the SHT_DYNAMIC section and
 * the string table it links to.
 * @param {Buffer} bytes @param {boolean} is64
 */
function elfNeeded(bytes, is64) {
  const word = (offset) => (is64 ? Number(bytes.readBigUInt64LE(offset)) : bytes.readUInt32LE(offset));
  const sectionsAt = word(is64 ? 0x28 : 0x20);
  const sectionSize = bytes.readUInt16LE(is64 ? 0x3a : 0x2e);
  const sectionCount = bytes.readUInt16LE(is64 ? 0x3c : 0x30);
  if (sectionsAt === 0 || sectionsAt + sectionSize * sectionCount > bytes.length) return [];
  const section = (index) => {
    const at = sectionsAt + index * sectionSize;
    return {
      type: bytes.readUInt32LE(at + 4),
      offset: word(at + (is64 ? 0x18 : 0x10)),
      size: word(at + (is64 ? 0x20 : 0x14)),
      link: bytes.readUInt32LE(at + (is64 ? 0x28 : 0x18)),
    };
  };
  const SHT_DYNAMIC = 6;
  const DT_NEEDED = 1;
  const names = [];
  for (let index = 0; index < sectionCount; index++) {
    const dynamic = section(index);
    if (dynamic.type !== SHT_DYNAMIC) continue;
    const strings = section(dynamic.link);
    const entrySize = is64 ? 16 : 8;
    for (let at = dynamic.offset; at + entrySize <= dynamic.offset + dynamic.size; at += entrySize) {
      const tag = word(at);
      if (tag === 0) break;
      if (tag !== DT_NEEDED) continue;
      const start = strings.offset + word(at + entrySize / 2);
      const end = bytes.indexOf(0, start);
      names.push(bytes.toString('latin1', start, end));
    }
  }
  return names;
}
