import { readFileSync } from 'node:fs';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSecretFile } from '../../config/secrets.js';
import { isSecintakeError } from '../../errors.js';
import { LIMITS as BOUNDS } from '../../limits.js';
import { createWorkspace, type Workspace } from '../../../test/helpers/workspace.js';
import { loadKeyring, withEngine, type Keyring } from '../keyring.js';
import { cleartextSigned, decrypt, detachedSignature, type PendingSignature } from '../pgp.js';
import { createCryptoPool } from './pool.js';
import type { CryptoEngine } from '../engine.js';

const LIMITS = { maxDecompressedBytes: 10_000_000 };
let ws: Workspace;
let passphrase: string;
let inline: Keyring;
let pooled: Keyring;
let pool: CryptoEngine;
let reporter: openpgp.PrivateKey;
let stranger: openpgp.PrivateKey;

beforeAll(async () => {
  ws = await createWorkspace();
  passphrase = readSecretFile(ws.config.keys.passphrase_file, 'keys.passphrase_file');
  inline = await loadKeyring(ws.config.keys.dir, passphrase, new Date());
  const loaded = await loadKeyring(ws.config.keys.dir, passphrase, new Date());
  pool = createCryptoPool(2, { keys: [...new Set(loaded.keys.map((k) => k.file))].map((file) => ({ file, armored: readFileSync(file, 'utf8') })), passphrase });
  pooled = withEngine(loaded, pool);
  const make = async (email: string) => (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email }], format: 'object', date: new Date(Date.now() - 60_000) })).privateKey;
  [reporter, stranger] = await Promise.all([make('ada@research.example'), make('eve@elsewhere.example')]);
}, 60_000);
afterAll(async () => {
  await pool?.close();
  ws?.cleanup();
});

/** What a check says, with the signer named by fingerprint (the key objects are this thread's in both engines). */
const checked = async (pending: PendingSignature | null | undefined, keys: openpgp.Key[]) =>
  pending ? (await pending(keys)).map((c) => ({ status: c.status, signerFingerprint: c.signerFingerprint, signerIsGiven: c.signer === null ? null : keys.includes(c.signer) })) : null;

async function decrypted(armored: string | Uint8Array, ring: Keyring, keys: openpgp.Key[]) {
  const r = await decrypt(armored, ring, LIMITS);
  if (!r.ok) return r;
  return { data: Buffer.from(r.data).toString('utf8'), teamKey: r.teamKey.fingerprint, filename: r.filename, ciphertextId: r.ciphertextId, signature: await checked(r.signature, keys) };
}

const encrypted = async (text: string, opts: { to?: openpgp.Key; signedBy?: openpgp.PrivateKey } = {}) =>
  openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: (opts.to ?? ws.teamPublicKey) as openpgp.PublicKey, signingKeys: opts.signedBy, config: { aeadProtect: false } });

