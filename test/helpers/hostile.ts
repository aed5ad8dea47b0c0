/**
 * @module Hostile inputs for unwrap tests, each built for a given recipient so that only the property under test is
 * wrong: ciphertext without integrity protection, a decompression bomb, damaged armor, truncated MIME, and a
 * message for a key nobody holds.
 */
import { randomBytes } from 'node:crypto';
import * as openpgp from 'openpgp';

export type RecipientKey = openpgp.PublicKey | openpgp.PrivateKey | string;

async function publicKeyOf(key: RecipientKey): Promise<openpgp.PublicKey> {
  if (typeof key !== 'string') return key.isPrivate() ? key.toPublic() : key;
  const read = await openpgp.readKey({ armoredKey: key });
  return read.isPrivate() ? read.toPublic() : read;
}

/** Full config (the packet methods used below take a full config, not a partial one). */
function fullConfig(overrides: Partial<openpgp.Config> = {}): openpgp.Config {
  return { ...openpgp.config, aeadProtect: false, ...overrides };
}

// The packet classes' encrypt/compress methods are public in the library but private in its typings.
interface EncryptablePacket {
  packets: openpgp.PacketList<openpgp.AnyPacket>;
  encrypt(algo: openpgp.enums.symmetric, key: Uint8Array, config: openpgp.Config): Promise<void>;
}
interface CompressibleMessage {
  compress(algo: openpgp.enums.compression, config: openpgp.Config): openpgp.Message<Uint8Array>;
}

/**
 * An OpenPGP message whose data is a Symmetrically Encrypted Data packet (tag 9): CFB without MDC or AEAD, i.e.
 * malleable ciphertext (EFAIL). Built by hand: a normal PKESK (v3) for the recipient, then the literal data
 * encrypted into a tag 9 packet. openpgp refuses it unless `allowUnauthenticatedMessages`; gpg 2.2 decrypts it
 * with a warning ("message was not integrity protected") and, since 2.2.8, fails it without `--ignore-mdc-error`.
 */
export async function nonMdcMessage(publicKey: RecipientKey, text: string): Promise<string> {
  const key = await publicKeyOf(publicKey);
  const config = fullConfig();
  const sessionKey = { data: new Uint8Array(randomBytes(32)), algorithm: 'aes256' as const };
  const pkesk = await openpgp.encryptSessionKey({ ...sessionKey, encryptionKeys: key, format: 'object', config: { aeadProtect: false } });
  const literal = await openpgp.createMessage({ text });
  const sed = new openpgp.SymmetricallyEncryptedDataPacket() as unknown as EncryptablePacket;
  sed.packets = literal.packets;
  await sed.encrypt(openpgp.enums.symmetric.aes256, sessionKey.data, config);
  const list = new openpgp.PacketList<openpgp.AnyPacket>();
  list.push(...pkesk.packets.filterByTag(openpgp.enums.packet.publicKeyEncryptedSessionKey));
  list.push(sed as unknown as openpgp.AnyPacket);
  return new openpgp.Message(list).armor(config);
}

/**
 * An encrypted message whose single compressed packet inflates to `decompressedBytes` zero bytes (a literal data
 * packet of zeros; the data is MDC-protected, so only the size is hostile). zlib by default; `zip` is raw deflate.
 * Deflate tops out near 1:1000, so 50 MB of zeros armors to about 70 KB.
 */
export async function compressionBomb(publicKey: RecipientKey, decompressedBytes: number, opts: { algorithm?: 'zlib' | 'zip' } = {}): Promise<string> {
  const key = await publicKeyOf(publicKey);
  const config = fullConfig();
  const literal = await openpgp.createMessage({ binary: new Uint8Array(decompressedBytes), format: 'binary' });
  const compressed = (literal as unknown as CompressibleMessage).compress(openpgp.enums.compression[opts.algorithm ?? 'zlib'], config);
  // Default config: no further compression layer is added (uncompressed is the preferred algorithm).
  return openpgp.encrypt({ message: compressed, encryptionKeys: key, config: { aeadProtect: false, preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed } });
}

export type ArmorCorruption = 'flip' | 'crc' | 'truncate' | 'bad-chars';

/**
 * Damages an armored block:
 * - `flip` (default): changes base64 characters in the middle and near the end of the body, so the packets decode
 *   to different bytes (a failed integrity check or an unparseable packet; never the original plaintext);
 * - `crc`: only the `=XXXX` CRC-24 line is wrong (added when absent). openpgp v6 ignores armor checksums
 *   (RFC 9580 §6.1), gpg 2.2 rejects the block ("CRC error");
 * - `truncate`: the second half of the body and the footer are gone;
 * - `bad-chars`: characters outside the base64 alphabet in the body.
 */
