import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGpgHome, type Gpg } from '../../../test/helpers/gpg.js';
import { fingerprintOf } from '../fingerprint.js';
import { decrypt, type HeldKey } from './ops.js';
import { rsaSessionKeys } from './rsa-session-keys.js';

/** What ops.ts passes (its pgpConfig): the path taken must not depend on anything else. */
const CONFIG: openpgp.PartialConfig = { maxDecompressedMessageSize: 10_000_000, allowUnauthenticatedMessages: false, allowUnauthenticatedStream: false };
const LIMITS = { maxDecompressedBytes: 10_000_000 };
const PKESK = openpgp.enums.packet.publicKeyEncryptedSessionKey;
const { aes128, aes256, idea, twofish, cast5 } = openpgp.enums.symmetric;
const SESSION_KEY = { data: new Uint8Array(32).fill(7), algorithm: 'aes256' as const };

type Keys = Record<'rsa2048' | 'rsa3072' | 'rsa4096' | 'rsa3072v6' | 'otherSmall' | 'otherLarge' | 'ecc' | 'rsaAndEcc', openpgp.PrivateKey>;
let keys: Keys;
let gpg: Gpg;

const rsa = (rsaBits: number, config?: openpgp.PartialConfig) => openpgp.generateKey({ type: 'rsa', rsaBits, userIDs: [{ email: 'security@example.test' }], format: 'object', config }).then((k) => k.privateKey);

beforeAll(async () => {
  const [rsa2048, rsa3072, rsa4096, rsa3072v6, otherSmall, otherLarge, rsaAndEcc] = await Promise.all([
    rsa(2048), rsa(3072), rsa(4096), rsa(3072, { v6Keys: true }), rsa(2048), rsa(4096), rsa(2048),
  ]);
  const ecc = (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'security@example.test' }], format: 'object' })).privateKey;
  keys = { rsa2048, rsa3072, rsa4096, rsa3072v6, otherSmall, otherLarge, ecc, rsaAndEcc: await rsaAndEcc.addSubkey({ type: 'ecc', curve: 'curve25519Legacy' }) } as Keys;
  gpg = await createGpgHome();
  for (const k of [rsa2048, rsa3072, rsa4096, otherLarge]) await gpg.importKey(k.toPublic().armor());
}, 180_000);
afterAll(async () => {
  await gpg?.cleanup();
});

const encryptTo = async (to: openpgp.PrivateKey[], config: openpgp.PartialConfig = { aeadProtect: false }) =>
  (await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'report' }), encryptionKeys: to.map((k) => k.toPublic()), sessionKey: SESSION_KEY, format: 'binary', config })) as Uint8Array;
const gpgTo = async (to: openpgp.PrivateKey[], extra: string[] = []) =>
  new Uint8Array((await gpg.run(['--trust-model', 'always', ...extra, ...to.flatMap((k) => ['--recipient', k.getFingerprint()]), '--encrypt'], 'report')).stdout);

/** A packet in the new format (RFC 4880 4.2.2): tag, length, body. */
function packet(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const length = n < 192 ? [n] : n < 8384 ? [((n - 192) >> 8) + 192, (n - 192) & 0xff] : [255, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Uint8Array.of(0xc0 | tag, ...length), body]);
}

const mpi = (c: Uint8Array, bits = c.length === 0 ? 0 : (c.length - 1) * 8 + (32 - Math.clz32(c[0] ?? 0))) => Buffer.concat([Uint8Array.of(bits >> 8, bits & 0xff), c]);

/** A message's leading PKESK bodies split into what precedes the MPI (version, recipient, algorithm) and c, and the bytes after them. */
function split(bytes: Uint8Array) {
  const pkesks: { head: Uint8Array; c: Uint8Array }[] = [];
  let at = 0;
  for (;;) {
    const first = bytes[at] ?? 0;
    const isNew = (first & 0x40) !== 0;
    const tag = isNew ? first & 0x3f : (first >> 2) & 0x0f;
    if (tag !== PKESK) break;
    // Both header formats (RFC 4880 4.2): gpg writes old-format PKESKs, openpgp new-format ones; neither uses partial lengths here.
    const b = (i: number) => bytes[at + i] ?? 0;
    const [headerLength, length] = isNew
      ? b(1) < 192 ? [2, b(1)] : b(1) < 224 ? [3, ((b(1) - 192) << 8) + b(2) + 192] : [6, ((b(2) << 24) | (b(3) << 16) | (b(4) << 8) | b(5)) >>> 0]
      : [[2, 3, 5][first & 3] ?? 2, (first & 3) === 0 ? b(1) : (first & 3) === 1 ? (b(1) << 8) | b(2) : ((b(1) << 24) | (b(2) << 16) | (b(3) << 8) | b(4)) >>> 0];
    const body = bytes.subarray(at + headerLength, at + headerLength + length);
    const headLength = body[0] === 3 ? 10 : 3 + (body[1] ?? 0);
    pkesks.push({ head: body.subarray(0, headLength), c: body.subarray(headLength + 2) });
    at += headerLength + length;
  }
  return { pkesks, rest: bytes.subarray(at) };
}

