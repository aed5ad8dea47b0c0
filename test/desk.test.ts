/**
 * The team desk on a real SQLite file with an injected clock: assignment, internal notes that never reach
 * any outgoing mail, the timeline, attachment export under hostile names, outbox retry.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isSecintakeError } from '../src/errors.js';
import { decodeBody, parseMime, type MimeEntity } from '../src/mail/mime.js';
import { assign } from '../src/report/assign.js';
import { exportAttachments, listAttachments } from '../src/report/attachments.js';
import { setStatus } from '../src/report/status.js';
import { addNote } from '../src/report/note.js';
import { retryOutbox } from '../src/report/outbox-retry.js';
import { reportTimeline } from '../src/report/timeline.js';
import type { Runtime } from '../src/runtime.js';
import { ingestRaw } from './helpers/ingest.js';
import { researcherKey, signedEncryptedReport } from './helpers/openpgp-researcher.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
let rt: Runtime;
let now: Date;
let researcher: openpgp.PrivateKey;
let n = 0;

beforeAll(async () => {
  ws = await createWorkspace();
  now = new Date('2026-11-23T15:00:00Z');
  rt = await ws.open(() => now);
  researcher = await researcherKey();
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

const desk = () => ({ db: rt.repos.db, reports: rt.repos.reports, events: rt.repos.events, outbox: rt.repos.outbox, clock: () => now });

/** A signed and encrypted report (PGP/MIME) with the researcher's key attached inside, so what we send back is encrypted to it. */
async function report(text: string): Promise<string> {
  const k = ++n;
  const o = await ingestRaw(rt, await signedEncryptedReport({ researcher, team: ws.teamPublicKey, text, subject: `report ${k}`, messageId: `desk-${k}@research.example` }));
  await rt.drain();
  return o.reportRef as string;
}

const idOf = (ref: string) => rt.repos.reports.byRef(ref)?.id as number;

