import { ImapFlow } from 'imapflow';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from './dovecot.js';
import { withInbox } from './imap-inbox.js';

const USER = 'security@example.test';

function message(n: number): string {
  return [
    `From: Reporter ${n} <reporter${n}@example.org>`,
    `To: ${USER}`,
    `Subject: harness message ${n}`,
    `Message-ID: <harness-${n}-${Date.now()}@example.org>`,
    'Date: Sun, 23 Nov 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of message ${n}.`,
    '.a line starting with a dot must survive LMTP dot-stuffing',
    '',
  ].join('\r\n');
}

function inbox(server: DovecotServer): Promise<{ uidValidity: bigint; subjects: string[]; bodies: string[] }> {
  return withInbox(server, USER, async (client, box) => {
    const subjects: string[] = [];
    const bodies: string[] = [];
    if (box.exists > 0) {
      for await (const msg of client.fetch('1:*', { envelope: true, source: true }, { uid: false })) {
        subjects.push(msg.envelope?.subject ?? '');
        bodies.push(msg.source?.toString('utf8') ?? '');
      }
    }
    return { uidValidity: box.uidValidity, subjects, bodies };
  });
}

async function imapConnectFails(server: DovecotServer): Promise<boolean> {
  const client = new ImapFlow({
    host: server.host,
    port: server.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: USER, pass: server.users[USER]!.password },
    logger: false,
    connectionTimeout: 2_000,
    greetingTimeout: 2_000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch {
    return true;
  }
  client.close();
  return false;
}

describe('Dovecot test harness', () => {
  let server: DovecotServer;

  beforeAll(async () => {
    server = await startDovecot({ users: [USER] });
  });

  afterAll(async () => {
    await server?.cleanup();
  });

  it('delivers by LMTP, serves IMAP, and keeps the store across stop/start', async () => {
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(server.imapPort).not.toBe(server.lmtpPort);
      expect(readFileSync(server.users[USER]!.passwordFile, 'utf8')).toBe(server.users[USER]!.password);

      await server.deliver(USER, message(1));
      await server.deliver(USER, Buffer.from(message(2)), 'other@example.org');
      const first = await inbox(server);
      expect(first.subjects).toEqual(['harness message 1', 'harness message 2']);
      expect(first.bodies[0]).toContain('\r\n.a line starting with a dot');

      const t0 = Date.now();
      await server.stop();
      const stopMs = Date.now() - t0;
      expect(server.running).toBe(false);
      expect(await imapConnectFails(server)).toBe(true);
      await expect(server.deliver(USER, message(9))).rejects.toThrow(/stopped/);

      const t1 = Date.now();
      await server.start();
      const startMs = Date.now() - t1;
      expect(server.running).toBe(true);
      expect(stopMs + startMs).toBeLessThan(2_000);

      await server.deliver(USER, message(3));
      const second = await inbox(server);
      expect(second.subjects).toEqual(['harness message 1', 'harness message 2', 'harness message 3']);
      expect(second.uidValidity).toBe(first.uidValidity);
    } catch (err) {
      console.error(server.logTail());
      throw err;
    }
  });

  it('resetUidValidity gives INBOX a new UIDVALIDITY and keeps the messages', async () => {
    const before = await inbox(server);
    const next = await server.resetUidValidity(USER);
    const after = await inbox(server);
    expect(BigInt(next)).toBe(after.uidValidity);
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.subjects).toEqual(before.subjects);
  });

  it('pids() lists the running processes, and SIGSTOP on them freezes IMAP until SIGCONT', async () => {
    const count = (await inbox(server)).subjects.length;
    const pids = server.pids();
    expect(pids.length).toBeGreaterThan(1);
    // A worker that exited between the listing and the signal (imap-login, auth) has nothing left to freeze.
    const signal = (sig: NodeJS.Signals) => pids.forEach((pid) => {
      try {
        process.kill(pid, sig);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      }
    });
    signal('SIGSTOP');
    try {
      expect(await imapConnectFails(server)).toBe(true); // TCP connects, but no greeting comes
    } finally {
      signal('SIGCONT');
    }
    expect((await inbox(server)).subjects).toHaveLength(count);
  });

  it('rejects an unknown LMTP recipient', async () => {
    await expect(server.deliver('nobody@example.test', message(4))).rejects.toThrow(/nobody@example\.test/);
  });

  it('cleanup stops the server and removes its directory', async () => {
    const other = await startDovecot();
    const { dir } = other;
    await other.cleanup();
    const { existsSync } = await import('node:fs');
    expect(existsSync(dir)).toBe(false);
    expect(await imapConnectFails(other)).toBe(true);
    expect(other.pids()).toEqual([]);
  });
});
