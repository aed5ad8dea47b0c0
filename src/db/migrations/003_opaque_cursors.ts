/** @module Cursors become opaque to everything but their source: one text value per source name (the IMAP pair moves into JSON). */
export default /* sql */ `
CREATE TABLE cursors_opaque (
  source     TEXT PRIMARY KEY,           -- the source's name, e.g. 'imap:user@host:port/mailbox'
  value      TEXT NOT NULL,              -- whatever the source wrote; only that source reads it
  updated_at TEXT NOT NULL
);
-- The IMAP source reads exactly this shape (src/sources/imap-cursor.ts); UIDVALIDITY stays a string, kept exact.
INSERT INTO cursors_opaque (source, value, updated_at)
  SELECT source, json_object('uidvalidity', uidvalidity, 'lastUid', last_uid), updated_at FROM cursors;
DROP TABLE cursors;
ALTER TABLE cursors_opaque RENAME TO cursors;
`;
