/**
 * The researcher-side helpers work for real: gpg (the researcher's client) and openpgp (our side) understand each
 * other both ways, multipart/signed built from canonical bytes verifies, the mail builders parse as the intended
 * MIME structure, and every hostile fixture is hostile in exactly the intended way.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/mail/pgp-mime.js';
import {
  encryptedAttachment,
  inlinePgpText,
  innerMime,
  mailvelopeHtml,
  multipartSigned,
  pgpMimeEncrypted,
  type MailHeaders,
} from '../../src/demo/researcher-mail.js';
import { createGpgClient } from './gpg-client.js';
import { micalgFor, type Gpg } from './gpg.js';
import { compressionBomb, corruptArmor, nonMdcMessage, truncatedMime, wrongKeyMessage } from './hostile.js';

const TEAM_PASSPHRASE = 'correct horse battery staple';
const h: MailHeaders = { from: 'Ada Researcher <ada@research.example>', to: 'security@example.test', subject: 'Vulnerability report' };

let gpg: Gpg;
let researcherFpr: string;
let researcherKey: openpgp.PublicKey;
let teamPublic: openpgp.PublicKey;
let teamPrivate: openpgp.PrivateKey;

beforeAll(async () => {
  const team = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Security Team', email: 'security@example.test' }],
    passphrase: TEAM_PASSPHRASE,
    format: 'object',
  });
  teamPublic = team.publicKey;
  teamPrivate = await openpgp.decryptKey({ privateKey: team.privateKey, passphrase: TEAM_PASSPHRASE });
  let teamImport: string[];
  ({ gpg, fingerprint: researcherFpr, teamImport } = await createGpgClient('Ada Researcher <ada@research.example>', teamPublic));
  researcherKey = await openpgp.readKey({ armoredKey: await gpg.exportPublicKey(researcherFpr) });
  expect(teamImport).toEqual([teamPublic.getFingerprint().toUpperCase()]);
});

afterAll(async () => {
  await gpg?.cleanup();
});

const openpgpDecrypt = async (armored: string, config: openpgp.PartialConfig = {}) =>
  openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: teamPrivate, verificationKeys: researcherKey, config });

/** The bytes between the first boundary of `raw`'s top-level multipart and the CRLF before the next one (RFC 2046 §5.1.1). */
function firstPart(raw: string): string {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1];
  if (!boundary) throw new Error('no boundary');
  const start = raw.indexOf(`--${boundary}\r\n`) + boundary.length + 4;
  return raw.slice(start, raw.indexOf(`\r\n--${boundary}`, start));
}

