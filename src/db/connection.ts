/** @module Opens the one SQLite connection of a process (WAL, foreign keys, busy timeout, migrated, private files) and backs it up. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { makePrivate, makePrivateDir, writePrivateFile } from '../private-files.js';
import { migrate } from './migrate.js';

export type { Database };

export function openDatabase(file: string): Database {
  let db: Database;
  try {
    makePrivateDir(dirname(file));
    createPrivately(file);
    db = new BetterSqlite3(file, nativeBinding());
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

/**
 * better-sqlite3's addon named by its path (the package's documented `nativeBinding` option): left to find it, the
 * package loads the `bindings` package, which reads a stack trace for its own location and tries paths until one
 * exists. Where the addon is not in the package's build/Release (a prebuilt installed elsewhere), its own search runs.
 */
function nativeBinding(): { nativeBinding?: string } {
  const addon = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
  return existsSync(addon) ? { nativeBinding: addon } : {};
}

/**
 * The database holds decrypted reports: it is created 0600 before SQLite opens it, because SQLite gives its -wal and
 * -shm files the database file's mode. An existing file keeps its mode (`config check` warns when it is open to others).
 */
function createPrivately(file: string): void {
  try {
    writePrivateFile(file, '', 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/**
 * `db backup`: an online copy, as private as the database. The destination is created 0600 first (SQLite copies into
 * an empty file as into a new one), so no moment exists at which a world-readable copy of the reports is on disk.
 */
export async function backupDatabase(db: Database, file: string): Promise<void> {
  try {
    writePrivateFile(file, '');
  } catch (e) {
    throw new SecintakeError('E_OUTPUT', `cannot create the backup file ${file}`, { cause: e, hint: 'check that the directory exists and is writable by this user' });
  }
  await db.backup(file);
  // The backup may have replaced the file through its journal; make sure what is left is still 0600.
  makePrivate(file);
}

/** Runs fn in an IMMEDIATE transaction: takes the write lock up front so two processes never deadlock on upgrade. */
export function inTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/**
 * How long a commit must last. `power-safe` (every commit unless said otherwise) is fsync'd before it returns.
 * `crash-safe` is written to the WAL without an fsync: it survives the process dying at once, and survives a power loss
 * from the next power-safe commit on (the WAL is written in order and that fsync covers all of it). Only for writes no
 * one outside acts on until such a commit: mail is sent only after the outbox claim's commit, the IMAP cursor moves
 * with a capture's, so a power loss can only take back processing that will run again (ARCHITECTURE.md, durability).
 */
export type Durability = 'power-safe' | 'crash-safe';

export function withDurability<T>(db: Database, durability: Durability, fn: () => T): T {
  if (durability === 'power-safe' || db.inTransaction) return fn();
  db.pragma('synchronous = NORMAL');
  try {
    return fn();
  } finally {
    db.pragma('synchronous = FULL');
  }
}
