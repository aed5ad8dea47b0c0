/** @module openpgp adapter for outgoing mail: sign + encrypt (gpg 2.2 compatible), detached signatures with the real micalg; in the engine that holds the signing key. */
import type * as openpgp from 'openpgp';
import { holderOf } from './engine.js';
import { fingerprintOf } from './fingerprint.js';
import * as ops from './pool/ops.js';

export async function signAndEncrypt(data: string, signingKey: openpgp.PrivateKey, encryptionKeys: openpgp.Key[]): Promise<string> {
  const engine = holderOf(signingKey);
  return engine ? engine.signAndEncrypt(data, fingerprintOf(signingKey), encryptionKeys) : ops.signAndEncrypt(data, signingKey, encryptionKeys);
}

/** RFC 3156 §5 detached signature and its `micalg`, named from the hash the signature really used. */
export async function signDetached(data: string, signingKey: openpgp.PrivateKey): Promise<{ signature: string; micalg: string }> {
  const engine = holderOf(signingKey);
  return engine ? engine.signDetached(data, fingerprintOf(signingKey)) : ops.signDetached(data, signingKey);
}
