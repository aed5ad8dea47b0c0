/** @module Team key generation: v4 ECC (Ed25519 + Curve25519) that gpg 2.2 can read, passphrase-protected, written to keys.dir. */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as openpgp from 'openpgp';
import type { Config } from '../config/load.js';
import { readSecretFile } from '../config/secrets.js';
import { SecintakeError } from '../errors.js';
import { makePrivateDir, writePrivateFile } from '../private-files.js';
import { loadKeyring } from './keyring.js';

export interface GeneratedKey {
  fingerprint: string;
  secretFile: string;
  publicFile: string;
  expiresAt: Date;
  passphraseCreated: boolean;
  retired: string | null;
}

const DAY_MS = 86_400_000;

export async function generateTeamKey(config: Config, opts: { rotate: boolean; expiresDays: number; now: Date }): Promise<GeneratedKey> {
  const passphraseCreated = !existsSync(config.keys.passphrase_file);
  if (passphraseCreated) {
    makePrivateDir(dirname(config.keys.passphrase_file));
    writePrivateFile(config.keys.passphrase_file, `${randomBytes(24).toString('base64url')}\n`, 'wx');
  }
  const passphrase = readSecretFile(config.keys.passphrase_file, 'keys.passphrase_file');
  makePrivateDir(config.keys.dir);
  const existing = await loadKeyring(config.keys.dir, passphrase, opts.now);
  if (existing.current && !opts.rotate) {
    throw new SecintakeError('E_KEYS_EXIST', `a valid team key exists already: ${existing.current.fingerprint}`, {
      hint: 'pass --rotate to create a new current key (the old one stays in keys.dir, retired, so older reports still decrypt)',
    });
  }
  const { privateKey, publicKey } = await openpgp.generateKey({
    // v4 ECC: gpg 2.2 (Debian 12, many researchers) cannot read v6 / curve25519 keys.
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: config.team.name, email: config.team.address }],
    passphrase,
    keyExpirationTime: Math.round((opts.expiresDays * DAY_MS) / 1000),
    date: opts.now,
    format: 'armored',
    config: { aeadProtect: false, v6Keys: false },
  });
  const key = await openpgp.readKey({ armoredKey: publicKey });
  const fingerprint = key.getFingerprint().toUpperCase();
  const stem = `team-${opts.now.toISOString().slice(0, 10)}-${fingerprint.slice(-16)}`;
  const secretFile = join(config.keys.dir, `${stem}.asc`);
  const publicFile = join(config.keys.dir, `${stem}.pub.asc`);
  writePrivateFile(secretFile, privateKey);
  // The public half is published on purpose, but from a copy: everything in keys.dir is private, so no mode is a judgement call.
  writePrivateFile(publicFile, publicKey);
  return {
    fingerprint,
    secretFile,
    publicFile,
    expiresAt: new Date(opts.now.getTime() + opts.expiresDays * DAY_MS),
    passphraseCreated,
    retired: existing.current?.fingerprint ?? null,
  };
}
