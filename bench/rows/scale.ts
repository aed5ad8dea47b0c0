/** @module Row 5: the deadline sweep and the desk's commands on 100,000 reports / 300,000 messages vs the same on 100 reports. */
import { sweep } from '../../src/report/sweep.js';
import { bigWorkspace } from '../lib/bigdb.js';
import { median, medianRun, round, timed, type Row } from '../lib/measure.js';

const CLI = ['bin/secintake.js'];

interface Times {
  sweepMs: number;
  listMs: number;
  showMs: number;
}

async function measure(reports: number, messages: number): Promise<Times> {
  const bw = await bigWorkspace(reports, messages);
  try {
    const rt = await bw.ws.open();
    const sweeps: number[] = [];
    // The first sweep settles what ingest left (flags, timers); the daemon's every-5-minutes sweep is the later ones.
    await sweep(rt);
    for (let i = 0; i < 3; i++) sweeps.push((await timed(() => sweep(rt))).ms);
    rt.close();
    const config = ['--config', bw.ws.configFile];
    const listMs = await medianRun('node', [...CLI, ...config, 'reports', 'list', '--json'], 3);
    const ref = `SEC-${new Date().getUTCFullYear()}-${String(Math.ceil(reports / 2)).padStart(4, '0')}`;
    const showMs = await medianRun('node', [...CLI, ...config, 'reports', 'show', ref, '--json'], 3);
    return { sweepMs: median(sweeps), listMs, showMs };
  } finally {
    bw.ws.cleanup();
  }
}

export async function scaleRows(): Promise<Row[]> {
  // The size, at any BENCH_SCALE: cloning rows by SQL takes seconds, and scale is the point of this row.
  const reports = 100_000;
  const small = await measure(100, 300);
  const big = await measure(reports, reports * 3);
  const worst = Math.max(big.listMs / small.listMs, big.showMs / small.showMs, big.sweepMs / small.sweepMs);
  const ratio = round(worst);
  return [
    {
      row: '5 scale',
      measure: `worst of sweep, reports list --json, reports show: ${reports} reports ÷ 100 reports (sweep ${round(big.sweepMs)} ms)`,
      ratio,
      goal: '≤ 2× and sweep < 1 s',
      met: ratio <= 2 && big.sweepMs < 1_000,
      detail: { reports, messages: reports * 3, small, big },
    },
  ];
}
