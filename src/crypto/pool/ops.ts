/** @module The CPU-heavy openpgp operations on incoming mail (decrypt, verify signatures) on plain inputs: run in a crypto worker, or inline. */
import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { fingerprintOf } from '../fingerprint.js';
import { issue, type UnwrapIssue } from '../issues.js';
import { rsaSessionKeys, type SessionKey } from './rsa-session-keys.js';

export type { SessionKey } from './rsa-session-keys.js';

/** A team secret key, unlocked, where the operation runs. */
export interface HeldKey {
  fingerprint: string;
  key: openpgp.PrivateKey;
}

export interface PgpLimits {
  maxDecompressedBytes: number;
}

export type Decrypted =
  | {
      ok: true;
      data: Uint8Array;
      /** The team key that decrypted it. */
      fingerprint: string;
      filename: string | null;
      /** Key IDs (hex) of the signatures inside: the keys to check them with are chosen by these. Empty when unsigned. */
      signerKeyIds: string[];
      sessionKeys: SessionKey[];
      /** Identifies the ciphertext whatever wraps it (armor, MIME, added or removed recipients): a hash of its session key. */
      ciphertextId: string;
    }
  | { ok: false; issue: UnwrapIssue };

/** One signature, checked against `keys[signerIndex]` (null when none of the keys made it). */
export interface Verdict {
  status: 'good' | 'bad' | 'unknown-key';
  signerFingerprint: string | null;
  signerIndex: number | null;
}

type VerificationResult = Awaited<ReturnType<typeof openpgp.verify>>['signatures'][number];

const pgpConfig = (limits: PgpLimits): openpgp.PartialConfig => ({
  maxDecompressedMessageSize: limits.maxDecompressedBytes,
  // Never decrypt ciphertext without MDC/AEAD: it can be modified undetected (EFAIL).
  allowUnauthenticatedMessages: false,
  allowUnauthenticatedStream: false,
});

const hexId = (id: openpgp.KeyID) => `0x${id.toHex().toUpperCase()}`;

const readMessage = (input: string | Uint8Array, config: openpgp.PartialConfig) =>
  typeof input === 'string' ? openpgp.readMessage({ armoredMessage: input, config }) : openpgp.readMessage({ binaryMessage: input, config });

/** `current`: the fingerprint of the current team key, named when the message is encrypted to a key we do not hold. */
export async function decrypt(held: readonly HeldKey[], input: string | Uint8Array, limits: PgpLimits, current: string | null): Promise<Decrypted> {
  const config = pgpConfig(limits);
  let message: openpgp.Message<string | Uint8Array>;
  try {
    message = await readMessage(input, config);
  } catch (e) {
    return { ok: false, issue: issue('armor_corrupt', `the PGP data is corrupt or not an OpenPGP message (${reason(e)}); ask the sender to resend it`) };
  }
  const keyIds = message.getEncryptionKeyIDs();
  if (keyIds.length === 0) {
    return { ok: false, issue: issue('password_encrypted', 'the message is encrypted with a password, not to our public key; ask the sender to encrypt to our key') };
  }
  // gpg --throw-keyids writes an all-zero key ID: any of our keys may be the recipient.
  const wildcard = keyIds.some((id) => /^0+$/.test(id.toHex()));
  const candidates = wildcard ? held : held.filter((k) => keyIds.some((id) => k.key.getKeys(id).length > 0));
  if (candidates.length === 0) {
    const ours = current ? ` (our current key is ${current})` : '';
    return { ok: false, issue: issue('unknown_key', `encrypted to a key we do not hold: ${keyIds.map(hexId).join(', ')}${ours}`) };
  }
  for (const teamKey of candidates) {
    try {
      // Session key first: it names the ciphertext (replays), and the signature check reuses it.
      // RSA by OpenSSL when every pair openpgp would try is RSA (rsa-session-keys.ts says why that is as safe), else openpgp.
      // algorithm is null for SEIPDv2 (RFC 9580: the packet names it); decrypt accepts that, its type does not say so.
      const sessionKeys = (await rsaSessionKeys(message, teamKey.key, config)) ?? ((await openpgp.decryptSessionKeys({ message, decryptionKeys: teamKey.key, config })) as SessionKey[]);
      const result = await openpgp.decrypt({ message, sessionKeys: sessionKeys as openpgp.SessionKey[], format: 'binary', config, expectSigned: false });
      return {
        ok: true,
        data: result.data as Uint8Array,
        fingerprint: teamKey.fingerprint,
        filename: result.filename || null,
        signerKeyIds: result.signatures.map((s) => s.keyID.toHex()),
        sessionKeys: sessionKeys.map((k) => ({ data: k.data, algorithm: k.algorithm })),
        ciphertextId: ciphertextId(sessionKeys),
      };
    } catch (e) {
      const translated = translate(e, limits);
      if (translated.code !== 'decrypt_failed' || !wildcard) return { ok: false, issue: translated };
      message = await readMessage(input, config);
    }
  }
  return { ok: false, issue: issue('unknown_key', 'none of our keys decrypts this message (anonymous recipient)') };
}