function expectError(fn: () => unknown, code: string, message: RegExp) {
  try {
    fn();
  } catch (e) {
    expect(isSecintakeError(e) && e.code).toBe(code);
    expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected ${code}`);
}

/** Every decoded leaf of a MIME tree, and the decrypted content of every PGP message in it. */
async function everyText(raw: Buffer): Promise<string[]> {
  const tree = parseMime(raw, { maxDepth: 10 });
  if (!tree.ok) throw new Error(tree.issue.message);
  const leaves: Buffer[] = [];
  const walk = (e: MimeEntity): void => (e.children.length === 0 ? void leaves.push(decodeBody(e)) : e.children.forEach(walk));
  walk(tree.value);
  const out = leaves.map((b) => b.toString('utf8'));
  for (const armored of out.flatMap((t) => t.match(/-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/g) ?? [])) {
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: researcher });
    out.push(...(await everyText(Buffer.from(data as string))));
    out.push(data as string);
  }
  return out;
}

describe('assignment', () => {
  test('a report is assigned, reassigned and unassigned, each change one event with from and to; the same assignee again writes nothing', async () => {
    const ref = await report('XSS in the profile page');
    const steps: [string | null, boolean][] = [['Grace', true], ['grace', false], ['ada@example.test', true], [null, true], [null, false]];
    for (const [who, changed] of steps) expect(assign(desk(), ref.toLowerCase(), who).changed).toBe(changed);
    const events = rt.repos.events.forReport(idOf(ref)).filter((e) => e.kind === 'report.assigned').map((e) => e.data);
    expect(events).toEqual([{ from: null, to: 'Grace' }, { from: 'Grace', to: 'ada@example.test' }, { from: 'ada@example.test', to: null }]);
    expect(rt.repos.reports.byRef(ref)?.assignee).toBeNull();
  });

  test('reports are listed by assignee, case-insensitively, and unassigned ones with null', async () => {
    const a = await report('CSRF on settings');
    const b = await report('SSRF in the webhook tester');
    assign(desk(), a, 'Grace');
    assign(desk(), b, 'ada@example.test');
    const refs = (filter: { assignee?: string | null }) => rt.repos.reports.list(filter).map((r) => r.ref);
    expect(refs({ assignee: 'GRACE' })).toEqual([a]);
    expect(refs({ assignee: 'ada@example.test' })).toEqual([b]);
    expect(refs({ assignee: null })).not.toContain(a);
    expect(refs({ assignee: null })).not.toContain(b);
    expect(refs({})).toEqual(expect.arrayContaining([a, b]));
  });

  test('an unknown report is an expected error', () => {
    expectError(() => assign(desk(), 'SEC-1999-0001', 'grace'), 'E_REPORT_NOT_FOUND', /no report SEC-1999-0001/);
  });
});

describe('internal notes', () => {
  const NOTE = 'NOTE-7f3a: reporter is a competitor, do not promise a bounty';

  test('a note is recorded, shown in the timeline, and is in no outgoing mail, neither raw nor decrypted, after a status change', async () => {
    const ref = await report('SQL injection in search');
    addNote(desk(), ref, NOTE);
    await setStatus(rt, ref, 'triaged', null);
    await rt.drain();
    const mails = rt.repos.outbox.forReport(idOf(ref));
    expect(mails.map((m) => m.kind)).toEqual(['ack', 'status-update']);
    for (const mail of rt.repos.outbox.all()) {
      expect(mail.raw.toString('latin1')).not.toContain('NOTE-7f3a');
      const texts = await everyText(mail.raw);
      expect(texts.join('\n')).not.toContain('NOTE-7f3a');
    }
    // The status update was decrypted above: the check read its content, not only its ciphertext.
    expect((await everyText(mails[1]?.raw as Buffer)).join('\n')).toMatch(/triaged/);
    expect(reportTimeline(rt.repos, ref).events.filter((e) => e.kind === 'report.note')).toEqual([expect.objectContaining({ data: { text: NOTE }, summary: `note: ${NOTE}` })]);
  });

  test.each([
    ['an empty note', '  \n', /empty/],
    ['a note over the size bound', 'x'.repeat(64 * 1024 + 1), /more than 65536/],
  ])('%s is refused', async (_name, text, message) => {
    const ref = rt.repos.reports.list()[0]?.ref as string;
    expectError(() => addNote(desk(), ref, text), 'E_INPUT', message);
  });
});

describe('timeline', () => {
  test('mail in, mail out, status, deadline moves with their reason, notes and assignments come in the order they happened', async () => {
    const ref = await report('RCE via template preview');
    now = new Date(now.getTime() + 60_000);
    assign(desk(), ref, 'grace');
    addNote(desk(), ref, 'looks real');
    const { schedulePatch } = await import('../src/report/status.js');
    await schedulePatch(rt, ref, '2027-03-01');
    const t = reportTimeline(rt.repos, ref);
    expect(t.ref).toBe(ref);
    expect(t.events.map((e) => e.kind)).toEqual(['message.captured', 'report.received', 'outbox.queued', 'outbox.sent', 'report.assigned', 'report.note', 'report.patch-scheduled', 'report.deadlines']);
    expect(t.events.map((e) => e.id)).toEqual([...t.events.map((e) => e.id)].sort((a, b) => a - b));
    expect(t.events.at(-1)?.summary).toMatch(/^deadlines moved \(patch scheduled for 2027-03-01, within the grace period\): disclosure .+ → 2027-03-01/);
  });
});

describe('attachments', () => {
  // The report's own key comes first; then names as an attacker would pick them.
  const hostile = [
    ['ada.asc', 'ada.asc'],
    ['../../etc/passwd', 'passwd'],
    ['a\u202Etxt.exe', 'atxt.exe'],
    ['poc.py', 'poc.py'],
    ['POC.py', 'POC-2.py'],
    ['', 'attachment-6'],
    [`${'n'.repeat(500)}.pcap`, `${'n'.repeat(195)}.pcap`],
  ] as const;
  let ref: string;

  beforeAll(async () => {
    ref = await report('Path traversal, PoC attached');
    const r = rt.repos.reports.byRef(ref);
    // Stored names straight into the table: rows written by older versions were sanitised less.
    rt.repos.reports.addAttachments(idOf(ref), r?.messageId as number, hostile.slice(1).map(([name], i) => ({ name, contentType: 'text/plain', size: 5, sha256: `h${i}`, encrypted: true, content: Buffer.from(`file${i + 1}`) })));
  });

  test('the listing names each attachment, its hash, size, type and the message it came with, and the file name it is written under', () => {
    const list = listAttachments(rt.repos.reports, ref).attachments;
    const message = rt.repos.messages.get(rt.repos.reports.byRef(ref)?.messageId as number);
    expect(list.map((a) => [a.name, a.fileName])).toEqual(hostile.map(([name, file]) => [name, file]));
    expect(list[1]).toMatchObject({ sha256: 'h0', size: 5, contentType: 'text/plain', encrypted: true, message: { id: message?.id, messageId: message?.messageId } });
  });

  test('export writes the decrypted bytes under safe names, files 0600 in a new 0700 directory, and nothing outside it', () => {
    const base = mkdtempSync(join(ws.dir, 'export-'));
    const dir = join(base, 'out');
    exportAttachments(rt.repos.reports, ref, dir);
    expect(readdirSync(dir).sort()).toEqual(hostile.map(([, file]) => file).sort());
    expect(readdirSync(base)).toEqual(['out']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const [i, [, file]] of hostile.entries()) {
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
      if (i > 0) expect(readFileSync(join(dir, file), 'utf8')).toBe(`file${i}`);
    }
    expect(readFileSync(join(dir, 'ada.asc'), 'utf8')).toContain('BEGIN PGP PUBLIC KEY BLOCK');
  });

  test('export refuses to overwrite, before writing anything, and leaves the existing file as it was', () => {
    const dir = mkdtempSync(join(ws.dir, 'export-'));
    writeFileSync(join(dir, 'poc.py'), 'mine');
    expectError(() => exportAttachments(rt.repos.reports, ref, dir), 'E_OUTPUT_EXISTS', /poc\.py exists; nothing is overwritten/);
    expect(readdirSync(dir)).toEqual(['poc.py']);
    expect(readFileSync(join(dir, 'poc.py'), 'utf8')).toBe('mine');
  });

  test('export never follows a symlink planted under an attachment name', () => {
    const dir = mkdtempSync(join(ws.dir, 'export-'));
    const target = join(ws.dir, 'victim.txt');
    symlinkSync(target, join(dir, 'passwd'));
    expectError(() => exportAttachments(rt.repos.reports, ref, dir), 'E_OUTPUT_EXISTS', /passwd exists/);
    expect(() => lstatSync(target)).toThrow(/ENOENT/);
  });
});

describe('outbox retry', () => {
  let reportId: number;
  const enqueue = (status: 'dead' | 'deferred' | 'sent' | 'queued') => {
    const id = rt.repos.outbox.enqueue({ messageId: `retry-${++n}@example.test`, kind: 'status-update', recipients: ['ada@research.example'], raw: Buffer.from('x') }, reportId, now);
    if (status === 'dead') rt.repos.outbox.markDead(id, now, '550 no such user');
    if (status === 'deferred') rt.repos.outbox.markDeferred(id, new Date(now.getTime() + 3_600_000), '421 try later');
    if (status === 'sent') rt.repos.outbox.markSent(id, now);
    return id;
  };

  beforeAll(() => {
    reportId = idOf(rt.repos.reports.list()[0]?.ref as string);
  });

  test.each(['dead', 'deferred'] as const)('a %s mail goes back to the queue, due now, with a fresh backoff and an event', (status) => {
    const id = enqueue(status);
    const result = retryOutbox(desk(), id);
    expect(result).toMatchObject({ id, from: status, mail: { status: 'queued', attempts: 0, nextAttemptAt: now.toISOString(), reportRef: expect.stringMatching(/^SEC-/) } });
    expect(rt.repos.outbox.due(now).map((m) => m.id)).toContain(id);
    expect(rt.repos.events.forReport(reportId).at(-1)).toMatchObject({ kind: 'outbox.retry', data: { outboxId: id, from: status, attempts: 1 } });
  });

  test.each([
    ['sent', /is sent: it was sent already/],
    ['queued', /is queued: it is queued already/],
  ] as const)('a %s mail is refused with the reason', (status, message) => {
    const id = enqueue(status);
    expectError(() => retryOutbox(desk(), id), 'E_OUTBOX_NOT_RETRYABLE', message);
    expect(rt.repos.outbox.get(id)?.status).toBe(status);
  });

  test('an unknown mail is an expected error', () => {
    expectError(() => retryOutbox(desk(), 999_999), 'E_OUTBOX_NOT_FOUND', /no outgoing mail 999999/);
  });

  test('the listing never carries the composed bytes', () => {
    for (const mail of rt.repos.outbox.listing()) expect(mail).not.toHaveProperty('raw');
  });
});
