/** @module Job `process`: runs the pipeline over every captured message (woken by new mail; the interval retries transient failures). */
import type { MessageOutcome } from '../intake/outcome.js';
import { LIMITS } from '../limits.js';
import type { Job } from './types.js';

export function processJob(deps: { processPending(): Promise<MessageOutcome[]> }): Job {
  return {
    name: 'process',
    every: LIMITS.processIntervalMs,
    async run(ctx) {
      const messages = await deps.processPending();
      // Acknowledgements were just composed: send them now rather than at the drain's next interval.
      if (messages.length > 0) ctx.wake('drain');
      return { messages };
    },
  };
}
