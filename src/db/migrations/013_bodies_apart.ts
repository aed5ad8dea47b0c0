/** @module Report bodies and attachment content in their own tables, in chunks: a status, flag or sweep update no longer rewrites a report's text, and SQLite copies a chunk, not a body or an attachment (issue 13, memory). */
export default /* sql */ `
-- SQLite rewrites a whole row on every UPDATE: each status change, flag, assignment and next_due_at touch of a report
-- with a 24 MB body copied it through native memory and wrote it again. Here the bodies are written once, when the
-- report is recorded, and only read by reports show and the exports. Chunks (written at LIMITS.bodyChunkChars UTF-16
-- units by db/report-bodies.ts) keep the copies SQLite makes of a bound or read text to the size of one chunk.
-- A present body has at least one chunk (an empty one: one empty chunk); an absent HTML body has none.
CREATE TABLE report_bodies (
  report_id INTEGER NOT NULL REFERENCES reports(id),
  part      TEXT NOT NULL CHECK (part IN ('text', 'html')),
  seq       INTEGER NOT NULL,               -- 0, 1, ...: the chunks in order
  chunk     TEXT NOT NULL,
  PRIMARY KEY (report_id, part, seq)
);
-- Every body, split at 262,144 characters (substr counts characters, so none is cut; readers only concatenate in seq
-- order, so the size is free to differ from the writer's). Each chunk step looks its report up by id.
INSERT INTO report_bodies (report_id, part, seq, chunk)
  WITH RECURSIVE chunk(id, seq) AS (
    SELECT id, 0 FROM reports
    UNION ALL
    SELECT c.id, c.seq + 1 FROM chunk c JOIN reports r ON r.id = c.id WHERE (c.seq + 1) * 262144 < length(r.body_text)
  )
  SELECT c.id, 'text', c.seq, substr(r.body_text, c.seq * 262144 + 1, 262144) FROM chunk c JOIN reports r ON r.id = c.id;
INSERT INTO report_bodies (report_id, part, seq, chunk)
  WITH RECURSIVE chunk(id, seq) AS (
    SELECT id, 0 FROM reports WHERE body_html IS NOT NULL
    UNION ALL
    SELECT c.id, c.seq + 1 FROM chunk c JOIN reports r ON r.id = c.id WHERE (c.seq + 1) * 262144 < length(r.body_html)
  )
  SELECT c.id, 'html', c.seq, substr(r.body_html, c.seq * 262144 + 1, 262144) FROM chunk c JOIN reports r ON r.id = c.id;
ALTER TABLE reports DROP COLUMN body_text;
ALTER TABLE reports DROP COLUMN body_html;

-- Attachments are written once and never updated, but bound or read whole SQLite copied a 13 MB one twice (~26 MiB,
-- at the peak of recording a large report). Their content moves to chunks of LIMITS.rawChunkBytes, as raw mail did in
-- 011 (db/blob-chunks.ts writes and reads both); an empty attachment has no chunks.
CREATE TABLE attachment_chunks (
  attachment_id INTEGER NOT NULL REFERENCES attachments(id),
  seq           INTEGER NOT NULL,           -- 0, 1, ...: the chunks in order
  bytes         BLOB NOT NULL,
  PRIMARY KEY (attachment_id, seq)
);
INSERT INTO attachment_chunks (attachment_id, seq, bytes)
  WITH RECURSIVE chunk(id, seq) AS (
    SELECT id, 0 FROM attachments WHERE length(content) > 0
    UNION ALL
    SELECT c.id, c.seq + 1 FROM chunk c JOIN attachments a ON a.id = c.id WHERE (c.seq + 1) * 1048576 < length(a.content)
  )
  SELECT c.id, c.seq, substr(a.content, c.seq * 1048576 + 1, 1048576) FROM chunk c JOIN attachments a ON a.id = c.id;
ALTER TABLE attachments DROP COLUMN content;
`;
