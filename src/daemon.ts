/** @module The daemon loop: source → pipeline, until SIGTERM; in-flight work finishes before exit. */
import { readSecretFile } from './config/secrets.js';
import type { MessageOutcome } from './intake/outcome.js';
import { createImapSource } from './mail/sources/imap.js';
import { pollMaildir } from './mail/sources/maildir.js';
import type { Runtime } from './runtime.js';
import { LIMITS } from './limits.js';
import { sweep } from './report/lifecycle.js';

/** Maildir has no push notification; a short poll keeps the demo and tests responsive. */
const MAILDIR_POLL_MS = 2_000;

/** One pass: capture what the source has, process everything pending. */
export async function runOnce(rt: Runtime): Promise<MessageOutcome[]> {
  const { source } = rt.config;
  if (source.maildir) pollMaildir(source.maildir.path, rt.capture);
  if (source.imap) await imapSource(rt).runOnce();
  const outcomes = await rt.pipeline.processPending();
  await sweep(rt);
  await rt.drain();
  return outcomes;
}

export async function runDaemon(rt: Runtime, signal: AbortSignal): Promise<void> {
  rt.log.info({ source: rt.config.source.imap ? 'imap' : 'maildir' }, 'secintake daemon started');
  // Messages captured before a crash are processed first, and mail composed before it is sent.
  await work(rt);
  const { maildir } = rt.config.source;
  if (maildir) {
    while (!signal.aborted) {
      pollMaildir(maildir.path, rt.capture);
      await work(rt);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, MAILDIR_POLL_MS);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve(undefined)), { once: true });
      });
    }
  } else {
    await imapSource(rt).run(signal);
  }
  rt.log.info('secintake daemon stopped');
}

let lastSweep = 0;

/** Process what was captured, sweep deadlines when due, then send; an SMTP outage only defers mail, it never stops intake. */
async function work(rt: Runtime): Promise<void> {
  await rt.pipeline.processPending();
  if (Date.now() - lastSweep >= LIMITS.sweepIntervalMs) {
    lastSweep = Date.now();
    const s = await sweep(rt);
    if (s.raised + s.cleared + s.updates > 0) rt.log.info(s, 'policy sweep');
  }
  try {
    await rt.drain();
  } catch (e) {
    rt.log.error({ err: e instanceof Error ? e.message : String(e) }, 'outbox drain failed; retrying on the next pass');
  }
}

function imapSource(rt: Runtime) {
  const imap = rt.config.source.imap;
  if (!imap) throw new Error('imapSource called without source.imap');
  return createImapSource({
    config: imap,
    password: readSecretFile(imap.password_file, 'source.imap.password_file'),
    capture: rt.capture,
    cursors: rt.repos.cursors,
    log: rt.log,
    clock: rt.clock,
    afterSync: () => work(rt),
  });
}
