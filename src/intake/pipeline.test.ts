import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';
import type { Runtime } from '../runtime.js';

let ws: Workspace;
let rt: Runtime;
let n = 0;

beforeAll(async () => {
  ws = await createWorkspace();
  rt = await ws.open();
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

const encryptTo = async (text: string, key: openpgp.PublicKey) =>
  openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: key, config: { aeadProtect: false } });

function mail(body: string, headers: Record<string, string> = {}): Buffer {
  const h = { From: 'Ada Researcher <ada@research.example>', To: 'security@example.test', Subject: 'Stored XSS in comments', 'Message-ID': `<m${++n}.${Date.now()}@research.example>`, ...headers };
  return Buffer.from(`${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}\r\n`);
}

async function ingest(raw: Buffer) {
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw });
  const m = rt.repos.messages.get(id);
  if (!m) throw new Error('not captured');
  const outcome = await rt.pipeline.processSafely(m);
  if (!outcome) throw new Error('not processed');
  return outcome;
}

describe('pipeline', () => {
  test('an inline-encrypted report becomes a report with its decrypted text and the key that decrypted it', async () => {
    const o = await ingest(mail(`Hi team,\r\n\r\n${await encryptTo('The comment field does not escape <script>.', ws.teamPublicKey)}\r\n`));
    expect(o).toMatchObject({ outcome: 'new-report', decryption: { encrypted: true, ok: true, keyFingerprint: ws.teamFingerprint }, signature: { status: 'none' } });
    const report = rt.repos.reports.byRef(o.reportRef as string);
    expect(report?.bodyText).toContain('does not escape <script>');
    expect(report?.bodyText).not.toContain('BEGIN PGP MESSAGE');
    // "Hi team," sat outside the armor: kept apart, so the coverage is partial.
    expect(report?.encryption).toEqual({ encrypted: true, keyFingerprint: ws.teamFingerprint, keyStatus: 'current', coverage: 'partial' });
    expect(report?.bodyText).not.toContain('Hi team');
    expect(report?.reporterEmail).toBe('ada@research.example');
    expect(rt.repos.events.forReport(report?.id as number).map((e) => e.kind)).toContain('report.received');
  });

  test('a report written in an attached text file is read by extraction like a body', async () => {
    const raw = Buffer.from(
      'From: r@x.example\r\nSubject: report attached\r\nMessage-ID: <att-txt@x.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
        '--b\r\nContent-Type: text/plain\r\n\r\nSee the attached file.\r\n' +
        '--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="report.txt"\r\n\r\nServer-side request forgery (SSRF) in the webhook tester.\r\n--b--\r\n',
    );
    const o = await ingest(raw);
    expect((rt.repos.reports.byRef(o.reportRef as string)?.fields as { vulnerabilityType: { value: string } }).vulnerabilityType.value).toBe('ssrf');
  });

  test('references count up per year: SEC-YYYY-0001, then 0002', async () => {
    const a = await ingest(mail('first plain report'));
    const b = await ingest(mail('second plain report'));
    const seq = (ref: string | null) => Number(ref?.split('-')[2]);
    expect(a.reportRef).toMatch(/^SEC-\d{4}-\d{4}$/);
    expect(seq(b.reportRef)).toBe(seq(a.reportRef) + 1);
  });

  test('the same Message-ID with the same bytes is a duplicate, not a second report', async () => {
    const raw = mail('report sent twice');
    const first = await ingest(raw);
    const again = await ingest(raw);
    expect(first.outcome).toBe('new-report');
    expect(again).toMatchObject({ outcome: 'duplicate', reportRef: first.reportRef });
  });

  test('the same Message-ID with different bytes is not a duplicate', async () => {
    const a = await ingest(mail('version one', { 'Message-ID': '<same@research.example>' }));
    const b = await ingest(mail('version two', { 'Message-ID': '<same@research.example>' }));
    expect([a.outcome, b.outcome]).toEqual(['new-report', 'new-report']);
  });

  test('a mail encrypted to a key we do not hold fails with the key ID and keeps its bytes', async () => {
    const { publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'other@elsewhere.example' }], format: 'object' });
    const raw = mail(await encryptTo('secret', publicKey));
    const o = await ingest(raw);
    expect(o.outcome).toBe('failed');
    expect(o.error).toMatch(/^encrypted to a key we do not hold: 0x[0-9A-F]{16}/);
    expect(o.decryption).toMatchObject({ encrypted: true, ok: false });
    const stored = rt.repos.messages.failed().find((m) => m.raw.equals(raw));
    expect(stored?.errorCode).toBe('unknown_key');
  });

  test('a reply threading onto a report is recorded on that report, not as a new one', async () => {
    const first = mail('original report', { 'Message-ID': '<orig-thread@research.example>' });
    const report = await ingest(first);
    const reply = await ingest(mail(`More details: ${await encryptTo('the PoC works on 3.2 too', ws.teamPublicKey)}`, { 'In-Reply-To': '<orig-thread@research.example>', Subject: 'Re: details' }));
    expect(reply).toMatchObject({ outcome: 'reply', reportRef: report.reportRef });
    const events = rt.repos.events.forReport(rt.repos.reports.byRef(report.reportRef as string)?.id as number);
    const recorded = events.find((e) => e.kind === 'report.reply');
    expect(recorded?.data).toMatchObject({ fromReporter: true, text: expect.stringContaining('PoC works on 3.2') });
  });

  test('a mail in the thread from someone other than the reporter is a third-party message on the report, flagged', async () => {
    const report = await ingest(mail('original', { 'Message-ID': '<orig-other@research.example>' }));
    const reply = await ingest(mail('I am the CTO of the vendor', { From: 'Eve <eve@vendor.example>', 'In-Reply-To': '<orig-other@research.example>' }));
    // Only the reporter changes a report (README "Security model"): someone else's mail is kept for the team, apart.
    expect(reply).toMatchObject({ outcome: 'third-party', reportRef: report.reportRef });
    const r = rt.repos.reports.byRef(report.reportRef as string);
    expect(r?.flags).toContain('reply-from-other-sender');
    expect(rt.repos.events.forReport(r?.id as number).find((e) => e.kind === 'report.third-party')?.data).toMatchObject({ why: 'not from the reporter', text: 'I am the CTO of the vendor' });
    expect(rt.repos.events.forReport(r?.id as number).some((e) => e.kind === 'report.reply')).toBe(false);
  });

  test('a [SEC-…] subject from the reporter threads onto that report even without In-Reply-To', async () => {
    const report = await ingest(mail('first'));
    const reply = await ingest(mail('one more detail', { Subject: `Re: [${report.reportRef}] Report received` }));
    expect(reply).toMatchObject({ outcome: 'reply', reportRef: report.reportRef });
  });

  test.each([
    ['an out-of-office', { 'Auto-Submitted': 'auto-replied', Subject: 'Out of office' }, 'auto-reply'],
    ['a delivery failure', { From: 'MAILER-DAEMON@mx.example', 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"' }, 'bounce'],
  ])('%s is recorded as %s and never becomes a report', async (_n, headers, outcome) => {
    const o = await ingest(mail('--b\r\n\r\nauto text\r\n--b--', headers));
    expect(o).toMatchObject({ outcome, reportRef: null });
  });

  test('a mail with security@ only in Bcc still decrypts: the key comes from the message, not the headers', async () => {
    const o = await ingest(mail(await encryptTo('bcc report', ws.teamPublicKey), { To: 'friend@research.example', Cc: 'other@research.example' }));
    expect(o).toMatchObject({ outcome: 'new-report', decryption: { ok: true } });
  });

  test('one broken message does not block the ones behind it', async () => {
    const bad = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from('Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\ncut') });
    const good = rt.capture({ source: 'file', sourceRef: null, raw: mail('after the broken one') });
    const outcomes = await rt.pipeline.processPending();
    const byId = new Map([[bad.id, rt.repos.messages.get(bad.id)], [good.id, rt.repos.messages.get(good.id)]]);
    expect(byId.get(bad.id)).toMatchObject({ state: 'failed', errorCode: 'mime_truncated' });
    expect(byId.get(good.id)).toMatchObject({ state: 'processed', outcome: 'new-report' });
    expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'new-report']);
  });
});

