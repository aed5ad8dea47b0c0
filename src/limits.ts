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

  // Extraction (src/intake/extract): the heuristics read hostile text, so every scan and every kept value has a ceiling.
  /** Free-text heuristics read this much of the body: a long report is ~20 KB; what follows is pasted logs and dumps, where keywords mislead and cost time. */
  extractScanChars: 64 * 1024,
  /** Longest text kept for steps, PoC, impact, summary: enough for any real section, small enough for the CLI JSON and the digest. */
  extractFieldChars: 16 * 1024,
  /** Most CVE ids kept: advisories cite a handful; a pasted scanner log can cite thousands. */
  extractMaxCves: 50,
  /** Most affected-version entries kept: real reports list a few ranges; more is a changelog or a dump. */
  extractMaxVersions: 20,
  /** Version-like numbers taken from one line: a line holding dozens is a dump, not a statement; stopping there also keeps the scan linear. */
  extractVersionsPerLine: 24,
  /** Most CWE ids kept: a report names one or two weaknesses; a pasted taxonomy names hundreds. */
  extractMaxCwes: 10,
  /** CVSS vectors tried, and invalid-vector issues kept: a report states one vector, maybe a corrected one; a pasted table is not a statement. */
  extractCvssCandidates: 20,
  extractCvssIssues: 5,
  /** Name-like tokens counted in the body for the product vote: far more than a report holds; past that the body is a log. */
  extractProductTokens: 20_000,
  /** Spellings of the chosen product name examined for a multi-word form: the first few uses decide it. */
  extractProductNameTries: 50,
  /** Prose read for language detection: a few hundred words decide between English and French. */
  extractLanguageChars: 20_000,
  /** Lines one HTTP request may span in a PoC (request line, headers, body): a real request fits in far fewer. */
  extractPocRequestLines: 200,
  /** Lines one indented or markup block may span in a PoC: a long exploit script fits; a pasted page is cut there. */
  extractPocBlockLines: 400,
} as const;
