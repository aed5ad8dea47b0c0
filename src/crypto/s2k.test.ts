import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, test } from 'vitest';
import { iteratedS2K, streamIteratedS2K } from './s2k.js';

let locked: openpgp.PrivateKey;
const passphrase = 'correct horse battery staple';
beforeAll(async () => {
  const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'security@example.test' }], passphrase, format: 'armored', config: { v6Keys: false } });
  locked = await openpgp.readPrivateKey({ armoredKey: privateKey });
});

/** openpgp's own iterated S2K object (a key packet's), with the parameters under test. */
interface LibraryS2K {
  algorithm: number;
  c: number;
  salt: Uint8Array;
  getCount(): number;
  produceKey(passphrase: string, numBytes: number): Promise<Uint8Array>;
}
const libraryS2K = (algorithm: number, c: number): LibraryS2K => {
  const packet: object = locked.keyPacket;
  const original = 's2k' in packet ? (packet.s2k as LibraryS2K) : null;
  if (!original) throw new Error('openpgp key packets no longer carry an s2k object');
  return Object.assign(Object.create(Object.getPrototypeOf(original) as object) as LibraryS2K, original, { algorithm, c, salt: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) });
};
const { hash } = openpgp.enums;

describe('iterated and salted S2K (RFC 4880 §3.7.1.3) hashed as a stream', () => {
  test.each([
    ['SHA-256, 32 bytes (AES-256), the count openpgp and gpg write (c=224, 16 MiB)', hash.sha256, 224, 32, passphrase],
    ['SHA-1, 32 bytes: two hash rounds, the second with one zero octet before', hash.sha1, 96, 32, passphrase],
    ['SHA-1, 16 bytes (AES-128)', hash.sha1, 96, 16, passphrase],
    ['SHA-512, 24 bytes', hash.sha512, 150, 24, passphrase],
    ['SHA-224, 32 bytes: two rounds', hash.sha224, 20, 32, passphrase],
    ['SHA-384, 32 bytes', hash.sha384, 0, 32, passphrase],
    ['a passphrase longer than the count, hashed whole', hash.sha256, 0, 32, 'x'.repeat(2000)],
    ['a non-ASCII passphrase, as UTF-8', hash.sha256, 96, 32, 'mot de passe très sûr ✓'],
    ['an empty passphrase', hash.sha256, 96, 32, ''],
  ])('%s derives exactly the key openpgp derives', async (_what, algorithm, c, numBytes, pass) => {
    const s2k = libraryS2K(algorithm, c);
    const ours = await iteratedS2K({ hash: openpgp.enums.read(hash, algorithm), salt: s2k.salt, count: s2k.getCount() }, pass, numBytes);
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(await s2k.produceKey(pass, numBytes)).toString('hex'));
  });

  test.each([
    ['the right passphrase unlocks the key as before', passphrase, true],
    ['a wrong passphrase is still refused', 'wrong', false],
  ])('a key whose S2K is streamed: %s', async (_what, pass, unlocks) => {
    const key = await openpgp.readPrivateKey({ armoredKey: locked.armor() });
    expect(streamIteratedS2K(key)).toBe(2);
    const unlocked = openpgp.decryptKey({ privateKey: key, passphrase: pass });
    if (unlocks) expect((await unlocked).isDecrypted()).toBe(true);
    else await expect(unlocked).rejects.toThrow(/incorrect key passphrase|decrypt/i);
  });
});
