/**
 * The promise over time, with an injected clock (tests move time, never sleep): acknowledgement, a status update
 * after 14 days, one on every status change (at most one a day), none after resolution; flags raised and cleared
 * as deadlines pass; disclosure moved by a patch inside the grace period; a team key about to expire is flagged.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTeamKey } from '../src/crypto/keygen.js';
import { schedulePatch, setStatus } from '../src/report/status.js';
import { sweep } from '../src/report/sweep.js';
import type { Runtime } from '../src/runtime.js';
import { ingestRaw } from './helpers/ingest.js';
import { researcherKey } from './helpers/openpgp-researcher.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

const DAY = 86_400_000;
let ws: Workspace;
let rt: Runtime;
let now: Date;
let researcher: openpgp.PrivateKey;
let n = 0;

beforeAll(async () => {
  ws = await createWorkspace();
  // Monday 23 November 2026, 10:00 in New York.
  now = new Date('2026-11-23T15:00:00Z');
  rt = await ws.open(() => now);
  researcher = await researcherKey();
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

const advance = (ms: number) => (now = new Date(now.getTime() + ms));

async function report(text: string): Promise<string> {
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: ws.teamPublicKey, signingKeys: researcher, config: { aeadProtect: false } });
  const raw = `From: Ada <ada@research.example>\r\nTo: security@example.test\r\nSubject: report ${++n}\r\nMessage-ID: <pl-${n}@research.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${armored}\r\n--b\r\nContent-Type: application/pgp-keys; name="ada.asc"\r\n\r\n${researcher.toPublic().armor()}\r\n--b--\r\n`;
  const o = await ingestRaw(rt, raw);
  await rt.drain();
  return o.reportRef as string;
}

const sent = (ref: string) => rt.repos.outbox.forReport(rt.repos.reports.byRef(ref)?.id as number).map((m) => m.kind);

async function decryptLast(ref: string): Promise<string> {
  const mail = rt.repos.outbox.forReport(rt.repos.reports.byRef(ref)?.id as number).at(-1);
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(mail?.raw.toString() ?? '')?.[0] as string;
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: researcher });
  return (data as string).replace(/=\r?\n/g, '');
}

async function tick(ms: number) {
  advance(ms);
  const s = await sweep(rt);
  await rt.drain();
  return s;
}

describe('status updates over the life of a report', () => {
  let ref: string;

  test('the report is acknowledged, with business-day deadlines from the US calendar (Thanksgiving is not a business day)', async () => {
    ref = await report('SQL injection in acme-server 3.2');
    expect(sent(ref)).toEqual(['ack']);
    // Received Monday 23 Nov: Tue 24, Wed 25, (Thu 26 Thanksgiving), Fri 27 → triage due Friday 27 at 10:00 local.
    expect(rt.repos.reports.byRef(ref)?.deadlines).toMatchObject({ triage: '2026-11-27T10:00:00-05:00', disclosure: '2027-02-22T10:00:00-05:00' });
  });

  test('nothing more is sent before 14 days; one status update after 14 days, and only one however often the sweep runs', async () => {
    await tick(13 * DAY);
    expect(sent(ref)).toEqual(['ack']);
    await tick(1 * DAY + 60_000);
    await tick(60_000);
    await tick(60_000);
    expect(sent(ref)).toEqual(['ack', 'status-update']);
    expect(await decryptLast(ref)).toMatch(/An update on SEC-\d{4}-\d{4}: received, waiting for triage/);
  });

  test('a status change sends an update, but never two within a day: the second waits for the next day', async () => {
    advance(2 * DAY);
    await setStatus(rt, ref, 'triaged', null);
    await rt.drain();
    expect(sent(ref)).toEqual(['ack', 'status-update', 'status-update']);
    await setStatus(rt, ref, 'accepted', null);
    await rt.drain();
    expect(sent(ref)).toHaveLength(3);
    await tick(DAY + 60_000);
    expect(sent(ref)).toHaveLength(4);
    expect(await decryptLast(ref)).toMatch(/accepted as a vulnerability/);
  });

  test('set-status fixed sends one; resolved sends the last; none after that, even 60 days later', async () => {
    advance(2 * DAY);
    await setStatus(rt, ref, 'fix-scheduled', null);
    advance(2 * DAY);
    await setStatus(rt, ref, 'fixed', null);
    await rt.drain();
    expect(await decryptLast(ref)).toMatch(/: fixed\./);
    const count = sent(ref).length;
    advance(2 * DAY);
    await setStatus(rt, ref, 'resolved', null);
    await rt.drain();
    expect(sent(ref)).toHaveLength(count + 1);
    expect(await decryptLast(ref)).toMatch(/last status update/);
    await tick(60 * DAY);
    expect(sent(ref)).toHaveLength(count + 1);
  });

  test('an impossible transition is refused with the allowed ones named', async () => {
    await expect(setStatus(rt, ref, 'new', null)).rejects.toMatchObject({ code: 'E_INPUT' });
  });
});

describe('flags and deadlines', () => {
  test('triage-overdue is raised once when the triage deadline passes, and cleared by triage', async () => {
    const ref = await report('IDOR in widgetd');
    const id = rt.repos.reports.byRef(ref)?.id as number;
    await tick(2 * DAY);
    expect(rt.repos.reports.byId(id)?.flags).not.toContain('triage-overdue');
    await tick(5 * DAY);
    await tick(60_000);
    expect(rt.repos.reports.byId(id)?.flags).toContain('triage-overdue');
    expect(rt.repos.events.forReport(id).filter((e) => e.kind === 'flag.raised' && e.data.flag === 'triage-overdue')).toHaveLength(1);
    await setStatus(rt, ref, 'triaged', null);
    await tick(60_000);
    expect(rt.repos.reports.byId(id)?.flags).not.toContain('triage-overdue');
  });

  test('a reply saying the issue is exploited in the wild moves disclosure to 7 days, with an event saying why', async () => {
    const ref = await report('CSRF in acme-web settings');
    const r = rt.repos.reports.byRef(ref);
    const before = r?.deadlines?.disclosure as string;
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'Update: we now see this being actively exploited in the wild.' }), encryptionKeys: ws.teamPublicKey, signingKeys: researcher, config: { aeadProtect: false } });
    const reply = `From: Ada <ada@research.example>\r\nSubject: Re: [${ref}]\r\nIn-Reply-To: <pl-${n}@research.example>\r\nMessage-ID: <pl-reply-${n}@research.example>\r\n\r\n${armored}\r\n`;
    expect((await ingestRaw(rt, reply)).outcome).toBe('reply');
    const after = rt.repos.reports.byRef(ref);
    expect(after?.exploited).toBe(true);
    const days = (new Date(after?.deadlines?.disclosure as string).getTime() - new Date(after?.receivedAt as string).getTime()) / DAY;
    expect(days).toBeLessThan(10);
    expect(rt.repos.events.forReport(after?.id as number).find((e) => e.kind === 'report.deadlines')?.data).toMatchObject({ why: 'exploitation in the wild reported in a reply', changes: { disclosure: { from: before } } });
  });

  test.each([
    ['a stranger in the thread', 'Eve <eve@elsewhere.example>', false],
    ["the reporter's address, unsigned, on a signed report (a forged From)", 'Ada <ada@research.example>', false],
  ])('%s saying "exploited in the wild" moves no deadline: a third-party message', async (_n, from, sign) => {
    const ref = await report('CSRF in acme-web profile page');
    const before = rt.repos.reports.byRef(ref);
    const text = 'Update: we now see this being actively exploited in the wild.';
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: ws.teamPublicKey, ...(sign ? { signingKeys: researcher } : {}), config: { aeadProtect: false } });
    const mail = `From: ${from}\r\nSubject: Re: [${ref}]\r\nIn-Reply-To: <pl-${n}@research.example>\r\nMessage-ID: <pl-3p-${n}@x.example>\r\n\r\n${armored}\r\n`;
    expect((await ingestRaw(rt, mail)).outcome).toBe('third-party');
    const after = rt.repos.reports.byRef(ref);
    expect(after).toMatchObject({ exploited: false, deadlines: before?.deadlines, status: before?.status });
  });

  test('an actively exploited report gets the 7-day disclosure deadline', async () => {
    const ref = await report('RCE in foo-cms; this is being actively exploited in the wild against our customers.');
    const r = rt.repos.reports.byRef(ref);
    const days = (new Date(r?.deadlines?.disclosure as string).getTime() - new Date(r?.receivedAt as string).getTime()) / DAY;
    expect(days).toBeGreaterThanOrEqual(7);
    expect(days).toBeLessThan(10);
  });

  test('a patch scheduled within 14 days after the disclosure deadline moves disclosure to it, with an event saying why; beyond, it does not', async () => {
    const ref = await report('XSS in acme-web');
    const before = rt.repos.reports.byRef(ref)?.deadlines?.disclosure as string;
    const deadline = new Date(before);
    const within = new Date(deadline.getTime() + 10 * DAY).toISOString().slice(0, 10);
    const r = await schedulePatch(rt, ref, within);
    expect(r.graceApplied).toBe(true);
    expect(rt.repos.reports.byRef(ref)?.deadlines?.disclosure).toMatch(new RegExp(`^${within}`));
    const event = rt.repos.events.forReport(rt.repos.reports.byRef(ref)?.id as number).find((e) => e.kind === 'report.deadlines');
    expect(event?.data).toMatchObject({ why: expect.stringContaining('within the grace period'), changes: { disclosure: { from: before } } });
    const beyond = new Date(deadline.getTime() + 30 * DAY).toISOString().slice(0, 10);
    expect((await schedulePatch(rt, ref, beyond)).graceApplied).toBe(false);
    expect(rt.repos.reports.byRef(ref)?.deadlines?.disclosure).toBe(before);
  });
});

describe('policy changes', () => {
  test('after the config changes disclosure_days, the next sweep moves open reports and says why', async () => {
    const w = await createWorkspace();
    try {
      const first = await w.open();
      const o = await ingestRaw(first, 'From: a@b.example\r\nSubject: x\r\nMessage-ID: <pc@b.example>\r\n\r\nplain report\r\n');
      const before = first.repos.reports.byRef(o?.reportRef as string)?.deadlines?.disclosure;
      first.close();
      const { appendFileSync } = await import('node:fs');
      appendFileSync(w.configFile, '\npolicy: { disclosure_days: 30 }\n');
      const { loadConfig } = await import('../src/config/load.js');
      const { openRuntime } = await import('../src/runtime.js');
      const { createLogger } = await import('../src/log.js');
      const second = await openRuntime(loadConfig(w.configFile), createLogger('silent'));
      await sweep(second);
      const r = second.repos.reports.byRef(o?.reportRef as string);
      expect(r?.deadlines?.disclosure).not.toBe(before);
      expect(second.repos.events.forReport(r?.id as number).find((e) => e.kind === 'report.deadlines')?.data).toMatchObject({ why: 'policy changed', changes: { disclosure: { from: before } } });
      second.close();
    } finally {
      w.cleanup();
    }
  });
});

describe('team key expiry', () => {
  test('a team key that expires in 10 days is flagged on open reports', async () => {
    const w = await createWorkspace();
    try {
      const soon = new Date();
      await generateTeamKey(w.config, { rotate: true, expiresDays: 10, now: soon });
      const r = await w.open(() => new Date(soon.getTime() + 60_000));
      await ingestRaw(r, 'From: a@b.example\r\nSubject: x\r\nMessage-ID: <k@b.example>\r\n\r\nplain report\r\n');
      await sweep(r);
      expect(r.repos.reports.list()[0]?.flags).toContain('team-key-expiring');
      r.close();
    } finally {
      w.cleanup();
    }
  });
});
