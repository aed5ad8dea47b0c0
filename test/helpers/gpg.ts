/**
 * @module Real GnuPG as a researcher's client, for tests: a throwaway GNUPGHOME, keys without passphrase, encrypt,
 * sign, decrypt and verify through `gpg --batch`. Machine-readable results come from `--status-fd` (a separate
 * pipe, fd 3), never from parsing stderr.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type GpgAlgo = 'ed25519' | 'rsa3072';
export type DigestAlgo = 'SHA256' | 'SHA384' | 'SHA512' | 'SHA224' | 'SHA1';

export interface GpgRun {
  stdout: Buffer;
  stderr: string;
  /** `[GNUPG:] ` lines from `--status-fd`, prefix removed, e.g. `GOODSIG 1234… Ada <ada@x>`. */
  status: string[];
}

export interface GpgDecryptResult {
  plaintext: Buffer;
  status: string[];
  /** Fingerprint from `VALIDSIG` when the message was signed and the signer's key is in the home. */
  signerFingerprint: string | null;
  goodSignature: boolean;
}

export interface GpgVerifyResult {
  valid: boolean;
  status: string[];
  signerFingerprint: string | null;
}

export interface Gpg {
  /** The GNUPGHOME of this instance (mode 700). */
  readonly home: string;
  /** Runs gpg with this home and the batch options; rejects with stderr on a non-zero exit. */
  run(args: string[], input?: string | Uint8Array): Promise<GpgRun>;
  /** A new key without passphrase: primary for sign+certify and an encryption subkey (cv25519 or rsa3072). */
  generateKey(uid: string, opts?: { algo?: GpgAlgo; expire?: string }): Promise<string>;
  /** Imports public or secret keys; returns the fingerprints gpg reports (`IMPORT_OK`). */
  importKey(armored: string | Uint8Array): Promise<string[]>;
  exportPublicKey(fpr: string): Promise<string>;
  exportSecretKey(fpr: string): Promise<string>;
  /** Encrypts (and optionally signs) to the recipients, trusting them (`--trust-model always`). Armored by default. */
  encrypt(data: string | Uint8Array, recipientFprs: string[], opts?: EncryptOptions & { armor?: true }): Promise<string>;
  encrypt(data: string | Uint8Array, recipientFprs: string[], opts: EncryptOptions & { armor: false }): Promise<Buffer>;
  /** Armored detached signature over the exact bytes (binary mode, signature type 0x00) unless `textmode`. */
  signDetached(data: string | Uint8Array, signerFpr: string, opts?: { digestAlgo?: DigestAlgo; textmode?: boolean }): Promise<string>;
  clearsign(text: string, signerFpr: string, opts?: { digestAlgo?: DigestAlgo }): Promise<string>;
  decrypt(message: string | Uint8Array): Promise<GpgDecryptResult>;
  /** Never rejects for a bad signature: `valid` is false and `status` says why (`BADSIG`, `NO_PUBKEY`, ...). */
  verifyDetached(data: string | Uint8Array, signature: string | Uint8Array): Promise<GpgVerifyResult>;
  /** Stops this home's gpg-agent (and dirmngr) and removes the directory. */
  cleanup(): Promise<void>;
}

export interface EncryptOptions {
  /** Fingerprint of a secret key in this home to sign with (sign+encrypt, one pass). */
  sign?: string;
  armor?: boolean;
  /** `--compress-algo`, e.g. 'zlib', 'zip', 'bzip2', 'none'. gpg's default is zlib/zip by recipient preferences. */
  compress?: 'none' | 'zip' | 'zlib' | 'bzip2';
  /** `--cipher-algo`, e.g. 'AES256'. */
  cipher?: string;
  digestAlgo?: DigestAlgo;
}

const BATCH = ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', '--no-auto-key-retrieve', '--no-auto-key-locate', '--no-greeting'];

function spawnGpg(home: string, program: string, args: string[], input?: string | Uint8Array): Promise<GpgRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: { ...process.env, GNUPGHOME: home, LC_ALL: 'C', LANGUAGE: 'C' },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const status: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    const statusPipe = child.stdio[3];
    if (statusPipe && 'on' in statusPipe) (statusPipe as NodeJS.ReadableStream).on('data', (b: Buffer) => status.push(b));
    child.on('error', reject);
    child.stdin?.on('error', () => undefined); // gpg may exit before reading all input; the exit code tells.
    child.on('close', (code, signal) => {
      const run: GpgRun = {
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        status: Buffer.concat(status)
          .toString('utf8')
          .split('\n')
          .filter((l) => l.startsWith('[GNUPG:] '))
          .map((l) => l.slice('[GNUPG:] '.length)),
      };
      if (code === 0) resolve(run);
      else reject(Object.assign(new Error(`${program} ${args.filter((a) => a !== '').join(' ')} exited with ${code ?? signal}: ${run.stderr.trim()}`), { run }));
    });
    child.stdin?.end(input === undefined ? undefined : typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input));
  });
}

function statusField(status: string[], keyword: string, index: number): string | null {
  for (const line of status) {
    const parts = line.split(' ');
    if (parts[0] === keyword) return parts[index] ?? null;
  }
  return null;
}

