import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { SecintakeError } from '../errors.js';
import { classifyDbError, guarded } from './errors.js';

const sqlite = (code: string) => new BetterSqlite3.SqliteError(`sqlite said ${code}`, code);

describe('database error classification', () => {
  test.each([
    ['a full disk', 'SQLITE_FULL', 'E_DB_UNAVAILABLE'],
    ['a write I/O error', 'SQLITE_IOERR_WRITE', 'E_DB_UNAVAILABLE'],
    ['an fsync I/O error', 'SQLITE_IOERR_FSYNC', 'E_DB_UNAVAILABLE'],
    ['a database made read-only under us', 'SQLITE_READONLY', 'E_DB_UNAVAILABLE'],
    ['a lock held past the busy timeout', 'SQLITE_BUSY', 'E_DB_BUSY'],
    ['a locked table', 'SQLITE_LOCKED', 'E_DB_BUSY'],
  ])('%s (%s) is a transient %s with the original kept as its cause', (_what, code, ours) => {
    const original = sqlite(code);
    const e = classifyDbError(original);
    expect(e).toBeInstanceOf(SecintakeError);
    expect(e).toMatchObject({ code: ours, transient: true, cause: original, hint: expect.any(String) });
  });

  test.each([
    ['a constraint violation (a bug in our SQL or logic)', sqlite('SQLITE_CONSTRAINT_UNIQUE')],
    ['a TypeError', new TypeError('x')],
    ['one of our own errors', new SecintakeError('E_INPUT', 'x')],
  ])('%s passes through unchanged', (_what, e) => {
    expect(classifyDbError(e)).toBe(e);
  });

  test('a guarded repository throws the classified error, and returns what the method returns otherwise', () => {
    let full = true;
    const repo = guarded({
      write: (n: number) => {
        if (full) throw sqlite('SQLITE_FULL');
        return n * 2;
      },
    });
    expect(() => repo.write(1)).toThrowError(expect.objectContaining({ code: 'E_DB_UNAVAILABLE', transient: true }));
    full = false;
    expect(repo.write(2)).toBe(4);
  });

  test('a guarded method that calls a sibling through this still works', () => {
    const repo = guarded({
      one: () => 1,
      two(this: { one(): number }) {
        return this.one() + 1;
      },
    });
    expect(repo.two()).toBe(2);
  });
});
