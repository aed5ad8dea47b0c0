/**
 * @module A researcher on the openpgp side, for tests that need no real gpg: their key, and a report signed by it and
 * encrypted to the team with that key inside, as a trusted client sends one.
 */
import * as openpgp from 'openpgp';

/**
 * `created` lies before the test's clock: a key from after it would not be valid yet at the time the test sets.
 * The default is three weeks before the 2026-11-23 clock several tests run on.
 */
export async function researcherKey(email = 'ada@research.example', created = new Date('2026-11-01T00:00:00Z')): Promise<openpgp.PrivateKey> {
  return (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email }], date: created, format: 'object' })).privateKey;
}

/**
 * PGP/MIME (RFC 3156) from Ada: `text` and her public key as parts of one multipart/mixed entity, signed by her and
 * encrypted to the team, so what we send back is encrypted to her.
 */
export async function signedEncryptedReport(opts: { researcher: openpgp.PrivateKey; team: openpgp.PublicKey; text: string; subject: string; messageId: string }): Promise<string> {
  const inner = `Content-Type: multipart/mixed; boundary="i"\r\n\r\n--i\r\nContent-Type: text/plain\r\n\r\n${opts.text}\r\n--i\r\nContent-Type: application/pgp-keys; name="ada.asc"\r\n\r\n${opts.researcher.toPublic().armor()}\r\n--i--\r\n`;
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: inner }), encryptionKeys: opts.team, signingKeys: opts.researcher, config: { aeadProtect: false } });
  return `From: Ada <ada@research.example>\r\nTo: security@example.test\r\nSubject: ${opts.subject}\r\nMessage-ID: <${opts.messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="b"\r\n\r\n--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n${armored}\r\n--b--\r\n`;
}
