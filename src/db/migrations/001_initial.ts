/** @module Initial schema: captured mail, reports, their audit trail, keys, outgoing mail and source cursors. */
export default /* sql */ `
CREATE TABLE cursors (
  source      TEXT PRIMARY KEY,          -- 'imap:user@host:port/mailbox'
  uidvalidity TEXT,                      -- as a string: UIDVALIDITY is a 32-bit unsigned number, kept exact
  last_uid    INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT NOT NULL
);

-- Every message that reached a source, with its exact bytes, stored before any parsing.
CREATE TABLE messages (
  id           INTEGER PRIMARY KEY,
  source       TEXT NOT NULL,            -- 'imap:…', 'maildir:…', 'file'
  source_ref   TEXT,                     -- 'UIDVALIDITY:UID', the Maildir unique name, or NULL for files
  message_id   TEXT,                     -- Message-ID header without <>, NULL when absent
  sha256       TEXT NOT NULL,            -- of the raw bytes
  content_sha256 TEXT NOT NULL,          -- of the bytes without transit fields (Received, Delivered-To, …): duplicate detection
  size         INTEGER NOT NULL,
  raw          BLOB NOT NULL,
  captured_at  TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'captured' CHECK (state IN ('captured', 'processed', 'failed')),
  outcome      TEXT CHECK (outcome IN ('new-report', 'reply', 'auto-reply', 'bounce', 'duplicate', 'failed')),
  report_id    INTEGER REFERENCES reports(id),
  duplicate_of INTEGER REFERENCES messages(id),
  error_code   TEXT,
  error        TEXT,
  unwrap       TEXT,                     -- JSON {decryption, signature}
  attempts     INTEGER NOT NULL DEFAULT 0,
  processed_at TEXT,
  UNIQUE (source, source_ref)
);
CREATE INDEX messages_by_state ON messages(state, id);
CREATE INDEX messages_by_identity ON messages(content_sha256, message_id);
CREATE INDEX messages_by_report ON messages(report_id);

CREATE TABLE reports (
  id             INTEGER PRIMARY KEY,
  ref            TEXT NOT NULL UNIQUE,   -- SEC-YYYY-NNNN
  year           INTEGER NOT NULL,
  seq            INTEGER NOT NULL,
  message_id     INTEGER NOT NULL REFERENCES messages(id),
  status         TEXT NOT NULL DEFAULT 'new',
  received_at    TEXT NOT NULL,
  subject        TEXT,                   -- the real subject (protected header when present)
  reporter_email TEXT,
  reporter_name  TEXT,
  body_text      TEXT NOT NULL,
  body_html      TEXT,
  encryption     TEXT NOT NULL,          -- JSON {encrypted, keyFingerprint, keyStatus}
  signature      TEXT NOT NULL,          -- JSON {status, signerFingerprint}
  fields         TEXT,                   -- JSON extraction result, filled by the extraction stage
  deadlines      TEXT,                   -- JSON {triage, resolve, disclosure, nextUpdate}
  flags          TEXT NOT NULL DEFAULT '[]',
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (year, seq)
);

CREATE TABLE attachments (
  id           INTEGER PRIMARY KEY,
  report_id    INTEGER NOT NULL REFERENCES reports(id),
  message_id   INTEGER NOT NULL REFERENCES messages(id),
  name         TEXT NOT NULL,            -- sanitised
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  encrypted    INTEGER NOT NULL,         -- 1 when it arrived encrypted
  content      BLOB NOT NULL
);
CREATE INDEX attachments_by_report ON attachments(report_id);

-- Append-only audit of everything that happened to a report (and to messages that never became one).
CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  report_id  INTEGER REFERENCES reports(id),
  message_id INTEGER REFERENCES messages(id),
  at         TEXT NOT NULL,
  kind       TEXT NOT NULL,
  data       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_by_report ON events(report_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE keys (
  fingerprint TEXT PRIMARY KEY,          -- upper-case hex
  role        TEXT NOT NULL CHECK (role IN ('team', 'reporter')),
  user_ids    TEXT NOT NULL,             -- JSON array of 'Name <email>'
  created_at  TEXT NOT NULL,
  expires_at  TEXT,                      -- NULL: does not expire
  revoked     INTEGER NOT NULL DEFAULT 0,
  public_key  TEXT NOT NULL,             -- armored public key only; secrets stay in keys.dir
  source      TEXT NOT NULL,             -- 'keys-dir', 'attachment', 'autocrypt', 'import', …
  file        TEXT,
  seen_at     TEXT NOT NULL
);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  message_id      TEXT NOT NULL UNIQUE,  -- fixed at compose time, so a retry is the same mail
  report_id       INTEGER REFERENCES reports(id),
  kind            TEXT NOT NULL,
  recipients      TEXT NOT NULL,         -- JSON array
  raw             BLOB NOT NULL,
  status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'active', 'deferred', 'sent', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
`;
