/** @module Every size, count and time bound in one place, each with the reason for its number. */

/** Named once because the send deadline and the claim expiry are derived from it. */
const LIMITS_SMTP_TIMEOUT_MS = 30_000;

export const LIMITS = {
  /** Default for `limits.max_message_bytes`: reports with screen recordings run to a few MB; 25 MB is what most MTAs accept. */
  maxMessageBytes: 25 * 1024 * 1024,
  /**
   * Default for `limits.max_decompressed_bytes`: 5x the largest message (a report's logs and recordings are already
   * compressed); a 2 KB bzip2 bomb would otherwise expand to GBs. openpgp holds decompressed data up to this bound
   * before it refuses, so it sets the peak memory a bomb costs (~115 MiB of process plus this): 256 MiB measured 379 MiB.
   */
  maxDecompressedBytes: 128 * 1024 * 1024,
  /** Default for `limits.max_mime_depth`: real clients nest 4-5 levels (signed > encrypted > mixed > alternative); 20 stops recursion bombs. */
  maxMimeDepth: 20,
  /** Default for `limits.max_mime_parts`: a report with 50 screenshots is plausible; 1000 parts is an attack on the parser. */
  maxMimeParts: 1000,
  /**
   * Raw mail and attachment content are stored in chunks of this size (db/blob-chunks.ts): SQLite copies a blob it is
   * given, and again into the row it writes, and a blob it reads back likewise, so a 25 MiB message stored whole cost
   * ~50 MiB of native memory at capture and at each read (a 13 MB attachment ~26 MiB). 1 MiB keeps that to ~2 MiB, and
   * a 25 MiB message in 25 rows.
   */
  rawChunkBytes: 1024 * 1024,
  /**
   * Report bodies are stored in chunks of this many UTF-16 code units (db/report-bodies.ts), for the reason raw mail is:
   * a 24 MB windows-1252 body of "é" is 48 MB of UTF-8 text, which SQLite copied twice when bound whole (~95 MiB).
   * 256 Ki units are at most 768 KiB of UTF-8 (3 bytes a unit at worst), under one raw chunk.
   */
  bodyChunkChars: 256 * 1024,
  /** Repeated salt and passphrase hashed per call when a team key is unlocked (crypto/s2k.ts): small, yet few calls for a 16 MiB count. */
  s2kHashBlockBytes: 64 * 1024,
  /** Bytes decoded per step from windows-1252 (mail/charset.ts): the step's UTF-16 buffer is twice this; a body of any size is a few hundred steps per MB. */
  charsetChunkBytes: 64 * 1024,
  /** Header block of one MIME entity: RFC 5322 allows long headers, but 256 KB of headers is abuse. */
  maxHeaderBytes: 256 * 1024,
  /** Plain-text attachments read by extraction like a body ("report attached"); a larger one is a log dump, not a report. */
  maxTextAttachmentBytes: 1_048_576,
  /**
   * Captured messages listed per batch of the processing queue: ids only; each message's raw bytes are read when the
   * pipeline admits it, so the batch size costs no memory and a backlog of large mail is never held at once.
   */
  pendingBatch: 50,
  /** Messages unwrapping at once per crypto worker: four (measured against one and two), so a worker always has the next one queued while a slow one (RSA-4096, a large attachment) holds the head of the line. */
  inFlightPerCryptoWorker: 4,
  /** Raw mail among the messages unwrapping at once: a few ordinary reports, or one large one alone (each needs several times its size while it is parsed). */
  inFlightBytes: 16 * 1024 * 1024,
  /** Reference predictions per new report before giving up for now: each miss means another process recorded a report meanwhile. */
  refAttempts: 4,
  /** A From header longer than this is not one person's mailbox; it is refused before any parser sees it. */
  maxAddressHeaderBytes: 2_048,
  /** Message-IDs kept from one In-Reply-To/References header: threads run to dozens, and each id is a query parameter. */
  maxReferences: 100,
  /** Text that arrived outside the encryption is kept for the team to read, up to this much per part (the raw message keeps all of it). */
  maxUnencryptedExcerptChars: 16_384,
  /** Armored PGP blocks scanned in one text body: a reply quoting a few old messages has a handful. */
  maxArmoredBlocks: 20,
  /** IMAP: messages downloaded per fetch command, so a backlog never holds more than this many bodies in memory. */
  imapFetchBatch: 20,
  /** IMAP: a server that answers nothing for this long is treated as dead (half-open connections never error). */
  imapSocketTimeoutMs: 90_000,
  /** IMAP: NOOP heartbeat answer deadline; IDLE hides a dead peer until this fires. */
  imapNoopTimeoutMs: 20_000,
  /**
   * IMAP: quiet time before auto-IDLE starts. Mail that arrives before IDLE is only announced once IDLE begins, so this
   * is the worst added latency; one second still keeps a run of commands (a sync's SEARCH, FETCH, STORE) out of IDLE.
   * imapflow's default of 15 s made the median acknowledgement wait about 13 s.
   */
  imapAutoIdleDelayMs: 1_000,
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
  smtpTimeoutMs: LIMITS_SMTP_TIMEOUT_MS,
  /** Policy sweep (flags, due status updates): deadlines are days apart, five minutes is prompt enough. */
  sweepIntervalMs: 5 * 60_000,
  /**
   * Reports whose next sweep time is written per transaction: a pass over every open report (a policy change, a new team
   * key) at 100,000 reports would otherwise hold the write lock for about a second, and capture waits behind it.
   */
  sweepSettleBatch: 1_000,
  /** Never more than one status update per report in this window (issue: "never more than one per day"). */
  minUpdateSpacingMs: 86_400_000,
  /** A business day is never more than a couple of weeks away; a calendar walk longer than this means a broken calendar. */
  maxDaysOffInARow: 366,
  /**
   * Cores left to the main thread (signing, SQLite, extraction) when sizing the crypto pool. Two workers on 2 cores were
   * ~20% faster than one, but each worker is an isolate with openpgp and the unlocked keys, ~75 MiB: a 100-report burst
   * peaked at 373 MiB with two and 296 MiB with one, and bounded memory is the promise ops size the service by.
   */
  coresLeftToMainThread: 1,
  /** At most this many crypto workers, whatever the core count: ~75 MiB each (above), and intake is rarely CPU-bound beyond that. */
  maxCryptoWorkers: 3,
  /**
   * Young generation of a crypto worker's heap (MiB): decryption works in ArrayBuffers outside the heap, so V8's default
   * (up to 3 x 16 MiB semi-spaces) mostly holds garbage. 8 took ~8 MiB off the 100-report burst's peak for 21 more
   * scavenges (+32 ms over the 100 reports); 4 saved ~12 MiB but doubled the scavenges. The old generation keeps V8's
   * default: a compression bomb is refused by limits.max_decompressed_bytes, never by a worker out of heap.
   */
  cryptoWorkerYoungGenerationMb: 8,
  /** Public keys a crypto worker keeps parsed: every reporter answered in a busy week, with their self-signatures checked once. */
  cryptoWorkerKeysKept: 1_024,
  /** Business-day walks a calendar remembers (start date and count): a year of receipt days times the few counts the policy uses, a few KB. */
  calendarWalksKept: 4_096,
  /** RFC 9116 §2.5.5: security.txt Expires is RECOMMENDED "less than a year into the future"; 364 days is under a year in any year. */
  securityTxtMaxExpiresDays: 364,
  /** SQLite busy timeout: a CLI command and the daemon share the file; 5 s covers a backup step. */
  sqliteBusyTimeoutMs: 5_000,
  /** Window the per-recipient rate limit counts in: the limit above is "per hour". */
  outboxRateWindowMs: 3_600_000,
  /** Message-IDs we repeat in In-Reply-To/References: RFC 5322 sets no bound, real ones are under 100 characters; 250 keeps one per folded line far below 998 octets. */
  maxMessageIdLength: 250,
  /** References we write: the thread root and the newest parents are what clients thread by; a forged list of thousands would make every answer huge. */
  maxOutgoingReferences: 20,
  /** A recipient address: RFC 5321 §4.5.3.1.3 allows a 256-octet path including the angle brackets. */
  maxAddressLength: 254,
  /** Maildir has no push notification; a two-second poll keeps the demo and tests responsive at the cost of one readdir. */
  maildirPollMs: 2_000,
  /** A source loop that stopped (unreadable Maildir, a bug) is restarted after this long: soon, but never a tight loop. */
  sourceRestartMs: 30_000,
  /** Processing also runs this often without new mail, so a message left queued by a transient error is retried. */
  processIntervalMs: 60_000,
  /** Outbox drain: an acknowledgement leaves within seconds; an empty or not-yet-due outbox costs one indexed SELECT. */
  drainIntervalMs: 5_000,
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

  // Extraction (src/intake/extract): the heuristics read hostile text, so every scan and every kept value has a ceiling.
  /** Free-text heuristics read this much of the body: a long report is ~20 KB; what follows is pasted logs and dumps, where keywords mislead and cost time. */
  extractScanChars: 64 * 1024,
  /** Text (and HTML) extraction processes at all, cut before it is split into lines: 4x the scan window, so a field read past it (a long PoC) still fits, while 24 MB of newlines stay 256 K lines, not 24 M. */
  extractProcessChars: 256 * 1024,
  /** Subject read by extraction (title, product, the subject-and-body scans): RFC 5322 §2.1.1 caps a line at 998 characters; a longer subject is not a title. */
  extractSubjectChars: 1_000,
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
  /**
   * `reports list` without --limit or --all: a screen or a script's page. 100,000 reports as JSON take seconds to print and
   * are read by nobody; the list says how many there are and how to see more.
   */
  reportsListDefault: 100,
  /** Largest --limit: beyond a million, --all says what is meant (and the number stays an exact SQLite integer). */
  reportsListMax: 1_000_000,
  /** Digest "due": three business days is the triage window itself, so a report entering it still leaves a full triage cycle. */
  digestDueBusinessDays: 3,
  /** Digest "disclosures": a week, the time to prepare an advisory (the same week as the disclosure-due-soon flag). */
  digestDisclosureDays: 7,
  /** Digest "waiting on the reporter": a week without an answer to our questions is when a nudge is worth a person's time. */
  digestWaitingDays: 7,
  /** Digest "long-deferred" outbox mail: a day of retries (the backoff caps at an hour) means the cause will not go away alone. */
  digestLongDeferredMs: 86_400_000,
  /** Lines per digest section: a mail a person reads in the morning; the count in the summary still says how many there are. */
  digestSectionLines: 50,
  /** Digest "CRA": a clock with a day or less left (the early warning's whole span), so the team sees it while it can still act. */
  digestCraDueHours: 24,
  /** How often the digest job looks at the clock: the digest goes out at most a minute after `digest.time`. */
  digestCheckIntervalMs: 60_000,

  // Reliability (issue 11): one daemon per database, sends that cannot block intake, a stop that systemd never has to kill.
  /** Daemon lease heartbeat: cheap (one UPDATE), and often enough that a stale lease is noticed well inside a restart. */
  leaseHeartbeatMs: 10_000,
  /** A lease not beaten for this long is stale: three missed heartbeats, so a GC pause or a busy disk never hands it over. */
  leaseStaleMs: 30_000,
  /** One send, connection to 250, after which it counts as a transient failure: nodemailer's own socket timeout plus a margin. */
  sendDeadlineMs: LIMITS_SMTP_TIMEOUT_MS + 10_000,
  /** An 'active' outbox claim lapses this long after it was made: past the send deadline, so a live sender's mail is never requeued. */
  outboxClaimMs: LIMITS_SMTP_TIMEOUT_MS + 40_000,
  /** Processing attempts that never finished (crash, out of memory, an error) before a message is quarantined: a restart or two is bad luck, three is the message. */
  maxProcessingAttempts: 3,
  /** While the database takes no writes (full disk, I/O error), say so this often: once a minute, not once a second. */
  dbUnavailableLogMs: 60_000,
  /** SIGTERM: in-flight SMTP gets this long to be confirmed; unconfirmed mail stays queued. Well inside the 10 s stop budget. */
  shutdownSendGraceMs: 3_000,
  /** SIGTERM: the whole stop (intake, message in hand, sends, IMAP logout) past which the process exits anyway; under TimeoutStopSec=15. */
  shutdownDeadlineMs: 9_000,

  // Templates (issue 12 item 5): the team's own words, read at start.
  /** One template file: a letter is a few KB; 64 KiB is many letters, and a wrong path to a large file is refused unread. */
  templateMaxBytes: 65_536,
} as const;
