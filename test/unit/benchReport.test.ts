// The bench's Markdown report (test/bench/report.ts) and its parsers (test/bench/parsers.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseActivationText, procStatCpuTicks, procStatusKb, readZipEntries, shippedJs } from '../bench/parsers';
import { allMet, BEGIN_MARKER, cell, END_MARKER, missedTargets, renderTable, spliceGenerated, verdict, type Figure } from '../bench/report';
import { summarize } from '../bench/stats';

const activation: Figure = {
  section: '1. Activation',
  name: 'Activation time',
  unit: 'ms',
  result: summarize([2, 1, 3, 2, 2]),
  checks: [{ target: { op: '<=', value: 10, unit: 'ms' }, value: 2 }],
  note: 'fresh starts | headless',
};
const preparation: Figure = {
  section: '2. Input preparation',
  name: 'sharp',
  unit: 'ms',
  result: summarize([150, 140, 160]),
  baseline: { name: 'jimp', unit: 'ms', result: summarize([1350, 1300, 1400]) },
  ratio: { result: summarize([9, 9.3, 9.5]), unit: 'ratio', suffix: 'faster' },
  checks: [
    { label: 'time', target: { op: '<=', value: 300, unit: 'ms' }, value: 150 },
    { label: 'speed-up', target: { op: '>=', value: 10, unit: 'ratio' }, value: 9.3 },
  ],
};
const notYet: Figure = {
  section: '5. Webviews',
  name: 'Studio first screen',
  unit: 'ms',
  checks: [{ target: { op: '<=', value: 300, unit: 'ms' }, value: Number.NaN }],
  unavailable: 'not available yet',
};

test('the table has a header, a row per section and per figure, and numbered notes', () => {
  const table = renderTable([activation, preparation, notYet]);
  const lines = table.split('\n');
  assert.match(lines[0], /^\| Figure \| Result: median \(min–max, n\) \| Baseline \(same session\) \| Ratio \| Target \| Met \|$/);
  assert.equal(lines[1], '|---|---|---|---|---|---|');
  assert.equal(lines[2], '| **1. Activation** | | | | | |');
  assert.equal(lines[3], '| Activation time [1] | 2 ms (1–3, n = 5) |  |  | ≤ 10 ms | yes |');
  assert.equal(lines[4], '| **2. Input preparation** | | | | | |');
  assert.equal(
    lines[5],
    '| sharp | 150 ms (140–160, n = 3) | jimp: 1350 ms (1300–1400, n = 3) | 9.30× (9–9.50, n = 3) faster | time ≤ 300 ms; speed-up ≥ 10× | time: yes · speed-up: **no** |',
  );
  assert.equal(lines[7], '| Studio first screen | not available yet |  |  | ≤ 300 ms | — |');
  // A pipe in a note would end the cell early in a table; notes are under it, as written.
  assert.equal(lines[9], '1. fresh starts | headless');
});

test('verdicts, overall result and the list of misses ignore figures not measured', () => {
  assert.equal(verdict(activation), 'yes');
  assert.equal(verdict(notYet), '—');
  assert.equal(verdict({ ...activation, checks: [] }), '(no target)');
  assert.equal(allMet([activation, notYet]), true);
  assert.equal(allMet([activation, preparation]), false);
  assert.deepEqual(missedTargets([activation, preparation, notYet]), ['sharp (speed-up): 9.30×, target ≥ 10×']);
});

test('cells escape pipes and line breaks', () => {
  assert.equal(cell('a | b\nc'), 'a \\| b c');
});

test('the generated block replaces the old one and keeps the hand-written text around it', () => {
  const existing = `# Benchmarks\n\nintro\n\n${BEGIN_MARKER}\nold table\n${END_MARKER}\n\n## How each figure is measured\n\nkept\n`;
  const updated = spliceGenerated(existing, 'new table\n');
  assert.equal(updated, `# Benchmarks\n\nintro\n\n${BEGIN_MARKER}\nnew table\n${END_MARKER}\n\n## How each figure is measured\n\nkept\n`);
  assert.equal(spliceGenerated(updated, 'new table'), updated, 'idempotent');
});

