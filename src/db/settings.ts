/** @module Queries on `settings`: small named facts kept between runs (what the last sweep checked). */
import type { Database } from 'better-sqlite3';

export function createSettingsRepo(db: Database) {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?');
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get: (key: string): string | null => (get.get(key) as { value: string } | undefined)?.value ?? null,
    set: (key: string, value: string) => void set.run(key, value),
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
