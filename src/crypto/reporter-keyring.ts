/** @module Reporter public keys learned from mail (attached, inline, Autocrypt), stored in `keys` and parsed once per process. */
import type * as openpgp from 'openpgp';
import type { Repos } from '../db/index.js';
import { expiryOf, fingerprintOf } from './keyring.js';
import { readPublicKeys } from './pgp.js';

/** Every reporter public key in the `keys` table, parsed. */
export async function loadReporterKeys(repos: Pick<Repos, 'keys'>): Promise<openpgp.Key[]> {
  return (await Promise.all(repos.keys.byRole('reporter').map((k) => readPublicKeys(k.publicKey)))).flat();
}

/** Reporter public keys learned from earlier mail, parsed once per process. */
export function createReporterKeyCache(repos: Pick<Repos, 'keys'>) {
  let cache: Map<string, openpgp.Key> | null = null;
  return {
    async all(): Promise<openpgp.Key[]> {
      if (!cache) {
        cache = new Map((await loadReporterKeys(repos)).map((key) => [fingerprintOf(key), key]));
      }
      return [...cache.values()];
    },
    /** Expiry needs async openpgp calls, so key records are built before the recording transaction. */
    async describe(keys: openpgp.Key[]): Promise<LearnedKey[]> {
      return Promise.all(
        keys.map(async (key) => ({
          key: key.toPublic(),
          fingerprint: fingerprintOf(key),
          userIds: key.getUserIDs(),
          createdAt: key.getCreationTime().toISOString(),
          expiresAt: (await expiryOf(key))?.toISOString() ?? null,
          revoked: await key.isRevoked().catch(() => false),
        })),
      );
    },
    /** Stores keys a message carried; runs inside the recording transaction. */
    learn(keys: LearnedKey[], at: Date) {
      for (const k of keys) {
        repos.keys.upsert({ ...k, role: 'reporter', publicKey: k.key.armor(), source: 'message', file: null, seenAt: at.toISOString() });
        cache?.set(k.fingerprint, k.key);
      }
    },
  };
}

export type ReporterKeyCache = ReturnType<typeof createReporterKeyCache>;

export interface LearnedKey {
  key: openpgp.Key;
  fingerprint: string;
  userIds: string[];
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
}

