/** @module Picks the key to encrypt to a reporter: the newest valid, encryption-capable key whose user ID is the reporter's address. */
import type * as openpgp from 'openpgp';

export type ReporterKeyChoice =
  | { ok: true; key: openpgp.Key; fingerprint: string }
  | { ok: false; reason: 'none' | 'expired' | 'revoked' | 'cannot-encrypt' };

/** The e-mail addresses of a key's user IDs, lower-cased: `Name <a@b>` and bare `a@b` alike. */
export const emailsOf = (key: openpgp.Key) =>
  key.getUserIDs().map((uid) => (/<([^>]+)>/.exec(uid)?.[1] ?? uid).trim().toLowerCase());

/** An expired, revoked or signing-only key counts as no key: the caller then asks for a new one (fail closed). */
/** The keys whose user ID is `address`, newest first, valid or not. */
export function keysForAddress(candidates: openpgp.Key[], address: string): openpgp.Key[] {
  return candidates.filter((k) => emailsOf(k).includes(address.toLowerCase())).sort((a, b) => b.getCreationTime().getTime() - a.getCreationTime().getTime());
}

export async function chooseReporterKey(candidates: openpgp.Key[], address: string, now: Date): Promise<ReporterKeyChoice> {
  const mine = keysForAddress(candidates, address);
  if (mine.length === 0) return { ok: false, reason: 'none' };
  let reason: 'expired' | 'revoked' | 'cannot-encrypt' = 'cannot-encrypt';
  for (const key of mine) {
    // A revocation check that cannot run counts as revoked (fail closed, README "Security model"), as in reporter-keyring.ts.
    if (await key.isRevoked(undefined, undefined, now).catch(() => true)) {
      reason = 'revoked';
      continue;
    }
    const expiry = await key.getExpirationTime().catch(() => null);
    if (expiry instanceof Date && expiry <= now) {
      reason = 'expired';
      continue;
    }
    // A key made minutes ago on a machine whose clock runs ahead is not "from the future": judge it once it exists.
    const at = new Date(Math.max(now.getTime(), ...key.getKeys().map((k) => k.getCreationTime().getTime())));
    try {
      await key.getEncryptionKey(undefined, at);
      return { ok: true, key, fingerprint: key.getFingerprint().toUpperCase() };
    } catch {
      reason = 'cannot-encrypt';
    }
  }
  return { ok: false, reason };
}