test('without markers the block goes under the first heading; without a file it makes one', () => {
  assert.equal(spliceGenerated(undefined, 'table'), `# Benchmarks\n\n${BEGIN_MARKER}\ntable\n${END_MARKER}\n`);
  assert.equal(spliceGenerated('# B\n\ntext\n', 'table'), `# B\n\n${BEGIN_MARKER}\ntable\n${END_MARKER}\n\n\ntext\n`);
  assert.equal(spliceGenerated('text only\n', 'table'), `${BEGIN_MARKER}\ntable\n${END_MARKER}\n\ntext only\n`);
});

test('the Running Extensions view text gives the activation time', () => {
  assert.deepEqual(parseActivationText('Activation: 3ms'), { ms: 3, startup: false });
  assert.deepEqual(parseActivationText('Startup Activation: 120ms'), { ms: 120, startup: true });
  assert.deepEqual(parseActivationText('Activation: 1.5 ms'), { ms: 1.5, startup: false });
  assert.equal(parseActivationText('Activating...'), undefined);
});

test('/proc status fields are read in kB', () => {
  const status = 'Name:\tnode\nVmPeak:\t 1200 kB\nVmHWM:\t  336008 kB\nVmRSS:\t   45728 kB\n';
  assert.equal(procStatusKb(status, 'VmHWM'), 336008);
  assert.equal(procStatusKb(status, 'VmRSS'), 45728);
  assert.throws(() => procStatusKb('Name:\tnode\n', 'VmRSS'));
});

/** A zip with only what readZipEntries reads: central directory entries and the end record. */
function zipDirectory(entries: { name: string; size: number; compressedSize: number }[]): Buffer {
  const central = entries.map((entry) => {
    const name = Buffer.from(entry.name);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt32LE(entry.compressedSize, 20);
    header.writeUInt32LE(entry.size, 24);
    header.writeUInt16LE(name.length, 28);
    return Buffer.concat([header, name]);
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(16, 16);
  return Buffer.concat([Buffer.alloc(16), directory, end]);
}

test('zip entries come from the central directory; shipped JS splits ours from dependencies', () => {
  const listed = [
    { name: 'extension/package.json', size: 7923, compressedSize: 2000 },
    { name: 'extension/dist/extension.js', size: 4622, compressedSize: 2100 },
    { name: 'extension/dist/features.js', size: 482553, compressedSize: 120000 },
    { name: 'extension/dist/webview/studio.js', size: 30000, compressedSize: 9000 },
    { name: 'extension/node_modules/sharp/dist/index.cjs', size: 620, compressedSize: 300 },
    { name: 'extension/node_modules/sharp/dist/index.mjs', size: 573, compressedSize: 300 },
    { name: 'extension/node_modules/@img/colour/color.cjs', size: 45136, compressedSize: 9000 },
    { name: 'extension/node_modules/sharp/lib/index.d.ts', size: 92885, compressedSize: 20000 },
  ];
  const entries = readZipEntries(zipDirectory(listed));
  assert.deepEqual(entries, listed);
  const js = shippedJs(entries);
  assert.equal(js.files, 6);
  assert.equal(js.ours.total, 4622 + 482553 + 30000);
  assert.equal(js.dependencies.total, 620 + 573 + 45136);
  assert.deepEqual(js.dependencies.byPackage, { sharp: 1193, '@img/colour': 45136 });
  assert.equal(js.total, js.ours.total + js.dependencies.total);
  assert.throws(() => readZipEntries(Buffer.from('not a zip at all, just text')), /not a zip/);
});

test('/proc/<pid>/stat gives user + system CPU ticks, even with spaces and parentheses in the name', () => {
  const stat = '3567 (node (ext) host) S 3389 3371 3371 0 -1 4194560 12000 0 3 0 250 40 0 0 20 0 11 0 1234 1000000 5000 18446744073709551615';
  assert.equal(procStatCpuTicks(stat), 290);
  assert.throws(() => procStatCpuTicks('1 (x) S'));
});
