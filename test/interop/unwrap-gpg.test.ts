/**
 * Unwrap against mail made by the real gpg CLI, as a researcher makes it (gpg --encrypt --armor, PGP/MIME around gpg
 * output, sign+encrypt, signed-only multipart/signed), plus the hostile inputs. Everything goes through the pipeline
 * into a real SQLite file.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  encryptedAttachment,
  inlinePgpText,
  innerMime,
  mailvelopeHtml,
  multipartSigned,
  pgpMimeEncrypted,
  type MailHeaders,
} from '../../src/demo/researcher-mail.js';
import type { MessageOutcome } from '../../src/intake/outcome.js';
import type { Runtime } from '../../src/runtime.js';
import type { Gpg } from '../helpers/gpg.js';
import { createGpgClient } from '../helpers/gpg-client.js';
import { compressionBomb, corruptArmor, nonMdcMessage, truncatedMime, wrongKeyMessage } from '../helpers/hostile.js';
import { ingestRaw } from '../helpers/ingest.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

const TEAM = 'security@example.test';
let ws: Workspace;
let rt: Runtime;
let gpg: Gpg;
let researcher: string;
let researcherPublic: string;

beforeAll(async () => {
  ws = await createWorkspace({ extraYaml: 'limits: { max_decompressed_bytes: 1000000, max_mime_depth: 12 }' });
  rt = await ws.open();
  ({ gpg, fingerprint: researcher, publicKey: researcherPublic } = await createGpgClient('Ada Researcher <ada@research.example>', ws.teamPublicKey));
});
afterAll(async () => {
  rt?.close();
  ws?.cleanup();
  await gpg?.cleanup();
});

let n = 0;
const headers = (subject: string): MailHeaders => ({ from: 'Ada Researcher <ada@research.example>', to: TEAM, subject, messageId: `<gpg-${++n}-${Date.now()}@research.example>` });

const ingest = (raw: string | Buffer): Promise<MessageOutcome> => ingestRaw(rt, raw);
const reportOf = (o: MessageOutcome) => rt.repos.reports.byRef(o.reportRef as string);

describe('mail made by gpg decrypts and verifies', () => {
  test('gpg --encrypt --armor pasted inline', async () => {
    const armored = await gpg.encrypt('IDOR on /api/invoices/{id}: change the id, read any invoice.', [ws.teamFingerprint]);
    const o = await ingest(inlinePgpText(headers('IDOR'), armored));
    expect(o).toMatchObject({ outcome: 'new-report', decryption: { encrypted: true, ok: true, keyFingerprint: ws.teamFingerprint }, signature: { status: 'none' } });
    expect(reportOf(o)?.bodyText).toContain('read any invoice');
  });

  test('gpg --sign --encrypt with the key unknown to us gives unknown-key and the signer fingerprint', async () => {
    const armored = await gpg.encrypt('signed and encrypted', [ws.teamFingerprint], { sign: researcher });
    const o = await ingest(inlinePgpText(headers('signed'), armored));
    expect(o.signature).toEqual({ status: 'unknown-key', signerFingerprint: expect.stringMatching(/^[0-9A-F]{16,40}$/) });
  });

  test('PGP/MIME around gpg output: protected Subject, text and attachments kept apart, attached key verifies the signature', async () => {
    const inner = innerMime({
      subject: 'RCE via template injection in acme-cms 4.1',
      text: 'Steps to reproduce:\n1. POST {{7*7}} to /preview\n2. observe 49',
      html: '<p>Steps to reproduce:</p><ol><li>POST {{7*7}} to /preview</li></ol>',
      attachments: [
        { name: 'exploit.py', contentType: 'text/x-python', content: 'print("poc")\n' },
        { name: 'ada.asc', contentType: 'application/pgp-keys', content: researcherPublic },
      ],
    });
    const o = await ingest(pgpMimeEncrypted(headers('...'), await gpg.encrypt(inner, [ws.teamFingerprint], { sign: researcher })));
    expect(o).toMatchObject({ outcome: 'new-report', signature: { status: 'good', signerFingerprint: researcher } });
    const r = reportOf(o);
    expect(r?.subject).toBe('RCE via template injection in acme-cms 4.1');
    expect(r?.bodyText).toContain('POST {{7*7}} to /preview');
    expect(rt.repos.reports.attachments(r?.id as number).map((a) => a.name)).toEqual(['exploit.py', 'ada.asc']);
  });

  test('signed, then encrypted (multipart/signed inside PGP/MIME): protected subject found on the signed entity', async () => {
    const entity = innerMime({ subject: 'SSRF in webhook tester', text: 'The webhook tester fetches http://169.254.169.254/.', attachments: [{ name: 'ada.asc', contentType: 'application/pgp-keys', content: researcherPublic }] });
    const { canonicalize } = await import('../../src/mail/pgp-mime.js');
    const signed = multipartSigned(null, entity, await gpg.signDetached(canonicalize(entity), researcher));
    const o = await ingest(pgpMimeEncrypted(headers('...'), await gpg.encrypt(signed, [ws.teamFingerprint])));
    expect(o.signature).toEqual({ status: 'good', signerFingerprint: researcher });
    expect(reportOf(o)?.subject).toBe('SSRF in webhook tester');
  });

  test('encrypted, then signed (multipart/signed around multipart/encrypted) verifies over the encrypted entity', async () => {
    const { canonicalize } = await import('../../src/mail/pgp-mime.js');
    const enc = pgpMimeEncrypted(headers('x'), await gpg.encrypt('encrypt-then-sign body', [ws.teamFingerprint]));
    const encEntity = enc.slice(enc.indexOf('Content-Type:'));
    const raw = multipartSigned(headers('Report'), encEntity, await gpg.signDetached(canonicalize(encEntity), researcher));
    await ingest(inlinePgpText(headers('my key'), researcherPublic));
    const o = await ingest(raw);
    expect(o).toMatchObject({ outcome: 'new-report', signature: { status: 'good' }, decryption: { ok: true } });
    expect(reportOf(o)?.bodyText).toContain('encrypt-then-sign body');
  });

  test.each([
    ['a signed-only multipart/signed verifies over the exact signed bytes', false, 'good'],
    ['a tampered signed part is a bad signature', true, 'bad'],
  ])('%s', async (_n, tamper, status) => {
    const { canonicalize } = await import('../../src/mail/pgp-mime.js');
    const entity = innerMime({ text: 'Cleartext but signed: CSRF on /settings/email.', attachments: [{ name: 'ada.asc', contentType: 'application/pgp-keys', content: researcherPublic }] });
    let raw = multipartSigned(headers('CSRF'), entity, await gpg.signDetached(canonicalize(entity), researcher));
    if (tamper) raw = raw.replace('CSRF on /settings/email', 'CSRF on /settings/phone');
    const o = await ingest(raw);
    expect(o).toMatchObject({ outcome: 'new-report', decryption: { encrypted: false }, signature: { status } });
  });

  test('inline PGP in both parts of a Mailvelope multipart/alternative gives one report with the decrypted text', async () => {
    const before = rt.repos.reports.list().length;
    const o = await ingest(mailvelopeHtml(headers('Mailvelope'), await gpg.encrypt('Mailvelope body: open redirect.', [ws.teamFingerprint])));
    expect(o.outcome).toBe('new-report');
    expect(rt.repos.reports.list().length).toBe(before + 1);
    expect(reportOf(o)?.bodyText).toBe('Mailvelope body: open redirect.');
  });

  test('encrypted attachments (.pgp binary, .asc armored) are decrypted and named without the extension', async () => {
    const binary = await gpg.encrypt(Buffer.from([0, 1, 2, 3, 255]), [ws.teamFingerprint], { armor: false });
    const armored = await gpg.encrypt('armored attachment body', [ws.teamFingerprint]);
    const o = await ingest(encryptedAttachment(headers('attached'), 'See attachments.', [
      { name: 'dump.bin.pgp', content: binary },
      { name: 'report.txt.asc', content: armored },
    ]));
    const atts = rt.repos.reports.attachments(reportOf(o)?.id as number);
    expect(atts.map((a) => [a.name, a.size, a.encrypted])).toEqual([
      ['dump.bin', 5, true],
      ['report.txt', 'armored attachment body'.length, true],
    ]);
  });
});

describe('hostile input fails with a reason, keeps its bytes, and the pipeline goes on', () => {
  test.each([
    ['non-integrity-protected ciphertext (no MDC)', async () => inlinePgpText(headers('nonmdc'), await nonMdcMessage(ws.teamPublicKey, 'x')), 'not_integrity_protected', /not integrity-protected/],
    ['a compression bomb', async () => inlinePgpText(headers('bomb'), await compressionBomb(ws.teamPublicKey, 20_000_000)), 'decompression_limit', /limits\.max_decompressed_bytes/],
    ['a message encrypted to another key', async () => inlinePgpText(headers('wrong'), (await wrongKeyMessage()).armored), 'unknown_key', /^encrypted to a key we do not hold: 0x[0-9A-F]{16}/],
    ['corrupt armor', async () => inlinePgpText(headers('corrupt'), corruptArmor(await gpg.encrypt('x', [ws.teamFingerprint]), 'flip')), undefined, /corrupt|Modification|decryption failed/],
    ['a truncated PGP/MIME message', async () => truncatedMime(pgpMimeEncrypted(headers('cut'), await gpg.encrypt('x', [ws.teamFingerprint]))), 'mime_truncated', /cut off/],
    ['MIME nested deeper than limits.max_mime_depth', async () => nestedMime(30), 'mime_depth', /max_mime_depth/],
  ])('%s', async (_n, make, code, reason) => {
    const raw = Buffer.from(await make());
    const o = await ingest(raw);
    expect(o.outcome).toBe('failed');
    expect(o.error).toMatch(reason);
    const stored = rt.repos.messages.failed().find((m) => m.raw.equals(raw));
    expect(stored?.raw.equals(raw)).toBe(true);
    if (code) expect(stored?.errorCode).toBe(code);
    // The next message is unaffected.
    expect((await ingest(inlinePgpText(headers('after'), await gpg.encrypt('fine', [ws.teamFingerprint])))).outcome).toBe('new-report');
  });

  test('mail encrypted with a password only (no public-key packet) fails with a reason', async () => {
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), passwords: 'pw', config: { aeadProtect: false } });
    const o = await ingest(inlinePgpText(headers('pw'), armored));
    expect(o).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/password/) });
  });
});

function nestedMime(levels: number): string {
  return Array.from({ length: levels }).reduce<string>(
    (inner, _, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${inner}\r\n--b${i}--\r\n`,
    'Content-Type: text/plain\r\n\r\nx',
  );
}
