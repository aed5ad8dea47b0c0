/** @module `npm run bench`: the six measures of issue 13, each a ratio against its baseline in the same run; one table, results to bench/results/<name>.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { printTable, SCALE, type Row } from './lib/measure.js';
import { cliRows } from './rows/cli.js';
import { imapRows } from './rows/imap.js';
import { ingestRows } from './rows/ingest.js';
import { memoryRows } from './rows/memory.js';
import { scaleRows } from './rows/scale.js';

const NAME = process.argv[2] ?? 'perf';
const ROWS: [string, () => Promise<Row[]>][] = [
  ['1-2 ingest', ingestRows],
  ['3 IMAP latency', imapRows],
  ['4 memory', memoryRows],
  ['5 scale', scaleRows],
  ['6 CLI start', cliRows],
];

// BENCH_ONLY=4,5 measures those rows alone (while working on one), under the same table and JSON.
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const chosen = only ? ROWS.filter(([name]) => only.some((o) => name.split(' ')[0]!.split('-').includes(o))) : ROWS;

const rows: Row[] = [];
const started = Date.now();
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, platform: process.platform };
mkdirSync(join('bench', 'results'), { recursive: true });
// Written after every row, so a run cut short still leaves the rows it measured.
const save = () =>
  writeFileSync(
    join('bench', 'results', `${NAME}.json`),
    `${JSON.stringify({ benchmark: NAME, date: new Date().toISOString(), machine, scale: SCALE, seconds: Math.round((Date.now() - started) / 1000), rows }, null, 2)}\n`,
  );
for (const [name, measure] of chosen) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    rows.push(...(await measure()));
  } catch (e) {
    // A machine without Dovecot or gpg still gets the other rows; the reason is in the table and the JSON.
    rows.push({ row: name, measure: `failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`, ratio: null, goal: '-', met: null, detail: {} });
  }
  save();
}
printTable(rows);
process.stdout.write(`\n${machine.cpus} cores, Node ${machine.node}, BENCH_SCALE=${SCALE}, ${Math.round((Date.now() - started) / 1000)} s; details in bench/results/${NAME}.json\n`);
