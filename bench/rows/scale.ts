/** @module Row 5: the deadline sweep and the desk's commands on 100,000 reports / 300,000 messages vs the same on 100 reports. */
import { sweep } from '../../src/report/sweep.js';
import { bigWorkspace } from '../lib/bigdb.js';
import { median, medianRun, round, timed, type Row } from '../lib/measure.js';

const CLI = ['bin/secintake.js'];

interface Times {
  buildMs: number;
  sweepMs: number;
  fullPassMs: number;
  listMs: number;
  showMs: number;
  digestMs: number;
}

/** The commands the desk runs, each a median of `runs` (process start included: that is what the team waits for). */
const COMMANDS = {
  listMs: ['reports', 'list', '--json'],
  digestMs: ['digest', '--print', '--json'],
} as const;

async function measure(reports: number, messages: number, runs: number): Promise<Times> {
  const built = await timed(() => bigWorkspace(reports, messages));
  const bw = built.value;
  try {
    const rt = await bw.ws.open();
    const sweeps: number[] = [];
    for (let i = 0; i < 3; i++) sweeps.push((await timed(() => sweep(rt))).ms);
    // What the first sweep after migration 009 (or a policy change's flag pass) costs: every open report due at once.
    rt.repos.db.prepare('UPDATE reports SET next_due_at = created_at').run();
    const fullPassMs = (await timed(() => sweep(rt))).ms;
    rt.close();
    const config = ['--config', bw.ws.configFile];
    const ref = `SEC-${new Date().getUTCFullYear()}-${String(Math.ceil(reports / 2)).padStart(4, '0')}`;
    const showMs = await medianRun('node', [...CLI, ...config, 'reports', 'show', ref, '--json'], runs);
    const listMs = await medianRun('node', [...CLI, ...config, ...COMMANDS.listMs], runs);
    const digestMs = await medianRun('node', [...CLI, ...config, ...COMMANDS.digestMs], runs);
    return { buildMs: round(built.ms), sweepMs: round(median(sweeps)), fullPassMs: round(fullPassMs), listMs: round(listMs), showMs: round(showMs), digestMs: round(digestMs) };
  } finally {
    bw.ws.cleanup();
  }
}

export async function scaleRows(): Promise<Row[]> {
  // The size at any BENCH_SCALE (cloning rows by SQL takes seconds); BENCH_SCALE_REPORTS only to iterate faster.
  const reports = Number(process.env.BENCH_SCALE_REPORTS ?? 100_000);
  // Five runs on the small DB, where start-up noise is most of the time; three on the big one.
  const small = await measure(100, 300, 5);
  const big = await measure(reports, reports * 3, 3);
  const ratios = { sweep: big.sweepMs / small.sweepMs, list: big.listMs / small.listMs, show: big.showMs / small.showMs, digest: big.digestMs / small.digestMs };
  // The sweep has its own absolute goal: on 100 reports it takes well under a millisecond, a ratio of noise.
  const ratio = round(Math.max(ratios.list, ratios.show, ratios.digest));
  return [
    {
      row: '5 scale',
      measure: `worst of reports list --json, reports show, digest --print: ${reports} reports ÷ 100 reports (sweep ${round(big.sweepMs)} ms)`,
      ratio,
      goal: '≤ 2× and sweep < 1 s',
      met: ratio <= 2 && big.sweepMs < 1_000,
      detail: { reports, messages: reports * 3, small, big, ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, round(v)])) },
    },
  ];
}
