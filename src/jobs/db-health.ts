/** @module Whether the database takes writes: a transient database error pauses fetching and processing, one write probe per tick resumes them. */
import type { Logger } from 'pino';
import { isDbUnavailable } from '../db/errors.js';
import type { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { describeFailure } from './failure.js';

export { isDbUnavailable };

export function createDbHealth(deps: { probe(): void; clock: () => Date; log: Logger }) {
  let down: { since: number; loggedAt: number } | null = null;

  /** Logs the first failure and then at most once per `dbUnavailableLogMs`: a full disk must not fill the journal too. */
  function failed(e: SecintakeError) {
    const now = deps.clock().getTime();
    if (down && now - down.loggedAt < LIMITS.dbUnavailableLogMs) return;
    down = { since: down?.since ?? now, loggedAt: now };
    deps.log.error({ ...describeFailure(e), since: new Date(down.since).toISOString() }, 'the database takes no writes; fetching and processing paused, captured mail stays queued');
  }

  return {
    failed,
    /** true when the database takes writes; while it was down, one probe write decides. */
    writable(): boolean {
      if (!down) return true;
      try {
        deps.probe();
      } catch (e) {
        if (!isDbUnavailable(e)) throw e;
        failed(e);
        return false;
      }
      deps.log.info({ downMs: deps.clock().getTime() - down.since }, 'the database takes writes again; fetching and processing resume');
      down = null;
      return true;
    },
  };
}

export type DbHealth = ReturnType<typeof createDbHealth>;
