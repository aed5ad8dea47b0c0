/** @module The intake runner: takes captured messages through processing one at a time, with one error path that decides "retry later" or "failed". */
import type { Logger } from 'pino';
import type { Keyring } from '../crypto/keyring.js';
import { createReporterKeyCache } from '../crypto/reporter-keyring.js';
import type { UnwrapLimits } from '../crypto/unwrap.js';
import { isDbUnavailable } from '../db/errors.js';
import type { Repos } from '../db/index.js';
import type { CapturedMessage } from '../db/messages.js';
import { errorMessage, isSecintakeError } from '../errors.js';
import { failpoint } from '../failpoint.js';
import { LIMITS } from '../limits.js';
import type { Notifier } from '../notify/acknowledge.js';
import type { DeadlineDeps } from '../report/deadlines.js';
import type { MessageOutcome } from './outcome.js';
import { createProcessor } from './process.js';
import { createRecorder } from './record.js';

export interface PipelineDeps {
  repos: Repos;
  keyring: Keyring;
  limits: UnwrapLimits;
  timezone: string;
  clock: () => Date;
  log: Logger;
  /** Our address: mail from it is never answered. */
  teamAddress: string;
  notifier: Pick<Notifier, 'acknowledge' | 'undecryptable'>;
  /** policy.update_interval_days: the first status update is due this long after receipt. */
  updateIntervalDays: number;
  /** For recomputing deadlines when a reply reports exploitation in the wild. */
  deadlines: DeadlineDeps;
  /** policy.supported_versions: product → semver ranges. */
  supportedVersions: Record<string, string[]>;
}

export function createPipeline(deps: PipelineDeps) {
  const { repos, log } = deps;
  const reporterKeys = createReporterKeyCache(repos);
  const record = createRecorder({ ...deps, reporterKeys });
  const processMessage = createProcessor({ ...deps, reporterKeys, record });

  /**
   * The one error path: a transient error leaves the message queued (a database outage ends the batch); anything else
   * marks it failed, bytes kept, and the queue goes on. The attempt is counted in its own commit first, so a message
   * that kills the process (out of memory, a crash in a library) is quarantined after a few restarts, not retried forever.
   */
  async function processSafely(m: CapturedMessage): Promise<MessageOutcome | null> {
    const attempts = repos.messages.beginAttempt(m.id);
    if (attempts > LIMITS.maxProcessingAttempts) {
      log.error({ message: m.id, attempts: attempts - 1 }, 'message quarantined: processing it never finished');
      return record.failed(m, 'quarantined', `processing this message stopped ${attempts - 1} times without finishing (a crash, out of memory, or an error each time); it is quarantined with its raw bytes kept; after a fix, \`secintake messages retry ${m.id}\``, null);
    }
    try {
      failpoint('mid-unwrap');
      const outcome = await processMessage(m);
      failpoint('after-record');
      return outcome;
    } catch (e) {
      // The database, not this message, is the problem: stop the batch; the process job pauses until writes succeed.
      if (isDbUnavailable(e)) throw e;
      if (isSecintakeError(e) && e.transient) {
        repos.messages.forgiveAttempt(m.id);
        log.warn({ message: m.id, code: e.code, err: errorMessage(e) }, 'transient error; message stays queued');
        return null;
      }
      log.error({ message: m.id, err: e }, 'unexpected error while processing a message');
      return record.failed(m, 'internal', `internal error while processing (${errorMessage(e)}); the raw message is kept, please report this as a bug`, null);
    }
  }

  return {
    processSafely,
    /** Processes every captured message in capture order; returns what happened to each. */
    async processPending(): Promise<MessageOutcome[]> {
      const outcomes: MessageOutcome[] = [];
      const skipped = new Set<number>();
      for (;;) {
        const batch = repos.messages.pending(LIMITS.pendingBatch + skipped.size).filter((m) => !skipped.has(m.id));
        if (batch.length === 0) return outcomes;
        for (const m of batch) {
          const outcome = await processSafely(m);
          if (outcome) outcomes.push(outcome);
          else skipped.add(m.id);
        }
      }
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
