/** @module One daemon per database (the lease row), an owner and expiry on each outbox claim, raw bytes stored once per hash. */
export default /* sql */ `
-- At most one row: the daemon that may fetch, requeue and sweep. A second daemon reads it to name the holder.
CREATE TABLE daemon_lease (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  owner        TEXT NOT NULL,              -- random per process start, so a reused pid is never mistaken for the holder
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
-- Who holds an 'active' claim (host:pid) and when it lapses: a claim whose sender died on this host, or that lapsed (the
-- sender outlived its send deadline, or ran elsewhere), may go back to the queue. NULL for claims made before this
-- migration: those processes are gone, their mail is requeued at the next daemon start.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
-- Raw bytes once per sha256: a UIDVALIDITY rescan captures every message again under new UIDs. A row with raw_of set
-- keeps an empty raw and reads the bytes of the row it names (itself always a holder).
ALTER TABLE messages ADD COLUMN raw_of INTEGER REFERENCES messages(id);
CREATE INDEX messages_raw_holders ON messages(sha256) WHERE raw_of IS NULL;
`;
