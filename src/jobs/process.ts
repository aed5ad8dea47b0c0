/** @module Job `process`: runs the pipeline over every captured message (woken by new mail; the interval retries transient failures and a database that took no writes). */
import type { MessageOutcome } from '../intake/outcome.js';
import { LIMITS } from '../limits.js';
import { isDbUnavailable, type DbHealth } from './db-health.js';
import type { Job } from './types.js';

export function processJob(deps: { processPending(): Promise<MessageOutcome[]>; health?: Pick<DbHealth, 'failed' | 'writable'> }): Job {
  return {
    name: 'process',
    every: LIMITS.processIntervalMs,
    async run(ctx) {
      if (deps.health && !deps.health.writable()) return { messages: [] };
      let messages: MessageOutcome[];
      try {
        messages = await deps.processPending();
      } catch (e) {
        // The message in hand stays captured and is processed again at a later tick; the health check says why.
        if (!deps.health || !isDbUnavailable(e)) throw e;
        deps.health.failed(e);
        return { messages: [] };
      }
      // Acknowledgements were just composed: send them now rather than at the drain's next interval.
      if (messages.length > 0) ctx.wake('drain');
      return { messages };
    },
  };
}
