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
  /** Advisory titles (OSV summary, CSAF title, CVE title): OSV asks for a one-line summary of about 120 characters; CVE caps titles at 256. */
  exportTitleChars: 120,
  /** Advisory prose (details, descriptions, notes): CVE 5.2 caps a description at 4096 characters, the tightest of the three formats. */
  exportTextChars: 4096,
  /** Names in advisories (product, vendor, credited reporter, version strings): CVE caps a vendor at 512; a real name is far shorter. */
  exportNameChars: 200,
  /** Entries per advisory list (versions, CWEs, related CVEs): extraction keeps at most 50; an advisory citing more is a pasted log. */
  exportListItems: 50,
  /** CRA Art. 14(2)(a): early warning of an actively exploited vulnerability within 24 hours of becoming aware of it. */
  craEarlyWarningMs: 24 * 3_600_000,
  /** CRA Art. 14(2)(b): vulnerability notification within 72 hours of becoming aware of it. */
  craNotificationMs: 72 * 3_600_000,
  /** CRA Art. 14(2)(c): final report no later than 14 days after a corrective or mitigating measure is available (calendar days). */
  craFinalReportDays: 14,
} as const;
