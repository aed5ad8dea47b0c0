import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LIMITS } from '../limits.js';
import { openDatabase } from './connection.js';
import { createRepos } from './index.js';
import type { NewReport } from './reports.js';

const N = LIMITS.bodyChunkChars;
const at = new Date('2026-11-23T10:00:00Z');
const repos = () => createRepos(openDatabase(join(mkdtempSync(join(tmpdir(), 'secintake-bodies-')), 'db.sqlite')));

function record(r: ReturnType<typeof repos>, bodyText: string, bodyHtml: string | null, attachments: NewReport['attachments'] = []) {
  const { id: messageId } = r.messages.capture({ source: 'imap:x', sourceRef: '1:1', messageId: 'm@x', contentSha256: 'c', raw: Buffer.from('x'), capturedAt: at });
  const report: NewReport = {
    messageId,
    receivedAt: at,
    year: 2026,
    subject: 's',
    reporterEmail: 'ada@research.example',
    reporterName: null,
    bodyText,
    bodyHtml,
    encryption: { encrypted: false, keyFingerprint: null, keyStatus: null },
    signature: { status: 'none', signerFingerprint: null },
    fields: null,
    deadlines: null,
    flags: [],
    exploited: false,
    unencryptedParts: [],
    attachments,
  };
  return r.reports.insert(report, at);
}

const chunkLengths = (r: ReturnType<typeof repos>, id: number, part: string) =>
  (r.db.prepare('SELECT chunk FROM report_bodies WHERE report_id = ? AND part = ? ORDER BY seq').pluck().all(id, part) as string[]).map((c) => c.length);

describe('report bodies', () => {
  test.each<[string, string, string | null]>([
    ['an empty text without HTML', '', null],
    ['an empty text with an empty HTML body', '', ''],
    ['non-ASCII text (Latin-1, CJK, an emoji) with HTML', 'é'.repeat(1000) + ' 漏洞 😀', '<p>é 漏洞</p>'],
    ['a text of exactly one chunk', 'a'.repeat(N), null],
    ['a text one unit over a chunk', 'é'.repeat(N + 1), 'h'.repeat(N - 1)],
    ['a text of several chunks', 'x'.repeat(3 * N + 17), '<b>'.repeat(N)],
    ['an emoji across a chunk boundary', `${'a'.repeat(N - 1)}😀${'b'.repeat(N)}`, `${'h'.repeat(2 * N - 1)}😀`],
  ])('%s reads back exactly through byId and byRef', (_name, text, html) => {
    const r = repos();
    const { id, ref } = record(r, text, html);
    for (const got of [r.reports.byId(id), r.reports.byRef(ref)]) {
      expect(got?.bodyText === text).toBe(true);
      expect(got?.bodyHtml === html).toBe(true);
    }
  });

  test.each([
    ['an empty text is one empty chunk', '', [0]],
    ['a text of one chunk is one row', 'a'.repeat(N), [N]],
    ['a longer text is cut at LIMITS.bodyChunkChars', 'a'.repeat(2 * N + 5), [N, N, 5]],
    ['a surrogate pair is never cut: the chunk before it ends one unit early', `${'a'.repeat(N - 1)}😀`, [N - 1, 2]],
  ])('%s', (_name, text, lengths) => {
    const r = repos();
    const { id } = record(r, text, null);
    expect(chunkLengths(r, id, 'text')).toEqual(lengths);
    expect(chunkLengths(r, id, 'html')).toEqual([]);
  });

  test('the reports row carries no body, so its updates never rewrite one, and updates leave the body as it was', () => {
    const r = repos();
    const text = 'é'.repeat(N + 3);
    const { id } = record(r, text, '<p>x</p>');
    const columns = (r.db.pragma('table_info(reports)') as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('body_text');
    expect(columns).not.toContain('body_html');
    r.reports.setStatus(id, 'triaged', null, at);
    expect(r.reports.addFlag(id, 'triage-overdue', at)).toBe(true);
    r.reports.setAssignee(id, 'bob', at);
    const got = r.reports.byId(id);
    expect([got?.status, got?.flags, got?.assignee]).toEqual(['triaged', ['triage-overdue'], 'bob']);
    expect(got?.bodyText === text).toBe(true);
    expect(got?.bodyHtml).toBe('<p>x</p>');
  });

  test('a report without its text rows is refused as damaged, never shown as an empty report', () => {
    const r = repos();
    const { id } = record(r, 'hello', null);
    r.db.prepare('DELETE FROM report_bodies WHERE report_id = ?').run(id);
    expect(() => r.reports.byId(id)).toThrow(/damaged|body/);
  });
});

describe('attachment content', () => {
  const C = LIMITS.rawChunkBytes;
  test.each([0, 1, C - 1, C, C + 1, 3 * C + 17])('an attachment of %i bytes is stored in chunks of at most LIMITS.rawChunkBytes and reads back exactly', (size) => {
    const r = repos();
    const content = randomBytes(size);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const { id } = record(r, 'see attached', null, [{ name: 'poc.bin', contentType: 'application/octet-stream', size, sha256, encrypted: true, content }]);
    const [listed] = r.reports.attachmentListing(id);
    expect(listed).toMatchObject({ name: 'poc.bin', size, sha256 });
    expect(r.reports.attachmentContent(id, listed?.id as number)?.equals(content)).toBe(true);
    const chunks = r.db.prepare('SELECT length(bytes) FROM attachment_chunks WHERE attachment_id = ? ORDER BY seq').pluck().all(listed?.id) as number[];
    expect(chunks.length).toBe(Math.ceil(size / C));
    expect(chunks.every((n) => n <= C)).toBe(true);
  });

  test('the attachments row carries no content, and chunks that do not add up to its size are a bug, not a short read', () => {
    const r = repos();
    const content = Buffer.from('the bytes');
    const { id } = record(r, 'x', null, [{ name: 'a.txt', contentType: 'text/plain', size: content.length, sha256: 's', encrypted: false, content }]);
    expect((r.db.pragma('table_info(attachments)') as { name: string }[]).map((c) => c.name)).not.toContain('content');
    const [a] = r.reports.attachmentListing(id);
    r.db.prepare(`UPDATE attachment_chunks SET bytes = x'00' WHERE attachment_id = ?`).run(a?.id);
    expect(() => r.reports.attachmentContent(id, a?.id as number)).toThrow(/size/);
  });

  test('an attachment of another report is not read', () => {
    const r = repos();
    const content = Buffer.from('secret');
    const { id } = record(r, 'x', null, [{ name: 'a.txt', contentType: 'text/plain', size: content.length, sha256: 's', encrypted: false, content }]);
    const [a] = r.reports.attachmentListing(id);
    expect(r.reports.attachmentContent(id + 1, a?.id as number)).toBeNull();
  });
});

describe('listings by id and reference', () => {
  test('carry everything but the bodies, which they never read (a damaged body does not stop them)', () => {
    const r = repos();
    const { id, ref } = record(r, 'x'.repeat(2 * N), '<p>y</p>');
    const { bodyText: _t, bodyHtml: _h, ...listing } = r.reports.byId(id)!;
    r.db.prepare('DELETE FROM report_bodies WHERE report_id = ?').run(id);
    expect(r.reports.listingById(id)).toEqual(listing);
    expect(r.reports.listingByRef(ref)).toEqual(listing);
    expect(r.reports.listingById(id + 1)).toBeUndefined();
    expect(() => r.reports.byId(id)).toThrow();
  });
});
