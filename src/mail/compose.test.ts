import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, test } from 'vitest';
import { isSecintakeError } from '../errors.js';
import { compose, type ComposeInput } from './compose.js';

let team: openpgp.PrivateKey;
let reporter: openpgp.PrivateKey;
beforeAll(async () => {
  const make = (email: string) => openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email }], format: 'object' }).then((k) => k.privateKey);
  [team, reporter] = await Promise.all([make('security@example.test'), make('ada@research.example')]);
});

const input = (over: Partial<ComposeInput> = {}): ComposeInput => ({
  kind: 'test',
  from: { name: 'Example Security', address: 'security@example.test' },
  to: 'ada@research.example',
  subject: '[SEC-2026-0001] Report received',
  text: 'Hello,\n\nthank you.',
  inReplyTo: 'report-1@research.example',
  references: ['root@research.example', 'report-1@research.example'],
  date: new Date('2026-03-02T10:00:00Z'),
  autoSubmitted: true,
  signingKey: team,
  protection: { kind: 'signed-only' },
  ...over,
});

/** The top header block, unfolded (RFC 5322 §2.2.3), one header per entry. */
const headerLines = (raw: Buffer) => raw.toString('utf8').split('\r\n\r\n')[0]?.replace(/\r\n(?=[ \t])/g, '').split('\r\n') ?? [];
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

const HOSTILE = [
  ['a bare CR', '\r'],
  ['CRLF with a forged Bcc header', '\r\nBcc: victim@example.org'],
  ['NUL', '\0'],
  ['ESC', '\x1b[2J'],
] as const;
const PLACES = [
  ['the In-Reply-To Message-ID', (bad: string) => ({ inReplyTo: `r${bad}1@research.example` })],
  ['a References entry', (bad: string) => ({ references: ['root@research.example', `r${bad}1@research.example`] })],
  ['the display name', (bad: string) => ({ from: { name: `Example${bad}Security`, address: 'security@example.test' } })],
  ['the subject', (bad: string) => ({ subject: `[SEC-2026-0001]${bad}Report received` })],
] as const;

describe('composer: every header goes through the header writer', () => {
  test.each(PLACES.flatMap(([place, at]) => HOSTILE.map(([what, bad]) => [what, place, at(bad)] as const)))('%s in %s never reaches the mail headers raw', async (_w, _p, over) => {
    const lines = headerLines((await compose(input(over))).raw);
    for (const line of lines) expect(line).not.toMatch(CONTROL);
    expect(lines.filter((l) => /^bcc:/i.test(l))).toEqual([]);
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual(['From', 'To', 'Subject', 'Date', 'Message-ID', ...(lines.some((l) => l.startsWith('In-Reply-To:')) ? ['In-Reply-To'] : []), 'References', 'Reply-To', 'Auto-Submitted', 'MIME-Version', 'Content-Type']);
  });

  test('a hostile real subject stays one protected header inside the encryption', async () => {
    const mail = await compose(input({ protection: { kind: 'encrypted', innerSubject: 'XSS\r\nBcc: victim@example.org', encryptTo: [reporter.toPublic()] } }));
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mail.raw.toString())?.[0] as string;
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: reporter, format: 'binary' });
    const inner = Buffer.from(data).toString('utf8').split('\r\n\r\n')[0]?.split('\r\n') ?? [];
    expect(inner).toContain('Subject: XSS Bcc: victim@example.org');
    expect(inner.filter((l) => /^bcc:/i.test(l))).toEqual([]);
  });

  test('a 2,000-character subject is folded within 998 octets per line (RFC 5322 §2.1.1)', async () => {
    const raw = (await compose(input({ subject: 'x'.repeat(2_000) }))).raw.toString('utf8');
    const head = raw.split('\r\n\r\n')[0] as string;
    for (const line of head.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
  });

  test.each([
    ['a recipient address with a CRLF is refused', { to: 'ada@research.example\r\nBcc: victim@example.org' }, 'E_MAIL_HEADER'],
    ['a recipient address with a NUL is refused', { to: 'ada\0@research.example' }, 'E_MAIL_HEADER'],
    ['an empty text is refused', { text: ' \n ' }, 'E_INPUT'],
  ])('%s, with a code', async (_n, over, code) => {
    const thrown = await compose(input(over)).catch((e: unknown) => e);
    expect(isSecintakeError(thrown) && thrown.code).toBe(code);
  });
});
