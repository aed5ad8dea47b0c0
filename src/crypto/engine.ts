/** @module Where decryption and signature checks run: the CryptoEngine the team keys live in (a worker pool, or this thread). */
import type * as openpgp from 'openpgp';
import * as ops from './pool/ops.js';
import type { Decrypted, HeldKey, PgpLimits, SessionKey, Verdict } from './pool/ops.js';

/** The operations of pool/ops.ts; the team keys stay where the engine keeps them. */
export interface CryptoEngine {
  decrypt(input: string | Uint8Array, limits: PgpLimits, current: string | null): Promise<Decrypted>;
  verifyEncrypted(input: string | Uint8Array, sessionKeys: SessionKey[], keys: openpgp.Key[], limits: PgpLimits): Promise<Verdict[]>;
  verifyDetached(data: Uint8Array, armoredSignature: string, keys: openpgp.Key[]): Promise<Verdict[]>;
  verifyCleartext(armored: string, keys: openpgp.Key[]): Promise<Verdict[]>;
  /** Resolves once the engine can work at full speed (every worker started, its keys unlocked). */
  ready(): Promise<void>;
  /** Stops the workers, if any; requests made later fail. */
  close(): Promise<void>;
}

/** The engine of one-shot commands and tests: the operations on this thread, with the keys already loaded here. */
export function inlineEngine(held: readonly HeldKey[]): CryptoEngine {
  return {
    decrypt: (input, limits, current) => ops.decrypt(held, input, limits, current),
    verifyEncrypted: ops.verifyEncrypted,
    verifyDetached: ops.verifyDetached,
    verifyCleartext: ops.verifyCleartext,
    ready: async () => undefined,
    close: async () => undefined,
  };
}

/** The keys among `keys` that can have made a signature with one of `keyIds` (hex): all openpgp would try, in order. */
export function signersAmong(keys: openpgp.Key[], keyIds: readonly string[]): openpgp.Key[] {
  // The all-zero key ID is a wildcard: openpgp matches it to every key.
  const wanted = new Set(keyIds);
  if (wanted.has('0000000000000000')) return keys;
  return keys.filter((k) => k.getKeys().some((sub) => wanted.has(sub.getKeyID().toHex())));
}
