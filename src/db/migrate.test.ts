import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SecintakeError } from '../errors.js';
import { openDatabase } from './connection.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'secintake-db-')), 'test.db');

describe('database migrations', () => {
  test('a new database gets every table, WAL and foreign keys', () => {
    const db = openDatabase(tempDb());
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['messages', 'reports', 'events', 'keys', 'outbox', 'cursors', 'attachments']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    db.close();
  });

  test('opening twice applies nothing twice', () => {
    const file = tempDb();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect((db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    db.close();
  });

  test('a database whose applied migration was edited is refused', () => {
    const db = new BetterSqlite3(tempDb());
    migrate(db, [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x)' }]);
    expect(() => migrate(db, [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x, y)' }])).toThrowError(
      expect.objectContaining({ code: 'E_DB_MIGRATION_EDITED' }) as SecintakeError,
    );
  });

  test('a database newer than this program is refused', () => {
    const db = new BetterSqlite3(tempDb());
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrowError(expect.objectContaining({ code: 'E_DB_TOO_NEW' }) as SecintakeError);
  });

  test('events are append-only', () => {
    const db = openDatabase(tempDb());
    db.prepare(`INSERT INTO events (at, kind) VALUES ('2026-01-01T00:00:00Z', 'x')`).run();
    expect(() => db.prepare(`UPDATE events SET kind = 'y'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    db.close();
  });
});