describe('gpg as the researcher, openpgp as the team', () => {
  it('gpg generates a v4 ed25519 key with a cv25519 encryption subkey, importable by openpgp', async () => {
    expect(researcherFpr).toMatch(/^[0-9A-F]{40}$/);
    expect(researcherKey.getFingerprint()).toBe(researcherFpr.toLowerCase());
    expect(researcherKey.keyPacket.version).toBe(4);
    expect(researcherKey.getAlgorithmInfo()).toMatchObject({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' });
    const enc = await researcherKey.getEncryptionKey();
    expect(enc.getAlgorithmInfo()).toMatchObject({ algorithm: 'ecdh', curve: 'curve25519Legacy' });
    expect(await gpg.exportSecretKey(researcherFpr)).toContain('-----BEGIN PGP PRIVATE KEY BLOCK-----');
  });

  it('an rsa3072 researcher key (no expiry) works the same way', async () => {
    const rsa = await gpg.generateKey('Rob RSA <rob@research.example>', { algo: 'rsa3072', expire: 'never' });
    const rsaKey = await openpgp.readKey({ armoredKey: await gpg.exportPublicKey(rsa) });
    expect(rsaKey.getAlgorithmInfo()).toMatchObject({ algorithm: 'rsaEncryptSign', bits: 3072 });
    expect(await rsaKey.getExpirationTime()).toBe(Infinity);
    const armored = await gpg.encrypt('rsa-signed', [teamPublic.getFingerprint()], { sign: rsa });
    const { data, signatures } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: teamPrivate, verificationKeys: rsaKey });
    expect(data).toBe('rsa-signed');
    await expect(signatures[0]?.verified).resolves.toBe(true);
  });

  it('gpg encrypts to the openpgp team key and openpgp decrypts it', async () => {
    const armored = await gpg.encrypt('Bonjour, une injection SQL dans /api/search.\n', [teamPublic.getFingerprint()]);
    expect(armored).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    const { data, signatures } = await openpgpDecrypt(armored);
    expect(data).toBe('Bonjour, une injection SQL dans /api/search.\n');
    expect(signatures).toEqual([]);
  });

  it('gpg signs and encrypts; openpgp decrypts and verifies the gpg signature', async () => {
    const armored = await gpg.encrypt('signed report\n', [teamPublic.getFingerprint()], { sign: researcherFpr, compress: 'zlib' });
    const { data, signatures } = await openpgpDecrypt(armored);
    expect(data).toBe('signed report\n');
    expect(signatures).toHaveLength(1);
    await expect(signatures[0]?.verified).resolves.toBe(true);
    expect(signatures[0]?.keyID.equals(researcherKey.getKeyID())).toBe(true);
  });

  it('gpg binary (unarmored) output decrypts too', async () => {
    const binary = await gpg.encrypt(Buffer.from([0, 1, 2, 255]), [teamPublic.getFingerprint()], { armor: false });
    expect(binary[0]! & 0x80).toBe(0x80);
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: new Uint8Array(binary) }), decryptionKeys: teamPrivate, format: 'binary' });
    expect(Buffer.from(data)).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('openpgp (our acknowledgement) signs and encrypts to the gpg key; gpg decrypts and checks the signature', async () => {
    const armored = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'Thanks, your reference is SEC-2026-0001.\n' }),
      encryptionKeys: researcherKey,
      signingKeys: teamPrivate,
      config: { aeadProtect: false },
    });
    const out = await gpg.decrypt(armored);
    expect(out.plaintext.toString()).toBe('Thanks, your reference is SEC-2026-0001.\n');
    expect(out.goodSignature).toBe(true);
    expect(out.signerFingerprint).toBe(teamPublic.getFingerprint().toUpperCase());
  });

  it('gpg clearsign verifies in openpgp', async () => {
    const signed = await gpg.clearsign('line one\nline two with trailing spaces   \n', researcherFpr);
    expect(signed).toContain('-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256');
    const msg = await openpgp.readCleartextMessage({ cleartextMessage: signed });
    const { signatures } = await openpgp.verify({ message: msg, verificationKeys: researcherKey });
    await expect(signatures[0]?.verified).resolves.toBe(true);
  });

  it('gpg.verifyDetached reports good and bad signatures', async () => {
    const sig = await gpg.signDetached('abc', researcherFpr);
    expect((await gpg.verifyDetached('abc', sig)).valid).toBe(true);
    const bad = await gpg.verifyDetached('abd', sig);
    expect(bad.valid).toBe(false);
    expect(bad.status.some((l) => l.startsWith('BADSIG '))).toBe(true);
  });
});

