import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';
import { readSecretFile } from '../config/secrets.js';
import { loadKeyring, type Keyring } from './keyring.js';
import { unwrap } from './unwrap.js';

let ws: Workspace;
let keyring: Keyring;
let stranger: openpgp.PublicKey;
beforeAll(async () => {
  ws = await createWorkspace();
  keyring = await loadKeyring(ws.config.keys.dir, readSecretFile(ws.config.keys.passphrase_file, 'keys.passphrase_file'), new Date());
  stranger = (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'someone@else.example' }], format: 'object' })).publicKey;
});
afterAll(() => ws?.cleanup());

const limits = { maxMessageBytes: 4096, maxDecompressedBytes: 1_000_000, maxMimeDepth: 20, maxMimeParts: 1000 };
const mail = (body: string | Buffer) => Buffer.concat([Buffer.from('From: ada@research.example\r\nSubject: report\r\n\r\n'), Buffer.from(body)]);
const armor = async (data: Uint8Array | string, key = ws.teamPublicKey) =>
  openpgp.encrypt({
    message: await (typeof data === 'string' ? openpgp.createMessage({ text: data }) : openpgp.createMessage({ binary: data })),
    encryptionKeys: key,
    config: { aeadProtect: false },
  });

describe('unwrap: the decryption status says what happened to encryption, nothing else', () => {
  test.each([
    ['a cleartext message refused for its size was never decrypted, so nothing failed to decrypt', async () => mail('x'.repeat(5000)), { encrypted: false, ok: true, error: null }, 'message_too_large'],
    ['a cleartext message cut off mid-multipart has no decryption failure either', async () => Buffer.from('Content-Type: multipart/mixed; boundary="z"\r\n\r\n--z\r\n\r\ncut'), { encrypted: false, ok: true, error: null }, 'mime_truncated'],
    ['a message encrypted to a key we do not hold failed to decrypt', async () => mail(await armor('secret', stranger)), { encrypted: true, ok: false, error: expect.stringContaining('key we do not hold') }, expect.any(String)],
  ])('%s', async (_n, make, decryption, code) => {
    const r = await unwrap(await make(), { keyring, limits, knownKeys: [], from: null });
    expect(r.ok).toBe(false);
    expect(r.decryption).toMatchObject(decryption);
    if (!r.ok) expect(r.issue.code).toEqual(code);
  });

  test('an encrypted message that decrypts is ok', async () => {
    const r = await unwrap(mail(await armor('the report')), { keyring, limits, knownKeys: [], from: null });
    expect(r.decryption).toEqual({ encrypted: true, ok: true, keyFingerprint: ws.teamFingerprint, error: null });
    expect(r.ok && r.value.text).toBe('the report');
  });

  test('inline PGP whose cleartext is windows-1252, not UTF-8, reads as windows-1252', async () => {
    const sécurité = Uint8Array.from([0x53, 0xe9, 0x63, 0x75, 0x72, 0x69, 0x74, 0xe9, 0x20, 0x85]);
    const r = await unwrap(mail(await armor(sécurité)), { keyring, limits: { ...limits, maxMessageBytes: 1_000_000 }, knownKeys: [], from: null });
    expect(r.ok && r.value.text).toBe('Sécurité …');
  });
});

describe('unwrap: a decrypted newline bomb', () => {
  // A few KB of compressed ciphertext; openpgp's text literal data carries CRLF line ends.
  const lines = 2 * 1024 * 1024;
  const bomb = async (text: string) =>
    openpgp.encrypt({
      message: await openpgp.createMessage({ text }),
      encryptionKeys: ws.teamPublicKey,
      config: { aeadProtect: false, preferredCompressionAlgorithm: openpgp.enums.compression.zlib },
    });
  test.each([
    ['between two words keeps every line, with LF line ends', `first${'\n'.repeat(lines)}last`, `first${'\n'.repeat(lines)}last`],
    ['that is nothing but newlines gives no report text', '\n'.repeat(lines), ''],
  ])('%s', async (_n, text, expected) => {
    const r = await unwrap(mail(await bomb(text)), { keyring, limits: { ...limits, maxMessageBytes: 1_000_000, maxDecompressedBytes: 16_000_000 }, knownKeys: [], from: null });
    expect(r.ok && r.value.text).toBe(expected);
  });
});