export function corruptArmor(armored: string, mode: ArmorCorruption = 'flip'): string {
  const lines = armored.replace(/\r\n?/g, '\n').split('\n');
  const begin = lines.findIndex((l) => /^-----BEGIN PGP [A-Z ]+-----$/.test(l));
  const end = lines.findIndex((l) => /^-----END PGP [A-Z ]+-----$/.test(l));
  if (begin < 0 || end < 0) throw new Error('corruptArmor: not an armored block');
  let bodyStart = lines.indexOf('', begin + 1);
  if (bodyStart < 0 || bodyStart > end) bodyStart = begin;
  bodyStart += 1;
  const crcIndex = lines.findIndex((l, i) => i > bodyStart && i < end && /^=[A-Za-z0-9+/]{4}$/.test(l));
  const bodyEnd = crcIndex >= 0 ? crcIndex : end;
  const body = lines.slice(bodyStart, bodyEnd);
  if (body.length === 0) throw new Error('corruptArmor: empty armor body');
  const out = [...lines];
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const flipAt = (lineIndex: number, column: number) => {
    const line = out[lineIndex] ?? '';
    const col = Math.min(column, line.replace(/=+$/, '').length - 1);
    const c = line[col] ?? 'A';
    const replacement = ALPHABET[(ALPHABET.indexOf(c) + 17) % 64] ?? 'A';
    out[lineIndex] = line.slice(0, col) + replacement + line.slice(col + 1);
  };
  switch (mode) {
    case 'flip': {
      const mid = bodyStart + Math.floor(body.length / 2);
      const last = bodyEnd - 1;
      flipAt(mid, 10);
      flipAt(mid, 30);
      if (last !== mid) flipAt(last, 2);
      break;
    }
    case 'bad-chars': {
      const mid = bodyStart + Math.floor(body.length / 2);
      const line = out[mid] ?? '';
      out[mid] = `${line.slice(0, 8)}*!~${line.slice(11)}`;
      break;
    }
    case 'crc': {
      const current = crcIndex >= 0 ? (out[crcIndex] ?? '') : '';
      const bogus = current === '=AAAA' ? '=BBBB' : '=AAAA';
      if (crcIndex >= 0) out[crcIndex] = bogus;
      else out.splice(end, 0, bogus);
      break;
    }
    case 'truncate':
      return out.slice(0, bodyStart + Math.max(1, Math.floor(body.length / 2))).join('\n') + '\n';
  }
  return out.join('\n');
}

/**
 * Cuts a multipart message in the middle of one of its top-level parts (default: the last one, e.g. the armored
 * payload of multipart/encrypted), so that part is incomplete and the closing boundary is missing.
 */
export function truncatedMime(raw: string | Buffer, opts: { part?: number } = {}): string {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const headerEnd = text.search(/\r?\n\r?\n/);
  const head = (headerEnd < 0 ? text : text.slice(0, headerEnd)).replace(/\r?\n[ \t]+/g, ' ');
  const contentType = /^content-type:(.*)$/im.exec(head)?.[1] ?? '';
  const b = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const boundary = b?.[1] ?? b?.[2];
  if (!/multipart\//i.test(contentType) || boundary === undefined) throw new Error('truncatedMime: not a multipart message');
  const delimiter = `\n--${boundary}`;
  const starts: number[] = [];
  for (let at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, at + 1)) starts.push(at);
  // Delimiters other than the closing one start parts; a part runs until the next delimiter.
  const parts = starts.filter((at) => !text.startsWith('--', at + delimiter.length));
  if (parts.length === 0) throw new Error('truncatedMime: no parts');
  const index = opts.part ?? parts.length - 1;
  const start = parts[index];
  if (start === undefined) throw new Error(`truncatedMime: no part ${index}`);
  const next = starts.find((at) => at > start) ?? text.length;
  const contentStart = text.indexOf('\n', start + 1) + 1;
  return text.slice(0, contentStart + Math.floor((next - contentStart) / 2));
}

/** A message encrypted to a freshly generated key that nobody keeps: the key ID is that of its encryption subkey. */
export async function wrongKeyMessage(text = 'This report is encrypted to a key you do not hold.'): Promise<{ armored: string; keyId: string; fingerprint: string }> {
  const { publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'nobody@elsewhere.example' }], format: 'object' });
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: publicKey, config: { aeadProtect: false } });
  const subkey = await publicKey.getEncryptionKey();
  return { armored, keyId: subkey.getKeyID().toHex(), fingerprint: publicKey.getFingerprint() };
}