/** The message with its first PKESK's c (or whole head) replaced, optionally with a declared bit length. */
function withPkesk(bytes: Uint8Array, change: (p: { head: Uint8Array; c: Uint8Array }) => { head?: Uint8Array; c: Uint8Array; bits?: number }) {
  const { pkesks, rest } = split(bytes);
  const [first, ...others] = pkesks;
  if (!first) throw new Error('no PKESK');
  const changed = change(first);
  const body = Buffer.concat([changed.head ?? first.head, mpi(changed.c, changed.bits)]);
  return Buffer.concat([packet(PKESK, body), ...others.map((p) => packet(PKESK, Buffer.concat([p.head, mpi(p.c)]))), rest]);
}

const encryptionSubkey = (key: openpgp.PrivateKey) => {
  const sub = key.subkeys[0];
  if (!sub) throw new Error('no subkey');
  return sub;
};

/** c for an EME-PKCS1 block of our choosing (`m` = algorithm, key, checksum), encrypted to the key's RSA subkey. */
function rsaEncrypt(key: openpgp.PrivateKey, m: Uint8Array): Uint8Array {
  const { n, e } = encryptionSubkey(key).keyPacket.publicParams as { n: Uint8Array; e: Uint8Array };
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  return publicEncrypt({ key: createPublicKey({ key: { kty: 'RSA', n: b64(n), e: b64(e) }, format: 'jwk' }), padding: constants.RSA_PKCS1_PADDING }, m);
}
const sum16 = (b: Uint8Array) => b.reduce((s, x) => (s + x) & 0xffff, 0);
const plaintext = (algorithm: number, sessionKey: Uint8Array, checksum = sum16(sessionKey)) => Uint8Array.of(algorithm, ...sessionKey, checksum >> 8, checksum & 0xff);

/** The v3 head of `bytes`' first PKESK with the recipient key ID replaced by `key`'s encryption subkey's. */
const forgedHead = (head: Uint8Array, key: openpgp.PrivateKey) => Buffer.concat([head.subarray(0, 1), Buffer.from(encryptionSubkey(key).getKeyID().toHex(), 'hex'), head.subarray(9)]);

