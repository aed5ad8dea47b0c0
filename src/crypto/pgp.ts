/** @module openpgp adapter: decrypt and verify with our limits, translating library errors into UnwrapIssues exactly once. */
import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { issue, type UnwrapIssue } from './issues.js';
import type { Keyring, TeamKey } from './keyring.js';
import { fingerprintOf } from './keyring.js';

export interface PgpLimits {
  maxDecompressedBytes: number;
}

/** Deferred check: signatures are verified once every public key in the message has been seen. */
type VerificationResult = Awaited<ReturnType<typeof openpgp.verify>>['signatures'][number];

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

const pgpConfig = (limits: PgpLimits): openpgp.PartialConfig => ({
  maxDecompressedMessageSize: limits.maxDecompressedBytes,
  // Never decrypt ciphertext without MDC/AEAD: it can be modified undetected (EFAIL).
  allowUnauthenticatedMessages: false,
  allowUnauthenticatedStream: false,
});

const hexId = (id: openpgp.KeyID) => `0x${id.toHex().toUpperCase()}`;

export async function decrypt(input: string | Uint8Array, keyring: Keyring, limits: PgpLimits): Promise<DecryptResult> {
  const config = pgpConfig(limits);
  const read = () =>
    typeof input === 'string' ? openpgp.readMessage({ armoredMessage: input, config }) : openpgp.readMessage({ binaryMessage: input, config });
  let message: openpgp.Message<string | Uint8Array>;
  try {
    message = await read();
  } catch (e) {
    return { ok: false, issue: issue('armor_corrupt', `the PGP data is corrupt or not an OpenPGP message (${reason(e)}); ask the sender to resend it`) };
  }
  const keyIds = message.getEncryptionKeyIDs();
  if (keyIds.length === 0) {
    return { ok: false, issue: issue('password_encrypted', 'the message is encrypted with a password, not to our public key; ask the sender to encrypt to our key') };
  }
  // gpg --throw-keyids writes an all-zero key ID: any of our keys may be the recipient.
  const wildcard = keyIds.some((id) => /^0+$/.test(id.toHex()));
  const candidates = wildcard ? keyring.keys : keyring.forKeyIds(keyIds);
  if (candidates.length === 0) {
    const current = keyring.current ? ` (our current key is ${keyring.current.fingerprint})` : '';
    return { ok: false, issue: issue('unknown_key', `encrypted to a key we do not hold: ${keyIds.map(hexId).join(', ')}${current}`) };
  }
  for (const teamKey of candidates) {
    try {
      // Session key first: it names the ciphertext (replays), and the signature check below reuses it.
      // algorithm is null for SEIPDv2 (RFC 9580: the packet names it); decrypt accepts that, its type does not say so.
      const sessionKeys = (await openpgp.decryptSessionKeys({ message, decryptionKeys: teamKey.key, config })) as openpgp.SessionKey[];
      const result = await openpgp.decrypt({ message, sessionKeys, format: 'binary', config, expectSigned: false });
      const data = result.data as Uint8Array;
      const signature: PendingSignature | null =
        result.signatures.length === 0
          ? null
          : async (keys) => {
              const again = await openpgp.decrypt({ message: await read(), sessionKeys, verificationKeys: keys, format: 'binary', config });
              return evaluate(again.signatures, keys);
            };
      return { ok: true, data, teamKey, filename: result.filename || null, signature, ciphertextId: ciphertextId(sessionKeys) };
    } catch (e) {
      const translated = translate(e, limits);
      if (translated.code !== 'decrypt_failed' || !wildcard) return { ok: false, issue: translated };
      message = await read();
    }
  }
  return { ok: false, issue: issue('unknown_key', 'none of our keys decrypts this message (anonymous recipient)') };
}

/** Domain-separated hash of the session key: equal for the same ciphertext, useless for decrypting it. */
function ciphertextId(sessionKeys: { data: Uint8Array; algorithm: string | null }[]): string {
  const h = createHash('sha256').update('secintake ciphertext v1\0');
  for (const k of sessionKeys.slice(0, 1)) h.update(`${k.algorithm ?? ''}\0`).update(k.data);
  return h.digest('hex');
}

function translate(e: unknown, limits: PgpLimits): UnwrapIssue {
  const msg = reason(e);
  if (/not authenticated|integrity|modification detection|MDC/i.test(msg)) {
    return issue('not_integrity_protected', 'the message is not integrity-protected (no MDC/AEAD), so it could have been altered; refused. Ask the sender to use a current OpenPGP client');
  }
  if (/decompress|maximum.*size|too large/i.test(msg)) {
    return issue('decompression_limit', `decompressed size exceeds limits.max_decompressed_bytes (${limits.maxDecompressedBytes} bytes)`);
  }
  if (/armor|base64|misformed|CRC/i.test(msg)) return issue('armor_corrupt', `the PGP data is corrupt (${msg}); ask the sender to resend it`);
  return issue('decrypt_failed', `decryption failed: ${msg}`);
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/^Error decrypting message: /, '');

/** Verifies a detached signature over exactly `data` (for multipart/signed: the CRLF-canonical signed part). */
export function detachedSignature(data: Uint8Array, armoredSignature: string): PendingSignature {
  return async (keys) => {
    try {
      const signature = await openpgp.readSignature({ armoredSignature });
      const message = await openpgp.createMessage({ binary: data });
      const result = await openpgp.verify({ message, signature, verificationKeys: keys, format: 'binary' });
      return evaluate(result.signatures, keys);
    } catch {
      return [{ status: 'bad', signerFingerprint: null, signer: null }];
    }
  };
}

/** A `-----BEGIN PGP SIGNED MESSAGE-----` block: its text, and the check of its signature. */
export async function cleartextSigned(armored: string): Promise<{ text: string; signature: PendingSignature } | null> {
  try {
    const message = await openpgp.readCleartextMessage({ cleartextMessage: armored });
    return {
      text: message.getText(),
      signature: async (keys) => {
        const result = await openpgp.verify({ message, verificationKeys: keys });
        return evaluate(result.signatures, keys);
      },
    };
  } catch {
    return null;
  }
}

/** Every signature of the block, not only the first: a good one never hides a bad one beside it. */
function evaluate(signatures: VerificationResult[], keys: openpgp.Key[]): Promise<SignatureCheck[]> {
  return Promise.all(
    signatures.map(async (s): Promise<SignatureCheck> => {
      const signer = keys.find((k) => k.getKeys(s.keyID).length > 0);
      if (!signer) return { status: 'unknown-key', signerFingerprint: await issuerFingerprint(s), signer: null };
      try {
        await s.verified;
        return { status: 'good', signerFingerprint: fingerprintOf(signer), signer };
      } catch {
        return { status: 'bad', signerFingerprint: fingerprintOf(signer), signer };
      }
    }),
  );
}

/** The issuer fingerprint subpacket (RFC 4880bis) when present, else the 64-bit key ID. */
async function issuerFingerprint(v: VerificationResult): Promise<string> {
  try {
    const packet = (await v.signature).packets[0] as { issuerFingerprint?: Uint8Array | null } | undefined;
    if (packet?.issuerFingerprint) return Buffer.from(packet.issuerFingerprint).toString('hex').toUpperCase();
  } catch {
    // fall through to the key ID
  }
  return v.keyID.toHex().toUpperCase();
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
