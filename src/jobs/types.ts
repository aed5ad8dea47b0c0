/** @module What a daemon job is: a name, how often it runs on the injected clock, and one run. */
import type { MessageOutcome } from '../intake/outcome.js';
import type { DrainSummary } from '../notify/outbox.js';

/** What one pass did, for `run --once`; each job fills in its part. */
export interface PassReport {
  messages: MessageOutcome[];
  outbox: DrainSummary;
}

export interface JobContext {
  /** Aborted when the daemon stops; anything the job starts in the background stops with it. */
  signal: AbortSignal;
  /** `run --once`: do one pass and return, start nothing that outlives the call. */
  once: boolean;
  /** Makes a job due now instead of at its next interval (new mail: process it while IDLE latency still matters). */
  wake(job: string): void;
}

export interface Job {
  readonly name: string;
  /** Milliseconds between runs on the runner's clock; a run that failed is retried after the same interval. */
  readonly every: number;
  run(ctx: JobContext): Promise<Partial<PassReport> | void>;
  /** Awaited when the daemon stops, so work the job started in the background finishes first. */
  stop?(): Promise<void>;
}
