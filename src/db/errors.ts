/** @module SQLite failures classified once, at the adapter: a full disk, an I/O error or a held lock is transient; anything else stays what it was. */
import BetterSqlite3 from 'better-sqlite3';
import { isSecintakeError, SecintakeError } from '../errors.js';

/** Prefixes of SQLite result codes (extended codes start with the primary one) that a later attempt can get past. */
const TRANSIENT: readonly { prefix: string; code: 'E_DB_BUSY' | 'E_DB_UNAVAILABLE'; what: string; hint: string }[] = [
  { prefix: 'SQLITE_FULL', code: 'E_DB_UNAVAILABLE', what: 'the disk holding the database is full', hint: 'free space on the database volume; secintake resumes by itself' },
  { prefix: 'SQLITE_IOERR', code: 'E_DB_UNAVAILABLE', what: 'the database file had an I/O error', hint: 'check the disk and the kernel log; secintake resumes by itself once writes succeed' },
  { prefix: 'SQLITE_READONLY', code: 'E_DB_UNAVAILABLE', what: 'the database became read-only', hint: 'check the permissions and mount of the database volume; secintake resumes by itself' },
  { prefix: 'SQLITE_BUSY', code: 'E_DB_BUSY', what: 'another process held the database lock past the busy timeout', hint: 'a long backup or a stuck command holds the lock; secintake retries' },
  { prefix: 'SQLITE_LOCKED', code: 'E_DB_BUSY', what: 'a database table was locked', hint: 'secintake retries' },
];

export function classifyDbError(e: unknown): unknown {
  if (!(e instanceof BetterSqlite3.SqliteError)) return e;
  const kind = TRANSIENT.find((t) => e.code.startsWith(t.prefix));
  return kind ? new SecintakeError(kind.code, `${kind.what} (${e.code})`, { cause: e, transient: true, hint: kind.hint }) : e;
}

/** The repository with every method's SQLite failure classified; the methods are synchronous (better-sqlite3). */
export function guarded<T extends object>(repo: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(repo)) {
    out[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              // Bound to the original: a method that calls a sibling through `this` keeps working.
              return (value as (...a: unknown[]) => unknown).apply(repo, args);
            } catch (e) {
              throw classifyDbError(e);
            }
          }
        : value;
  }
  return out as T;
}

/** A classified database error: the database, not the message or the peer, is the problem, and waiting fixes it. */
export const isDbUnavailable = (e: unknown): e is SecintakeError => isSecintakeError(e) && e.transient && (e.code === 'E_DB_UNAVAILABLE' || e.code === 'E_DB_BUSY');
