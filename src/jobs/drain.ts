/** @module Job `drain`: sends what is due in the outbox; an SMTP outage only defers mail (the outbox's own backoff). */
import { LIMITS } from '../limits.js';
import type { DrainSummary } from '../notify/outbox.js';
import type { Job } from './types.js';

export function drainJob(deps: { drain(): Promise<DrainSummary> }): Job {
  return {
    name: 'drain',
    every: LIMITS.drainIntervalMs,
    run: async () => ({ outbox: await deps.drain() }),
  };
}
