import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, test } from 'vitest';
import { judge, type Piece, type Scope } from './coverage.js';
import type { SignatureCheck } from './pgp.js';

let ada: openpgp.Key;
let eve: openpgp.Key;
beforeAll(async () => {
  const make = async (email: string) => (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email }], format: 'object' })).publicKey;
  [ada, eve] = await Promise.all([make('ada@r.example'), make('eve@x.example')]);
});

const clear: Scope = { encrypted: false, signedBy: [] };
const inside = (...signedBy: number[]): Scope => ({ encrypted: true, signedBy });
const signedClear = (...signedBy: number[]): Scope => ({ encrypted: false, signedBy });
const text = (t: string, scope: Scope): Piece => ({ kind: 'text', text: t, scope });
const file = (name: string, scope: Scope, key = false): Piece => ({ kind: 'attachment', name, contentType: key ? 'application/pgp-keys' : 'text/plain', content: Buffer.from(name), scope, key });
const good = (who: () => openpgp.Key): SignatureCheck[] => [{ status: 'good', signerFingerprint: who().getFingerprint().toUpperCase(), signer: who() }];
const bad: SignatureCheck[] = [{ status: 'bad', signerFingerprint: null, signer: null }];

describe('coverage: only what the cryptography covered is the report', () => {
  test.each([
    ['PGP/MIME signed inside: all of it is the report, signed by the sender', [text('report', inside(0)), file('poc.py', inside(0))], () => [good(() => ada)], true, { coverage: 'full', signature: 'good', report: ['report', 'poc.py'], outside: [], authored: true }],
    ['a cleartext greeting around inline armor is kept apart; the signed report still proves authorship', [text('Hi team,', clear), text('report', inside(0))], () => [good(() => ada)], true, { coverage: 'partial', signature: 'partial', report: ['report'], outside: ['Hi team,'], authored: true }],
    ['blank cleartext around the armor does not count', [text('\r\n  ', clear), text('report', inside(0))], () => [good(() => ada)], true, { coverage: 'full', signature: 'good', report: ['report'], outside: [], authored: true }],
    ['a public key attached outside the encryption makes nothing partial', [text('report', inside(0)), file('ada.asc', clear, true)], () => [good(() => ada)], true, { coverage: 'full', signature: 'good', report: ['report'], outside: [], authored: true }],
    ['a cleartext attachment beside the ciphertext is kept apart', [text('report', inside()), file('evil.txt', clear)], () => [], true, { coverage: 'partial', signature: 'none', report: ['report'], outside: ['evil.txt'], authored: false }],
    ['a valid signature by another identity is other-signer and proves nothing', [text('report', inside(0))], () => [good(() => eve)], true, { coverage: 'full', signature: 'other-signer', report: ['report'], outside: [], authored: false }],
    ['one bad signature beside a good one is bad', [text('a', inside(0)), text('b', inside(1))], () => [good(() => ada), bad], true, { coverage: 'full', signature: 'bad', report: ['a', 'b'], outside: [], authored: false }],
    ['two signatures in one block: the bad one counts', [text('a', inside(0))], () => [[...good(() => ada), ...bad]], true, { coverage: 'full', signature: 'bad', report: ['a'], outside: [], authored: false }],
    ['encrypted but unsigned: the report, without authorship', [text('report', inside())], () => [], true, { coverage: 'full', signature: 'none', report: ['report'], outside: [], authored: false }],
    ['cleartext mail with a good signed block: the signed text is the report, the rest apart', [text('injected', clear), text('signed report', signedClear(0))], () => [good(() => ada)], false, { coverage: 'none', signature: 'partial', report: ['signed report'], outside: ['injected'], authored: true }],
    ['plain unsigned cleartext mail is all report, nothing authenticated', [text('plain report', clear)], () => [], false, { coverage: 'none', signature: 'none', report: ['plain report'], outside: [], authored: false }],
  ])('%s', (_n, pieces, checks, encrypted, expected) => {
    const v = judge(pieces, checks(), 'ada@r.example', encrypted);
    const names = (ps: Piece[]) => ps.map((p) => (p.kind === 'attachment' ? p.name : p.text.trim())).filter((n) => n !== '');
    expect({
      coverage: v.coverage,
      signature: v.signature.status,
      report: names(v.report),
      outside: v.unencryptedParts.map((p) => (p.kind === 'attachment' ? p.name : p.text?.trim())),
      authored: v.reportSignedBySender,
    }).toEqual(expected);
  });

  test('a signature is never good without a From address to bind it to', () => {
    expect(judge([text('report', inside(0))], [good(() => ada)], null, true).signature.status).toBe('other-signer');
  });

  test('parts kept apart say what they are: kind, size, hash, encrypted and signed, and an excerpt of text', () => {
    const [part] = judge([text('x'.repeat(20_000), clear), text('report', inside())], [], 'ada@r.example', true).unencryptedParts;
    expect(part).toMatchObject({ kind: 'text', contentType: 'text/plain', size: 20_000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), encrypted: false, signed: false });
    expect(part?.text?.length).toBe(16_384);
  });
});
