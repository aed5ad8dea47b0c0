/** @module Job `drain`: sends what is due in the outbox beside intake (in the daemon, in the background), and puts abandoned claims back. */
import type { Logger } from 'pino';
import { LIMITS } from '../limits.js';
import type { DrainSummary } from '../notify/outbox.js';
import { sleep } from '../sources/sleep.js';
import type { Job } from './types.js';

export interface DrainJobDeps {
  drain(signal?: AbortSignal): Promise<DrainSummary>;
  /** Mail whose claim lapsed back to the queue; only the lease holder may call it (see OutboxRepo.requeueAbandoned). */
  requeueAbandoned(): number;
  log: Logger;
  /** How long a stop waits for the send in hand; tests shorten it. */
  graceMs?: number;
}

/**
 * In the daemon a drain never runs on the runner's own turn: a frozen SMTP peer would hold processing and the sweep
 * behind it. One drain at a time; a wake while one runs makes it go round once more. A failure surfaces at the next
 * tick, through the runner's one error path.
 */
export function drainJob(deps: DrainJobDeps): Job {
  let running: Promise<void> | null = null;
  let again = false;
  let failure: { error: unknown } | null = null;

  return {
    name: 'drain',
    every: LIMITS.drainIntervalMs,
    async run(ctx) {
      const requeued = deps.requeueAbandoned();
      if (requeued > 0) deps.log.warn({ requeued }, 'outgoing mail whose sender stopped (or outlived its deadline) is queued again, same Message-ID');
      if (ctx.once) return { outbox: await deps.drain() };
      if (running) {
        again = true;
      } else {
        running = (async () => {
          do {
            again = false;
            await deps.drain(ctx.signal);
          } while (again && !ctx.signal.aborted);
        })()
          .catch((error: unknown) => void (failure = { error }))
          .finally(() => void (running = null));
      }
      if (failure) {
        const { error } = failure;
        failure = null;
        throw error;
      }
    },
    /** The send in hand gets a short grace; mail it does not confirm keeps its claim, which the next lease holder requeues (this pid is gone by then). */
    async stop() {
      if (!running) return;
      const grace = new AbortController();
      const confirmed = await Promise.race([running.then(() => true), sleep(deps.graceMs ?? LIMITS.shutdownSendGraceMs, grace.signal).then(() => false)]);
      grace.abort();
      if (!confirmed) deps.log.warn('an outgoing mail was still unconfirmed at shutdown; it is sent again after restart with the same Message-ID');
    },
  };
}
