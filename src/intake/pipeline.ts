/** @module The intake runner: takes captured messages through processing in capture order, a few unwrapping at once, with one error path that decides "retry later" or "failed". */
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
  /** Messages unwrapping at once (runtime.ts: LIMITS.inFlightPerCryptoWorker per crypto worker); 1, the default, is one at a time. */
  inFlight?: number;
}

export function createPipeline(deps: PipelineDeps) {
  const { repos, log } = deps;
  const reporterKeys = createReporterKeyCache(repos);
  const record = createRecorder({ ...deps, reporterKeys });
  const processor = createProcessor({ ...deps, reporterKeys, record });
  const inFlight = Math.max(1, deps.inFlight ?? 1);

  /**
   * The one error path: a transient error leaves the message queued (a database outage ends the batch); anything else
   * marks it failed, bytes kept, and the queue goes on. A crypto worker that died may have died of this message, so its
   * attempt is not forgiven: a message that stops a worker every time is quarantined like one that stops the process.
   */
  async function settle(m: CapturedMessage, work: Promise<MessageOutcome>): Promise<MessageOutcome | null> {
    try {
      const outcome = await work;
      failpoint('after-record');
      return outcome;
    } catch (e) {
      // The database, not this message, is the problem: stop the batch; the process job pauses until writes succeed.
      if (isDbUnavailable(e)) throw e;
      if (isSecintakeError(e) && e.transient) {
        if (e.code !== 'E_CRYPTO_WORKER') repos.messages.forgiveAttempt(m.id);
        log.warn({ message: m.id, code: e.code, err: errorMessage(e) }, 'transient error; message stays queued');
        return null;
      }
      log.error({ message: m.id, err: e }, 'unexpected error while processing a message');
      return record.failed(m, 'internal', `internal error while processing (${errorMessage(e)}); the raw message is kept, please report this as a bug`, null);
    }
  }

  interface Admitted {
    m: CapturedMessage;
    /** A message whose earlier attempt never finished: it runs alone, so a crash it causes is counted against it only. */
    suspect: boolean;
    finish(): Promise<MessageOutcome | null>;
  }

  /**
   * The attempt is counted in its own commit before any work, so a message that kills the process (out of memory, a
   * crash in a library) is quarantined after a few restarts, not retried forever. Null: a suspect that must wait until
   * the messages in flight are done (its count is taken back; nothing was tried). Crash-safe is enough: the count is
   * about the process dying, and a power loss that takes it back is no fault of the message.
   */
  function admit(m: CapturedMessage, othersInFlight: boolean): Admitted | null {
    const attempts = repos.transaction(() => repos.messages.beginAttempt(m.id), 'crash-safe');
    if (attempts > LIMITS.maxProcessingAttempts) {
      log.error({ message: m.id, attempts: attempts - 1 }, 'message quarantined: processing it never finished');
      const outcome = record.failed(m, 'quarantined', `processing this message stopped ${attempts - 1} times without finishing (a crash, out of memory, or an error each time); it is quarantined with its raw bytes kept; after a fix, \`secintake messages retry ${m.id}\``, null);
      return { m, suspect: false, finish: async () => outcome };
    }
    if (attempts > 1 && othersInFlight) {
      repos.messages.forgiveAttempt(m.id);
      return null;
    }
    failpoint('mid-unwrap');
    const early = inFlight > 1 ? processor.ahead(m) : undefined;
    // Settled in its turn; until then a failure must not count as unhandled (a batch can end before its turn).
    early?.catch(() => undefined);
    return { m, suspect: attempts > 1, finish: () => settle(m, processor.process(m, early)) };
  }

  /**
   * Processes messages in the given (capture) order, with up to `inFlight` of them unwrapping at once so every crypto
   * worker has work, and at most LIMITS.inFlightBytes of raw mail among them. Each is recorded in its turn, one
   * transaction per outcome, so references and events stay in arrival order. Null: left queued (transient).
   */
  async function processInOrder(messages: Iterable<CapturedMessage>): Promise<(MessageOutcome | null)[]> {
    const outcomes: (MessageOutcome | null)[] = [];
    const window: Admitted[] = [];
    let bytes = 0;
    const queue = messages[Symbol.iterator]();
    let waiting = queue.next();
    // The next message is a suspect that waits for the window to empty.
    let deferred = false;
    for (;;) {
      while (!waiting.done && !window.some((a) => a.suspect) && !(deferred && window.length > 0)) {
        const roomy = window.length === 0 || (window.length < inFlight && bytes + waiting.value.raw.length <= LIMITS.inFlightBytes);
        if (!roomy) break;
        const admitted = admit(waiting.value, window.length > 0);
        deferred = admitted === null;
        if (!admitted) break;
        window.push(admitted);
        bytes += admitted.m.raw.length;
        waiting = queue.next();
      }
      const head = window.shift();
      if (!head) return outcomes;
      bytes -= head.m.raw.length;
      outcomes.push(await head.finish());
    }
  }

  return {
    processInOrder,
    /** One message through the same path (the attempt, the error path), for callers that hold one. */
    processSafely: async (m: CapturedMessage): Promise<MessageOutcome | null> => (await processInOrder([m]))[0] ?? null,
    /** Processes every captured message in capture order; returns what happened to each. */
    async processPending(): Promise<MessageOutcome[]> {
      const outcomes: MessageOutcome[] = [];
      const skipped = new Set<number>();
      for (;;) {
        const ids = repos.messages.pendingIds(LIMITS.pendingBatch + skipped.size).filter((id) => !skipped.has(id));
        if (ids.length === 0) return outcomes;
        const taken: number[] = [];
        const results = await processInOrder(takeEach(ids, taken));
        results.forEach((outcome, i) => {
          if (outcome) outcomes.push(outcome);
          else skipped.add(taken[i] as number);
        });
      }
    },
  };

  /** Each queued message read as the pipeline admits it, so only the ones in flight hold their raw bytes. */
  function* takeEach(ids: number[], taken: number[]): Generator<CapturedMessage> {
    for (const id of ids) {
      const m = repos.messages.get(id);
      // Another process may have finished it since the queue was listed.
      if (!m || m.state !== 'captured') continue;
      taken.push(id);
      yield m;
    }
  }
}

export type Pipeline = ReturnType<typeof createPipeline>;
