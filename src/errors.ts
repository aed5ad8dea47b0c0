/** @module One error type for every expected failure, with a code a script can match and a next step a person can act on. */

export const ERROR_CODES = [
  'E_CONFIG_NOT_FOUND',
  'E_CONFIG_INVALID',
  'E_SECRET_FILE',
  'E_DB_OPEN',
  'E_DB_BUSY',
  'E_DB_UNAVAILABLE',
  'E_DAEMON_RUNNING',
  'E_DB_MIGRATION_EDITED',
  'E_DB_TOO_NEW',
  'E_KEYS_NONE',
  'E_KEYS_PASSPHRASE',
  'E_KEYS_EXIST',
  'E_KEYS_WEAK',
  'E_MAILDIR',
  'E_IMAP',
  'E_SOURCE',
  'E_JOB_FAILED',
  'E_INPUT',
  'E_REPORT_NOT_FOUND',
  'E_REPORT_CHANGED',
  'E_SMTP',
  'E_OUTBOX_DIR',
  'E_NO_REPORTER_KEY',
  'E_MAIL_HEADER',
  'E_EXPORT',
  'E_FILE_EXISTS',
  'E_OUTBOX_NOT_FOUND',
  'E_OUTBOX_NOT_RETRYABLE',
  'E_OUTPUT',
  'E_OUTPUT_EXISTS',
  'E_TEMPLATE_INVALID',
  'E_CRYPTO_WORKER',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class SecintakeError extends Error {
  readonly code: ErrorCode;
  /** A transient error is retried later (network, busy database); a permanent one needs a person. */
  readonly transient: boolean;
  /** What to do about it, shown to people after the message. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, opts: { cause?: unknown; transient?: boolean; hint?: string } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SecintakeError';
    this.code = code;
    this.transient = opts.transient ?? false;
    this.hint = opts.hint;
  }
}

export function isSecintakeError(e: unknown): e is SecintakeError {
  return e instanceof SecintakeError;
}

/** Message of any thrown value, for logs and stored reasons. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
