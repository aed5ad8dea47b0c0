/** @module One daemon per database (the lease row), and an expiry on each outbox claim so only a dead sender's mail is requeued. */
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
`;
