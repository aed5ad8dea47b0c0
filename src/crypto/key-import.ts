/** @module `keys import`: reporter public keys into the keys table; team secret keys into keys.dir after checking the passphrase opens them. */
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import type { Config } from '../config/load.js';
import { readSecretFile } from '../config/secrets.js';
import type { Repos } from '../db/index.js';
import type { KeyRecord } from '../db/keys.js';
import { SecintakeError } from '../errors.js';
import { makePrivateDir, writePrivateFile } from '../private-files.js';
import { expiryOf, fingerprintOf, loadKeyring } from './keyring.js';
import { armoredOrBinary, readPublicKeys } from './pgp.js';
import { emailsOf } from './reporter-key.js';

export async function importReporterKeys(repos: Repos, data: Buffer, now: Date): Promise<KeyRecord[]> {
  const keys = await readPublicKeys(armoredOrBinary(data));
  if (keys.length === 0) throw new SecintakeError('E_INPUT', 'the file holds no OpenPGP public key', { hint: 'export it with `gpg --armor --export ADDRESS`' });
  const records: KeyRecord[] = [];
  for (const key of keys) {
    const record: KeyRecord = {
      fingerprint: fingerprintOf(key),
      role: 'reporter',
      userIds: key.getUserIDs(),
      createdAt: key.getCreationTime().toISOString(),
      expiresAt: (await expiryOf(key))?.toISOString() ?? null,
      revoked: await key.isRevoked().catch(() => false),
      publicKey: key.toPublic().armor(),
      source: 'import',
      file: null,
      seenAt: now.toISOString(),
    };
    repos.keys.upsert(record);
    // The team's own word: the key is pinned for every address it names, replacing nothing but adding to the choice.
    for (const address of emailsOf(key)) repos.keys.pin(address, record.fingerprint, 'pinned', null, now);
    records.push(record);
  }
  return records;
}

export async function importTeamKey(config: Config, data: Buffer, now: Date): Promise<{ fingerprint: string; file: string; status: string }> {
  const input = armoredOrBinary(data);
  const keys = await (typeof input === 'string' ? openpgp.readPrivateKeys({ armoredKeys: input }) : openpgp.readPrivateKeys({ binaryKeys: input })).catch(() => []);
  const key = keys[0];
  if (!key) throw new SecintakeError('E_INPUT', 'the file holds no OpenPGP secret key', { hint: 'export it with `gpg --armor --export-secret-keys FINGERPRINT`; a reporter key needs --reporter' });
  const passphrase = readSecretFile(config.keys.passphrase_file, 'keys.passphrase_file');
  if (!key.isDecrypted()) {
    await openpgp.decryptKey({ privateKey: key, passphrase }).catch((e: unknown) => {
      throw new SecintakeError('E_KEYS_PASSPHRASE', 'the passphrase in keys.passphrase_file does not unlock this key', { cause: e, hint: 'all team keys share one passphrase: re-encrypt it with `gpg --edit-key FPR passwd` first' });
    });
  }
  // An unprotected key would sit on disk in the clear: store it under the team passphrase.
  const stored = key.isDecrypted() ? await openpgp.encryptKey({ privateKey: key, passphrase }) : key;
  const fingerprint = fingerprintOf(key);
  const file = join(config.keys.dir, `team-imported-${fingerprint.slice(-16)}.asc`);
  makePrivateDir(config.keys.dir);
  writePrivateFile(file, stored.armor());
  const ring = await loadKeyring(config.keys.dir, passphrase, now);
  return { fingerprint, file, status: ring.keys.find((k) => k.fingerprint === fingerprint)?.status ?? 'unknown' };
}
