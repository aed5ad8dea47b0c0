/**
 * @module Hostile corpus, replay: a victim's captured ciphertext sent again by an attacker in a new wrapper is a
 * replay — no new report, no mail to anyone, the original flagged — and the victim's own resend is a duplicate.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encryptedAttachment, innerMime, mailvelopeHtml, pgpMimeEncrypted } from '../../src/demo/researcher-mail.js';
import { mid, openBench, type Bench } from './harness.js';

let b: Bench;
let victimCiphertext: string;
let attackerKey: string;
let victimRef: string;
let victimMessageId: string;
const VICTIM = 'rene@victim.example';
const ATTACKER = 'eve@attacker.example';
const headers = (from: string, tag: string, extraHeaders?: Record<string, string>) => ({ from, to: 'security@example.test', subject: 'Security report', messageId: mid(tag), ...(extraHeaders ? { extraHeaders } : {}) });

beforeAll(async () => {
  b = await openBench();
  const victim = await b.gpg.generateKey(`Rene <${VICTIM}>`);
  const attacker = await b.gpg.generateKey(`Eve <${ATTACKER}>`);
  attackerKey = await b.gpg.exportPublicKey(attacker);
  const inner = innerMime({ subject: 'RCE in acme-server 3.2 via crafted upload', text: 'Product: acme-server\nAffected versions: 3.2\nThe upload handler runs the file.', attachments: [{ name: 'poc.py', contentType: 'text/x-python', content: 'print("pwned")\n' }] });
  victimCiphertext = await b.gpg.encrypt(inner, [b.team], { sign: victim });
  const h = headers(`Rene <${VICTIM}>`, 'victim');
  victimMessageId = h.messageId;
  const o = await b.ingest(pgpMimeEncrypted(h, victimCiphertext));
  expect(o.outcome).toBe('new-report');
  victimRef = o.reportRef as string;
});
afterAll(async () => b?.close());

/** base64 of the attacker's key without armor, folded as a client folds an Autocrypt header. */
async function autocryptHeader(): Promise<string> {
  const { data } = await openpgp.unarmor(attackerKey);
  const b64 = Buffer.from(data as Uint8Array).toString('base64');
  return `addr=${ATTACKER}; keydata=${(b64.match(/.{1,72}/g) ?? []).join('\r\n ')}`;
}

async function binaryCiphertext(): Promise<Buffer> {
  const { data } = await openpgp.unarmor(victimCiphertext);
  return Buffer.from(data as Uint8Array);
}

/** The victim's packets with a PKESK for the attacker's key put in front: other bytes, the same session key. */
async function withAttackerRecipient(): Promise<string> {
  const sessionKey = { data: new Uint8Array(32).fill(7), algorithm: 'aes256' as const };
  const extra = await openpgp.encryptSessionKey({ ...sessionKey, encryptionKeys: await openpgp.readKey({ armoredKey: attackerKey }), format: 'binary' });
  // Concatenated as bytes: OpenPGP messages are packet sequences (RFC 9580 §10.3), so prepending a packet is valid.
  return openpgp.armor(openpgp.enums.armor.message, Buffer.concat([Buffer.from(extra), await binaryCiphertext()]));
}

const ATTACKS: [string, () => Promise<string>][] = [
  ['inside a new PGP/MIME body from the attacker', async () => pgpMimeEncrypted(headers(`Eve <${ATTACKER}>`, 'pgpmime'), victimCiphertext)],
  [
    "inside multipart/mixed next to the attacker's own key",
    async () =>
      encryptedAttachment(headers(`Eve <${ATTACKER}>`, 'mixed'), victimCiphertext, [{ name: 'eve.asc', content: attackerKey, contentType: 'application/pgp-keys' }]),
  ],
  ['with an Autocrypt header for the attacker', async () => pgpMimeEncrypted(headers(`Eve <${ATTACKER}>`, 'autocrypt', { Autocrypt: await autocryptHeader() }), victimCiphertext)],
  ['with an extra recipient packet for the attacker added to its packets', async () => pgpMimeEncrypted(headers(`Eve <${ATTACKER}>`, 'pkesk'), await withAttackerRecipient())],
  ['pasted Mailvelope-style into HTML', async () => mailvelopeHtml(headers(`Eve <${ATTACKER}>`, 'html'), victimCiphertext, 'div')],
  ["threaded onto the victim's report by In-Reply-To", async () => pgpMimeEncrypted(headers(`Eve <${ATTACKER}>`, 'thread', { 'In-Reply-To': victimMessageId }), victimCiphertext)],
  ['as a binary .pgp attachment instead of armor', async () => encryptedAttachment(headers(`Eve <${ATTACKER}>`, 'binary'), 'see attached', [{ name: 'report.txt.pgp', content: await binaryCiphertext() }])],
];

describe('hostile: replayed ciphertext', () => {
  test.each(ATTACKS)("a victim's ciphertext %s is a replay: no new report, no mail at all, the original flagged", async (_name, build) => {
    const reportsBefore = b.rt.repos.reports.list().length;
    const outboxBefore = b.outbox().length;
    const filesBefore = b.outboxFiles().length;
    const o = await b.ingest(await build());
    expect(o).toMatchObject({ outcome: 'replay', reportRef: null });
    expect(b.rt.repos.reports.list()).toHaveLength(reportsBefore);
    expect(b.outbox()).toHaveLength(outboxBefore);
    expect(b.outboxFiles()).toHaveLength(filesBefore);
    expect(b.report(victimRef).flags).toContain('ciphertext-replayed');
    expect(b.rt.repos.keys.pinsFor(ATTACKER)).toEqual([]);
  });

  test("the same ciphertext again from the victim's own address is a duplicate of the original, not a second report", async () => {
    const reportsBefore = b.rt.repos.reports.list().length;
    const outboxBefore = b.outbox().length;
    const o = await b.ingest(pgpMimeEncrypted(headers(`Rene <${VICTIM}>`, 'victim-again'), victimCiphertext));
    expect(o).toMatchObject({ outcome: 'duplicate', reportRef: victimRef });
    expect(b.rt.repos.reports.list()).toHaveLength(reportsBefore);
    expect(b.outbox()).toHaveLength(outboxBefore);
  });
});