type Outcome = { keys: { data: string; algorithm: string | null }[] } | { error: string } | null;
async function outcome(run: () => Promise<{ data: Uint8Array; algorithm: string | null }[] | null>): Promise<Outcome> {
  try {
    const keys = await run();
    return keys && { keys: keys.map((k) => ({ data: Buffer.from(k.data).toString('hex'), algorithm: k.algorithm })) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
const read = (bytes: Uint8Array) => openpgp.readMessage({ binaryMessage: bytes });
const viaOpenpgp = async (bytes: Uint8Array, key: openpgp.PrivateKey) => outcome(async () => openpgp.decryptSessionKeys({ message: await read(bytes), decryptionKeys: key, config: CONFIG }));
const viaOpenssl = async (bytes: Uint8Array, key: openpgp.PrivateKey) => outcome(async () => rsaSessionKeys(await read(bytes), key, CONFIG));

type Case = [string, keyof Keys, () => Promise<Uint8Array>];

describe('rsa session keys: OpenSSL gives exactly what openpgp gives', () => {
  test.each<Case>([
    ['an openpgp message to an RSA-2048 key', 'rsa2048', () => encryptTo([keys.rsa2048])],
    ['an openpgp message to an RSA-3072 key', 'rsa3072', () => encryptTo([keys.rsa3072])],
    ['an openpgp message to an RSA-4096 key', 'rsa4096', () => encryptTo([keys.rsa4096])],
    ['an openpgp SEIPDv2 (AEAD) message to a v4 RSA key', 'rsa3072', () => encryptTo([keys.rsa3072], { aeadProtect: true })],
    ['an openpgp message to a v6 RSA key', 'rsa3072v6', () => encryptTo([keys.rsa3072v6], {})],
    ['an openpgp message to three recipients, ours in the middle', 'rsa4096', () => encryptTo([keys.otherSmall, keys.rsa4096, keys.ecc])],
    ['a gpg message to an RSA-3072 key', 'rsa3072', () => gpgTo([keys.rsa3072])],
    ['a gpg message to two RSA recipients', 'rsa2048', () => gpgTo([keys.rsa4096, keys.rsa2048])],
    ['a gpg --throw-keyids message (wildcard recipients)', 'rsa2048', () => gpgTo([keys.rsa4096, keys.rsa2048], ['--throw-keyids'])],
    ['a gpg --throw-keyids message to someone else', 'rsa2048', () => gpgTo([keys.rsa4096], ['--throw-keyids'])],
    ['two PKESKs to our key with different session keys (the first names the ciphertext)', 'rsa2048', async () => {
      const other = split(await gpgTo([keys.rsa2048]));
      const ours = split(await encryptTo([keys.rsa2048]));
      return Buffer.concat([...[...ours.pkesks, ...other.pkesks].map((p) => packet(PKESK, Buffer.concat([p.head, mpi(p.c)]))), ours.rest]);
    }],
    ['a crafted block with a good checksum and a good algorithm (the control for the rows below)', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, plaintext(aes256, SESSION_KEY.data)) })))],
    ['a flipped byte in c', 'rsa4096', () => encryptTo([keys.rsa4096]).then((b) => withPkesk(b, ({ c }) => ({ c: c.map((x, i) => (i === 100 ? x ^ 1 : x)) })))],
    ['a flipped byte in a v6 PKESK c', 'rsa3072v6', () => encryptTo([keys.rsa3072v6], {}).then((b) => withPkesk(b, ({ c }) => ({ c: c.map((x, i) => (i === 5 ? x ^ 0x80 : x)) })))],
    ['a flipped byte in c of ours, then a PKESK to someone else (which error openpgp names)', 'rsa2048', () => encryptTo([keys.rsa2048, keys.otherSmall]).then((b) => withPkesk(b, ({ c }) => ({ c: c.map((x, i) => (i === 9 ? x ^ 1 : x)) })))],
    ['a wrong checksum', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, plaintext(aes256, SESSION_KEY.data, 1)) })))],
    ['a good checksum over an unknown algorithm', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, plaintext(99, SESSION_KEY.data)) })))],
    ['a good checksum over IDEA (no key size known)', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, plaintext(idea, SESSION_KEY.data.subarray(0, 16))) })))],
    ['a session key of the wrong size for its algorithm', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, plaintext(aes128, SESSION_KEY.data)) })))],
    ['an algorithm the key does not prefer (Twofish)', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, plaintext(twofish, SESSION_KEY.data)) })))],
    ['CAST5, which openpgp always accepts', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, plaintext(cast5, SESSION_KEY.data.subarray(0, 16))) })))],
    ['a block holding only a zero checksum', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, Uint8Array.of(0, 0)) })))],
    ['a block holding one byte', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, Uint8Array.of(9)) })))],
    ['a PKESK to a smaller RSA key with our key ID forged', 'rsa4096', () => encryptTo([keys.otherSmall]).then((b) => withPkesk(b, ({ head, c }) => ({ head: forgedHead(head, keys.rsa4096), c })))],
    ['a PKESK to a larger RSA key with our key ID forged', 'rsa2048', () => encryptTo([keys.otherLarge]).then((b) => withPkesk(b, ({ head, c }) => ({ head: forgedHead(head, keys.rsa2048), c })))],
    ['a forged PKESK before our real one', 'rsa2048', async () => {
      const forged = split(await encryptTo([keys.otherLarge]).then((b) => withPkesk(b, ({ head, c }) => ({ head: forgedHead(head, keys.rsa2048), c }))));
      const ours = split(await encryptTo([keys.rsa2048]));
      return Buffer.concat([...[...forged.pkesks, ...ours.pkesks].map((p) => packet(PKESK, Buffer.concat([p.head, mpi(p.c)]))), ours.rest]);
    }],
    ['c equal to the modulus', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: (encryptionSubkey(keys.rsa2048).keyPacket.publicParams as { n: Uint8Array }).n })))],
    ['c longer than the modulus', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, ({ c }) => ({ c: Buffer.concat([Uint8Array.of(1), c]) })))],
    ['c with a leading zero byte its bit count declares', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, ({ c }) => ({ c: Buffer.concat([Uint8Array.of(0), c]), bits: (c.length + 1) * 8 })))],
    ['c empty', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: new Uint8Array(0) })))],
    ['c of one zero byte', 'rsa2048', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: Uint8Array.of(0), bits: 8 })))],
  ])('%s', async (_name, keyName, make) => {
    const bytes = await make();
    const key = keys[keyName];
    const expected = await viaOpenpgp(bytes, key);
    const got = await viaOpenssl(bytes, key);
    expect(got).not.toBeNull();
    expect(got).toEqual(expected);
  });

  test.each<Case>([
    ['a message to a Curve25519 key', 'ecc', () => encryptTo([keys.ecc])],
    ['a message to an RSA and a Curve25519 key, decrypted with the Curve25519 key', 'ecc', () => encryptTo([keys.rsa2048, keys.ecc])],
    ['a wildcard RSA PKESK against a key with an RSA and a Curve25519 subkey', 'rsaAndEcc', () => gpgTo([keys.rsa2048], ['--throw-keyids'])],
    ['a message none of whose PKESKs our key can be tried on', 'rsa2048', () => encryptTo([keys.rsa4096])],
  ])('%s is left to openpgp', async (_name, keyName, make) => {
    expect(await viaOpenssl(await make(), keys[keyName])).toBeNull();
  });
});

