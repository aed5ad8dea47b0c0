/**
 * @module RSA session keys decrypted by OpenSSL instead of openpgp's JavaScript BigInt, with openpgp's own unpadding,
 * checks, order and error messages.
 *
 * Why: Node 20 refuses `privateDecrypt` with PKCS#1 v1.5 padding (CVE-2023-46809, "Marvin"), so openpgp falls back to
 * `bnDecrypt`: a modular exponentiation in BigInt (~45 ms for RSA-4096, and not constant-time), then its branchless
 * EME-PKCS1-v1_5 decode. Here the exponentiation is OpenSSL's raw RSA (`RSA_NO_PADDING`: blinded, constant-time, ~5 ms)
 * and the decode is openpgp's, step for step. So this is no weaker than openpgp's path: the same bytes are unpadded the
 * same way and fail with the same messages (so `translate()` gives the same issues), and the secret-dependent step no
 * longer leaks timing. Whether this path runs is decided before anything secret is computed, from the message's
 * structure and our key alone; once it runs there is no second attempt (a fallback to BigInt after a failure would make
 * bad padding measurably slower than good padding: a Bleichenbacher oracle).
 */
import { constants, createPrivateKey, privateDecrypt, type KeyObject } from 'node:crypto';
import * as openpgp from 'openpgp';

export interface SessionKey {
  data: Uint8Array;
  algorithm: string | null;
}

const { publicKey: PK, symmetric: SYM } = openpgp.enums;

/** What openpgp's `decryptSessionKeys` tries besides the key's preferences (the same list, in its order). */
const FALLBACK_ALGORITHMS: number[] = [SYM.aes256, SYM.aes128, SYM.tripledes, SYM.cast5];

/** openpgp's `getCipherKeySize`: an algorithm missing here is its "Unsupported cipher". */
const KEY_SIZES = new Map<number, number>([
  [SYM.aes128, 16],
  [SYM.blowfish, 16],
  [SYM.cast5, 16],
  [SYM.aes192, 24],
  [SYM.tripledes, 24],
  [SYM.aes256, 32],
  [SYM.twofish, 32],
]);

/** An RSA PKESK as openpgp parsed it (these fields are not in its types). */
interface RsaPkesk {
  version: number;
  c: Uint8Array;
}

interface Pair {
  pkesk: RsaPkesk;
  rsa: RsaPrivate;
}

interface RsaPrivate {
  key: KeyObject;
  /** The modulus without leading zero bytes: its length is the EME-PKCS1 block length, as openpgp's `byteLength(n)`. */
  n: Uint8Array;
}

/**
 * The session keys `openpgp.decryptSessionKeys({ message, decryptionKeys: key, config })` returns, or throws the error
 * it throws; null when some (PKESK, key packet) pair it would try is not RSA on both sides, and openpgp must decide.
 */
