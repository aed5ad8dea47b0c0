/** @module The daemon's jobs, in the order `run --once` runs them. Adding a job: one file in src/jobs/ and one line here. */
import { sweep } from '../report/sweep.js';
import type { Runtime } from '../runtime.js';
import type { Source } from '../sources/index.js';
import { drainJob } from './drain.js';
import { intakeJob } from './intake.js';
import { processJob } from './process.js';
import { sweepJob } from './sweep.js';
import type { Job } from './types.js';

export { createRunner, type JobFailure, type Runner } from './runner.js';
export { acquireLease, leaseJob, pidAlive } from './lease.js';
export { mergePass } from './pass.js';
export type { Job, JobContext, PassReport } from './types.js';

export function daemonJobs(rt: Runtime, sources: readonly Source[]): Job[] {
  return [
    intakeJob({ sources, capture: rt.capture }),
    processJob(rt.pipeline),
    sweepJob({ sweep: () => sweep(rt), log: rt.log }),
    drainJob({ drain: rt.drain, requeueLapsed: () => rt.repos.outbox.requeueLapsed(rt.clock()), log: rt.log }),
  ];
}
