/**
 * Acknowledgements as the researcher's real gpg sees them: decryptable and signed by the team key, a neutral outer
 * subject, signed-only content-free requests when we have no usable key, and no mail at all for robots and ourselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inlinePgpText, innerMime, pgpMimeEncrypted, type MailHeaders } from '../../src/demo/researcher-mail.js';
import type { MessageOutcome } from '../../src/intake/outcome.js';
import { queueTeamReply } from '../../src/report/team-reply.js';
import type { Runtime } from '../../src/runtime.js';
import type { Gpg } from '../helpers/gpg.js';
import { createGpgClient } from '../helpers/gpg-client.js';
import { readWithGpg } from '../helpers/outgoing.js';
import { wrongKeyMessage } from '../helpers/hostile.js';
import { ingestRaw } from '../helpers/ingest.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

const TEAM = 'security@example.test';
const RESEARCHER = 'ada@research.example';
let ws: Workspace;
let rt: Runtime;
let gpg: Gpg;
let researcher: string;
let researcherPublic: string;

beforeAll(async () => {
  ws = await createWorkspace();
  rt = await ws.open();
  ({ gpg, fingerprint: researcher, publicKey: researcherPublic } = await createGpgClient(`Ada Researcher <${RESEARCHER}>`, ws.teamPublicKey));
});
afterAll(async () => {
  rt?.close();
  ws?.cleanup();
  await gpg?.cleanup();
});

let n = 0;
const headers = (subject: string, extra: Record<string, string> = {}, from = `Ada Researcher <${RESEARCHER}>`): MailHeaders => ({
  from,
  to: TEAM,
  subject,
  messageId: `<ack-${++n}-${Date.now()}@research.example>`,
  extraHeaders: extra,
});

async function ingest(raw: string): Promise<MessageOutcome> {
  const o = await ingestRaw(rt, raw);
  await rt.drain();
  return o;
}

const outboxDir = () => join(ws.dir, 'outbox');
const sentFor = (messageId: string) => readFileSync(join(outboxDir(), `${messageId.replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`));
const mailsOf = (o: MessageOutcome) => rt.repos.outbox.forReport(rt.repos.reports.byRef(o.reportRef as string)?.id as number);

describe('acknowledgements read by the researcher with gpg', () => {
  test('a report with the key attached gets an ack gpg decrypts, signed by the team key, with nothing of the report outside the encryption', async () => {
    const title = 'Stored XSS in the admin dashboard of acme-web 2.4';
    const inner = innerMime({
      subject: title,
      text: 'The name field is rendered unescaped.',
      attachments: [
        { name: 'poc.html', contentType: 'text/html', content: '<script>alert(1)</script>' },
        { name: 'ada.asc', contentType: 'application/pgp-keys', content: researcherPublic },
      ],
    });
    const h = headers('...');
    const o = await ingest(pgpMimeEncrypted(h, await gpg.encrypt(inner, [ws.teamFingerprint], { sign: researcher })));
    expect(o).toMatchObject({ outcome: 'new-report', error: null });
    expect(rt.repos.events.forReport(rt.repos.reports.byRef(o.reportRef as string)?.id as number).map((e) => e.kind)).toEqual(['report.received', 'outbox.queued', 'outbox.sent']);
    const [mail] = mailsOf(o);
    expect(mail).toMatchObject({ kind: 'ack', status: 'sent', recipients: [RESEARCHER] });
    const raw = sentFor(mail?.messageId as string);
    const read = await readWithGpg(raw, gpg);
    expect(read.type).toBe('multipart/encrypted');
    expect(read.subject).toBe(`[${o.reportRef}] Report received`);
    expect(raw.toString()).not.toContain('XSS');
    expect(raw.toString()).not.toContain('poc.html');
    expect(read.headers.get('auto-submitted')).toEqual(['auto-replied']);
    expect(read.headers.get('in-reply-to')).toEqual([h.messageId]);
    expect(read.headers.get('message-id')).toEqual([`<${mail?.messageId}>`]);
    expect(read.decrypted).toMatchObject({ goodSignature: true, signer: ws.teamFingerprint });
    expect(read.decrypted?.text).toContain(`Subject: [${o.reportRef}] ${title}`);
    expect(read.decrypted?.text).toContain(`filed it as ${o.reportRef}`);
    expect(read.decrypted?.text).toMatch(/poc\.html \(25 bytes\)/);
    expect(read.decrypted?.text).toMatch(/coordinated disclosure date: .*\(America\/New_York\)/);
    expect(read.decrypted?.text).toContain(`keep [${o.reportRef}] in the subject`);
  });

  test('the team can read its own sent copy: the ack is encrypted to the team key too', async () => {
    const mail = rt.repos.outbox.all().find((m) => m.kind === 'ack');
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(mail?.raw.toString() ?? '')?.[0] as string;
    const message = await openpgp.readMessage({ armoredMessage: armored });
    expect(rt.keyring.forKeyIds(message.getEncryptionKeyIDs()).map((k) => k.fingerprint)).toEqual([ws.teamFingerprint]);
  });

  test('without proven authorship the answer is a signed-only, content-free receipt that asks for a key, and gpg verifies it (SHA-256 or stronger, micalg as signed)', async () => {
    // The researcher signs (so this one gets an encrypted ack with content); Bob signs nothing and has no key.
    const o = await ingest(inlinePgpText(headers('Secret title: RCE in widgetd'), await gpg.encrypt('RCE details', [ws.teamFingerprint], { sign: researcher })));
    const stranger = await ingest(inlinePgpText(headers('Secret title: SSRF in foo-cms', {}, 'Bob <bob@elsewhere.example>'), await gpg.encrypt('SSRF details', [ws.teamFingerprint])));
    const [mail] = mailsOf(stranger);
    expect(mail?.kind).toBe('receipt');
    const raw = sentFor(mail?.messageId as string);
    const read = await readWithGpg(raw, gpg);
    expect(read.type).toBe('multipart/signed');
    expect(read.signed).toMatchObject({ valid: true, signer: ws.teamFingerprint, micalg: expect.stringMatching(/^pgp-sha(256|384|512)$/) });
    expect(read.signed?.text).toContain(ws.teamFingerprint);
    expect(read.signed?.text).toContain(`[${stranger.reportRef}]`);
    expect(raw.toString()).not.toMatch(/SSRF|foo-cms|Secret title/);
    expect(mailsOf(o)[0]?.kind).toBe('ack');
  });

  test('an expired reporter key counts as no key: a signed-only receipt that asks for a new one', async () => {
    const { publicKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ email: 'carol@expired.example' }],
      date: new Date(Date.now() - 10 * 86_400_000),
      keyExpirationTime: 86_400,
      format: 'object',
    });
    const o = await ingest(innerMimeMail('Carol <carol@expired.example>', publicKey.armor()));
    const [mail] = mailsOf(o);
    expect(mail?.kind).toBe('receipt');
    expect((await readWithGpg(sentFor(mail?.messageId as string), gpg)).signed?.text).toContain('your public key is expired');
  });

  test('a key in an Autocrypt header verifies the signature and is used for the acknowledgement', async () => {
    const { publicKey, privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'dan@autocrypt.example' }], format: 'object' });
    const keydata = Buffer.from(publicKey.write()).toString('base64');
    const signed = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'report' }), encryptionKeys: ws.teamPublicKey, signingKeys: privateKey, config: { aeadProtect: false } });
    const raw = inlinePgpText(headers('autocrypt', { Autocrypt: `addr=dan@autocrypt.example; prefer-encrypt=mutual; keydata=${keydata}` }, 'Dan <dan@autocrypt.example>'), signed);
    const o = await ingest(raw);
    expect(mailsOf(o)[0]?.kind).toBe('ack');
  });

  test('an undecryptable report gets a signed, content-free reply naming our current key; the raw message stays stored', async () => {
    const before = rt.repos.outbox.all().length;
    const o = await ingest(inlinePgpText(headers('wrong key'), (await wrongKeyMessage()).armored));
    expect(o.outcome).toBe('failed');
    const mail = rt.repos.outbox.all()[before];
    expect(mail).toMatchObject({ kind: 'undecryptable', status: 'sent', reportId: null });
    const read = await readWithGpg(sentFor(mail?.messageId as string), gpg);
    expect(read.signed).toMatchObject({ valid: true, signer: ws.teamFingerprint });
    expect(read.signed?.text).toContain(ws.teamFingerprint);
  });

  test.each([
    ['an out-of-office (Auto-Submitted)', { 'Auto-Submitted': 'auto-replied' }, `Ada <${RESEARCHER}>`],
    ['a mailing list post', { 'List-Id': '<security.lists.example>' }, `Ada <${RESEARCHER}>`],
    ['bulk mail', { Precedence: 'bulk' }, `Ada <${RESEARCHER}>`],
    ['mail from our own address', {}, `Security <${TEAM}>`],
    ['a bounce', { 'Content-Type': 'multipart/report; report-type=delivery-status; boundary=x' }, 'MAILER-DAEMON@mx.example'],
  ])('%s gets no answer', async (_n, extra, from) => {
    const before = rt.repos.outbox.all().length;
    await ingest(inlinePgpText(headers('robot', extra, from), await gpg.encrypt('x', [ws.teamFingerprint])));
    expect(rt.repos.outbox.all().length).toBe(before);
  });

  test('a team reply is sent in the thread, encrypted to the reporter, and gpg decrypts it', async () => {
    const report = rt.repos.reports.list().find((r) => r.reporterEmail === RESEARCHER);
    const queued = await queueTeamReply(rt, report?.ref as string, 'We reproduced it; a fix is scheduled for 2.4.1.');
    await rt.drain();
    const read = await readWithGpg(sentFor(queued.messageId), gpg);
    expect(read.subject).toBe(`[${report?.ref}] Update on your report`);
    expect(read.headers.get('auto-submitted')).toBeUndefined();
    expect(read.decrypted).toMatchObject({ goodSignature: true });
    expect(read.decrypted?.text).toContain('a fix is scheduled for 2.4.1');
  });

  test('a team reply to a reporter without a usable key is refused rather than sent in cleartext', async () => {
    const report = rt.repos.reports.list().find((r) => r.reporterEmail === 'bob@elsewhere.example');
    await expect(queueTeamReply(rt, report?.ref as string, 'content')).rejects.toMatchObject({ code: 'E_NO_REPORTER_KEY' });
  });

  test('every mail in the outbox directory was sent once, under its fixed Message-ID', () => {
    const files = readdirSync(outboxDir()).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBe(rt.repos.outbox.all().filter((m) => m.status === 'sent').length);
  });
});

function innerMimeMail(from: string, keyArmored: string): string {
  const h = headers('report with an expired key', {}, from);
  return `From: ${h.from}\r\nTo: ${TEAM}\r\nSubject: expired\r\nMessage-ID: ${h.messageId}\r\nMIME-Version: 1.0\r\n${innerMime({ text: 'plain report', attachments: [{ name: 'key.asc', contentType: 'application/pgp-keys', content: keyArmored }] })}`;
}
