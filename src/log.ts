/** @module pino JSON logs, one event per line; secrets and report content are redacted by key name as a second line of defence. */
import pino, { type Logger } from 'pino';

export type { Logger };

const REDACT = ['password', 'pass', 'passphrase', 'auth', 'raw', 'text', 'body', 'subject', 'content', '*.password', '*.pass', '*.passphrase', '*.raw', '*.text', '*.body', '*.subject'];

/** The daemon logs to stdout (journald); other commands log to stderr so their stdout stays clean for --json. */
export function createLogger(level: string, destination: 1 | 2 = 2): Logger {
  return pino({ level, base: { name: 'secintake' }, redact: { paths: REDACT, censor: '[redacted]' } }, pino.destination({ fd: destination, sync: true }));
}
