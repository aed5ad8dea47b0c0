/** @module Per-source cursor: an opaque text value keyed by the source's name, written in the same transaction as the captured message. */
import type { Database } from 'better-sqlite3';

export function createCursorsRepo(db: Database) {
  const get = db.prepare('SELECT value FROM cursors WHERE source = ?');
  const set = db.prepare(`INSERT INTO cursors (source, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  return {
    get(source: string): string | null {
      const r = get.get(source) as { value: string } | undefined;
      return r ? r.value : null;
    },
    set(source: string, value: string, at: Date) {
      set.run(source, value, at.toISOString());
    },
  };
}

export type CursorsRepo = ReturnType<typeof createCursorsRepo>;
