import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { openDatabase } from './connection.js';
import { createMessagesRepo } from './messages.js';
import { createReportsRepo, LISTING_COLUMNS } from './reports.js';
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

  test('migration 4 keeps every message, report and reference, pins existing reporter keys, and accepts the new outcomes', () => {
    const file = tempDb();
    const old = new BetterSqlite3(file);
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.filter((m) => m.version < 4));
    const at = '2026-11-01T00:00:00.000Z';
    old.prepare(`INSERT INTO messages (id, source, sha256, content_sha256, size, raw, captured_at, state, outcome) VALUES (1, 'file', 'a', 'b', 1, x'41', ?, 'processed', 'new-report')`).run(at);
    old.prepare(`INSERT INTO reports (id, ref, year, seq, message_id, received_at, body_text, encryption, signature, created_at, updated_at) VALUES (1, 'SEC-2026-0001', 2026, 1, 1, ?, 't', '{}', '{}', ?, ?)`).run(at, at, at);
    old.prepare(`UPDATE messages SET report_id = 1 WHERE id = 1`).run();
    old.prepare(`INSERT INTO events (report_id, message_id, at, kind) VALUES (1, 1, ?, 'report.received')`).run(at);
    old.prepare(`INSERT INTO keys (fingerprint, role, user_ids, created_at, public_key, source, seen_at) VALUES ('F1', 'reporter', '["Ada <Ada@R.example>","ada@other.example"]', ?, 'k', 'message', ?)`).run(at, at);
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    // Since migration 11 the bytes live in message_raw, keyed by the message that holds them.
    expect(db.prepare('SELECT m.id, m.report_id, m.outcome, hex(r.bytes) AS raw FROM messages m JOIN message_raw r ON r.message_id = m.id').all()).toEqual([{ id: 1, report_id: 1, outcome: 'new-report', raw: '41' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT address, state FROM key_pins ORDER BY address').all()).toEqual([
      { address: 'ada@other.example', state: 'pinned' },
      { address: 'ada@r.example', state: 'pinned' },
    ]);
    db.prepare(`INSERT INTO messages (source, sha256, content_sha256, size, captured_at, state, outcome) VALUES ('file', 'c', 'd', 1, ?, 'processed', 'replay')`).run(at);
    db.prepare(`INSERT INTO messages (source, sha256, content_sha256, size, captured_at, state, outcome) VALUES ('file', 'e', 'f', 1, ?, 'processed', 'third-party')`).run(at);
    expect(() => db.prepare(`INSERT INTO messages (source, sha256, content_sha256, size, captured_at, outcome) VALUES ('file', 'g', 'h', 1, ?, 'bogus')`).run(at)).toThrow(/CHECK/);
    // Foreign keys are on again after the rebuild.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // Since migration 13 the content lives in attachment_chunks.
    expect(() => db.prepare(`INSERT INTO attachments (report_id, message_id, name, content_type, size, sha256, encrypted) VALUES (99, 99, 'a', 'b', 1, 's', 0)`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  test('migration 11 moves every raw message into message_raw, byte for byte, and keeps every row and every copy pointing at its holder', () => {
    const file = tempDb();
    const old = new BetterSqlite3(file);
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.filter((m) => m.version < 11));
    const at = '2026-11-01T00:00:00.000Z';
    // Empty, one byte, just under, at and over a chunk, several chunks, and a copy that holds no bytes of its own.
    const raws = [0, 1, 1024 * 1024 - 1, 1024 * 1024, 1024 * 1024 + 1, 2.5 * 1024 * 1024].map((n, i) => randomBytes(n).fill(i, 0, Math.min(n, 1)));
    const insert = old.prepare(`INSERT INTO messages (id, source, source_ref, sha256, content_sha256, size, raw, raw_of, captured_at, state, outcome, attempts)
      VALUES (?, 'imap:x', ?, ?, 'c', ?, ?, ?, ?, 'processed', 'new-report', 2)`);
    raws.forEach((raw, i) => insert.run(i + 1, `1:${i + 1}`, `sha-${i}`, raw.length, raw, null, at));
    const copyOf = raws.length;
    insert.run(copyOf + 1, `2:${copyOf}`, `sha-${copyOf - 1}`, raws[copyOf - 1]?.length, Buffer.alloc(0), copyOf, at);
    const before = old.prepare('SELECT id, source, source_ref, sha256, content_sha256, size, raw_of, captured_at, state, outcome, attempts FROM messages ORDER BY id').all();
    old.close();

    const db = openDatabase(file);
    const columns = (db.pragma('table_info(messages)') as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('raw');
    expect(db.prepare('SELECT id, source, source_ref, sha256, content_sha256, size, raw_of, captured_at, state, outcome, attempts FROM messages ORDER BY id').all()).toEqual(before);
    const messages = createMessagesRepo(db);
    raws.forEach((raw, i) => expect(messages.get(i + 1)?.raw.equals(raw)).toBe(true));
    expect(messages.get(copyOf + 1)?.raw.equals(raws[copyOf - 1] as Buffer)).toBe(true);
    // Bytes are held once: the copy has no rows of its own (nor has the empty message, whose bytes are none).
    expect(db.prepare('SELECT DISTINCT message_id FROM message_raw ORDER BY message_id').pluck().all()).toEqual(raws.flatMap((raw, i) => (raw.length > 0 ? [i + 1] : [])));
    expect(db.prepare('SELECT message_id, seq, length(bytes) AS n FROM message_raw WHERE message_id = 6 ORDER BY seq').all()).toEqual([0, 1, 2].map((seq) => ({ message_id: 6, seq, n: seq < 2 ? 1048576 : 524288 })));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  test('migration 13 moves every report body into report_bodies character for character and every attachment into attachment_chunks byte for byte, and the digest columns still compute', () => {
    const file = tempDb();
    const old = new BetterSqlite3(file);
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.filter((m) => m.version < 13));
    const at = '2026-11-01T00:00:00.000Z';
    const long = `${'é'.repeat(LIMITS.bodyChunkChars - 1)}😀${'漏'.repeat(2 * LIMITS.bodyChunkChars)}!`; // 3 chunks and one character
    // Non-ASCII and astral text with HTML, an empty text without HTML, an empty HTML body, and bodies of several chunks.
    const bodies: [string, string | null][] = [['Résumé: 漏洞 in the login form 😀', '<p>Résumé</p>'], ['', null], ['plain', ''], [long, `<pre>${long}</pre>`]];
    const message = old.prepare(`INSERT INTO messages (id, source, sha256, content_sha256, size, captured_at, state, outcome) VALUES (?, 'file', ?, 'c', 1, ?, 'processed', 'new-report')`);
    const report = old.prepare(`INSERT INTO reports (id, ref, year, seq, message_id, received_at, body_text, body_html, encryption, signature, deadlines, flags, created_at, updated_at)
      VALUES (?, ?, 2026, ?, ?, ?, ?, ?, '{}', '{}', ?, '["ciphertext-replayed"]', ?, ?)`);
    const deadlines = JSON.stringify({ triage: '2026-11-04T09:00:00-05:00', resolve: '2027-01-26T09:00:00-05:00', disclosure: '2027-01-30T09:00:00-05:00', nextUpdate: null });
    bodies.forEach(([text, html], i) => {
      message.run(i + 1, `sha-${i}`, at);
      report.run(i + 1, `SEC-2026-000${i + 1}`, i + 1, i + 1, at, text, html, deadlines, at, at);
      old.prepare('UPDATE messages SET report_id = ? WHERE id = ?').run(i + 1, i + 1);
    });
    // Attachments of no, one, a chunk's and two and a half chunks' bytes.
    const contents = [0, 1, 1024 * 1024, 2.5 * 1024 * 1024].map((n) => randomBytes(n));
    const attachment = old.prepare(`INSERT INTO attachments (id, report_id, message_id, name, content_type, size, sha256, encrypted, content) VALUES (?, 1, 1, 'a.bin', 'application/octet-stream', ?, 's', 1, ?)`);
    contents.forEach((content, i) => attachment.run(i + 1, content.length, content));
    const listed = (d: BetterSqlite3.Database) => d.prepare(`SELECT ${LISTING_COLUMNS}, next_deadline_at, digest_flags FROM reports ORDER BY id`).all();
    const before = listed(old);
    old.close();

    const db = openDatabase(file);
    const columns = (db.pragma('table_info(reports)') as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('body_text');
    expect(columns).not.toContain('body_html');
    expect(listed(db)).toEqual(before);
    expect(db.prepare('SELECT next_deadline_at, digest_flags FROM reports WHERE id = 1').get()).toEqual({ next_deadline_at: '2026-11-04T14:00:00.000Z', digest_flags: 2 });
    const reports = createReportsRepo(db);
    bodies.forEach(([text, html], i) => {
      const got = reports.byId(i + 1);
      expect(got?.bodyText === text).toBe(true);
      expect(got?.bodyHtml === html).toBe(true);
    });
    expect(db.prepare(`SELECT count(*) FROM report_bodies WHERE report_id = 4 AND part = 'text'`).pluck().get()).toBe(4);
    expect((db.pragma('table_info(attachments)') as { name: string }[]).map((c) => c.name)).not.toContain('content');
    expect(reports.attachmentListing(1).map((a) => a.size)).toEqual(contents.map((c) => c.length));
    contents.forEach((content, i) => expect(reports.attachmentContent(1, i + 1)?.equals(content)).toBe(true));
    expect(db.prepare('SELECT attachment_id, count(*) AS n FROM attachment_chunks GROUP BY attachment_id ORDER BY attachment_id').all()).toEqual([
      { attachment_id: 2, n: 1 },
      { attachment_id: 3, n: 1 },
      { attachment_id: 4, n: 3 },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The generated columns follow later writes as before.
    db.prepare(`UPDATE reports SET status = 'triaged' WHERE id = 1`).run();
    expect(db.prepare('SELECT next_deadline_at FROM reports WHERE id = 1').pluck().get()).toBe('2027-01-26T14:00:00.000Z');
    db.close();
  });
});
