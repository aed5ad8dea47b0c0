/** @module Opens the one SQLite connection of a process: WAL, foreign keys, busy timeout, migrated. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { migrate } from './migrate.js';

export type { Database };

export function openDatabase(file: string): Database {
  let db: Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new BetterSqlite3(file);
  } catch (e) {
    throw new SecintakeError('E_DB_OPEN', `cannot open the database ${file}`, {
      cause: e,
      hint: 'check that the directory exists and is writable by this user (config key `database`)',
    });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${LIMITS.sqliteBusyTimeoutMs}`);
  // WAL with synchronous=NORMAL can lose the last commits on power loss; captured mail must survive it.
  db.pragma('synchronous = FULL');
  migrate(db);
  return db;
}

/** Runs fn in an IMMEDIATE transaction: takes the write lock up front so two processes never deadlock on upgrade. */
export function inTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}
