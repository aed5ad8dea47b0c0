import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LIMITS } from '../limits.js';
import { openDatabase } from './connection.js';
import { createRepos } from './index.js';

const repos = () => createRepos(openDatabase(join(mkdtempSync(join(tmpdir(), 'secintake-msg-')), 'db.sqlite')));
const at = new Date('2026-11-23T10:00:00Z');
const capture = (r: ReturnType<typeof repos>, sourceRef: string, raw: string) =>
  r.messages.capture({ source: 'imap:x', sourceRef, messageId: 'm@x', contentSha256: 'c', raw: Buffer.from(raw), capturedAt: at });

describe('raw mail storage', () => {
  test.each([
    ['a UIDVALIDITY rescan (same bytes under new UIDs) stores the bytes once', ['1:1', '2:1', '3:1'], ['same', 'same', 'same'], 1],
    ['different bytes are each stored', ['1:1', '1:2'], ['one', 'two'], 2],
  ])('%s, and every row reads back its exact bytes', (_what, refs, raws, stored) => {
    const r = repos();
    const ids = refs.map((ref, i) => capture(r, ref, raws[i] as string).id);
    expect(ids.map((id) => r.messages.get(id)?.raw.toString())).toEqual(raws);
    expect(r.messages.all().map((m) => m.raw.toString())).toEqual(raws);
    expect(r.messages.pendingIds(10).map((id) => r.messages.get(id)?.raw.toString())).toEqual(raws);
    expect(r.messages.all().map((m) => m.size)).toEqual(raws.map((x) => x.length));
    const copies = (r.db.prepare('SELECT count(DISTINCT message_id) AS n FROM message_raw').get() as { n: number }).n;
    expect(copies).toBe(stored);
  });
});

describe('raw bytes in chunks', () => {
  test.each([0, 1, LIMITS.rawChunkBytes - 1, LIMITS.rawChunkBytes, LIMITS.rawChunkBytes + 1, 3 * LIMITS.rawChunkBytes + 17])(
    'a message of %i bytes is stored in chunks of at most LIMITS.rawChunkBytes and reads back exactly',
    (size) => {
      const r = repos();
      const raw = randomBytes(size);
      const { id } = r.messages.capture({ source: 'imap:x', sourceRef: '1:1', messageId: null, contentSha256: 'c', raw, capturedAt: at });
      expect(r.messages.get(id)?.raw.equals(raw)).toBe(true);
      const chunks = r.db.prepare('SELECT length(bytes) FROM message_raw WHERE message_id = ? ORDER BY seq').pluck().all(id) as number[];
      expect(chunks.length).toBe(Math.ceil(size / LIMITS.rawChunkBytes));
      expect(chunks.every((n) => n <= LIMITS.rawChunkBytes)).toBe(true);
    },
  );

  test('a message whose stored chunks do not add up to its size is a bug, not a short read', () => {
    const r = repos();
    const { id } = capture(r, '1:1', 'the bytes');
    r.db.prepare(`UPDATE message_raw SET bytes = x'00' WHERE message_id = ?`).run(id);
    expect(() => r.messages.get(id)).toThrow(/size/);
  });
});

describe('reading a message back', () => {
  test.each([
    ['get', (r: ReturnType<typeof repos>, id: number) => r.messages.get(id), true],
    ['stored (what recording reads)', (r: ReturnType<typeof repos>, id: number) => r.messages.stored(id), false],
  ])('%s: the same row and unwrap status, with raw bytes only when asked for', (_what, read, withRaw) => {
    const r = repos();
    const { id } = capture(r, '1:1', 'the bytes');
    r.messages.finish(id, { state: 'failed', outcome: 'failed', errorCode: 'armor_corrupt', error: 'bad', unwrap: { decryption: { encrypted: true } } }, at);
    const m = read(r, id);
    expect(m).toMatchObject({ id, state: 'failed', outcome: 'failed', errorCode: 'armor_corrupt', size: 9, unwrap: { decryption: { encrypted: true } } });
    expect(m !== undefined && 'raw' in m).toBe(withRaw);
  });
});
