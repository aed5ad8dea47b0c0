/**
 * @module Reporter public keys, pinned per address (trust on first use, as Autocrypt and Schleuder do): learned only
 * from mail whose From is the key's user ID, the first key for an address pinned, a different one left pending until it
 * comes signed by the pinned key or the team approves it. Only pinned keys are encrypted to.
 */
import type * as openpgp from 'openpgp';
import type { Repos } from '../db/index.js';
import type { PinState } from '../db/keys.js';
import type { Signature } from '../report/types.js';
import { expiryOf, fingerprintOf } from './keyring.js';
import { readPublicKeys } from './pgp.js';
import { emailsOf } from './reporter-key.js';

/** Every reporter public key in the `keys` table, parsed: for recognising who signed, never for choosing whom to encrypt to. */
export async function loadReporterKeys(repos: Pick<Repos, 'keys'>): Promise<openpgp.Key[]> {
  return (await Promise.all(repos.keys.byRole('reporter').map((k) => readPublicKeys(k.publicKey)))).flat();
}

/** The keys pinned for one address: the only ones mail to that address is encrypted to. */
export async function loadPinnedKeys(repos: Pick<Repos, 'keys'>, address: string): Promise<openpgp.Key[]> {
  return (await Promise.all(repos.keys.pinnedFor(address.toLowerCase()).map((k) => readPublicKeys(k)))).flat();
}

export interface LearnedKey {
  key: openpgp.Key;
  fingerprint: string;
  userIds: string[];
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
}

/** What a message's key does for its sender's address. */
export interface PinDecision {
  learned: LearnedKey;
  address: string;
  state: PinState;
}

/** Reporter keys parsed once per process, parsed again when another process (`keys import`, `keys approve`) committed. */
export function createReporterKeyCache(repos: Pick<Repos, 'db' | 'keys'>) {
  let cache: Map<string, openpgp.Key> | null = null;
  let version: unknown = null;
  const dataVersion = () => repos.db.pragma('data_version', { simple: true });
  return {
    async all(): Promise<openpgp.Key[]> {
      const now = dataVersion();
      if (!cache || now !== version) {
        cache = new Map((await loadReporterKeys(repos)).map((key) => [fingerprintOf(key), key]));
        version = now;
      }
      return [...cache.values()];
    },
    pinnedFor: (address: string) => loadPinnedKeys(repos, address),
    /** Expiry and revocation need async openpgp calls, so key records are built before the recording transaction. */
    async describe(keys: openpgp.Key[]): Promise<LearnedKey[]> {
      return Promise.all(
        keys.map(async (key) => ({
          key: key.toPublic(),
          fingerprint: fingerprintOf(key),
          userIds: key.getUserIDs(),
          createdAt: key.getCreationTime().toISOString(),
          expiresAt: (await expiryOf(key))?.toISOString() ?? null,
          // A revocation check that cannot run counts as revoked: fail closed.
          revoked: await key.isRevoked().catch(() => true),
        })),
      );
    },
    /**
     * The pinning rule for the keys a message from `from` carried. A key whose user IDs do not include the From
     * address, or that is revoked, teaches nothing. The first key for an address is pinned; another one is pinned only
     * when the message is signed (good, bound to From) by a key already pinned for it; otherwise it waits as pending.
     */
    decide(from: string | null, keys: LearnedKey[], signature: Signature): PinDecision[] {
      if (from === null) return [];
      const pins = repos.keys.pinsFor(from);
      const pinned = new Set(pins.filter((p) => p.state === 'pinned').map((p) => p.fingerprint));
      // partial: every signature good and bound, some text outside them (a greeting around inline armor).
      const signedByPinned = (signature.status === 'good' || signature.status === 'partial') && signature.signerFingerprint !== null && pinned.has(signature.signerFingerprint);
      return keys
        .filter((k) => !k.revoked && emailsOf(k.key).includes(from))
        .map((learned) => ({
          learned,
          address: from,
          state: pinned.size === 0 || pinned.has(learned.fingerprint) || signedByPinned ? 'pinned' : 'pending',
        }));
    },
    /** Stores the keys and their pins; inside the recording transaction. Returns the addresses with a new pending key. */
    learn(decisions: PinDecision[], messageId: number, at: Date): string[] {
      const changed = new Set<string>();
      for (const d of decisions) {
        const k = d.learned;
        const known = repos.keys.pinsFor(d.address).some((p) => p.fingerprint === k.fingerprint);
        repos.keys.upsert({ fingerprint: k.fingerprint, role: 'reporter', userIds: k.userIds, createdAt: k.createdAt, expiresAt: k.expiresAt, revoked: k.revoked, publicKey: k.key.armor(), source: 'message', file: null, seenAt: at.toISOString() });
        repos.keys.pin(d.address, k.fingerprint, d.state, messageId, at);
        if (d.state === 'pending' && !known) changed.add(d.address);
        cache?.set(k.fingerprint, k.key);
      }
      return [...changed];
    },
  };
}

export type ReporterKeyCache = ReturnType<typeof createReporterKeyCache>;

/**
 * Authorship is proven when the report is all under good signatures bound to From (`reportSignedBySender`), and, once
 * the address has pinned keys, the signer is one of them.
 */
export function provesAuthorship(reportSignedBySender: boolean, signature: Signature, pinsForSender: { fingerprint: string; state: PinState }[]): boolean {
  if (!reportSignedBySender) return false;
  const pinned = pinsForSender.filter((p) => p.state === 'pinned');
  return pinned.length === 0 || pinned.some((p) => p.fingerprint === signature.signerFingerprint);
}
