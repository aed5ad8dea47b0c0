/** @module Per-source IMAP cursor (UIDVALIDITY, last UID), written in the same transaction as the captured message. */
import type { Database } from 'better-sqlite3';

export interface Cursor {
  uidvalidity: string | null;
  lastUid: number;
}

export function createCursorsRepo(db: Database) {
  const get = db.prepare('SELECT uidvalidity, last_uid FROM cursors WHERE source = ?');
  const set = db.prepare(`INSERT INTO cursors (source, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (source) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid, updated_at = excluded.updated_at`);
  return {
    get(source: string): Cursor {
      const r = get.get(source) as { uidvalidity: string | null; last_uid: number } | undefined;
      return r ? { uidvalidity: r.uidvalidity, lastUid: r.last_uid } : { uidvalidity: null, lastUid: 0 };
    },
    set(source: string, c: Cursor, at: Date) {
      set.run(source, c.uidvalidity, c.lastUid, at.toISOString());
    },
  };
}

export type CursorsRepo = ReturnType<typeof createCursorsRepo>;
