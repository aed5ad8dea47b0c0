/** @module The trust model's state: replay and third-party outcomes, ciphertexts seen, reporter keys pinned per address, content kept apart from the report. */
export default /* sql */ `
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (sqlite.org/lang_altertable.html §7,
-- with foreign keys off for this migration; foreign_key_check runs before the commit).
CREATE TABLE messages_new (
  id           INTEGER PRIMARY KEY,
  source       TEXT NOT NULL,
  source_ref   TEXT,
  message_id   TEXT,
  sha256       TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  size         INTEGER NOT NULL,
  raw          BLOB NOT NULL,
  captured_at  TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'captured' CHECK (state IN ('captured', 'processed', 'failed')),
  outcome      TEXT CHECK (outcome IN ('new-report', 'reply', 'third-party', 'auto-reply', 'bounce', 'duplicate', 'replay', 'failed')),
  report_id    INTEGER REFERENCES reports(id),
  duplicate_of INTEGER REFERENCES messages(id),
  error_code   TEXT,
  error        TEXT,
  unwrap       TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  processed_at TEXT,
  UNIQUE (source, source_ref)
);
INSERT INTO messages_new (id, source, source_ref, message_id, sha256, content_sha256, size, raw, captured_at, state, outcome,
  report_id, duplicate_of, error_code, error, unwrap, attempts, processed_at)
  SELECT id, source, source_ref, message_id, sha256, content_sha256, size, raw, captured_at, state, outcome,
  report_id, duplicate_of, error_code, error, unwrap, attempts, processed_at FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE INDEX messages_by_state ON messages(state, id);
CREATE INDEX messages_by_identity ON messages(content_sha256, message_id);
CREATE INDEX messages_by_report ON messages(report_id);

-- Every ciphertext we decrypted, by a hash of its session key: the same one again, in any wrapper, is a replay.
CREATE TABLE ciphertexts (
  id          TEXT PRIMARY KEY,
  message_id  INTEGER NOT NULL REFERENCES messages(id),
  sender      TEXT,                       -- the From address it first came from
  seen_at     TEXT NOT NULL
);

-- Reporter keys pinned per address (trust on first use): only pinned keys are encrypted to.
CREATE TABLE key_pins (
  address     TEXT NOT NULL,              -- lower-case e-mail address
  fingerprint TEXT NOT NULL REFERENCES keys(fingerprint),
  state       TEXT NOT NULL CHECK (state IN ('pinned', 'pending')),
  message_id  INTEGER REFERENCES messages(id),   -- the message it came with; NULL for keys imported by the team
  since       TEXT NOT NULL,
  PRIMARY KEY (address, fingerprint)
);
-- Keys learned before pinning existed keep working: each is pinned for the addresses of its user IDs.
INSERT OR IGNORE INTO key_pins (address, fingerprint, state, message_id, since)
  SELECT lower(trim(CASE WHEN instr(u.value, '<') > 0 AND instr(u.value, '>') > instr(u.value, '<')
                         THEN substr(u.value, instr(u.value, '<') + 1, instr(u.value, '>') - instr(u.value, '<') - 1)
                         ELSE u.value END)),
         k.fingerprint, 'pinned', NULL, k.seen_at
  FROM keys k, json_each(k.user_ids) u WHERE k.role = 'reporter';

-- Content that arrived outside the decryption (JSON array of UnencryptedPart), shown to the team apart from the report.
ALTER TABLE reports ADD COLUMN unencrypted_parts TEXT NOT NULL DEFAULT '[]';
`;
