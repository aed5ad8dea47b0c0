/**
 * @module Hostile corpus, header echo: bare CR, folded or encoded CRLF with an injected header, NUL and ESC in every
 * header we echo (Message-ID, In-Reply-To, References, display name, Subject) never reach an outgoing header raw.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { innerMime, pgpMimeEncrypted } from '../../src/demo/researcher-mail.js';
import { wrongKeyMessage } from '../helpers/hostile.js';
import { decryptOutgoing, headerBlock, mid, openBenchWithResearcher, type Bench } from './harness.js';

let b: Bench;
let ada: string;
beforeAll(async () => {
  ({ bench: b, researcher: ada } = await openBenchWithResearcher('Ada <ada@research.example>'));
});
afterAll(async () => b?.close());

const INJECT = 'Bcc: victim@evil.example';
const PAYLOADS: [string, (v: string) => string][] = [
  ['a bare CR and an injected Bcc line', (v) => `${v}\r${INJECT}`],
  ['a folded CRLF and an injected Bcc line', (v) => `${v}\r\n ${INJECT}`],
  ['a NUL byte', (v) => `${v}\0x`],
  ['an ESC sequence', (v) => `${v}\x1b[31mred`],
];
/** Where the payload goes; encoded words carry the CRLF through RFC 2047 decoding where a name or subject is decoded. */
const HEADERS: [string, (p: (v: string) => string) => Record<string, string>][] = [
  ['Message-ID', (p) => ({ 'Message-ID': p(mid('echo').slice(0, -1)) + '>' })],
  ['In-Reply-To', (p) => ({ 'In-Reply-To': p('<elsewhere@x.example') + '>' })],
  ['References', (p) => ({ References: `<a@x.example> ${p('<b@x.example')}>` })],
  ['the display name', (p) => ({ From: `${p('Ada')} <ada@research.example>` })],
  ['the Subject', (p) => ({ Subject: p('XSS in comments') })],
];
const ENCODED: [string, Record<string, string>][] = [
  // RFC 2047 §5(3) allows no ':' in an encoded word of a phrase; addressparser reads one as group syntax: no mailbox.
  ['the display name as an encoded CRLF (a colon makes it a group: answered to nobody)', { From: `=?utf-8?q?Ada=0D=0A${INJECT.replace(/ /g, '_')}?= <ada@research.example>` }],
  ['the Subject as an encoded CRLF', { Subject: `=?utf-8?q?XSS=0D=0A${INJECT.replace(/ /g, '_')}?=` }],
  ['the Subject as encoded NUL and ESC', { Subject: '=?utf-8?q?XSS=00=1B]8;;https://evil.example=07?=' }],
];

function mail(over: Record<string, string>): string {
  const h = { From: 'Ada <ada@research.example>', To: 'security@example.test', Subject: 'XSS in comments', 'Message-ID': mid('echo'), ...over };
  return `${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\nThe comment form does not escape <script>.\r\n`;
}

/** What an outgoing mail's bytes must never hold: a CR without LF, an LF without CR, NUL, ESC, or the injected line. */
function expectClean(raw: Buffer) {
  const text = raw.toString('latin1');
  expect(text).not.toMatch(/\r(?!\n)/);
  expect(text).not.toMatch(/(?<!\r)\n/);
  expect(text).not.toMatch(/[\0\x1b\x07]/);
  const lines = headerBlock(raw).split('\r\n');
  expect(lines.filter((l) => /^bcc\s*:/i.test(l))).toEqual([]);
}

// A control character in From makes it no mailbox at all (src/mail/address.ts), so that mail is answered to nobody.
const CASES = [
  ...HEADERS.flatMap(([where, at]) => PAYLOADS.map(([what, p]) => [`${what} in ${where}`, at(p), where !== 'the display name'] as const)),
  ...ENCODED.map(([where, h]) => [where, h, !where.startsWith('the display name')] as const),
];

describe('hostile: header echo', () => {
  test.each(CASES)('%s reaches no outgoing header raw, and adds no recipient', async (_name, over, answered) => {
    const before = b.outbox().length;
    await b.ingest(mail(over));
    const sent = b.outbox().slice(before);
    expect(sent.length > 0).toBe(answered);
    for (const m of sent) {
      expectClean(m.raw);
      expect(m.recipients).toEqual(['ada@research.example']);
    }
    for (const raw of b.outboxFiles()) expectClean(raw);
  });

  test.each(ENCODED.concat(PAYLOADS.map(([what, p]) => [`${what} in the Subject`, { Subject: p('XSS in comments') }])))(
    '%s in a signed and encrypted report reaches neither the outer headers nor the protected headers of the encrypted acknowledgement',
    async (_name, over) => {
      const before = b.outbox().length;
      const inner = innerMime({ text: 'The comment form does not escape <script>.', attachments: [{ name: 'ada.asc', contentType: 'application/pgp-keys', content: await b.gpg.exportPublicKey(ada) }] });
      const armored = await b.gpg.encrypt(inner, [b.team], { sign: ada });
      const raw = pgpMimeEncrypted({ from: 'Ada <ada@research.example>', to: 'security@example.test', subject: 'placeholder', messageId: mid('inner') }, armored);
      const o = await b.ingest(raw.replace('Subject: placeholder', `Subject: ${over.Subject}`));
      const sent = b.outbox().slice(before);
      expect(sent.map((m) => m.kind)).toEqual(['ack']);
      const ack = sent[0]?.raw as Buffer;
      expectClean(ack);
      const decrypted = await decryptOutgoing(ack, await b.gpg.exportSecretKey(ada));
      expect(decrypted).toContain(o.reportRef as string);
      expectClean(Buffer.from(decrypted.replace(/\r?\n/g, '\r\n'), 'latin1'));
      expect(decrypted).not.toMatch(/^bcc\s*:/im);
    },
  );

  test.each(PAYLOADS)('%s in Message-ID and References of mail we cannot decrypt reaches nothing in the undecryptable answer', async (_name, p) => {
    const before = b.outbox().length;
    const { armored } = await wrongKeyMessage();
    await b.ingest(mail({ 'Message-ID': p(mid('undecryptable').slice(0, -1)) + '>', References: `<a@x.example> ${p('<b@x.example')}>` }).replace('The comment form does not escape <script>.', armored));
    const sent = b.outbox().slice(before);
    expect(sent.map((m) => m.kind)).toEqual(['undecryptable']);
    for (const m of sent) expectClean(m.raw);
  });

  test('a mail with clean headers is answered, so the checks above ran over real outgoing mail', async () => {
    const before = b.outbox().length;
    await b.ingest(mail({}));
    expect(b.outbox().length).toBeGreaterThan(before);
  });
});
