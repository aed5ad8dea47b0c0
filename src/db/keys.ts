/** @module Queries on `keys`: public halves of team keys and reporters' keys, with expiry. */
import type { Database } from 'better-sqlite3';

export interface KeyRecord {
  fingerprint: string;
  role: 'team' | 'reporter';
  userIds: string[];
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
  publicKey: string;
  source: string;
  file: string | null;
  seenAt: string;
}

interface Row {
  fingerprint: string;
  role: 'team' | 'reporter';
  user_ids: string;
  created_at: string;
  expires_at: string | null;
  revoked: number;
  public_key: string;
  source: string;
  file: string | null;
  seen_at: string;
}

const toKey = (r: Row): KeyRecord => ({
  fingerprint: r.fingerprint,
  role: r.role,
  userIds: JSON.parse(r.user_ids),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revoked: r.revoked === 1,
  publicKey: r.public_key,
  source: r.source,
  file: r.file,
  seenAt: r.seen_at,
});

export type PinState = 'pinned' | 'pending';

export interface PendingKey {
  address: string;
  fingerprint: string;
  messageId: number | null;
  since: string;
  userIds: string[];
  createdAt: string;
  expiresAt: string | null;
}

export function createKeysRepo(db: Database) {
  const upsert = db.prepare(`INSERT INTO keys (fingerprint, role, user_ids, created_at, expires_at, revoked, public_key, source, file, seen_at)
    VALUES (@fingerprint, @role, @userIds, @createdAt, @expiresAt, @revoked, @publicKey, @source, @file, @seenAt)
    ON CONFLICT (fingerprint) DO UPDATE SET user_ids = excluded.user_ids, expires_at = excluded.expires_at,
      revoked = excluded.revoked, public_key = excluded.public_key, file = excluded.file, seen_at = excluded.seen_at`);
  const byRole = db.prepare('SELECT * FROM keys WHERE role = ? ORDER BY created_at');
  // A pending pin never downgrades a pinned one; a pinned one (team approval, a signed key change) upgrades it.
  const pin = db.prepare(`INSERT INTO key_pins (address, fingerprint, state, message_id, since) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (address, fingerprint) DO UPDATE SET state = CASE WHEN excluded.state = 'pinned' THEN 'pinned' ELSE key_pins.state END`);
  // The key flags of a reporter's reports follow that address's keys: a key pinned (learned again, imported, refreshed
  // with a new expiry) makes them due, so the next sweep looks (reporter_email is stored lower-case, like pin addresses).
  const markDue = db.prepare(`UPDATE reports SET next_due_at = @at WHERE reporter_email = @address AND deadlines IS NOT NULL
    AND (next_due_at IS NULL OR next_due_at > @at)`);
  const pinsFor = db.prepare('SELECT fingerprint, state FROM key_pins WHERE address = ?');
  const pinnedFor = db.prepare(`SELECT k.public_key FROM keys k JOIN key_pins p ON p.fingerprint = k.fingerprint
    WHERE p.address = ? AND p.state = 'pinned' ORDER BY k.created_at`);
  const pending = db.prepare(`SELECT p.address, p.fingerprint, p.message_id, p.since, k.user_ids, k.created_at, k.expires_at
    FROM key_pins p JOIN keys k ON k.fingerprint = p.fingerprint WHERE p.state = 'pending' ORDER BY p.since`);
  const approve = db.prepare(`UPDATE key_pins SET state = 'pinned' WHERE fingerprint = ? AND state = 'pending'`);
  return {
    upsert(k: KeyRecord) {
      upsert.run({ ...k, userIds: JSON.stringify(k.userIds), revoked: k.revoked ? 1 : 0 });
    },
    byRole: (role: KeyRecord['role']) => (byRole.all(role) as Row[]).map(toKey),
    /** Binds a reporter key to an address: `pinned` is used to encrypt, `pending` waits for the team or a signed change. */
    pin(address: string, fingerprint: string, state: PinState, messageId: number | null, at: Date) {
      pin.run(address, fingerprint, state, messageId, at.toISOString());
      markDue.run({ address, at: at.toISOString() });
    },
    pinsFor: (address: string) => pinsFor.all(address) as { fingerprint: string; state: PinState }[],
    /** Armored public keys pinned for the address, oldest first. */
    pinnedFor: (address: string) => (pinnedFor.all(address) as { public_key: string }[]).map((r) => r.public_key),
    pending: (): PendingKey[] =>
      (pending.all() as { address: string; fingerprint: string; message_id: number | null; since: string; user_ids: string; created_at: string; expires_at: string | null }[]).map((r) => ({
        address: r.address,
        fingerprint: r.fingerprint,
        messageId: r.message_id,
        since: r.since,
        userIds: JSON.parse(r.user_ids) as string[],
        createdAt: r.created_at,
        expiresAt: r.expires_at,
      })),
    /** Pins every pending binding of the key; the number of addresses it now serves. */
    approve: (fingerprint: string) => approve.run(fingerprint.toUpperCase()).changes,
  };
}

export type KeysRepo = ReturnType<typeof createKeysRepo>;