describe('pipeline racing another process for the reference', () => {
  test('when another process takes the predicted reference, the acknowledgement is composed again for the next one', async () => {
    const { createPipeline } = await import('./pipeline.js');
    const mine = rt.capture({ source: 'file', sourceRef: null, raw: mail('mine, composed first') });
    const theirs = rt.capture({ source: 'file', sourceRef: null, raw: mail('theirs, recorded while mine was being composed') });
    const composedFor: string[] = [];
    let raced = false;
    const pipeline = createPipeline({
      repos: rt.repos,
      keyring: rt.keyring,
      limits: { maxMessageBytes: 1 << 24, maxDecompressedBytes: 1 << 24, maxMimeDepth: 20, maxMimeParts: 1000 },
      timezone: rt.config.timezone,
      clock: rt.clock,
      log: rt.log,
      teamAddress: rt.config.team.address,
      updateIntervalDays: 14,
      supportedVersions: {},
      deadlines: rt,
      notifier: {
        undecryptable: (a) => rt.notifier.undecryptable(a),
        async acknowledge(a) {
          composedFor.push(a.ref);
          if (!raced) {
            raced = true;
            // The other process records its report between our prediction and our transaction.
            await rt.pipeline.processSafely(rt.repos.messages.get(theirs.id) as never);
          }
          return rt.notifier.acknowledge(a);
        },
      },
    });
    const o = await pipeline.processSafely(rt.repos.messages.get(mine.id) as never);
    const other = rt.repos.messages.get(theirs.id);
    const otherRef = rt.repos.reports.byId(other?.reportId as number)?.ref;
    expect(composedFor).toHaveLength(2);
    expect(composedFor[0]).toBe(otherRef);
    expect(o).toMatchObject({ outcome: 'new-report', reportRef: composedFor[1] });
    expect(o?.reportRef).not.toBe(otherRef);
  });
});

describe('pipeline with a rotated team key', () => {
  test('mail encrypted to the retired key still decrypts and says so', async () => {
    const w = await createWorkspace();
    try {
      const { generateTeamKey } = await import('../crypto/keygen.js');
      await generateTeamKey(w.config, { rotate: true, expiresDays: 365, now: new Date() });
      const r = await w.open();
      const { id } = r.capture({ source: 'file', sourceRef: null, raw: mail(await encryptTo('to the old key', w.teamPublicKey)) });
      const o = await r.pipeline.processSafely(r.repos.messages.get(id) as never);
      expect(o).toMatchObject({ outcome: "new-report", error: null });
      expect(o?.decryption).toMatchObject({ ok: true, keyFingerprint: w.teamFingerprint });
      expect(r.repos.reports.byRef(o?.reportRef as string)?.encryption.keyStatus).toBe('retired');
      r.close();
    } finally {
      w.cleanup();
    }
  });
});
