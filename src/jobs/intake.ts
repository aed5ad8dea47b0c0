/** @module Job `intake`: reads every source; in the daemon it keeps each source's own loop (IMAP IDLE, Maildir poll) running. */
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { CaptureSink, Source } from '../sources/index.js';
import { describeFailure } from './failure.js';
import type { Job } from './types.js';

export function intakeJob(deps: { sources: readonly Source[]; capture: CaptureSink }): Job {
  const loops = new Map<string, Promise<void>>();
  const stopped: { source: string; error: unknown }[] = [];

  return {
    name: 'intake',
    every: LIMITS.sourceRestartMs,
    async run(ctx) {
      const problems: string[] = [];
      if (ctx.once) {
        // Every source is read even when one fails: a broken mailbox must not hide mail waiting in another.
        for (const s of deps.sources) await s.runOnce(deps.capture).catch((e: unknown) => problems.push(`${s.name}: ${describeFailure(e).err}`));
      } else {
        // New mail wakes processing at once rather than at its next interval.
        const capture: CaptureSink = (req) => {
          const r = deps.capture(req);
          if (r.inserted) ctx.wake('process');
          return r;
        };
        for (const { source, error } of stopped.splice(0)) problems.push(`${source} stopped (${error === null ? 'its loop returned' : describeFailure(error).err}) and was restarted`);
        for (const s of deps.sources) {
          if (loops.has(s.name)) continue;
          const loop = s.run(ctx.signal, capture).then(
            () => (ctx.signal.aborted ? undefined : stopped.push({ source: s.name, error: null })),
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