describe('crypto pool', () => {
  type Run = (ring: Keyring) => Promise<unknown>;
  const bytes = (text: string) => new TextEncoder().encode(text);
  test.each<[string, () => Promise<Run>, unknown]>([
    ['an encrypted message decrypts to the same text, team key and ciphertext id', async () => {
      const armored = await encrypted('SQL injection in /search');
      return (ring) => decrypted(armored, ring, []);
    }, { data: 'SQL injection in /search', signature: null, ciphertextId: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    ['a message to a key we do not hold is the same unknown_key issue naming our current key', async () => {
      const armored = await encrypted('x', { to: stranger.toPublic() });
      return (ring) => decrypted(armored, ring, []);
    }, { ok: false, issue: { code: 'unknown_key', message: expect.stringContaining('our current key is') } }],
    ['corrupt armor is the same armor_corrupt issue', async () => (ring) => decrypted('-----BEGIN PGP MESSAGE-----\n\nnot base64!\n-----END PGP MESSAGE-----\n', ring, []), { ok: false, issue: { code: 'armor_corrupt' } }],
    ['a signed-then-encrypted report is good by the reporter key, named among the keys given', async () => {
      const armored = await encrypted('signed report', { signedBy: reporter });
      return (ring) => decrypted(armored, ring, [stranger.toPublic(), reporter.toPublic()]);
    }, { data: 'signed report', signature: [{ status: 'good', signerFingerprint: expect.stringMatching(/^[0-9A-F]{40}$/), signerIsGiven: true }] }],
    ['a signature by a key nobody gave is unknown-key with the issuer fingerprint', async () => {
      const armored = await encrypted('signed report', { signedBy: stranger });
      return (ring) => decrypted(armored, ring, [reporter.toPublic()]);
    }, { signature: [{ status: 'unknown-key', signerFingerprint: expect.stringMatching(/^[0-9A-F]{40}$/), signerIsGiven: null }] }],
    ['a detached signature over the exact bytes is good', async () => {
      const data = bytes('Content-Type: text/plain\r\n\r\nreport\r\n');
      const signature = (await openpgp.sign({ message: await openpgp.createMessage({ binary: data }), signingKeys: reporter, detached: true })) as string;
      return (ring) => checked(detachedSignature(data, signature, ring), [reporter.toPublic()]);
    }, [{ status: 'good', signerIsGiven: true }]],
    ['a detached signature over other bytes is bad', async () => {
      const signature = (await openpgp.sign({ message: await openpgp.createMessage({ binary: bytes('original') }), signingKeys: reporter, detached: true })) as string;
      return (ring) => checked(detachedSignature(bytes('tampered'), signature, ring), [reporter.toPublic()]);
    }, [{ status: 'bad' }]],
    ['an unreadable detached signature is bad', async () => (ring) => checked(detachedSignature(new Uint8Array([1]), 'garbage', ring), [reporter.toPublic()]), [{ status: 'bad', signerFingerprint: null }]],
    ['a cleartext-signed block keeps its text and is good', async () => {
      const armored = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'clear report' }), signingKeys: reporter });
      return async (ring) => {
        const block = await cleartextSigned(armored, ring);
        return { text: block?.text, signature: await checked(block?.signature, [reporter.toPublic()]) };
      };
    }, { text: 'clear report', signature: [{ status: 'good' }] }],
  ])('%s, in a worker as on this thread', async (_name, make, expected) => {
    const run = await make();
    const [there, here] = [await run(pooled), await run(inline)];
    expect(there).toEqual(here);
    expect(there).toMatchObject(expected as object);
  });

  test.each([
    ['with the right passphrase it resolves', () => passphrase, null],
    ['with a wrong passphrase it fails as loading the keyring does', () => 'not the passphrase', 'E_KEYS_PASSPHRASE'],
  ])('ready() waits until every worker has unlocked the team keys: %s', async (_n, phrase, code) => {
    const files = [...new Set(inline.keys.map((k) => k.file))].map((file) => ({ file, armored: readFileSync(file, 'utf8') }));
    const fresh = createCryptoPool(2, { keys: files, passphrase: phrase() });
    try {
      const outcome = await fresh.ready().then(
        () => null,
        (e: unknown) => (isSecintakeError(e) ? e.code : e),
      );
      expect(outcome).toBe(code);
    } finally {
      await fresh.close();
    }
  });

  test('a worker that dies fails the request in hand with a transient E_CRYPTO_WORKER, and the next request gets a new worker', async () => {
    const dying = createCryptoPool(1, { keys: [], passphrase: '' }, new URL('../../../test/helpers/dying-worker.mjs', import.meta.url));
    try {
      const died = await dying.decrypt('die', LIMITS, null).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSecintakeError(died) && { code: died.code, transient: died.transient }).toEqual({ code: 'E_CRYPTO_WORKER', transient: true });
      await expect(dying.decrypt('live', LIMITS, null)).resolves.toMatchObject({ ok: false, issue: { code: 'armor_corrupt' } });
    } finally {
      await dying.close();
    }
  });

  test('a crypto worker runs with the young generation bounded by LIMITS.cryptoWorkerYoungGenerationMb, and the old generation left at the default of V8', async () => {
    const probe = createCryptoPool(1, { keys: [], passphrase: '' }, new URL('../../../test/helpers/dying-worker.mjs', import.meta.url));
    try {
      const answer = await probe.decrypt('limits', LIMITS, null);
      const limits = JSON.parse(answer.ok ? '{}' : answer.issue.message) as { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number };
      expect(limits.maxYoungGenerationSizeMb).toBe(BOUNDS.cryptoWorkerYoungGenerationMb);
      // A bomb is refused by its decompressed size, never by a worker out of heap: the old generation keeps V8's default, far above the bound.
      expect(limits.maxOldGenerationSizeMb).toBeGreaterThanOrEqual((4 * BOUNDS.maxDecompressedBytes) / 2 ** 20);
    } finally {
      await probe.close();
    }
  });
});
