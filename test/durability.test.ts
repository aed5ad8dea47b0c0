/**
 * @module Which commits are fsync'd: a capture (the IMAP cursor moves with it) and the outbox claim (mail leaves after
 * it) are power-safe; the attempt count and the recorded outcome are crash-safe and become durable with the next of those.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pgpMimeEncrypted, innerMime } from '../src/demo/researcher-mail.js';
import { withDurability } from '../src/db/connection.js';
import type { Runtime } from '../src/runtime.js';
import { ingestRaw } from './helpers/ingest.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/** SQLite's synchronous levels: what a commit made now would do. */
const LEVEL: Record<number, string> = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };
const syncOf = (db: Database.Database): string => LEVEL[db.pragma('synchronous', { simple: true }) as number] ?? 'unknown';

describe('withDurability', () => {
  let dir: string;
  let db: Database.Database;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'secintake-durability-'));
    db = new Database(join(dir, 'x.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['power-safe', 'FULL'],
    ['crash-safe', 'NORMAL'],
  ] as const)('a %s write commits with synchronous=%s, and FULL is back after it', (durability, level) => {
    expect(withDurability(db, durability, () => syncOf(db))).toBe(level);
    expect(syncOf(db)).toBe('FULL');
  });

  test('FULL is back after a crash-safe write that throws', () => {
    expect(() =>
      withDurability(db, 'crash-safe', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(syncOf(db)).toBe('FULL');
  });

  test('inside a transaction the outer one decides (the pragma cannot change there)', () => {
    const inner = db.transaction(() => withDurability(db, 'crash-safe', () => syncOf(db)))();
    expect(inner).toBe('FULL');
  });
});

describe('the intake path', () => {
  let ws: Workspace;
  let rt: Runtime;
  beforeAll(async () => {
    ws = await createWorkspace();
    rt = await ws.open();
  });
  afterAll(() => {
    rt?.close();
    ws?.cleanup();
  });

  test('capture and the outbox claim are fsync-ed; the attempt count and the outcome are not, and every write lands', async () => {
    const seen: [string, string][] = [];
    const spy = <T extends object, K extends keyof T>(repo: T, name: K) => {
      const original = repo[name] as (...a: unknown[]) => unknown;
      repo[name] = ((...a: unknown[]) => {
        seen.push([String(name), syncOf(rt.repos.db)]);
        return original(...a);
      }) as T[K];
    };
    spy(rt.repos.messages, 'capture');
    spy(rt.repos.messages, 'beginAttempt');
    spy(rt.repos.messages, 'finish');
    spy(rt.repos.outbox, 'claim');
    spy(rt.repos.outbox, 'markSent');

    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: innerMime({ text: 'Product: acme\nThe upload handler runs files.\n' }) }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
    const o = await ingestRaw(rt, pgpMimeEncrypted({ from: 'Ada <ada@research.example>', to: 'security@example.test', subject: 'Report', messageId: '<durability-1@research.example>' }, armored));
    await rt.drain();

    expect(o.outcome).toBe('new-report');
    expect(seen).toEqual([
      ['capture', 'FULL'],
      ['beginAttempt', 'NORMAL'],
      ['finish', 'NORMAL'],
      ['claim', 'FULL'],
      ['markSent', 'FULL'],
    ]);
    expect(syncOf(rt.repos.db)).toBe('FULL');
    expect(rt.repos.outbox.all().map((m) => m.status)).toEqual(['sent']);
  });
});
