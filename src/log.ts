/** @module pino JSON logs, one event per line; secrets and report content are redacted by key name as a second line of defence. */
import pino, { type Logger } from 'pino';

export type { Logger };

const REDACT = ['password', 'pass', 'passphrase', 'auth', 'raw', 'text', 'body', 'subject', 'content', '*.password', '*.pass', '*.passphrase', '*.raw', '*.text', '*.body', '*.subject'];

/**
 * Every command, the daemon included, logs to stderr: stdout carries results only, so `--json` output stays clean
 * and one rule holds everywhere. journald reads both streams of a unit, so the service log is unchanged.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { name: 'secintake' }, redact: { paths: REDACT, censor: '[redacted]' } }, pino.destination({ fd: 2, sync: true }));
}
