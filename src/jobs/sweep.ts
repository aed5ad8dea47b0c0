/** @module Job `sweep`: the policy sweep (flags, due status updates) on its interval. */
import type { Logger } from 'pino';
import { LIMITS } from '../limits.js';
import type { SweepSummary } from '../report/sweep.js';
import type { Job } from './types.js';

export function sweepJob(deps: { sweep(): Promise<SweepSummary>; log: Logger }): Job {
  return {
    name: 'sweep',
    every: LIMITS.sweepIntervalMs,
    async run() {
      const s = await deps.sweep();
      if (s.raised + s.cleared + s.updates > 0) deps.log.info(s, 'policy sweep');
    },
  };
}