describe('rsa session keys: what the intake reports is what it reported before', () => {
  const held = (...list: openpgp.PrivateKey[]): HeldKey[] => list.map((key) => ({ fingerprint: fingerprintOf(key), key }));
  test.each<[string, () => Promise<Uint8Array>, () => HeldKey[], string]>([
    ['a flipped byte in c is decrypt_failed', () => encryptTo([keys.rsa4096]).then((b) => withPkesk(b, ({ c }) => ({ c: c.map((x, i) => (i === 3 ? x ^ 4 : x)) }))), () => held(keys.rsa4096), 'decrypt_failed'],
    ['a wrong checksum is decrypt_failed', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: rsaEncrypt(keys.rsa2048, plaintext(aes256, SESSION_KEY.data, 2)) }))), () => held(keys.rsa2048), 'decrypt_failed'],
    ['c equal to the modulus (openpgp\'s "Data too large.") is decrypt_failed, not a size limit', () => encryptTo([keys.rsa2048]).then((b) => withPkesk(b, () => ({ c: (encryptionSubkey(keys.rsa2048).keyPacket.publicParams as { n: Uint8Array }).n }))), () => held(keys.rsa2048), 'decrypt_failed'],
    ['a message to another key is unknown_key', () => encryptTo([keys.otherSmall]), () => held(keys.rsa2048), 'unknown_key'],
    ['a wildcard message to none of our keys is unknown_key after trying each', () => gpgTo([keys.rsa2048], ['--throw-keyids']), () => held(keys.rsa4096, keys.rsa3072), 'unknown_key'],
    ['a wildcard message to our second key decrypts with it', () => gpgTo([keys.rsa3072], ['--throw-keyids']), () => held(keys.rsa4096, keys.rsa3072), 'ok'],
    ['a wildcard message to our larger key decrypts with it after the smaller key (c >= its n) failed', () => gpgTo([keys.rsa4096], ['--throw-keyids']), () => held(keys.rsa2048, keys.rsa4096), 'ok'],
    ['a wildcard message to a larger key of someone else is unknown_key after trying each', () => gpgTo([keys.otherLarge], ['--throw-keyids']), () => held(keys.rsa2048, keys.rsa3072), 'unknown_key'],
  ])('%s', async (_name, make, holding, code) => {
    const r = await decrypt(holding(), await make(), LIMITS, null);
    expect(r.ok ? 'ok' : r.issue.code).toBe(code);
    if (r.ok) expect(Buffer.from(r.data).toString()).toBe('report');
  });
});
