/** @module The daemon: the configured sources and the job list on one runner, until SIGTERM; in-flight work finishes before exit. */
import { createRunner, daemonJobs, mergePass, type JobFailure, type PassReport } from './jobs/index.js';
import type { Runtime } from './runtime.js';
import { createSources } from './sources/index.js';

export interface PassResult extends PassReport {
  /** Jobs that failed this pass (already logged); the others ran. */
  failed: JobFailure[];
}

/** `run --once`: each job once, in order (read the sources, process, sweep, send). */
export async function runOnce(rt: Runtime): Promise<PassResult> {
  const { reports, failed } = await createRunner(daemonJobs(rt, sourcesOf(rt)), rt).runOnce();
  return { ...mergePass(reports), failed };
}

export async function runDaemon(rt: Runtime, signal: AbortSignal): Promise<void> {
  const sources = sourcesOf(rt);
  const jobs = daemonJobs(rt, sources);
  rt.log.info({ sources: sources.map((s) => s.name), jobs: jobs.map((j) => j.name) }, 'secintake daemon started');
  // The first tick runs every job: messages captured before a crash come first (processing is in capture order),
  // and mail composed before it goes out.
  await createRunner(jobs, rt).run(signal);
  rt.log.info('secintake daemon stopped');
}

const sourcesOf = (rt: Runtime) => createSources(rt.config, { cursors: rt.repos.cursors, log: rt.log, clock: rt.clock });
