/**
 * @module Hostile corpus, EFAIL shapes: cleartext an attacker wraps around a genuine encrypted part is kept apart,
 * labelled unencrypted, never the report's text, attachments or extracted fields; coverage says `partial`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { encryptedAttachment, inlinePgpText, innerMime } from '../../src/demo/researcher-mail.js';
import { encryptedBody, multipart, textPart } from '../../src/mail/pgp-mime.js';
import { mid, openBench, type Bench } from './harness.js';

let b: Bench;
// Fresh ciphertext per case: the same ciphertext twice is (rightly) a duplicate.
let armored: string;
const SECRET = 'SECRET-INSIDE: the upload handler executes files';
const INJECTED = 'Title: Injected harmless typo\nAffected versions: 9.9.9\ncredit: Mallory\n';
const headers = (tag: string) => ({ from: 'Ada <ada@research.example>', to: 'security@example.test', subject: 'Security report', messageId: mid(tag) });
const top = (tag: string, entity: string) => {
  const h = headers(tag);
  return `From: ${h.from}\r\nTo: ${h.to}\r\nSubject: ${h.subject}\r\nMessage-ID: ${h.messageId}\r\nMIME-Version: 1.0\r\n${entity}`;
};
const encryptedEntity = () => {
  const { contentType, body } = encryptedBody(armored);
  return `${contentType}\r\n\r\n${body}`;
};

beforeAll(async () => {
  b = await openBench();
});
beforeEach(async () => {
  armored = await b.gpg.encrypt(innerMime({ text: `Product: acme-server\n${SECRET}\n` }), [b.team]);
});
afterAll(async () => b?.close());

const SHAPES: [string, () => string][] = [
  ['cleartext before an encrypted part in multipart/mixed', () => top('before', multipart('mixed', [textPart('text/plain', INJECTED), encryptedEntity()]))],
  ['cleartext after an encrypted part in multipart/mixed', () => top('after', multipart('mixed', [encryptedEntity(), textPart('text/plain', INJECTED)]))],
  ['cleartext before and after an encrypted part in multipart/mixed', () => top('around', multipart('mixed', [textPart('text/plain', INJECTED), encryptedEntity(), textPart('text/plain', INJECTED)]))],
  ['inline armor with cleartext around it', () => inlinePgpText(headers('inline'), armored, { prefix: `${INJECTED}\r\n`, suffix: INJECTED })],
  ['a cleartext body with an encrypted attachment', () => encryptedAttachment(headers('attachment'), INJECTED, [{ name: 'report.txt.asc', content: armored }])],
  [
    'PGP/MIME parts loose in multipart/mixed next to cleartext',
    () =>
      top(
        'loose',
        multipart('mixed', [
          textPart('text/plain', INJECTED),
          'Content-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n',
          `Content-Type: application/octet-stream; name="encrypted.asc"\r\n\r\n${armored}`,
        ]),
      ),
  ],
];

describe('hostile: EFAIL-style cleartext around ciphertext', () => {
  test.each(SHAPES)('%s: the report is only the decrypted content, the cleartext kept apart as unencrypted', async (_name, build) => {
    const o = await b.ingest(build());
    expect(o).toMatchObject({ outcome: 'new-report', decryption: { encrypted: true, ok: true } });
    const r = b.report(o.reportRef);
    const content = b.contentOf(o.reportRef);
    expect(content).toContain('SECRET-INSIDE');
    for (const marker of ['9.9.9', 'Mallory', 'Injected harmless typo']) {
      expect(content).not.toContain(marker);
      expect(JSON.stringify(r.fields)).not.toContain(marker);
    }
    expect(r.encryption.coverage).toBe('partial');
    expect(r.flags).toContain('unencrypted-parts');
    const outside = r.unencryptedParts ?? [];
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.every((p) => p.encrypted === false)).toBe(true);
    expect(outside.some((p) => (p.text ?? '').includes('Affected versions: 9.9.9'))).toBe(true);
  });

  test('the same content inside the encryption alone is coverage full, with no unencrypted parts (the cases above can fail)', async () => {
    const o = await b.ingest(top('full', encryptedEntity()));
    const r = b.report(o.reportRef);
    expect(r.encryption.coverage).toBe('full');
    expect(r.unencryptedParts ?? []).toEqual([]);
    expect(r.flags).not.toContain('unencrypted-parts');
  });
});
