/** @module The one job runner: runs due jobs in list order on the injected clock, with one error path (log, count, retry next tick). */
import type { Logger } from 'pino';
import { sleep } from '../sources/sleep.js';
import { describeFailure } from './failure.js';
import type { Job, JobContext, PassReport } from './types.js';

export interface RunnerDeps {
  clock: () => Date;
  log: Logger;
  /** Waits `ms` or until the signal aborts; tests pass one that moves their clock instead of waiting. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface JobFailure {
  job: string;
  error: unknown;
}

export function createRunner(jobs: readonly Job[], deps: RunnerDeps) {
  if (jobs.length === 0) throw new RangeError('a runner needs at least one job');
  for (const j of jobs) if (!(j.every > 0)) throw new RangeError(`job ${j.name}: every must be a positive number of milliseconds`);
  const wait = deps.sleep ?? sleep;
  /** When each job is next due (ms on the clock); a job not in the map has never run and is due now. */
  const dueAt = new Map<string, number>();
  const woken = new Set<string>();
  const failures = new Map<string, number>();
  let interrupt: (() => void) | null = null;
  const now = () => deps.clock().getTime();

  /** The single error path: whatever a job throws is logged and counted, and the job is due again after `every`. */
  async function runJob(job: Job, ctx: JobContext): Promise<{ ok: true; report: Partial<PassReport> } | { ok: false; error: unknown }> {
    woken.delete(job.name);
    try {
      return { ok: true, report: (await job.run(ctx)) ?? {} };
    } catch (error) {
      const count = (failures.get(job.name) ?? 0) + 1;
      failures.set(job.name, count);
      deps.log.error({ job: job.name, failures: count, ...describeFailure(error) }, 'job failed; it runs again at its next tick');
      return { ok: false, error };
    } finally {
      dueAt.set(job.name, now() + job.every);
    }
  }

  function wake(name: string) {
    if (!jobs.some((j) => j.name === name)) throw new RangeError(`no job named ${name}`);
    woken.add(name);
    interrupt?.();
  }

  /** Sleeps until the next job is due, a wake, or the stop signal; the listener on the stop signal is removed every time. */
  async function pause(ms: number, signal: AbortSignal) {
    const early = new AbortController();
    const onStop = () => early.abort();
    interrupt = onStop;
    signal.addEventListener('abort', onStop, { once: true });
    try {
      await wait(ms, early.signal);
    } finally {
      signal.removeEventListener('abort', onStop);
      interrupt = null;
    }
  }

  return {
    wake,
    /** How many runs of the job have failed since the runner was made. */
    failures: (name: string) => failures.get(name) ?? 0,

    /** `run --once`: every job once, in list order; a failed job does not stop the ones after it. */
    async runOnce(): Promise<{ reports: Partial<PassReport>[]; failed: JobFailure[] }> {
      const ctx: JobContext = { signal: new AbortController().signal, once: true, wake: () => {} };
      const reports: Partial<PassReport>[] = [];
      const failed: JobFailure[] = [];
      for (const job of jobs) {
        const r = await runJob(job, ctx);
        if (r.ok) reports.push(r.report);
        else failed.push({ job: job.name, error: r.error });
      }
      return { reports, failed };
    },

    /** The daemon: ticks until the signal aborts, then waits for every job's background work to stop. */
    async run(signal: AbortSignal): Promise<void> {
      const ctx: JobContext = { signal, once: false, wake };
      try {
        while (!signal.aborted) {
          for (const job of jobs) {
            if (signal.aborted) break;
            if (woken.has(job.name) || (dueAt.get(job.name) ?? -Infinity) <= now()) await runJob(job, ctx);
          }
          if (signal.aborted || woken.size > 0) continue;
          const next = Math.min(...jobs.map((j) => dueAt.get(j.name) ?? -Infinity));
          if (next > now()) await pause(next - now(), signal);
        }
      } finally {
        await Promise.all(jobs.map((j) => j.stop?.()));
      }
    },
  };
}

export type Runner = ReturnType<typeof createRunner>;