describe('multipart/signed over canonical bytes', () => {
  // LF line endings, trailing whitespace and non-ASCII: everything canonicalization and encoding must get right.
  const entity = innerMime({
    text: 'Hello team,   \nthe parameter is injectable (café).\nFrom the logs:\n\tSELECT 1;  \n',
    attachments: [{ name: 'poc.py', contentType: 'text/x-python', content: 'print("poc")\n' }],
  }).replace(/\r\n/g, '\n');

  it('canonicalize gives CRLF, no trailing whitespace, and is idempotent', () => {
    const c = canonicalize('a  \nb\t\r\nc \rd');
    expect(c).toBe('a\r\nb\r\nc\r\nd');
    expect(canonicalize(c)).toBe(c);
    // innerMime already has no trailing whitespace: canonicalization only changes the line endings (lossless).
    expect(canonicalize(entity)).toBe(entity.replace(/\n/g, '\r\n'));
  });

  it('a gpg detached signature (binary mode) over canonicalize(entity) verifies in openpgp over the part bytes', async () => {
    const canonical = canonicalize(entity);
    const sig = await gpg.signDetached(canonical, researcherFpr, { digestAlgo: 'SHA256' });
    const signature = await openpgp.readSignature({ armoredSignature: sig });
    const packet = signature.packets[0]!;
    expect(packet.signatureType).toBe(openpgp.enums.signature.binary);
    expect(micalgFor(packet.hashAlgorithm!)).toBe('pgp-sha256');

    const raw = multipartSigned(h, entity, sig, micalgFor('SHA256'));
    expect(raw).toMatch(/Content-Type: multipart\/signed; micalg=pgp-sha256;\r\n protocol="application\/pgp-signature"/);
    const onWire = firstPart(raw);
    expect(onWire).toBe(canonical);
    const verify = async (bytes: string) =>
      (
        await openpgp.verify({ message: await openpgp.createMessage({ binary: Buffer.from(bytes, 'utf8') }), signature, verificationKeys: researcherKey })
      ).signatures[0]!.verified;
    await expect(verify(onWire)).resolves.toBe(true);
    await expect(verify(entity)).rejects.toThrow(/digest did not match/i); // the LF form is not what was signed
    expect((await gpg.verifyDetached(onWire, sig)).valid).toBe(true);
  });

  it('a --textmode signature (type 0x01) also verifies over CRLF bytes, and over the LF form', async () => {
    const canonical = canonicalize(entity);
    const sig = await gpg.signDetached(canonical, researcherFpr, { textmode: true, digestAlgo: 'SHA512' });
    const signature = await openpgp.readSignature({ armoredSignature: sig });
    expect(signature.packets[0]!.signatureType).toBe(openpgp.enums.signature.text);
    expect(micalgFor(signature.packets[0]!.hashAlgorithm!)).toBe('pgp-sha512');
    for (const bytes of [canonical, entity]) {
      const { signatures } = await openpgp.verify({ message: await openpgp.createMessage({ text: bytes }), signature, verificationKeys: researcherKey });
      await expect(signatures[0]!.verified).resolves.toBe(true);
    }
  });

  it('parses with mailparser as text + application/pgp-signature', async () => {
    const sig = await gpg.signDetached(canonicalize(entity), researcherFpr);
    const mail = await simpleParser(multipartSigned(h, entity, sig));
    expect(mail.text).toContain('the parameter is injectable (café).');
    expect(mail.attachments.map((a) => a.contentType).sort()).toEqual(['application/pgp-signature', 'text/x-python']);
  });

  it('signed inside encrypted (RFC 3156 §6.1): gpg encrypts the signed entity; openpgp decrypts, the inner signature verifies', async () => {
    const inner = innerMime({ subject: 'RCE in upload handler', text: 'Uploading a .phtml file executes it.\n' });
    const sig = await gpg.signDetached(canonicalize(inner), researcherFpr);
    const signedEntity = multipartSigned(null, inner, sig, 'SHA256');
    expect(signedEntity).toMatch(/^Content-Type: multipart\/signed; micalg=pgp-sha256;/);
    const raw = pgpMimeEncrypted({ ...h, subject: '...' }, await gpg.encrypt(signedEntity, [teamPublic.getFingerprint()]));
    const outer = await simpleParser(raw);
    expect(outer.subject).toBe('...');
    const armored = outer.attachments[1]!.content.toString('latin1');
    // format 'binary': as text, openpgp would turn the CRLFs into LFs and the signature would no longer match.
    const asText = await openpgpDecrypt(armored);
    expect(asText.data).toBe(signedEntity.replace(/\r\n/g, '\n'));
    const { data: bytes } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: teamPrivate, format: 'binary' });
    const data = Buffer.from(bytes).toString('utf8');
    expect(data).toBe(signedEntity);
    const signedPart = firstPart(data);
    const { signatures } = await openpgp.verify({
      message: await openpgp.createMessage({ binary: Buffer.from(signedPart, 'utf8') }),
      signature: await openpgp.readSignature({ armoredSignature: sig }),
      verificationKeys: researcherKey,
    });
    await expect(signatures[0]!.verified).resolves.toBe(true);
    const clear = await simpleParser(signedPart);
    expect(clear.subject).toBe('RCE in upload handler');
  });
});

