/** @module Team secret keys from keys.dir: every *.asc holding a secret key; the newest valid one is current, the rest retired or expired. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { SecintakeError } from '../errors.js';
import type { KeyStatus } from '../report/types.js';
import type { CryptoEngine } from './engine.js';
import { fingerprintOf } from './fingerprint.js';
import { streamIteratedS2K } from './s2k.js';

export { fingerprintOf } from './fingerprint.js';

export interface TeamKey {
  fingerprint: string;
  key: openpgp.PrivateKey;
  file: string;
  userIds: string[];
  createdAt: Date;
  /** null: never expires. */
  expiresAt: Date | null;
  revoked: boolean;
  status: KeyStatus;
}

export interface Keyring {
  keys: TeamKey[];
  current: TeamKey | null;
  /** The team keys whose (sub)key IDs appear in a message's encryption packets. */
  forKeyIds(keyIds: openpgp.KeyID[]): TeamKey[];
  /** Where decryption and signature checks run (runtime.ts gives bulk intake a worker pool); absent: on this thread. */
  engine?: CryptoEngine;
}

export async function expiryOf(key: openpgp.Key): Promise<Date | null> {
  const t = await key.getExpirationTime().catch(() => null);
  return t instanceof Date ? t : null;
}

/** Loads and unlocks every team key; a key that the passphrase cannot unlock is an error, not a silent skip. */
export async function loadKeyring(dir: string, passphrase: string, now: Date): Promise<Keyring> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.asc')).sort();
  } catch (e) {
    throw new SecintakeError('E_KEYS_NONE', `cannot read the keys directory ${dir}`, { cause: e, hint: 'run `secintake keys generate`' });
  }
  const loaded: Omit<TeamKey, 'status'>[] = [];
  for (const file of files) {
    const armored = readFileSync(join(dir, file), 'utf8');
    if (!armored.includes('PRIVATE KEY BLOCK')) continue;
    for (const key of await unlockArmored(armored, passphrase, join(dir, file))) {
      loaded.push({
        fingerprint: fingerprintOf(key),
        key,
        file: join(dir, file),
        userIds: key.getUserIDs(),
        createdAt: key.getCreationTime(),
        expiresAt: await expiryOf(key),
        revoked: await key.isRevoked(undefined, undefined, now).catch(() => false),
      });
    }
  }
  const usable = (k: Omit<TeamKey, 'status'>) => !k.revoked && (k.expiresAt === null || k.expiresAt > now);
  const newest = loaded.filter(usable).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const keys: TeamKey[] = loaded.map((k) => ({ ...k, status: k === newest ? 'current' : usable(k) ? 'retired' : 'expired' }));
  return {
    keys,
    current: keys.find((k) => k.status === 'current') ?? null,
    forKeyIds(keyIds) {
      return keys.filter((k) => keyIds.some((id) => k.key.getKeys(id).length > 0));
    },
  };
}

/** The secret keys of one armored file, unlocked (here, and in each crypto worker from the same text). */
export async function unlockArmored(armored: string, passphrase: string, file: string): Promise<openpgp.PrivateKey[]> {
  const keys = await openpgp.readPrivateKeys({ armoredKeys: armored }).catch((e: unknown) => {
    throw new SecintakeError('E_KEYS_NONE', `${file} is not a readable OpenPGP secret key`, { cause: e, hint: 'remove or replace the file' });
  });
  return Promise.all(keys.map((locked) => (locked.isDecrypted() ? locked : unlock(locked, passphrase, file))));
}

/** The keyring with its keys held by `engine`: decryption and signature checks run there from now on. */
export function withEngine(keyring: Keyring, engine: CryptoEngine): Keyring {
  return { ...keyring, engine };
}

async function unlock(key: openpgp.PrivateKey, passphrase: string, file: string): Promise<openpgp.PrivateKey> {
  // The derivation hashed as a stream, not as one 16 MiB buffer per key packet (s2k.ts).
  streamIteratedS2K(key);
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase });
  } catch (e) {
    throw new SecintakeError('E_KEYS_PASSPHRASE', `the passphrase in keys.passphrase_file does not unlock ${file}`, {
      cause: e,
      hint: 'put the right passphrase in the file, or move the key out of keys.dir',
    });
  }
}
