import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeCursor } from '../sources/imap-cursor.js';
import { createCursorsRepo } from './cursors.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

const tempDb = () => new BetterSqlite3(join(mkdtempSync(join(tmpdir(), 'secintake-cursors-')), 'test.db'));

describe('cursors', () => {
  test.each([
    ['a synced mailbox', '1700000000', 42, { uidvalidity: '1700000000', lastUid: 42 }],
    ['a UIDVALIDITY at the top of 32 bits stays exact', '4294967295', 7, { uidvalidity: '4294967295', lastUid: 7 }],
    ['a cursor stored before the first sync', null, 0, { uidvalidity: null, lastUid: 0 }],
  ])('an IMAP cursor stored before the upgrade reads the same after it: %s', (_name, uidvalidity, lastUid, expected) => {
    const db = tempDb();
    migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
    db.prepare('INSERT INTO cursors (source, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?)').run('imap:u@h:993/INBOX', uidvalidity, lastUid, '2026-01-01T00:00:00.000Z');
    migrate(db);
    expect(decodeCursor(createCursorsRepo(db).get('imap:u@h:993/INBOX'))).toEqual({ cursor: expected, valid: true });
  });

  test('a value is stored per source name and read back as written', () => {
    const db = tempDb();
    migrate(db);
    const repo = createCursorsRepo(db);
    expect(repo.get('maildir:/m')).toBeNull();
    repo.set('jmap:a', 'state-1', new Date(0));
    repo.set('jmap:b', '{"x":1}', new Date(0));
    repo.set('jmap:a', 'state-2', new Date(1));
    expect([repo.get('jmap:a'), repo.get('jmap:b')]).toEqual(['state-2', '{"x":1}']);
  });
});
