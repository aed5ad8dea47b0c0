/** @module Bench plumbing: wall-clock timing, percentiles, child processes that report their peak RSS, the one results table. */
import { spawn } from 'node:child_process';

export interface Row {
  row: string;
  /** What the ratio compares, e.g. "pipeline msg/s ÷ floor msg/s". */
  measure: string;
  ratio: number | null;
  goal: string;
  met: boolean | null;
  /** The figures behind the ratio, kept in the JSON results. */
  detail: Record<string, unknown>;
}

/** BENCH_SCALE multiplies every count: the default 1 is the sizes (2,000 reports, 200 IMAP messages), 0.1 a quick look. */
export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const scaled = (n: number, min = 5) => Math.max(min, Math.round(n * SCALE));

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion; stdout is kept only up to a bound so a huge listing does not become the bench's own memory. */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: Buffer | string; keepStdout?: boolean } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (opts.keepStdout !== false && stdout.length < 1_000_000) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 100_000) stderr += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Median wall time of `times` runs of a command that must exit 0. */
export async function medianRun(cmd: string, args: string[], times: number, env?: NodeJS.ProcessEnv): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const r = await run(cmd, args, { env, keepStdout: false });
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
    ms.push(r.ms);
  }
  return median(ms);
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** The one table: a row per issue-13 measure, its ratio, goal and verdict. */
export function printTable(rows: readonly Row[]): void {
  const cells = [
    ['row', 'measure', 'ratio', 'goal', 'met'],
    ...rows.map((r) => [r.row, r.measure, r.ratio === null ? '-' : `${r.ratio}×`, r.goal, r.met === null ? 'skipped' : r.met ? 'met' : 'not met']),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`${line(cells[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${cells.slice(1).map(line).join('\n')}\n`);
}
