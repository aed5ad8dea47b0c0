/** @module Applies numbered migrations, tracked by PRAGMA user_version, refusing a database whose applied migrations were edited. */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { SecintakeError } from '../errors.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now = () => new Date()): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new SecintakeError('E_DB_TOO_NEW', `the database is at schema version ${current}, this secintake knows up to ${latest}`, {
      hint: 'run the newer secintake that wrote it, or restore a backup made before the upgrade',
    });
  }
  const applied = new Map(
    (db.prepare('SELECT version, sha256 FROM schema_migrations').all() as { version: number; sha256: string }[]).map((r) => [r.version, r.sha256]),
  );
  for (const m of migrations.filter((m) => m.version <= current)) {
    const stored = applied.get(m.version);
    if (stored !== undefined && stored !== sha256(m.sql)) {
      throw new SecintakeError('E_DB_MIGRATION_EDITED', `migration ${m.version} (${m.name}) differs from the one applied to this database`, {
        hint: 'migrations are append-only: restore the original migration and add a new one for the change',
      });
    }
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations.filter((m) => m.version > current)) {
    // The pragma is a no-op inside a transaction, so it is set around it.
    if (m.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      // IMMEDIATE, and the version read again under the lock: two first starts never apply a migration twice.
      db.transaction(() => {
        if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new SecintakeError('E_DB_OPEN', `migration ${m.version} (${m.name}) would break ${broken.length} foreign key(s); nothing was changed`, { hint: 'restore a backup and report this as a bug' });
        record.run(m.version, m.name, sha256(m.sql), now().toISOString());
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (m.foreignKeysOff) db.pragma('foreign_keys = ON');
    }
  }
  return latest;
}
