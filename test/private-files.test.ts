/** Files that hold reports, keys or secrets are 0600 (directories 0700) under the usual umask 022, not world-readable. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backupDatabase, openDatabase } from '../src/db/connection.js';
import { importTeamKey } from '../src/crypto/key-import.js';
import { createDirTransport } from '../src/mail/transports/index.js';
import { exposureWarning, writePrivateFile } from '../src/private-files.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

let ws: Workspace;
let previousUmask: number;
beforeAll(async () => {
  // The umask of a login shell outside systemd: new files would be 0644 and directories 0755 unless we say otherwise.
  previousUmask = process.umask(0o022);
  ws = await createWorkspace();
});
afterAll(() => {
  ws?.cleanup();
  process.umask(previousUmask);
});

describe('private files', () => {
  test('the database and its -wal and -shm files are created 0600 in a 0700 directory', () => {
    const file = join(ws.dir, 'state', 'secintake.db');
    const db = openDatabase(file);
    try {
      // The migrations have written through the WAL, so both companions exist now.
      expect([modeOf(join(ws.dir, 'state')), modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual([0o700, 0o600, 0o600, 0o600]);
    } finally {
      db.close();
    }
  });

  test('a database backup is 0600, also when it replaces a world-readable file', async () => {
    const db = openDatabase(join(ws.dir, 'backup-source.db'));
    const copy = join(ws.dir, 'copy.db');
    writeFileSync(copy, 'old', { mode: 0o644 });
    try {
      await backupDatabase(db, copy);
    } finally {
      db.close();
    }
    expect(modeOf(copy)).toBe(0o600);
    expect(readFileSync(copy).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  test('outbox .eml files are 0600 in a 0700 directory, also when a stale temporary file was world-readable', async () => {
    const dir = join(ws.dir, 'private-outbox', 'nested');
    const transport = createDirTransport(dir);
    await transport.send({ messageId: 'a@example.test', envelopeFrom: 'security@example.test', recipients: ['r@example.org'], raw: Buffer.from('x') });
    writeFileSync(join(dir, '.b@example.test.eml.tmp'), 'crashed', { mode: 0o644 });
    await transport.send({ messageId: 'b@example.test', envelopeFrom: 'security@example.test', recipients: ['r@example.org'], raw: Buffer.from('y') });
    expect(modeOf(dir)).toBe(0o700);
    expect(readdirSync(dir).map((f) => [f, modeOf(join(dir, f))])).toEqual([
      ['a@example.test.eml', 0o600],
      ['b@example.test.eml', 0o600],
    ]);
  });

  test('generated team keys, their public halves, the passphrase file and keys.dir are private', () => {
    const files = readdirSync(ws.config.keys.dir).map((f) => [f, modeOf(join(ws.config.keys.dir, f))]);
    expect(modeOf(ws.config.keys.dir)).toBe(0o700);
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files.filter(([, mode]) => mode !== 0o600)).toEqual([]);
    expect(files.map(([f]) => f)).toContain('passphrase');
  });

  test('an imported team key is written 0600', async () => {
    const passphrase = readFileSync(ws.config.keys.passphrase_file, 'utf8').trim();
    const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'security@example.test' }], passphrase, format: 'armored', config: { v6Keys: false } });
    const imported = await importTeamKey(ws.config, Buffer.from(privateKey), new Date());
    expect(modeOf(imported.file)).toBe(0o600);
  });

  test.each([
    ['a private file', 0o600, null],
    ['a group-readable file', 0o640, /is readable by other users \(mode 0640\); run chmod 600 /],
    ['a world-writable file', 0o602, /is writable by other users \(mode 0602\); run chmod 600 /],
    ['a world-readable and -writable file', 0o666, /is readable and writable by other users \(mode 0666\); run chmod 600 /],
    ['a file only executable by others', 0o611, /is executable by other users \(mode 0611\); run chmod 600 /],
  ])('exposure: %s gets the warning it deserves', (_what, mode, expected) => {
    const file = join(ws.dir, `exposed-${mode.toString(8)}`);
    writePrivateFile(file, 'x');
    // chmod, not the umask: the check must see exactly `mode`.
    chmodSync(file, mode);
    const warning = exposureWarning(file);
    if (expected === null) expect(warning).toBeNull();
    else expect(warning).toMatch(expected);
  });

  test('exposure: a world-readable directory is told to chmod 700, and a missing file is no finding', () => {
    const dir = join(ws.dir, 'open-dir');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    expect(exposureWarning(dir)).toBe(`${dir} is readable by other users (mode 0755); run chmod 700 ${dir}`);
    expect(exposureWarning(join(ws.dir, 'missing'))).toBeNull();
  });

  test.each([
    ['the database', () => ws.config.database, 'database', 600],
    ['the database WAL', () => `${ws.config.database}-wal`, 'database', 600],
    ['the passphrase file', () => ws.config.keys.passphrase_file, 'keys.passphrase_file', 600],
    ['a team key file', () => join(ws.config.keys.dir, readdirSync(ws.config.keys.dir).find((f) => f.endsWith('.pub.asc')) as string), 'keys.dir', 600],
    ['keys.dir itself', () => ws.config.keys.dir, 'keys.dir', 700],
  ])('config check warns, and still passes, when %s is open to other users', (_what, path, key, fix) => {
    openDatabase(ws.config.database).close();
    // SQLite removes the WAL on a clean close; stand one in, as a running daemon leaves it.
    writePrivateFile(`${ws.config.database}-wal`, '');
    const file = path();
    const before = modeOf(file);
    chmodSync(file, fix === 700 ? 0o755 : 0o644);
    try {
      const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, 'config', 'check'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('warning: '))).toEqual([`warning: ${key}: ${file} is readable by other users (mode 0${fix === 700 ? 755 : 644}); run chmod ${fix} ${file}`]);
      expect(r.stdout).toMatch(/^OK /m);
    } finally {
      chmodSync(file, before);
    }
  });

  test('config check names the outbox files open to other users once, with the chmod for all of them', async () => {
    const transport = createDirTransport(ws.config.transport.outbox_dir as string);
    for (const id of ['o1@example.test', 'o2@example.test']) {
      await transport.send({ messageId: id, envelopeFrom: 'security@example.test', recipients: ['r@example.org'], raw: Buffer.from('x') });
      chmodSync(join(ws.config.transport.outbox_dir as string, `${id}.eml`), 0o644);
    }
    const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, 'config', 'check'], { encoding: 'utf8' });
    const dir = ws.config.transport.outbox_dir as string;
    expect(r.stdout).toContain(`warning: transport.outbox_dir: 2 file(s) in ${dir} are open to other users; run chmod 600 ${join(dir, '*')}\n`);
  });
});
