/** @module Every size, count and time bound in one place, each with the reason for its number. */

export const LIMITS = {
  /** Default for `limits.max_message_bytes`: reports with screen recordings run to a few MB; 25 MB is what most MTAs accept. */
  maxMessageBytes: 25 * 1024 * 1024,
  /** Default for `limits.max_decompressed_bytes`: 10x a large message; a 2 KB bzip2 bomb would otherwise expand to GBs. */
  maxDecompressedBytes: 256 * 1024 * 1024,
  /** Default for `limits.max_mime_depth`: real clients nest 4-5 levels (signed > encrypted > mixed > alternative); 20 stops recursion bombs. */
  maxMimeDepth: 20,
  /** Parts per message: a report with 50 screenshots is plausible; 1000 parts is an attack on the parser. */
  maxMimeParts: 1000,
  /** Header block of one MIME entity: RFC 5322 allows long headers, but 256 KB of headers is abuse. */
  maxHeaderBytes: 256 * 1024,
  /** Armored PGP blocks scanned in one text body: a reply quoting a few old messages has a handful. */
  maxArmoredBlocks: 20,
  /** IMAP: messages downloaded per fetch command, so a backlog never holds more than this many bodies in memory. */
  imapFetchBatch: 20,
  /** IMAP: a server that answers nothing for this long is treated as dead (half-open connections never error). */
  imapSocketTimeoutMs: 90_000,
  /** IMAP: NOOP heartbeat answer deadline; IDLE hides a dead peer until this fires. */
  imapNoopTimeoutMs: 20_000,
  /** IMAP reconnect backoff: start small so a restart is picked up fast, cap so a long outage is not hammered. */
  imapBackoffMinMs: 1_000,
  imapBackoffMaxMs: 60_000,
  /** Outbox retry backoff: first retry after a minute (greylisting), doubling, capped at an hour. */
  outboxBackoffMinMs: 60_000,
  outboxBackoffMaxMs: 3_600_000,
  /** Outbox: attempts before a mail is dead. Transient failures get a day of retries at the capped interval; a 5xx answer is final sooner. */
  outboxMaxAttempts: 30,
  outboxMaxPermanentFailures: 3,
  /** Per-recipient rate limit: a report and a few replies in an hour is normal; more means a loop or abuse. */
  outboxPerRecipientPerHour: 10,
  /** SMTP: one connection attempt and one message may take this long before it counts as a transient failure. */
  smtpTimeoutMs: 30_000,
  /** Policy sweep (flags, due status updates): deadlines are days apart, five minutes is prompt enough. */
  sweepIntervalMs: 5 * 60_000,
  /** Never more than one status update per report in this window (issue: "never more than one per day"). */
  minUpdateSpacingMs: 86_400_000,
  /** SQLite busy timeout: a CLI command and the daemon share the file; 5 s covers a backup step. */
  sqliteBusyTimeoutMs: 5_000,
  /** Attachment file names written out: 200 characters leaves room for a directory inside PATH_MAX and reads whole in a terminal. */
  maxFileNameChars: 200,
  /** …and never more bytes than NAME_MAX (255 on ext4, XFS, APFS), or 200 CJK characters would fail with ENAMETOOLONG. */
  maxFileNameBytes: 255,
  /** An extension kept when a name is shortened: `.docx`, `.pcapng`, `.tar.gz` fit; a 30-character "extension" is part of the name. */
  maxFileExtensionChars: 10,
  /** An assignee: a name, or an address (RFC 5321 caps a path at 256 octets, so 254 for the address itself). */
  maxAssigneeChars: 254,
  /** An internal note: a page or two of text; logs and traffic captures belong in a file next to the report, not in the audit trail. */
  maxNoteBytes: 64 * 1024,
  /** `reports list --due-within N`: three digits; a window of more than 999 days (or hours) is not a triage question. */
  maxDueWithin: 999,
} as const;
