/** @module openpgp adapter: decrypt and verify with our limits, translating library errors into UnwrapIssues exactly once. */
import * as openpgp from 'openpgp';
import type { Signature } from '../report/types.js';
import { issue, type UnwrapIssue } from './issues.js';
import type { Keyring, TeamKey } from './keyring.js';
import { fingerprintOf } from './keyring.js';

export interface PgpLimits {
  maxDecompressedBytes: number;
}

/** Deferred check: signatures are verified once every public key in the message has been seen. */
type VerificationResult = Awaited<ReturnType<typeof openpgp.verify>>['signatures'][number];

export type PendingSignature = (keys: openpgp.Key[]) => Promise<Signature>;

export type DecryptResult =
  | { ok: true; data: Uint8Array; teamKey: TeamKey; filename: string | null; signature: PendingSignature | null }
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
      const result = await openpgp.decrypt({ message, decryptionKeys: teamKey.key, format: 'binary', config, expectSigned: false });
      const data = result.data as Uint8Array;
      const signerIds = result.signatures.map((s) => s.keyID);
      const signature: PendingSignature | null =
        signerIds.length === 0
          ? null
          : async (keys) => {
              const again = await openpgp.decrypt({ message: await read(), decryptionKeys: teamKey.key, verificationKeys: keys, format: 'binary', config });
              return evaluate(again.signatures, keys);
            };
      return { ok: true, data, teamKey, filename: result.filename || null, signature };
    } catch (e) {
      const translated = translate(e, limits);
      if (translated.code !== 'decrypt_failed' || !wildcard) return { ok: false, issue: translated };
      message = await read();
    }
  }
  return { ok: false, issue: issue('unknown_key', 'none of our keys decrypts this message (anonymous recipient)') };
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
      return { status: 'bad', signerFingerprint: null };
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

async function evaluate(signatures: VerificationResult[], keys: openpgp.Key[]): Promise<Signature> {
  const first = signatures[0];
  if (!first) return { status: 'none', signerFingerprint: null };
  const signer = keys.find((k) => k.getKeys(first.keyID).length > 0);
  if (!signer) return { status: 'unknown-key', signerFingerprint: await issuerFingerprint(first) };
  try {
    await first.verified;
    return { status: 'good', signerFingerprint: fingerprintOf(signer) };
  } catch {
    return { status: 'bad', signerFingerprint: fingerprintOf(signer) };
  }
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
