/** @module The daemon: the lease, the configured sources and the job list on one runner, until SIGTERM; in-flight work finishes before exit. */
import { hostname } from 'node:os';
import type { Lease } from './db/lease.js';
import { acquireLease, createRunner, daemonJobs, leaseJob, mergePass, pidAlive, type JobFailure, type PassReport } from './jobs/index.js';
import type { Runtime } from './runtime.js';
import { createSources } from './sources/index.js';

export interface PassResult extends PassReport {
  /** Jobs that failed this pass (already logged); the others ran. */
  failed: JobFailure[];
}

/** `run --once`: each job once, in order (read the sources, process, sweep, send), holding the lease like the daemon. */
export async function runOnce(rt: Runtime): Promise<PassResult> {
  return withLease(rt, async () => {
    const { reports, failed } = await createRunner(daemonJobs(rt, sourcesOf(rt)), rt).runOnce();
    return { ...mergePass(reports), failed };
  });
}

export async function runDaemon(rt: Runtime, signal: AbortSignal): Promise<void> {
  await withLease(rt, async (lease) => {
    // A lost lease stops this daemon as SIGTERM would: another one now owns the queue.
    const stop = new AbortController();
    const onStop = () => stop.abort();
    signal.addEventListener('abort', onStop, { once: true });
    const sources = sourcesOf(rt);
    const jobs = [leaseJob({ repo: rt.repos.lease, owner: lease.owner, clock: rt.clock, lost: onStop }), ...daemonJobs(rt, sources)];
    rt.log.info({ sources: sources.map((s) => s.name), jobs: jobs.map((j) => j.name), pid: lease.pid, host: lease.host }, 'secintake daemon started');
    try {
      // The first tick runs every job: messages captured before a crash come first (processing is in capture order),
      // and mail composed before it goes out.
      await createRunner(jobs, rt).run(stop.signal);
    } finally {
      signal.removeEventListener('abort', onStop);
    }
    rt.log.info('secintake daemon stopped');
  });
}

/** One daemon per database: refuses when another holds the lease; releases it (and checkpoints the WAL) on the way out. */
async function withLease<T>(rt: Runtime, fn: (lease: Lease) => Promise<T>): Promise<T> {
  const lease = acquireLease(rt.repos.lease, rt.repos.transaction, { host: hostname(), pid: process.pid }, rt.clock(), pidAlive);
  try {
    return await fn(lease);
  } finally {
    rt.repos.lease.release(lease.owner);
    rt.repos.checkpoint();
  }
}

const sourcesOf = (rt: Runtime) => createSources(rt.config, { cursors: rt.repos.cursors, log: rt.log, clock: rt.clock });
