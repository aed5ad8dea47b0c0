/** @module Raw mail in its own table, in chunks: updating a message's state no longer rewrites its bytes (issue 13, memory). */
export default /* sql */ `
-- SQLite rewrites a whole row on every UPDATE, blob included: each attempt count, outcome and state change of a 24 MB
-- message copied it twice through native memory. Here the bytes are written once and only ever read. Chunks (written
-- by capture at LIMITS.rawChunkBytes) keep the copies SQLite makes of a bound or read blob to the size of one chunk.
-- Rows are keyed by the message that holds the bytes; a copy (raw_of set) has none and reads its holder's.
CREATE TABLE message_raw (
  message_id INTEGER NOT NULL REFERENCES messages(id),
  seq        INTEGER NOT NULL,              -- 0, 1, ...: the chunks in order
  bytes      BLOB NOT NULL,
  PRIMARY KEY (message_id, seq)
);
-- Every holder's bytes, split at 1 MiB (readers only concatenate in seq order, so the size is free to change later).
-- A holder of zero bytes has no chunks, as capture writes it.
INSERT INTO message_raw (message_id, seq, bytes)
  WITH RECURSIVE chunk(id, seq) AS (
    SELECT id, 0 FROM messages WHERE raw_of IS NULL AND length(raw) > 0
    UNION ALL
    SELECT c.id, c.seq + 1 FROM chunk c JOIN messages m ON m.id = c.id WHERE (c.seq + 1) * 1048576 < length(m.raw)
  )
  SELECT c.id, c.seq, substr(m.raw, c.seq * 1048576 + 1, 1048576) FROM chunk c JOIN messages m ON m.id = c.id;
ALTER TABLE messages DROP COLUMN raw;
`;
