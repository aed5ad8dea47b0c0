/**
 * The daily digest on a real SQLite file with an injected clock: composed from seeded reports, sent once per local
 * day across a restart and clock jumps, a missed day caught up once, HTML escaped inside the encryption, and a
 * recipient without a key getting a signed notice that carries nothing from any report.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importRecipientKeys } from '../src/crypto/recipient-key-import.js';
import { daemonJobs } from '../src/jobs/index.js';
import { createRunner } from '../src/jobs/runner.js';
import { createLogger } from '../src/log.js';
import { decodeBody, parseMime, type MimeEntity } from '../src/mail/mime.js';
import { currentDigest } from '../src/report/digest-send.js';
import type { Runtime } from '../src/runtime.js';
import { ingestRaw } from './helpers/ingest.js';
import { researcherKey, signedEncryptedReport } from './helpers/openpgp-researcher.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

const GRACE = 'grace@example.test';
const MALLORY = 'mallory@example.test';
const HOSTILE_TITLE = 'XSS <script>alert(1)</script></td><td>TOPSECRET';

let ws: Workspace;
let rt: Runtime;
let now: Date;
let researcher: openpgp.PrivateKey;
let grace: openpgp.PrivateKey;
let n = 0;

const open = async () => {
  rt?.close();
  rt = await ws.open(() => now);
};

beforeAll(async () => {
  ws = await createWorkspace({ extraYaml: `timezone: Europe/Paris\ndigest: { time: "08:00", recipients: [${GRACE}, ${MALLORY}] }` });
  now = new Date('2026-03-23T09:00:00Z');
  await open();
  const created = new Date('2026-03-01T00:00:00Z');
  [researcher, grace] = await Promise.all([researcherKey('ada@research.example', created), researcherKey(GRACE, created)]);
  await importRecipientKeys(rt.repos, Buffer.from(grace.toPublic().armor()), now);
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

/** A signed and encrypted report with the researcher's key inside, as a trusted client sends it. */
async function report(subject: string): Promise<string> {
  const raw = await signedEncryptedReport({ researcher, team: ws.teamPublicKey, text: 'The search box is injectable.', subject, messageId: `digest-${++n}@research.example` });
  return (await ingestRaw(rt, raw)).reportRef as string;
}

/** The digest job alone, run once by the one runner at the current clock. */
async function digestPass(): Promise<void> {
  const job = daemonJobs(rt, []).find((j) => j.name === 'digest');
  if (!job) throw new Error('no digest job in daemonJobs');
  const r = await createRunner([job], { clock: () => now, log: createLogger('silent') }).runOnce();
  expect(r.failed).toEqual([]);
}

const digestMails = () => rt.repos.outbox.all().filter((m) => m.kind === 'digest' || m.kind === 'digest-notice');
const at = (iso: string) => {
  now = new Date(iso);
};

function leaves(raw: Buffer): MimeEntity[] {
  const tree = parseMime(raw, { maxDepth: 10 });
  if (!tree.ok) throw new Error(tree.issue.message);
  const out: MimeEntity[] = [];
  const walk = (e: MimeEntity): void => (e.children.length === 0 ? void out.push(e) : e.children.forEach(walk));
  walk(tree.value);
  return out;
}

async function decryptFor(raw: Buffer, key: openpgp.PrivateKey): Promise<Buffer> {
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(raw.toString())?.[0] as string;
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: key, format: 'binary' });
  return Buffer.from(data);
}

