/** @module The daemon's jobs, in the order `run --once` runs them. Adding a job: one file in src/jobs/ and one line here. */
import { sweep } from '../report/sweep.js';
import type { Runtime } from '../runtime.js';
import type { Source } from '../sources/index.js';
import { sendDigest } from '../report/digest-send.js';
import { digestJob } from './digest.js';
import { hostname } from 'node:os';
import { createDbHealth } from './db-health.js';
import { drainJob } from './drain.js';
import { requeueAbandoned } from './lease.js';
import { intakeJob } from './intake.js';
import { processJob } from './process.js';
import { sweepJob } from './sweep.js';
import type { Job } from './types.js';

export { createRunner, type JobFailure, type Runner } from './runner.js';
export { acquireLease, leaseJob, pidAlive } from './lease.js';
export { mergePass } from './pass.js';
export type { Job, JobContext, PassReport } from './types.js';

export function daemonJobs(rt: Runtime, sources: readonly Source[]): Job[] {
  // One view of the database shared by the jobs that write what arrives: a full disk pauses both, one probe resumes both.
  const health = createDbHealth({ probe: rt.repos.probeWrite, clock: rt.clock, log: rt.log });
  return [
    intakeJob({ sources, capture: rt.capture, health }),
    processJob({ processPending: () => rt.pipeline.processPending(), health }),
    sweepJob({ sweep: () => sweep(rt), log: rt.log }),
    digestJob({ ...rt.config.digest, timezone: rt.config.timezone, clock: rt.clock, covered: (day) => rt.repos.digests.coveredFrom(day), send: (day) => sendDigest(rt, day), log: rt.log }),
    drainJob({ drain: rt.drain, requeueAbandoned: () => requeueAbandoned(rt.repos.outbox, { host: hostname(), pid: process.pid }, rt.clock()), log: rt.log }),
  ];
}
