// Pure parsers for what the bench reads from outside: the Running Extensions view's text,
// /proc/<pid>/status, a .vsix's zip directory. No I/O, so they are unit-tested
// (test/unit/benchParsers.test.ts).

/** Parses the row text the view renders: "Activation: 12ms" or "Startup Activation: 12ms". */
export function parseActivationText(text: string): { ms: number; startup: boolean } | undefined {
  const match = /(Startup )?Activation:\s*(\d+(?:\.\d+)?)\s*ms/.exec(text);
  return match ? { ms: Number(match[2]), startup: Boolean(match[1]) } : undefined;
}

/** Kilobytes from a /proc/<pid>/status line, e.g. VmRSS, VmHWM. */
export function procStatusKb(status: string, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  if (!match) throw new Error(`${field} not in /proc status`);
  return Number(match[1]);
}

export interface ZipEntry {
  name: string;
  /** Uncompressed size in bytes. */
  size: number;
  compressedSize: number;
}

/**
 * The entries of a zip file, from its central directory (sizes as recorded there).
 * Enough for a .vsix: no zip64, no multi-disk archives.
 */
export function readZipEntries(zip: Buffer): ZipEntry[] {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`bad central directory entry ${i}`);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    entries.push({ name, size, compressedSize });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** JavaScript in a .vsix: `.js`, `.cjs` and `.mjs` files, split into our bundles and dependencies. */
export interface ShippedJs {
  total: number;
  files: number;
  /** extension/dist/**: what esbuild made. */
  ours: { total: number; files: ZipEntry[] };
  /** extension/node_modules/**: sharp's JS loader and its small dependencies. */
  dependencies: { total: number; files: ZipEntry[]; byPackage: Record<string, number> };
}

export function shippedJs(entries: readonly ZipEntry[]): ShippedJs {
  const js = entries.filter((entry) => /\.(c|m)?js$/.test(entry.name));
  const ours = js.filter((entry) => entry.name.startsWith('extension/dist/'));
  const dependencies = js.filter((entry) => entry.name.startsWith('extension/node_modules/'));
  const byPackage: Record<string, number> = {};
  for (const entry of dependencies) {
    const parts = entry.name.slice('extension/node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    byPackage[name] = (byPackage[name] ?? 0) + entry.size;
  }
  const sum = (list: ZipEntry[]) => list.reduce((total, entry) => total + entry.size, 0);
  return {
    total: sum(js),
    files: js.length,
    ours: { total: sum(ours), files: ours },
    dependencies: { total: sum(dependencies), files: dependencies, byPackage },
  };
}


/**
 * CPU time (user + system, in clock ticks) from the text of /proc/<pid>/stat. The command
 * name (field 2) may contain spaces and parentheses, so fields are counted after its last ')'.
 */
export function procStatCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unexpected /proc/<pid>/stat format');
  return utime + stime;
}