describe('digest composed from the database', () => {
  let triaged: string;
  let hostile: string;
  beforeAll(async () => {
    triaged = await report('Stored XSS in the admin panel');
    hostile = await report(HOSTILE_TITLE);
  });

  test('two fresh reports are new, and nothing is overdue yet', async () => {
    const d = await currentDigest(rt);
    expect(d.sections.new.map((l) => l.ref)).toEqual([triaged, hostile]);
    expect(d.counts).toMatchObject({ overdue: 0, new: 2, failed: 0 });
    expect(d.timezone).toBe('Europe/Paris');
    expect(d.sections.new[0]).toEqual({ ref: triaged, title: 'Stored XSS in the admin panel', severity: null, status: 'new', assignee: null, nextDeadline: { kind: 'triage', at: expect.any(String) }, flags: [] });
  });

  test('the recipient without a key is a key-health line of the digest itself', async () => {
    const d = await currentDigest(rt);
    expect(d.sections.keys).toContainEqual({ problem: 'recipient-without-key', subject: MALLORY, at: null });
    expect(d.sections.keys.map((k) => k.subject)).not.toContain(GRACE);
  });

  test('a week later the untriaged reports are overdue, on triage, ordered by deadline', async () => {
    at('2026-03-30T09:00:00Z');
    const d = await currentDigest(rt);
    expect(d.sections.overdue.map((l) => [l.ref, l.nextDeadline?.kind])).toEqual([
      [triaged, 'triage'],
      [hostile, 'triage'],
    ]);
    expect(d.sections.due).toEqual([]);
  });
});

describe('digest sending, once per local day', () => {
  test('at 08:05 Paris time the day is sent: encrypted to Grace, a notice to Mallory', async () => {
    at('2026-03-31T06:05:00Z');
    await digestPass();
    expect(digestMails().map((m) => [m.kind, m.recipients])).toEqual([
      ['digest', [GRACE]],
      ['digest-notice', [MALLORY]],
    ]);
    expect(rt.repos.digests.last()?.localDate).toBe('2026-03-31');
  });

  test.each([
    ['a second pass the same minute', '2026-03-31T06:05:30Z'],
    ['a pass late the same evening', '2026-03-31T21:59:00Z'],
    ['before 08:00 the next morning', '2026-04-01T05:59:00Z'],
  ])('%s sends nothing', async (_name, iso) => {
    at(iso);
    await digestPass();
    expect(digestMails()).toHaveLength(2);
  });

  test('a restart the same day sends nothing again: the day is recorded in the database', async () => {
    at('2026-03-31T10:00:00Z');
    await open();
    await digestPass();
    expect(digestMails()).toHaveLength(2);
  });

  test('after three days down, the missed days are caught up by one digest, not three', async () => {
    at('2026-04-04T07:30:00Z');
    await open();
    await digestPass();
    await digestPass();
    expect(digestMails()).toHaveLength(4);
    expect(rt.repos.digests.last()).toMatchObject({ localDate: '2026-04-04', since: '2026-03-31T06:05:00.000Z' });
  });

  test('a clock that jumps back a day sends nothing for the day already past', async () => {
    at('2026-04-03T09:00:00Z');
    await digestPass();
    expect(digestMails()).toHaveLength(4);
  });

  test('the Grace copy decrypts to text and HTML, and the hostile title is text in the HTML', async () => {
    const mail = rt.repos.outbox.all().find((m) => m.kind === 'digest') as { raw: Buffer };
    const parts = leaves(await decryptFor(mail.raw, grace));
    const [text, html] = parts.map((p) => decodeBody(p).toString('utf8'));
    expect(parts.map((p) => p.contentType.mediaType)).toEqual(['text/plain', 'text/html']);
    expect(text).toContain(HOSTILE_TITLE);
    expect(html).toContain('XSS &lt;script&gt;alert(1)&lt;/script&gt;&lt;/td&gt;&lt;td&gt;TOPSECRET');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('</td><td>TOPSECRET');
  });

  test('the outer subject is counts only, and no report content is outside the encryption', async () => {
    const mail = rt.repos.outbox.all().find((m) => m.kind === 'digest') as { raw: Buffer };
    expect(mail.raw.toString()).toMatch(/^Subject: \[secintake\] 2 overdue, 0 due, 0 new\r?$/m);
    expect(mail.raw.toString()).not.toContain('TOPSECRET');
    expect(mail.raw.toString()).not.toContain('Stored XSS');
  });

  test('Mallory, who has no key, gets a signed notice with nothing from any report', () => {
    for (const mail of digestMails().filter((m) => m.kind === 'digest-notice')) {
      const raw = mail.raw.toString();
      expect(raw).toContain('Content-Type: multipart/signed;');
      expect(raw).not.toContain('PGP MESSAGE');
      for (const secret of ['TOPSECRET', 'Stored XSS', 'SEC-2026-']) expect(raw).not.toContain(secret);
    }
  });
});
