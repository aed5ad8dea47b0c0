/** @module Bench inputs: a workspace with two team keys (Curve25519, RSA-4096) and PGP/MIME reports encrypted to either. */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';

export interface BenchWorkspace {
  ws: Workspace;
  /** Curve25519 (the current key, which signs) and RSA-4096 (retired: still decrypts). */
  teamKeys: openpgp.PublicKey[];
  /** Armored secret keys and their passphrase, for the gpg baseline. */
  secretArmored: string[];
  passphrase: string;
}

export async function benchWorkspace(extraYaml?: string, source?: string): Promise<BenchWorkspace> {
  const ws = await createWorkspace({ extraYaml, source });
  const passphrase = readFileSync(ws.config.keys.passphrase_file, 'utf8').trim();
  // Older than the workspace's key, so the Curve25519 key stays the current (signing) one.
  const { privateKey } = await openpgp.generateKey({
    type: 'rsa',
    rsaBits: 4096,
    userIDs: [{ name: 'Example Security (RSA)', email: ws.config.team.address }],
    passphrase,
    date: new Date(Date.now() - 7_200_000),
    format: 'armored',
    config: { v6Keys: false },
  });
  writeFileSync(join(ws.config.keys.dir, 'team-rsa4096.asc'), privateKey, { mode: 0o600 });
  const rsa = await openpgp.readPrivateKey({ armoredKey: privateKey });
  const eccFile = readdirSync(ws.config.keys.dir).find((f) => f.startsWith('team-2') && !f.endsWith('.pub.asc'));
  if (!eccFile) throw new Error('the workspace wrote no team secret key');
  const eccSecret = readFileSync(join(ws.config.keys.dir, eccFile), 'utf8');
  return { ws, teamKeys: [ws.teamPublicKey, rsa.toPublic()], secretArmored: [eccSecret, privateKey], passphrase };
}

const PARAGRAPH = [
  'Summary: the search endpoint of ExampleApp 3.2.1 concatenates the q parameter into an SQL query.',
  'Steps to reproduce: 1. log in as any user 2. request /search?q=%27%20OR%201=1-- 3. every row is returned.',
  'Impact: an authenticated user reads every tenant\'s records. CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N',
  'Product: ExampleApp, versions 3.2.0 to 3.2.1. CWE-89. I would like to be credited as Ada L.',
].join('\n');

/** A 10 KiB report body (UTF-8 text the extraction reads in full). */
export const reportBody = (i: number) => `Report ${i}\n${`${PARAGRAPH}\n\n`.repeat(Math.ceil(10_240 / (PARAGRAPH.length + 2)))}`.slice(0, 10_240);

export interface BenchMessage {
  raw: Buffer;
  /** The armored ciphertext alone (what the floor and gpg baselines decrypt). */
  armored: string;
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** The inner MIME entity: the body, plus an attachment of `attachmentBytes` random (incompressible) bytes when > 0. */
function innerEntity(i: number, attachmentBytes: number): string {
  if (attachmentBytes === 0) return crlf(`Content-Type: text/plain; charset=utf-8\n\n${reportBody(i)}\n`);
  const b64 = randomBytes(attachmentBytes).toString('base64').replace(/.{76}/g, '$&\n');
  return crlf(`Content-Type: multipart/mixed; boundary="inner-${i}"\n\n--inner-${i}\nContent-Type: text/plain; charset=utf-8\n\n${reportBody(i)}\n--inner-${i}\nContent-Type: application/octet-stream; name="poc-${i}.bin"\nContent-Disposition: attachment; filename="poc-${i}.bin"\nContent-Transfer-Encoding: base64\n\n${b64}\n--inner-${i}--\n`);
}

/** An RFC 3156 PGP/MIME report from its own reporter, encrypted to `key`. */
export async function encryptedReport(i: number, key: openpgp.PublicKey, attachmentBytes = 0): Promise<BenchMessage> {
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: innerEntity(i, attachmentBytes) }), encryptionKeys: key, config: { aeadProtect: false } });
  return { raw: pgpMime(i, armored), armored };
}

/** The RFC 3156 wrapper around any armored ciphertext. */
export function pgpMime(i: number, armored: string): Buffer {
  return Buffer.from(crlf(`From: Reporter ${i} <r${i}@research.example>\nTo: security@example.test\nSubject: Report ${i}\nMessage-ID: <bench-${i}-${randomBytes(4).toString('hex')}@research.example>\nDate: ${new Date().toUTCString()}\nMIME-Version: 1.0\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="outer-${i}"\n\n--outer-${i}\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n--outer-${i}\nContent-Type: application/octet-stream; name="encrypted.asc"\n\n${armored}\n--outer-${i}--\n`));
}

/** `count` reports, alternating the team keys, 5% of them with a 1 MB attachment (as issue 13 sets). */
export async function reportSet(count: number, keys: openpgp.PublicKey[]): Promise<BenchMessage[]> {
  const out: BenchMessage[] = [];
  for (let i = 0; i < count; i++) out.push(await encryptedReport(i, keys[i % keys.length] as openpgp.PublicKey, i % 20 === 10 ? 1_000_000 : 0));
  return out;
}
