import * as openpgp from 'openpgp';
import { describe, expect, test } from 'vitest';
import { chooseReporterKey } from './reporter-key.js';

const now = new Date('2026-11-23T10:00:00Z');
const DAY = 86_400_000;

async function key(email: string, opts: { created?: Date; expiresSeconds?: number; revoked?: boolean; signOnly?: boolean } = {}): Promise<openpgp.Key> {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'R', email }],
    date: opts.created ?? new Date(now.getTime() - DAY),
    keyExpirationTime: opts.expiresSeconds ?? 0,
    subkeys: opts.signOnly ? [] : [{}],
    format: 'object',
  });
  if (opts.revoked) {
    const { publicKey } = await openpgp.revokeKey({ key: privateKey, date: new Date(now.getTime() - 1000), format: 'object' });
    return publicKey;
  }
  return privateKey.toPublic();
}

describe('choosing the key to encrypt to a reporter', () => {
  test.each([
    ['no key for the address', async () => [await key('other@x.example')], { ok: false, reason: 'none' }],
    ['an expired key counts as none', async () => [await key('r@x.example', { created: new Date(now.getTime() - 10 * DAY), expiresSeconds: 86_400 })], { ok: false, reason: 'expired' }],
    ['a revoked key counts as none', async () => [await key('r@x.example', { revoked: true })], { ok: false, reason: 'revoked' }],
    [
      'a key whose revocation check cannot run counts as revoked (fail closed)',
      async () => [Object.assign(await key('r@x.example'), { isRevoked: () => Promise.reject(new Error('unreadable revocation signature')) })],
      { ok: false, reason: 'revoked' },
    ],
    ['a signing-only key cannot encrypt', async () => [await key('r@x.example', { signOnly: true })], { ok: false, reason: 'cannot-encrypt' }],
    ['a key created a minute "in the future" (clock skew) is usable', async () => [await key('r@x.example', { created: new Date(now.getTime() + 60_000) })], { ok: true }],
    ['the address matches case-insensitively', async () => [await key('R@X.example')], { ok: true }],
  ])('%s', async (_n, make, expected) => {
    expect(await chooseReporterKey(await make(), 'r@x.example', now)).toMatchObject(expected);
  });

  test('the newest valid key wins', async () => {
    const old = await key('r@x.example', { created: new Date(now.getTime() - 5 * DAY) });
    const newer = await key('r@x.example', { created: new Date(now.getTime() - 2 * DAY) });
    const choice = await chooseReporterKey([old, newer], 'r@x.example', now);
    expect(choice.ok && choice.fingerprint).toBe(newer.getFingerprint().toUpperCase());
  });
});
