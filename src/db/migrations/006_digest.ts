/** @module The daily digest: one row per local day it went out for (the once-a-day guard), and the team members' keys it is encrypted to. */
export default /* sql */ `
-- The primary key is the guard: a second digest for the same local day cannot be recorded, whatever the clock did.
CREATE TABLE digests (
  local_date TEXT PRIMARY KEY,              -- YYYY-MM-DD in the configured zone: the day this digest is for
  sent_at TEXT NOT NULL,                    -- when it was composed and queued
  since TEXT,                               -- the previous digest's sent_at: "new since" starts there; NULL for the first
  counts TEXT NOT NULL                      -- JSON {overdue, due, ...} as in the digest itself
);
-- Digest recipients are team members, not reporters: kept apart from keys so a recipient key never pins a reporter address.
CREATE TABLE recipient_keys (
  fingerprint TEXT NOT NULL,
  address TEXT NOT NULL COLLATE NOCASE,     -- an address a user ID of the key names: one row per key and address
  user_ids TEXT NOT NULL,                   -- JSON array
  expires_at TEXT,
  revoked INTEGER NOT NULL DEFAULT 0,
  public_key TEXT NOT NULL,                 -- armored
  imported_at TEXT NOT NULL,
  PRIMARY KEY (fingerprint, address)
);
CREATE INDEX recipient_keys_by_address ON recipient_keys(address);
`;
