/** @module openpgp adapter for outgoing mail: sign + encrypt (gpg 2.2 compatible), detached signatures with the real micalg. */
import * as openpgp from 'openpgp';
import { SecintakeError } from '../errors.js';

// gpg 2.2 cannot read AEAD (v5/v6) packets; SEIPD v1 with MDC is what it and Thunderbird expect.
const OUTGOING: openpgp.PartialConfig = { aeadProtect: false, preferredHashAlgorithm: openpgp.enums.hash.sha256 };

export async function signAndEncrypt(data: string, signingKey: openpgp.PrivateKey, encryptionKeys: openpgp.Key[]): Promise<string> {
  return openpgp.encrypt({
    message: await openpgp.createMessage({ binary: Buffer.from(data, 'utf8') }),
    encryptionKeys: encryptionKeys as openpgp.PublicKey[],
    signingKeys: signingKey,
    config: OUTGOING,
  });
}

/** RFC 3156 §5 detached signature and its `micalg`, named from the hash the signature really used. */
export async function signDetached(data: string, signingKey: openpgp.PrivateKey): Promise<{ signature: string; micalg: string }> {
  const signature = await openpgp.sign({ message: await openpgp.createMessage({ binary: Buffer.from(data, 'utf8') }), signingKeys: signingKey, detached: true, config: OUTGOING });
  const parsed = await openpgp.readSignature({ armoredSignature: signature });
  const hash = (parsed.packets[0] as { hashAlgorithm?: number } | undefined)?.hashAlgorithm;
  const name = hash === undefined ? undefined : openpgp.enums.read(openpgp.enums.hash, hash);
  if (!name || name === 'sha1' || name === 'md5') {
    throw new SecintakeError('E_KEYS_WEAK', `refusing to send a signature made with ${name ?? 'an unknown hash'}`, {
      hint: 'the team key prefers a broken hash: generate a new one with `secintake keys generate --rotate`',
    });
  }
  return { signature, micalg: `pgp-${name}` };
}
