/** @module The daemon loop: source → pipeline, until SIGTERM; in-flight work finishes before exit. */
import { readSecretFile } from './config/secrets.js';
import type { MessageOutcome } from './intake/outcome.js';
import { createImapSource } from './mail/sources/imap.js';
import { pollMaildir } from './mail/sources/maildir.js';
import type { Runtime } from './runtime.js';

/** Maildir has no push notification; a short poll keeps the demo and tests responsive. */
const MAILDIR_POLL_MS = 2_000;

/** One pass: capture what the source has, process everything pending. */
export async function runOnce(rt: Runtime): Promise<MessageOutcome[]> {
  const { source } = rt.config;
  if (source.maildir) pollMaildir(source.maildir.path, rt.capture);
  if (source.imap) await imapSource(rt).runOnce();
  return rt.pipeline.processPending();
}

export async function runDaemon(rt: Runtime, signal: AbortSignal): Promise<void> {
  rt.log.info({ source: rt.config.source.imap ? 'imap' : 'maildir' }, 'secintake daemon started');
  // Messages captured before a crash are processed first.
  await rt.pipeline.processPending();
  const { maildir } = rt.config.source;
  if (maildir) {
    while (!signal.aborted) {
      pollMaildir(maildir.path, rt.capture);
      await rt.pipeline.processPending();
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
    afterSync: async () => {
      await rt.pipeline.processPending();
    },
  });
}
