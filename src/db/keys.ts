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

export function createKeysRepo(db: Database) {
  const upsert = db.prepare(`INSERT INTO keys (fingerprint, role, user_ids, created_at, expires_at, revoked, public_key, source, file, seen_at)
    VALUES (@fingerprint, @role, @userIds, @createdAt, @expiresAt, @revoked, @publicKey, @source, @file, @seenAt)
    ON CONFLICT (fingerprint) DO UPDATE SET user_ids = excluded.user_ids, expires_at = excluded.expires_at,
      revoked = excluded.revoked, public_key = excluded.public_key, file = excluded.file, seen_at = excluded.seen_at`);
  const byRole = db.prepare('SELECT * FROM keys WHERE role = ? ORDER BY created_at');
  return {
    upsert(k: KeyRecord) {
      upsert.run({ ...k, userIds: JSON.stringify(k.userIds), revoked: k.revoked ? 1 : 0 });
    },
    byRole: (role: KeyRecord['role']) => (byRole.all(role) as Row[]).map(toKey),
  };
}

export type KeysRepo = ReturnType<typeof createKeysRepo>;
