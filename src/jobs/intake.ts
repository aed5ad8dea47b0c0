/** @module Job `intake`: reads every source; in the daemon it keeps each source's own loop (IMAP IDLE, Maildir poll) running while the database takes writes. */
import { SecintakeError } from '../errors.js';
import { failpoint } from '../failpoint.js';
import { LIMITS } from '../limits.js';
import type { CaptureSink, Source } from '../sources/index.js';
import { isDbUnavailable, type DbHealth } from './db-health.js';
import { describeFailure } from './failure.js';
import type { Job } from './types.js';

export function intakeJob(deps: { sources: readonly Source[]; capture: CaptureSink; health?: Pick<DbHealth, 'failed' | 'writable'> }): Job {
  const loops = new Map<string, Promise<void>>();
  const stopped: { source: string; error: unknown }[] = [];
  /** Aborted when a capture finds the database unwritable: the loops stop fetching mail that could not be stored. */
  let pause = new AbortController();

  return {
    name: 'intake',
    every: LIMITS.sourceRestartMs,
    async run(ctx) {
      const problems: string[] = [];
      const committed: CaptureSink = (req) => {
        const r = deps.capture(req);
        failpoint('after-capture');
        return r;
      };
      if (ctx.once) {
        // Every source is read even when one fails: a broken mailbox must not hide mail waiting in another.
        for (const s of deps.sources) await s.runOnce(committed).catch((e: unknown) => problems.push(`${s.name}: ${describeFailure(e).err}`));
      } else {
        // The pause is said once a minute by the health check; the loops stay down until a probe write succeeds.
        if (deps.health && !deps.health.writable()) return;
        if (pause.signal.aborted) pause = new AbortController();
        const signal = AbortSignal.any([ctx.signal, pause.signal]);
        // New mail wakes processing at once rather than at its next interval.
        const capture: CaptureSink = (req) => {
          let r: ReturnType<CaptureSink>;
          try {
            r = committed(req);
          } catch (e) {
            if (deps.health && isDbUnavailable(e)) {
              deps.health.failed(e);
              pause.abort();
            }
            throw e;
          }
          if (r.inserted) ctx.wake('process');
          return r;
        };
        for (const { source, error } of stopped.splice(0)) problems.push(`${source} stopped (${error === null ? 'its loop returned' : describeFailure(error).err}) and was restarted`);
        for (const s of deps.sources) {
          if (loops.has(s.name)) continue;
          const loop = s.run(signal, capture).then(
            () => (signal.aborted ? undefined : stopped.push({ source: s.name, error: null })),
            (error: unknown) => stopped.push({ source: s.name, error }),
          );
          loops.set(s.name, loop.then(() => void loops.delete(s.name)));
        }
      }
      if (problems.length > 0) {
        throw new SecintakeError('E_SOURCE', `intake: ${problems.join('; ')}`, { transient: true, hint: 'the hint logged with the source error says what to fix; intake retries on its own' });
      }
    },
    async stop() {
      await Promise.all(loops.values());
    },
  };
}