export async function createGpgHome(): Promise<Gpg> {
  // Short path: gpg-agent's socket lives in the home when /run/user/UID is absent (sun_path is 108 bytes).
  const home = mkdtempSync(join(tmpdir(), 'gpg-'));
  chmodSync(home, 0o700);
  writeFileSync(join(home, 'gpg-agent.conf'), 'allow-loopback-pinentry\n', { mode: 0o600 });
  const run = (args: string[], input?: string | Uint8Array) => spawnGpg(home, 'gpg', [...BATCH, '--status-fd', '3', ...args], input);
  const armorOut = (r: GpgRun) => r.stdout.toString('latin1');

  const gpg: Gpg = {
    home,
    run,
    async generateKey(uid, opts = {}) {
      const algo = opts.algo ?? 'ed25519';
      const expire = opts.expire ?? '1y';
      const created = await run(['--quick-generate-key', uid, algo, 'sign,cert', expire]);
      const fpr = statusField(created.status, 'KEY_CREATED', 2);
      if (!fpr) throw new Error(`gpg did not report KEY_CREATED: ${created.status.join('; ')}`);
      await run(['--quick-add-key', fpr, algo === 'ed25519' ? 'cv25519' : 'rsa3072', 'encr', expire]);
      return fpr;
    },
    async importKey(armored) {
      const r = await run(['--import'], armored);
      return [...new Set(r.status.filter((l) => l.startsWith('IMPORT_OK ')).map((l) => l.split(' ')[2] ?? ''))].filter((f) => f !== '');
    },
    async exportPublicKey(fpr) {
      const out = armorOut(await run(['--armor', '--export', fpr]));
      if (out === '') throw new Error(`gpg has no public key ${fpr}`);
      return out;
    },
    async exportSecretKey(fpr) {
      const out = armorOut(await run(['--armor', '--export-secret-keys', fpr]));
      if (out === '') throw new Error(`gpg has no secret key ${fpr}`);
      return out;
    },
    // Overloads are declared on the interface; the implementation returns both shapes.
    encrypt: (async (data: string | Uint8Array, recipientFprs: string[], opts: EncryptOptions = {}) => {
      const armor = opts.armor ?? true;
      const args = ['--trust-model', 'always', ...(armor ? ['--armor'] : [])];
      for (const r of recipientFprs) args.push('--recipient', r);
      if (opts.compress) args.push('--compress-algo', opts.compress);
      if (opts.cipher) args.push('--cipher-algo', opts.cipher);
      if (opts.digestAlgo) args.push('--digest-algo', opts.digestAlgo);
      if (opts.sign) args.push('--local-user', opts.sign, '--sign');
      args.push('--encrypt');
      const r = await run(args, data);
      return armor ? armorOut(r) : r.stdout;
    }) as Gpg['encrypt'],
    async signDetached(data, signerFpr, opts = {}) {
      const args = ['--armor', '--local-user', signerFpr, '--digest-algo', opts.digestAlgo ?? 'SHA256'];
      if (opts.textmode) args.push('--textmode');
      args.push('--detach-sign');
      return armorOut(await run(args, data));
    },
    async clearsign(text, signerFpr, opts = {}) {
      return armorOut(await run(['--local-user', signerFpr, '--digest-algo', opts.digestAlgo ?? 'SHA256', '--clearsign'], text));
    },
    async decrypt(message) {
      const r = await run(['--trust-model', 'always', '--decrypt'], message);
      return {
        plaintext: r.stdout,
        status: r.status,
        signerFingerprint: statusField(r.status, 'VALIDSIG', 1),
        goodSignature: r.status.some((l) => l.startsWith('GOODSIG ')),
      };
    },
    async verifyDetached(data, signature) {
      const dir = mkdtempSync(join(home, 'v-'));
      try {
        const dataFile = join(dir, 'data');
        const sigFile = join(dir, 'data.sig');
        writeFileSync(dataFile, data);
        writeFileSync(sigFile, signature);
        let r: GpgRun;
        try {
          r = await run(['--trust-model', 'always', '--verify', sigFile, dataFile]);
        } catch (e) {
          const failed = (e as { run?: GpgRun }).run;
          if (!failed) throw e;
          r = failed;
        }
        return { valid: r.status.some((l) => l.startsWith('GOODSIG ')) && r.status.some((l) => l.startsWith('VALIDSIG ')), status: r.status, signerFingerprint: statusField(r.status, 'VALIDSIG', 1) };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async cleanup() {
      await spawnGpg(home, 'gpgconf', ['--kill', 'all']).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
  return gpg;
}

/** The `micalg` parameter (RFC 3156 §5) for a gpg digest name or an OpenPGP hash algorithm id (`SIG_CREATED` field 3). */
export function micalgFor(digest: DigestAlgo | number): string {
  const byId: Record<number, string> = { 1: 'pgp-md5', 2: 'pgp-sha1', 3: 'pgp-ripemd160', 8: 'pgp-sha256', 9: 'pgp-sha384', 10: 'pgp-sha512', 11: 'pgp-sha224' };
  if (typeof digest === 'number') {
    const mic = byId[digest];
    if (!mic) throw new Error(`unknown OpenPGP hash algorithm ${digest}`);
    return mic;
  }
  return `pgp-${digest.toLowerCase()}`;
}