describe('mail builders parse as the intended structure', () => {
  let armored: string;
  beforeAll(async () => {
    armored = await gpg.encrypt('report', [teamPublic.getFingerprint()]);
  });

  const parse = (raw: string): Promise<ParsedMail> => {
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only
    return simpleParser(raw);
  };

  it('pgpMimeEncrypted: RFC 3156 version part + octet-stream payload, headers and default Message-ID', async () => {
    const raw = pgpMimeEncrypted({ ...h, subject: '...', date: new Date('2026-02-03T09:15:00Z'), extraHeaders: { 'User-Agent': 'Mutt/2.2.12' } }, armored);
    const mail = await parse(raw);
    const ct = mail.headers.get('content-type') as { value: string; params: Record<string, string> };
    expect(ct.value).toBe('multipart/encrypted');
    expect(ct.params.protocol).toBe('application/pgp-encrypted');
    expect(raw).toContain('\r\nDate: Tue, 03 Feb 2026 09:15:00 +0000\r\n');
    expect(mail.headers.get('user-agent')).toBe('Mutt/2.2.12');
    expect(mail.messageId).toMatch(/^<[0-9a-f]{24}@research\.example>$/);
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['application/pgp-encrypted', 'application/octet-stream']);
    expect(mail.attachments[0]!.content.toString().trim()).toBe('Version: 1');
    expect(mail.attachments[1]!.content.toString()).toBe(armored.replace(/\r?\n/g, '\r\n'));
  });

  it('innerMime: protected subject, text + html alternative, base64 attachments, UTF-8 quoted-printable', async () => {
    const poc = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0xff]);
    const entity = innerMime({
      subject: 'Injection SQL dans la recherche — critique',
      text: 'Bonjour,\nl’injection est dans q=.\n' + 'x'.repeat(120) + '\n',
      html: '<p>Bonjour, <b>injection</b></p>',
      attachments: [
        { name: 'poc.bin', contentType: 'application/octet-stream', content: poc },
        { name: 'notes é.txt', contentType: 'text/plain', content: 'naïve\n' },
      ],
    });
    expect(entity).toMatch(/^Content-Type: multipart\/mixed; protected-headers="v1";\r\n boundary="[^"]+"\r\nSubject: =\?UTF-8\?B\?/);
    const mail = await parse(entity);
    expect(mail.subject).toBe('Injection SQL dans la recherche — critique');
    expect(mail.text).toBe('Bonjour,\nl’injection est dans q=.\n' + 'x'.repeat(120) + '\n');
    expect(mail.html).toContain('<b>injection</b>');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['poc.bin', 'application/octet-stream'],
      ['notes é.txt', 'text/plain'],
    ]);
    expect(mail.attachments[0]!.content).toEqual(poc);
    expect(mail.attachments[1]!.content.toString()).toBe('naïve\n');
    expect(entity.split('\r\n').every((l) => l.length <= 78)).toBe(true);
    // A plain ASCII body alone is a single 7bit text/plain part without protected headers.
    expect(innerMime({ text: 'just text\n' })).toBe('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\njust text\r\n');
  });

  it('inlinePgpText: text/plain with the armored block between prefix and suffix', async () => {
    const mail = await parse(inlinePgpText({ ...h, from: 'Zoë Müller <zoe@research.example>' }, armored, { prefix: 'Hi, see below.\n\n', suffix: '\n-- \nZoë\n' }));
    expect(mail.from?.value[0]).toEqual({ name: 'Zoë Müller', address: 'zoe@research.example' });
    expect(mail.text).toContain('Hi, see below.');
    expect(mail.text).toContain(armored.trim());
    expect(mail.text).toContain('Zoë');
    expect(mail.attachments).toEqual([]);
  });

  for (const style of ['pre', 'div', 'p'] as const) {
    it(`mailvelopeHtml (${style}): same armored block in text/plain and text/html`, async () => {
      const raw = mailvelopeHtml(h, armored, style);
      const mail = await parse(raw);
      expect((mail.headers.get('content-type') as { value: string }).value).toBe('multipart/alternative');
      expect(mail.text?.trim()).toBe(armored.trim());
      const html = mail.html;
      expect(html).toBeTruthy();
      expect(html).not.toContain('\n-----END'); // lines are joined by markup, not newlines
      const fromHtml = (html as string)
        .replace(/<br>|<\/p>/g, '\n')
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
      expect(fromHtml.replace(/\n+/g, '\n').trim()).toBe(armored.replace(/\r?\n+/g, '\n').trim());
      expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable/);
    });
  }

  it('encryptedAttachment: cleartext body + armored and binary encrypted files', async () => {
    const binary = await gpg.encrypt('poc', [teamPublic.getFingerprint()], { armor: false });
    const mail = await parse(
      encryptedAttachment(h, 'The report is attached, encrypted to your key.', [
        { name: 'report.txt.pgp', content: binary },
        { name: 'poc.py.asc', content: armored },
      ]),
    );
    expect(mail.text?.trim()).toBe('The report is attached, encrypted to your key.');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['report.txt.pgp', 'application/pgp-encrypted'],
      ['poc.py.asc', 'application/octet-stream'],
    ]);
    expect(mail.attachments[0]!.content).toEqual(binary);
    expect(mail.attachments[1]!.content.toString('latin1')).toBe(armored);
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: new Uint8Array(mail.attachments[0]!.content) }), decryptionKeys: teamPrivate });
    expect(data).toBe('poc');
  });

  it('boundaries never occur in the content', () => {
    const raw = pgpMimeEncrypted(h, armored);
    const b = /boundary="([^"]+)"/.exec(raw)![1]!;
    expect(raw.split(`--${b}`).length - 1).toBe(3);
  });
});

