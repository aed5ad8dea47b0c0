/** @module openpgp adapter: decrypt and verify with our limits, in the keyring's crypto engine (pool/ops.ts translates library errors into UnwrapIssues, once). */
import * as openpgp from 'openpgp';
import { inlineEngine, signersAmong, type CryptoEngine } from './engine.js';
import type { UnwrapIssue } from './issues.js';
import type { Keyring, TeamKey } from './keyring.js';
import type { PgpLimits, Verdict } from './pool/ops.js';

export type { PgpLimits } from './pool/ops.js';

/** One signature, checked: by whom (when we know the key) and whether it verifies. Binding it to the sender is the caller's job. */
export interface SignatureCheck {
  status: 'good' | 'bad' | 'unknown-key';
  signerFingerprint: string | null;
  /** The signing key, when we hold it: its user IDs say whose signature this is. */
  signer: openpgp.Key | null;
}

/** Every signature of one signed block, checked once all the message's public keys are known. */
export type PendingSignature = (keys: openpgp.Key[]) => Promise<SignatureCheck[]>;

export type DecryptResult =
  | {
      ok: true;
      data: Uint8Array;
      teamKey: TeamKey;
      filename: string | null;
      signature: PendingSignature | null;
      /** Identifies the ciphertext whatever wraps it (armor, MIME, added or removed recipients): a hash of its session key. */
      ciphertextId: string;
    }
  | { ok: false; issue: UnwrapIssue };

type Engines = Pick<Keyring, 'keys' | 'engine'>;

const engineOf = (keyring: Engines): CryptoEngine => keyring.engine ?? inlineEngine(keyring.keys);

/**
 * Checks signatures with only the keys that can have made them (`signersAmong`), so a worker is sent a few keys, not
 * every reporter key we know; the verdicts name their signer by its place in that list.
 */
async function check(keys: openpgp.Key[], keyIds: readonly string[], verify: (signers: openpgp.Key[]) => Promise<Verdict[]>): Promise<SignatureCheck[]> {
  const signers = signersAmong(keys, keyIds);
  return (await verify(signers)).map((v) => ({ status: v.status, signerFingerprint: v.signerFingerprint, signer: v.signerIndex === null ? null : (signers[v.signerIndex] ?? null) }));
}

export async function decrypt(input: string | Uint8Array, keyring: Keyring, limits: PgpLimits): Promise<DecryptResult> {
  const engine = engineOf(keyring);
  const result = await engine.decrypt(input, limits, keyring.current?.fingerprint ?? null);
  if (!result.ok) return result;
  const teamKey = keyring.keys.find((k) => k.fingerprint === result.fingerprint);
  if (!teamKey) throw new Error(`the crypto engine decrypted with ${result.fingerprint}, which is not in the keyring`);
  const signature: PendingSignature | null =
    result.signerKeyIds.length === 0 ? null : (keys) => check(keys, result.signerKeyIds, (signers) => engine.verifyEncrypted(input, result.sessionKeys, signers, limits));
  return { ok: true, data: result.data, teamKey, filename: result.filename, signature, ciphertextId: result.ciphertextId };
}

/** Verifies a detached signature over exactly `data` (for multipart/signed: the CRLF-canonical signed part). */
export function detachedSignature(data: Uint8Array, armoredSignature: string, keyring: Engines): PendingSignature {
  return async (keys) => {
    let keyIds: string[];
    try {
      keyIds = (await openpgp.readSignature({ armoredSignature })).getSigningKeyIDs().map((id) => id.toHex());
    } catch {
      return [{ status: 'bad', signerFingerprint: null, signer: null }];
    }
    return check(keys, keyIds, (signers) => engineOf(keyring).verifyDetached(data, armoredSignature, signers));
  };
}

/** A `-----BEGIN PGP SIGNED MESSAGE-----` block: its text, and the check of its signature. */
export async function cleartextSigned(armored: string, keyring: Engines): Promise<{ text: string; signature: PendingSignature } | null> {
  try {
    const message = await openpgp.readCleartextMessage({ cleartextMessage: armored });
    const keyIds = message.getSigningKeyIDs().map((id) => id.toHex());
    return { text: message.getText(), signature: (keys) => check(keys, keyIds, (signers) => engineOf(keyring).verifyCleartext(armored, signers)) };
  } catch {
    return null;
  }
}

export async function readPublicKeys(data: string | Uint8Array): Promise<openpgp.Key[]> {
  try {
    return typeof data === 'string' ? await openpgp.readKeys({ armoredKeys: data }) : await openpgp.readKeys({ binaryKeys: data });
  } catch {
    return [];
  }
}

/** Armored text for openpgp's `armored*` inputs, else the raw bytes for its `binary*` inputs. */
export function armoredOrBinary(data: Buffer): string | Uint8Array {
  return data.subarray(0, 64).toString('latin1').includes('-----BEGIN') ? data.toString('latin1') : new Uint8Array(data);
}
