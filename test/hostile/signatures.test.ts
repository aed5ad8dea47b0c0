/**
 * @module Hostile corpus, signatures: only a signature by a key bound to the From address is `good`; another
 * identity's valid signature, unsigned text beside a signed block, and a tampered second block are each told apart,
 * and only proven authorship earns an acknowledgement that repeats content.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encryptedAttachment, innerMime, pgpMimeEncrypted } from '../../src/demo/researcher-mail.js';
import { decryptOutgoing, mid, openBench, type Bench } from './harness.js';

let b: Bench;
let signers = 0;
beforeAll(async () => {
  b = await openBench();
});
afterAll(async () => b?.close());

const headers = (from: string, tag: string) => ({ from, to: 'security@example.test', subject: 'Security report', messageId: mid(tag) });
const keyPart = async (fpr: string) => ({ name: 'key.asc', contentType: 'application/pgp-keys', content: await b.gpg.exportPublicKey(fpr) });

/** Signed and encrypted PGP/MIME with the signer's key inside the encryption, as Thunderbird sends it. */
async function signedEncrypted(from: string, signer: string, subject: string) {
  const inner = innerMime({ subject, text: 'Product: acme-server\nStored XSS in the comment form.', attachments: [await keyPart(signer)] });
  return pgpMimeEncrypted(headers(from, 'sigenc'), await b.gpg.encrypt(inner, [b.team], { sign: signer }));
}

/** A cleartext mail whose body holds `text`, with the signer's key attached beside it. */
async function cleartextWithKey(from: string, signer: string, text: string) {
  return encryptedAttachment(headers(from, 'clear'), text, [{ name: 'key.asc', content: await b.gpg.exportPublicKey(signer), contentType: 'application/pgp-keys' }]);
}

function tamper(clearsigned: string): string {
  return clearsigned.replace('second block', 'second blocK');
}

describe('hostile: signatures', () => {
  test('a valid signature by a key whose user ID is another address is other-signer, flagged, and answered with a content-free receipt', async () => {
    const mallory = await b.gpg.generateKey('Mallory <mallory@other.example>');
    const o = await b.ingest(await signedEncrypted('Ada <ada1@research.example>', mallory, 'Protected subject one'));
    expect(o.signature.status).toBe('other-signer');
    const r = b.report(o.reportRef);
    expect(r.flags).toContain('signature-other-signer');
    const sent = b.rt.repos.outbox.forReport(r.id);
    expect(sent.map((m) => m.kind)).toEqual(['receipt']);
    expect(sent[0]?.raw.toString('latin1')).not.toContain('Protected subject one');
    expect(b.rt.repos.keys.pinsFor('ada1@research.example')).toEqual([]);
  });

  test.each([
    ['a cleartext-signed block with unsigned text before it is partial', (signed: string, _other: string) => `Affected versions: 9.9.9 (unsigned)\n\n${signed}`, 'partial'],
    ['a cleartext-signed block with unsigned text after it is partial', (signed: string, _other: string) => `${signed}\nAffected versions: 9.9.9 (unsigned)\n`, 'partial'],
    ['two signed blocks, the second tampered, is bad', (signed: string, other: string) => `${signed}\n${tamper(other)}`, 'bad'],
    ['two signed blocks, both intact, is good (so the two above can fail)', (signed: string, other: string) => `${signed}\n${other}`, 'good'],
  ])('%s', async (_name, body, status) => {
    const address = `ada.${status}.${++signers}@research.example`;
    const signer = await b.gpg.generateKey(`Ada <${address}>`);
    const first = await b.gpg.clearsign('The first block: stored XSS in the comment form.\n', signer);
    const second = await b.gpg.clearsign('The second block: it also works in the profile page.\n', signer);
    const o = await b.ingest(await cleartextWithKey(`Ada <${address}>`, signer, body(first, second)));
    expect(o.signature.status).toBe(status);
    // Text outside every good signature is kept apart in cleartext mail, as unencrypted text is in encrypted mail.
    const r = b.report(o.reportRef);
    expect(b.contentOf(o.reportRef)).not.toContain('9.9.9');
    expect(JSON.stringify(r.fields)).not.toContain('9.9.9');
  });

  test("a signature by the From address's own key is good, and the acknowledgement is encrypted to it and repeats the protected subject", async () => {
    const ada = await b.gpg.generateKey('Ada <ada2@research.example>');
    const o = await b.ingest(await signedEncrypted('Ada <ada2@research.example>', ada, 'Protected subject two'));
    expect(o.signature).toMatchObject({ status: 'good', signerFingerprint: ada });
    const sent = b.rt.repos.outbox.forReport(b.report(o.reportRef).id);
    expect(sent.map((m) => m.kind)).toEqual(['ack']);
    expect(sent[0]?.raw.toString('latin1')).not.toContain('Protected subject two');
    const text = await decryptOutgoing(sent[0]?.raw as Buffer, await b.gpg.exportSecretKey(ada));
    expect(text).toContain('Protected subject two');
  });
});
