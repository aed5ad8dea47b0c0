/** @module `keys import --recipient`: a team member's public key for the digest, stored apart from reporter keys (it pins no reporter address). */
import type { Repos } from '../db/index.js';
import type { RecipientKey } from '../db/digests.js';
import { SecintakeError } from '../errors.js';
import { expiryOf, fingerprintOf } from './keyring.js';
import { armoredOrBinary, readPublicKeys } from './pgp.js';
import { emailsOf } from './reporter-key.js';

export async function importRecipientKeys(repos: Pick<Repos, 'digests'>, data: Buffer, now: Date): Promise<RecipientKey[]> {
  const keys = await readPublicKeys(armoredOrBinary(data));
  if (keys.length === 0) throw new SecintakeError('E_INPUT', 'the file holds no OpenPGP public key', { hint: 'export it with `gpg --armor --export ADDRESS`' });
  const records: RecipientKey[] = [];
  for (const key of keys) {
    const addresses = emailsOf(key);
    if (addresses.length === 0) throw new SecintakeError('E_INPUT', `key ${fingerprintOf(key)} names no email address`, { hint: 'add a user ID with the address in digest.recipients (`gpg --quick-add-uid`)' });
    for (const address of addresses) {
      const record: RecipientKey = {
        fingerprint: fingerprintOf(key),
        address,
        userIds: key.getUserIDs(),
        expiresAt: (await expiryOf(key))?.toISOString() ?? null,
        revoked: await key.isRevoked().catch(() => false),
        publicKey: key.toPublic().armor(),
        importedAt: now.toISOString(),
      };
      repos.digests.upsertRecipientKey(record);
      records.push(record);
    }
  }
  return records;
}