/** Domain-separated hash of the session key: equal for the same ciphertext, useless for decrypting it. */
function ciphertextId(sessionKeys: SessionKey[]): string {
  const h = createHash('sha256').update('secintake ciphertext v1\0');
  for (const k of sessionKeys.slice(0, 1)) h.update(`${k.algorithm ?? ''}\0`).update(k.data);
  return h.digest('hex');
}

function translate(e: unknown, limits: PgpLimits): UnwrapIssue {
  const msg = reason(e);
  if (/not authenticated|integrity|modification detection|MDC/i.test(msg)) {
    return issue('not_integrity_protected', 'the message is not integrity-protected (no MDC/AEAD), so it could have been altered; refused. Ask the sender to use a current OpenPGP client');
  }
  // Not "too large": that is also RSA's "Data too large." (c >= n, a PKESK for a larger key), which is a failed decryption.
  if (/decompress|maximum.*size/i.test(msg)) {
    return issue('decompression_limit', `decompressed size exceeds limits.max_decompressed_bytes (${limits.maxDecompressedBytes} bytes)`);
  }
  if (/armor|base64|misformed|CRC/i.test(msg)) return issue('armor_corrupt', `the PGP data is corrupt (${msg}); ask the sender to resend it`);
  return issue('decrypt_failed', `decryption failed: ${msg}`);
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/^Error decrypting message: /, '');

/** The signatures inside a ciphertext decrypted before, checked: decrypted again with its session key and the signers' keys. */
export async function verifyEncrypted(input: string | Uint8Array, sessionKeys: SessionKey[], keys: openpgp.Key[], limits: PgpLimits): Promise<Verdict[]> {
  const config = pgpConfig(limits);
  const again = await openpgp.decrypt({ message: await readMessage(input, config), sessionKeys: sessionKeys as openpgp.SessionKey[], verificationKeys: keys, format: 'binary', config });
  return evaluate(again.signatures, keys);
}

/** A detached signature over exactly `data` (for multipart/signed: the CRLF-canonical signed part); unreadable is bad. */
export async function verifyDetached(data: Uint8Array, armoredSignature: string, keys: openpgp.Key[]): Promise<Verdict[]> {
  try {
    const signature = await openpgp.readSignature({ armoredSignature });
    const message = await openpgp.createMessage({ binary: data });
    const result = await openpgp.verify({ message, signature, verificationKeys: keys, format: 'binary' });
    return await evaluate(result.signatures, keys);
  } catch {
    return [{ status: 'bad', signerFingerprint: null, signerIndex: null }];
  }
}

/** A `-----BEGIN PGP SIGNED MESSAGE-----` block's signatures. */
export async function verifyCleartext(armored: string, keys: openpgp.Key[]): Promise<Verdict[]> {
  const message = await openpgp.readCleartextMessage({ cleartextMessage: armored });
  const result = await openpgp.verify({ message, verificationKeys: keys });
  return evaluate(result.signatures, keys);
}

/** Every signature of the block, not only the first: a good one never hides a bad one beside it. */
function evaluate(signatures: VerificationResult[], keys: openpgp.Key[]): Promise<Verdict[]> {
  return Promise.all(
    signatures.map(async (s): Promise<Verdict> => {
      const signerIndex = keys.findIndex((k) => k.getKeys(s.keyID).length > 0);
      const signer = keys[signerIndex];
      if (!signer) return { status: 'unknown-key', signerFingerprint: await issuerFingerprint(s), signerIndex: null };
      try {
        await s.verified;
        return { status: 'good', signerFingerprint: fingerprintOf(signer), signerIndex };
      } catch {
        return { status: 'bad', signerFingerprint: fingerprintOf(signer), signerIndex };
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