describe('hostile fixtures', () => {
  it('nonMdcMessage: a tag 9 packet that openpgp refuses, and decrypts only with allowUnauthenticatedMessages', async () => {
    const armored = await nonMdcMessage(teamPublic, 'malleable plaintext');
    const message = await openpgp.readMessage({ armoredMessage: armored });
    expect(message.packets.map((p) => (p.constructor as unknown as { tag: number }).tag)).toEqual([
      openpgp.enums.packet.publicKeyEncryptedSessionKey,
      openpgp.enums.packet.symmetricallyEncryptedData,
    ]);
    await expect(openpgpDecrypt(armored)).rejects.toThrow(/not authenticated/i);
    const { data } = await openpgpDecrypt(armored, { allowUnauthenticatedMessages: true });
    expect(data).toBe('malleable plaintext');
  });

  it('nonMdcMessage: gpg 2.2 refuses it too (to the gpg key)', async () => {
    const armored = await nonMdcMessage(researcherKey, 'malleable plaintext');
    const err = await gpg.decrypt(armored).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/integrity protected/i);
  });

  it('compressionBomb: 50 MB of zeros in a small armored message; openpgp bounds it with maxDecompressedMessageSize', async () => {
    const size = 50 * 1024 * 1024;
    const armored = await compressionBomb(teamPublic, size);
    expect(armored.length).toBeLessThan(200_000);
    console.info(`compressionBomb: ${size} bytes decompressed, ${armored.length} bytes armored`);
    const message = await openpgp.readMessage({ armoredMessage: armored });
    const bounded = openpgp.decrypt({ message, decryptionKeys: teamPrivate, format: 'binary', config: { maxDecompressedMessageSize: 1024 * 1024 } });
    await expect(bounded).rejects.toThrow(/Maximum decompressed message size exceeded/);
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: teamPrivate, format: 'binary' });
    expect(data.length).toBe(size);
    expect(Buffer.from(data).equals(Buffer.alloc(size))).toBe(true);
  });

  it('compressionBomb: zip (raw deflate) also works and gpg inflates it', async () => {
    const armored = await compressionBomb(researcherKey, 1_000_000, { algorithm: 'zip' });
    const out = await gpg.decrypt(armored);
    expect(out.plaintext.length).toBe(1_000_000);
    expect(out.status.some((l) => l.startsWith('DECRYPTION_OKAY'))).toBe(true);
  });

  it('corruptArmor: flipped body characters fail decryption; truncated and bad-character bodies fail', async () => {
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'original plaintext '.repeat(20) }), encryptionKeys: teamPublic, config: { aeadProtect: false } });
    for (const mode of ['flip', 'truncate', 'bad-chars'] as const) {
      const bad = corruptArmor(armored, mode);
      expect(bad).not.toBe(armored);
      await expect(
        (async () => openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: bad }), decryptionKeys: teamPrivate }))(),
        mode,
      ).rejects.toThrow();
    }
  });

  it('corruptArmor(crc): openpgp v6 ignores the armor checksum, gpg rejects it', async () => {
    const fromGpg = await gpg.encrypt('crc test', [teamPublic.getFingerprint(), researcherFpr]);
    expect(fromGpg).toMatch(/\n=[A-Za-z0-9+/]{4}\n-----END PGP MESSAGE-----/); // gpg writes a CRC-24 line
    const bad = corruptArmor(fromGpg, 'crc');
    expect(bad).not.toBe(fromGpg);
    const { data } = await openpgpDecrypt(bad);
    expect(data).toBe('crc test');
    await expect(gpg.decrypt(bad)).rejects.toThrow(/CRC error/i);
  });

  it('truncatedMime: the last part is cut in half and the closing boundary is gone', async () => {
    const armored = await gpg.encrypt('x'.repeat(2000), [teamPublic.getFingerprint()]);
    const raw = pgpMimeEncrypted(h, armored);
    const cut = truncatedMime(raw);
    const b = /boundary="([^"]+)"/.exec(raw)![1]!;
    expect(cut).not.toContain(`--${b}--`);
    expect(cut).toContain('-----BEGIN PGP MESSAGE-----');
    expect(cut).not.toContain('-----END PGP MESSAGE-----');
    expect(cut.length).toBeGreaterThan(raw.length / 3);
    const mail = await simpleParser(cut);
    expect(mail.attachments.at(-1)?.content.toString()).not.toContain('-----END PGP MESSAGE-----');
    // Choosing the first part cuts inside the version part instead.
    const early = truncatedMime(raw, { part: 0 });
    expect(early).not.toContain('application/octet-stream');
  });

  it('wrongKeyMessage: the PKESK names a key nobody holds; the team key cannot decrypt it', async () => {
    const { armored, keyId, fingerprint } = await wrongKeyMessage();
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint).toMatch(/^[0-9a-f]{40}$/);
    const message = await openpgp.readMessage({ armoredMessage: armored });
    expect(message.getEncryptionKeyIDs().map((k) => k.toHex())).toEqual([keyId]);
    await expect(openpgpDecrypt(armored)).rejects.toThrow(/Session key decryption failed|No decryption key/i);
    const err = await gpg.decrypt(armored).then(
      () => null,
      (e: Error & { run?: { status: string[] } }) => e,
    );
    expect(err?.run?.status).toContain(`NO_SECKEY ${keyId.toUpperCase()}`);
  });
});
