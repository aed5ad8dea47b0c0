/** @module Job `process`: runs the pipeline over every captured message (woken by new mail; the interval retries transient failures). */
import type { MessageOutcome } from '../intake/outcome.js';
import { LIMITS } from '../limits.js';
import type { Job } from './types.js';

export function processJob(deps: { processPending(): Promise<MessageOutcome[]> }): Job {
  return {
    name: 'process',
    every: LIMITS.processIntervalMs,
    run: async () => ({ messages: await deps.processPending() }),
  };
}