export async function rsaSessionKeys(message: openpgp.Message<string | Uint8Array>, key: openpgp.PrivateKey, partial: openpgp.PartialConfig): Promise<SessionKey[] | null> {
  const config: openpgp.Config = { ...openpgp.config, ...partial };
  // openpgp's other flow (decrypt with a random key on bad padding) is not the one reproduced here.
  if (config.constantTimePKCS1Decryption) return null;
  const pairs: Pair[] = [];
  let failure: unknown = null;
  const packets = message.packets.filterByTag(openpgp.enums.packet.publicKeyEncryptedSessionKey);
  // The PKESKs' recipients, in the same order (openpgp's typed view of their publicKeyID).
  const recipients = message.getEncryptionKeyIDs();
  for (const [i, packet] of packets.entries()) {
    const recipient = recipients[i];
    if (!recipient) throw new TypeError('openpgp listed fewer recipients than PKESKs');
    let selected: (openpgp.PrivateKey | openpgp.Subkey)[];
    try {
      // The same selection as openpgp (null date: an expired key still decrypts old mail).
      selected = await key.getDecryptionKeys(recipient, null, undefined, config);
    } catch (e) {
      failure = e;
      continue;
    }
    const pkesk = rsaPkesk(packet);
    for (const { keyPacket } of selected) {
      if (!pkesk || Reflect.get(packet, 'publicKeyAlgorithm') !== keyPacket.algorithm || !keyPacket.isDecrypted()) return null;
      pairs.push({ pkesk, rsa: rsaPrivate(keyPacket) });
    }
  }
  if (pairs.length === 0) return null;

  const algorithms = [...FALLBACK_ALGORITHMS, ...(await preferredAlgorithms(key, config))];
  const found: { algorithm: number | null; data: Uint8Array }[] = [];
  for (const { pkesk, rsa } of pairs) {
    try {
      found.push(sessionKeyOf(pkesk, rsa, algorithms));
    } catch (e) {
      failure = e;
    }
  }
  if (found.length === 0) {
    const cause = failure instanceof Error ? failure : new Error('Session key decryption failed.');
    throw new Error(`Error decrypting session keys: ${cause.message}`, { cause });
  }
  // openpgp's de-duplication, on the same key (algorithm then the key's bytes).
  const seen = new Set<string>();
  return found
    .filter((k) => {
      const id = `${k.algorithm}${Buffer.from(k.data).toString('latin1')}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .map((k) => ({ data: k.data, algorithm: k.algorithm === null ? null : openpgp.enums.read(SYM, k.algorithm) }));
}

/** openpgp's `PublicKeyEncryptedSessionKeyPacket.decrypt` for RSA and its "non-preferred" check, with the modular exponentiation by OpenSSL. */
function sessionKeyOf(pkesk: RsaPkesk, rsa: RsaPrivate, algorithms: number[]): { algorithm: number | null; data: Uint8Array } {
  const c = withoutLeadingZeros(pkesk.c);
  // c and n are public: comparing them openly leaks nothing (openpgp's bnDecrypt makes the same check first).
  if (c.length > rsa.n.length || (c.length === rsa.n.length && Buffer.compare(c, rsa.n) >= 0)) throw new Error('Data too large.');
  const block = new Uint8Array(rsa.n.length);
  block.set(c, block.length - c.length);
  let encoded: Uint8Array;
  try {
    encoded = privateDecrypt({ key: rsa.key, padding: constants.RSA_NO_PADDING }, block);
  } catch {
    // As openpgp's own native path says it: one message for every way decryption fails.
    throw new Error('Decryption error');
  }
  const { sessionKey, sessionKeyAlgorithm } = decodeSessionKey(pkesk.version, emeDecode(encoded));
  if (sessionKeyAlgorithm !== null) {
    const size = KEY_SIZES.get(sessionKeyAlgorithm);
    if (size === undefined) throw new Error('Unsupported cipher');
    if (sessionKey.length !== size) throw new Error('Unexpected session key size');
    if (!algorithms.includes(sessionKeyAlgorithm)) throw new Error('A non-preferred symmetric algorithm was used.');
  }
  return { algorithm: sessionKeyAlgorithm, data: new Uint8Array(sessionKey) };
}

/** openpgp's `emeDecode` (RFC 4880 13.1.2), branchless up to the one verdict, as there. */
function emeDecode(encoded: Uint8Array): Uint8Array {
  let offset = 2;
  let separatorNotFound = 1;
  for (let j = offset; j < encoded.length; j++) {
    separatorNotFound &= Number(encoded[j] !== 0);
    offset += separatorNotFound;
  }
  const psLen = offset - 2;
  const payload = encoded.subarray(offset + 1);
  const isValidPadding = Number(encoded[0] === 0) & Number(encoded[1] === 2) & Number(psLen >= 8) & Number(!separatorNotFound);
  if (isValidPadding) return payload;
  throw new Error('Decryption error');
}

/** openpgp's `decodeSessionKey` for RSA: v3 is algorithm byte, key, checksum; v6 (RFC 9580) is key and checksum, the algorithm in the SEIPDv2 packet. */
function decodeSessionKey(version: number, decrypted: Uint8Array): { sessionKey: Uint8Array; sessionKeyAlgorithm: number | null } {
  const result = decrypted.subarray(0, decrypted.length - 2);
  const checksum = decrypted.subarray(decrypted.length - 2);
  const computed = checksum16(result.subarray(result.length % 8));
  const isValidChecksum = Number(computed[0] === checksum[0]) & Number(computed[1] === checksum[1]);
  if (version === 6) {
    if (isValidChecksum) return { sessionKeyAlgorithm: null, sessionKey: result };
    throw new Error('Decryption error');
  }
  // As there: a good checksum over an unknown (or missing) algorithm is enums.read's "Invalid enum value.", not "Decryption error".
  const algorithm = result[0];
  if (isValidChecksum && algorithm !== undefined && openpgp.enums.read(SYM, algorithm)) return { sessionKeyAlgorithm: algorithm, sessionKey: result.subarray(1) };
  if (isValidChecksum) throw new Error('Invalid enum value.');
  throw new Error('Decryption error');
}

/** RFC 4880 5.1: the sum of the octets mod 65536, big-endian (openpgp's `util.writeChecksum`). */
function checksum16(bytes: Uint8Array): Uint8Array {
  let s = 0;
  for (const b of bytes) s = (s + b) & 0xffff;
  return Uint8Array.of(s >> 8, s & 0xff);
}

/** The preferences `decryptSessionKeys` adds: the primary self-signature's, none when it has no valid one. */
async function preferredAlgorithms(key: openpgp.PrivateKey, config: openpgp.Config): Promise<number[]> {
  const selfSignature: unknown = Reflect.get(key, 'getPrimarySelfSignature');
  if (typeof selfSignature !== 'function') throw new TypeError('openpgp.PrivateKey has no getPrimarySelfSignature: rsa-session-keys.ts follows openpgp 6');
  try {
    const signature: unknown = await selfSignature.call(key, undefined, undefined, config);
    return signature instanceof openpgp.SignaturePacket ? (signature.preferredSymmetricAlgorithms ?? []) : [];
  } catch {
    return [];
  }
}

/** The fields of an RSA PKESK, or null when it is another algorithm. */
function rsaPkesk(packet: object): RsaPkesk | null {
  const algorithm: unknown = Reflect.get(packet, 'publicKeyAlgorithm');
  if (algorithm !== PK.rsaEncrypt && algorithm !== PK.rsaEncryptSign) return null;
  const version: unknown = Reflect.get(packet, 'version');
  const encrypted: unknown = Reflect.get(packet, 'encrypted');
  const c: unknown = typeof encrypted === 'object' && encrypted !== null ? Reflect.get(encrypted, 'c') : undefined;
  if (typeof version !== 'number' || !(c instanceof Uint8Array)) throw new TypeError('openpgp PKESK without version or c: rsa-session-keys.ts follows openpgp 6');
  return { version, c };
}

/** One OpenSSL key per key packet, built on first use: the packets live as long as the worker's unlocked keys. */
const privateKeys = new WeakMap<object, RsaPrivate>();

function rsaPrivate(packet: openpgp.AnyKeyPacket): RsaPrivate {
  const cached = privateKeys.get(packet);
  if (cached) return cached;
  const params = (name: 'publicParams' | 'privateParams', fields: string[]) => {
    const holder: unknown = Reflect.get(packet, name);
    return fields.map((f) => {
      const v: unknown = typeof holder === 'object' && holder !== null ? Reflect.get(holder, f) : undefined;
      if (!(v instanceof Uint8Array)) throw new TypeError(`openpgp RSA key packet without ${name}.${f}: rsa-session-keys.ts follows openpgp 6`);
      return v;
    });
  };
  const [n, e] = params('publicParams', ['n', 'e']) as [Uint8Array, Uint8Array];
  const [d, p, q, u] = params('privateParams', ['d', 'p', 'q', 'u']) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const [dN, pN, qN] = [d, p, q].map(toBigInt) as [bigint, bigint, bigint];
  // OpenPGP's u is p⁻¹ mod q; JWK's qi is q⁻¹ mod p: so p and q (and dp, dq) trade places, as in openpgp's privateToJWK.
  const jwk = { kty: 'RSA', n: b64(n), e: b64(e), d: b64(d), p: b64(q), q: b64(p), dp: b64(fromBigInt(dN % (qN - 1n))), dq: b64(fromBigInt(dN % (pN - 1n))), qi: b64(u) };
  const made = { key: createPrivateKey({ key: jwk, format: 'jwk' }), n: withoutLeadingZeros(n) };
  privateKeys.set(packet, made);
  return made;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const toBigInt = (bytes: Uint8Array) => BigInt(`0x0${Buffer.from(bytes).toString('hex')}`);

function fromBigInt(v: bigint): Uint8Array {
  const hex = v.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

function withoutLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return bytes.subarray(i);
}
