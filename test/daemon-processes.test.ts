/**
 * The daemon as a real process (bin/secintake.js) beside other processes: a second daemon, CLI commands while mail is
 * in flight, an SMTP peer that accepts and then never answers, signals. Waits are for events (a log line, a row), never
 * for time; the test timeout is the only clock.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { createRepos, type Repos } from '../src/db/index.js';
import { freePorts } from './e2e/harness/process-group.js';
import { killDaemons, startDaemon } from './helpers/daemon-process.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
let repos: Repos;

beforeEach(async () => {
  ws = await createWorkspace();
  // Logs at info: the tests wait for the daemon's own words.
  writeFileSync(ws.configFile, readFileSync(ws.configFile, 'utf8').replace('level: silent', 'level: info'));
  repos = createRepos(openDatabase(ws.config.database));
});
afterEach(() => {
  killDaemons();
  repos.db.close();
  ws.cleanup();
});

const cli = (args: string[], configFile = ws.configFile) => spawnSync(process.execPath, ['bin/secintake.js', '--config', configFile, ...args], { encoding: 'utf8' });

/** Polls the database until `ready` holds; each poll is one read, the test timeout bounds the wait. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 50));
}

function deliver(name: string) {
  const dir = join(ws.dir, 'mail');
  for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'new', name), `From: ada@research.example\r\nTo: security@example.test\r\nMessage-ID: <${name}@research.example>\r\nSubject: x\r\n\r\nhello\r\n`);
}

/** An SMTP peer that accepts connections and never says a word: nodemailer waits for the greeting. */
async function frozenPeer(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  const [port] = (await freePorts(1)) as [number];
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port,
    connections: () => sockets.length,
    close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

describe('the daemon beside other processes', () => {
  test('a second daemon on the same database refuses, naming the holder; after the first stops, the lease is free', async () => {
    const first = startDaemon(ws.configFile);
    await first.said('daemon started');
    const second = cli(['run']);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('E_DAEMON_RUNNING');
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(repos.lease.current()).toBeNull();
    expect(cli(['run', '--once']).status).toBe(0);
  }, 60_000);

  test('read-only commands beside mail in flight change no outbox row', () => {
    const at = new Date();
    for (let i = 0; i < 3; i++) {
      const id = repos.outbox.enqueue({ messageId: `f${i}@example.test`, kind: 'test', recipients: ['ada@research.example'], raw: Buffer.from('x') }, null, at);
      expect(repos.outbox.claim(id, at, `${hostname()}:${process.pid}`)).toBe(true);
    }
    const before = repos.outbox.all();
    for (const args of [['reports', 'list'], ['reports', 'list', '--json'], ['outbox', 'list']]) expect(cli(args).status).toBe(0);
    expect(repos.outbox.all()).toEqual(before);
    expect(before.map((m) => m.status)).toEqual(['active', 'active', 'active']);
  }, 60_000);

  test('with the SMTP peer frozen mid-send, new mail is still captured and processed, and SIGTERM exits 0 with the mail still queued', async () => {
    const peer = await frozenPeer();
    try {
      const smtp = join(ws.dir, 'smtp.yaml');
      writeFileSync(smtp, readFileSync(ws.configFile, 'utf8').replace('transport: { outbox_dir: outbox }', `transport: { smtp: { host: 127.0.0.1, port: ${peer.port}, secure: false, require_tls: false } }`));
      const at = new Date(Date.now() - 1000);
      for (let i = 0; i < 3; i++) repos.outbox.enqueue({ messageId: `s${i}@example.test`, kind: 'test', recipients: [`r${i}@research.example`], raw: Buffer.from('x') }, null, at);
      const daemon = startDaemon(smtp);
      await daemon.said('daemon started');
      await until(() => peer.connections() > 0);
      deliver('1700000001.M1.host');
      // Processed, not only captured: processing shares the runner with the drain, so a drain held by the peer would hold it.
      await until(() => repos.messages.all().some((m) => m.state !== 'captured'));
      daemon.child.kill('SIGTERM');
      expect(await daemon.exit).toBe(0);
      expect(repos.outbox.all().filter((m) => m.status === 'sent')).toEqual([]);
      expect(repos.lease.current()).toBeNull();
    } finally {
      await peer.close();
    }
  }, 60_000);

  test('SIGHUP with a broken config is refused and the daemon runs on; with a good one it restarts its jobs', async () => {
    const daemon = startDaemon(ws.configFile);
    await daemon.said('daemon started');
    const good = readFileSync(ws.configFile, 'utf8');
    writeFileSync(ws.configFile, 'team: [not, a, mapping');
    daemon.child.kill('SIGHUP');
    await daemon.said('config reload refused');
    writeFileSync(ws.configFile, good);
    daemon.child.kill('SIGHUP');
    await daemon.said('config reload: restarting');
    await until(() => daemon.log().split('daemon started').length === 3);
    deliver('1700000002.M1.host');
    await until(() => repos.messages.all().length === 1);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exit).toBe(0);
  }, 60_000);

  test('SIGHUP with a config whose template names an unknown variable is refused, naming the file, and the daemon runs on', async () => {
    const daemon = startDaemon(ws.configFile);
    await daemon.said('daemon started');
    mkdirSync(join(ws.dir, 'words', 'en'), { recursive: true });
    writeFileSync(join(ws.dir, 'words', 'en', 'ack.txt'), 'Subject: [{{ref}}]\n\n{{passphrase}}\n');
    writeFileSync(ws.configFile, `${readFileSync(ws.configFile, 'utf8')}\ntemplates: { dir: words }\n`);
    daemon.child.kill('SIGHUP');
    await daemon.said('config reload refused');
    expect(daemon.log()).toContain('unknown variable {{passphrase}}');
    deliver('1700000003.M1.host');
    await until(() => repos.messages.all().length === 1);
    expect(daemon.log().split('daemon started').length).toBe(2);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exit).toBe(0);
  }, 60_000);
});
