/** @module The daemon loop: source → pipeline, until SIGTERM; in-flight work finishes before exit. */
import { readSecretFile } from './config/secrets.js';
import type { MessageOutcome } from './intake/outcome.js';
import { createImapSource } from './mail/sources/imap.js';
import { pollMaildir } from './mail/sources/maildir.js';
import type { Runtime } from './runtime.js';
import { LIMITS } from './limits.js';
import { sweep } from './report/sweep.js';

/** Maildir has no push notification; a short poll keeps the demo and tests responsive. */
const MAILDIR_POLL_MS = 2_000;

/** One pass: capture what the source has, process everything pending, sweep, send. */
export async function runOnce(rt: Runtime): Promise<MessageOutcome[]> {
  const { source } = rt.config;
  if (source.maildir) pollMaildir(source.maildir.path, rt.capture);
  const work = createWorker(rt);
  if (source.imap) await imapSource(rt, work).runOnce();
  return work();
}

export async function runDaemon(rt: Runtime, signal: AbortSignal): Promise<void> {
  rt.log.info({ source: rt.config.source.imap ? 'imap' : 'maildir' }, 'secintake daemon started');
  const work = createWorker(rt);
  // Messages captured before a crash are processed first, and mail composed before it is sent.
  await work();
  const { maildir } = rt.config.source;
  if (maildir) {
    while (!signal.aborted) {
      pollMaildir(maildir.path, rt.capture);
      await work();
      await new Promise((resolve) => {
        const t = setTimeout(resolve, MAILDIR_POLL_MS);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve(undefined)), { once: true });
      });
    }
  } else {
    await imapSource(rt, work).run(signal);
  }
  rt.log.info('secintake daemon stopped');
}

/**
 * One unit of daemon work: process what was captured, sweep deadlines when a sweep is due (on the runtime's
 * clock, so tests drive it), then send; an SMTP outage only defers mail, it never stops intake.
 */
function createWorker(rt: Runtime): () => Promise<MessageOutcome[]> {
  let lastSweep: number | null = null;
  return async () => {
    const outcomes = await rt.pipeline.processPending();
    const now = rt.clock().getTime();
    if (lastSweep === null || now - lastSweep >= LIMITS.sweepIntervalMs) {
      lastSweep = now;
      const s = await sweep(rt);
      if (s.raised + s.cleared + s.updates > 0) rt.log.info(s, 'policy sweep');
    }
    try {
      await rt.drain();
    } catch (e) {
      rt.log.error({ err: e instanceof Error ? e.message : String(e) }, 'outbox drain failed; retrying on the next pass');
    }
    return outcomes;
  };
}

function imapSource(rt: Runtime, work: () => Promise<unknown>) {
  const imap = rt.config.source.imap;
  if (!imap) throw new Error('imapSource called without source.imap');
  return createImapSource({
    config: imap,
    password: readSecretFile(imap.password_file, 'source.imap.password_file'),
    capture: rt.capture,
    cursors: rt.repos.cursors,
    log: rt.log,
    clock: rt.clock,
    afterSync: async () => {
      await work();
    },
  });
}
