import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from './dovecot.js';
import { withInbox } from './imap-inbox.js';
import { postfixUnavailable, startPostfix, type PostfixServer } from './postfix.js';

const RESEARCHER = 'researcher@research.example';
const SECURITY = 'security@example.test';
const unavailable = postfixUnavailable();

async function send(server: PostfixServer, to: string, subject: string): Promise<{ accepted: unknown[]; response: string }> {
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.smtpPort,
    secure: false,
    ignoreTLS: true,
    name: 'secintake-test.localhost',
    connectionTimeout: 2_000,
    greetingTimeout: 2_000,
    socketTimeout: 5_000,
  });
  try {
    return await transport.sendMail({
      from: SECURITY,
      to,
      subject,
      text: `Body of ${subject}.\n.a line starting with a dot\n`,
    });
  } finally {
    transport.close();
  }
}

/** Subjects in `user`'s INBOX. */
function subjects(dovecot: DovecotServer, user: string): Promise<string[]> {
  return withInbox(dovecot, user, async (client, box) => {
    const out: string[] = [];
    if (box.exists > 0) {
      for await (const msg of client.fetch('1:*', { envelope: true })) out.push(msg.envelope?.subject ?? '');
    }
    return out;
  });
}

/** Polls IMAP until a message with `subject` is in `user`'s INBOX; returns how long that took. */
async function waitForSubject(dovecot: DovecotServer, user: string, subject: string, timeoutMs = 8_000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if ((await subjects(dovecot, user)).includes(subject)) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`"${subject}" did not reach ${user} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until Postfix has removed every queue file (a delivered message's file goes shortly after the LMTP 250). */
async function waitForEmptyQueue(server: PostfixServer, timeoutMs = 3_000): Promise<void> {
  const t0 = Date.now();
  while (server.queue().length > 0) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`queue not empty after ${timeoutMs} ms: ${server.queue().join(' ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function smtpConnectFails(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.setTimeout(1_000, () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('connect', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', () => resolve(true));
  });
}

describe.skipIf(unavailable !== null)(`Postfix test harness${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let dovecot: DovecotServer;
  let postfix: PostfixServer;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [RESEARCHER, SECURITY] });
    const t0 = Date.now();
    postfix = await startPostfix({
      relayLmtp: { host: dovecot.host, port: dovecot.lmtpPort },
      domains: ['research.example', 'example.test'],
    });
    console.info(`startPostfix took ${Date.now() - t0} ms`);
  });

  afterAll(async () => {
    await postfix?.cleanup();
    await dovecot?.cleanup();
  });

  const withLogs = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      console.error(postfix?.logTail());
      console.error(dovecot?.logTail(15));
      throw err;
    }
  };

  it('relays SMTP mail to Dovecot over LMTP', () =>
    withLogs(async () => {
      expect(postfix.host).toBe('127.0.0.1');
      expect(postfix.running).toBe(true);
      const info = await send(postfix, RESEARCHER, 'relay 1');
      expect(info.accepted).toEqual([RESEARCHER]);
      expect(info.response).toMatch(/^250 .*queued as/);
      await waitForSubject(dovecot, RESEARCHER, 'relay 1');
      await waitForEmptyQueue(postfix);
      expect(postfix.logTail()).toMatch(/status=sent/);
    }));

  it('refuses SMTP connections after stop() and delivers again after start()', () =>
    withLogs(async () => {
      const port = postfix.smtpPort;
      const t0 = Date.now();
      await postfix.stop();
      const stopMs = Date.now() - t0;
      expect(postfix.running).toBe(false);
      expect(postfix.pids()).toEqual([]);
      expect(await smtpConnectFails(port)).toBe(true);
      await expect(send(postfix, RESEARCHER, 'never sent')).rejects.toThrow(/ECONNREFUSED|connect/i);
      await expect(postfix.flush()).rejects.toThrow(/stopped/);

      const t1 = Date.now();
      await postfix.start();
      const startMs = Date.now() - t1;
      expect(postfix.running).toBe(true);
      expect(postfix.smtpPort).toBe(port);
      expect(stopMs).toBeLessThan(1_000);
      expect(startMs).toBeLessThan(3_000);

      await send(postfix, RESEARCHER, 'relay 2');
      await waitForSubject(dovecot, RESEARCHER, 'relay 2');
      expect(await subjects(dovecot, RESEARCHER)).toEqual(['relay 1', 'relay 2']);
    }));

  it('keeps mail queued while Dovecot is down and across a Postfix restart, and delivers it after start()', () =>
    withLogs(async () => {
      await dovecot.stop();
      const info = await send(postfix, SECURITY, 'queued while down');
      expect(info.accepted).toEqual([SECURITY]);
      // Accepted by smtpd, deferred by the lmtp client (connection refused).
      const deadline = Date.now() + 5_000;
      while (!/status=deferred/.test(postfix.logTail(5))) {
        if (Date.now() > deadline) throw new Error('no deferral logged');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(postfix.queue()).toHaveLength(1);

      await postfix.stop();
      expect(postfix.queue()).toHaveLength(1); // the queue survives the stop
      await dovecot.start();
      await postfix.start(); // flushes
      const waited = await waitForSubject(dovecot, SECURITY, 'queued while down');
      console.info(`queued mail delivered ${waited} ms after start()`);
      await waitForEmptyQueue(postfix);
    }));

  it('flush() delivers deferred mail once the LMTP server is back', () =>
    withLogs(async () => {
      await dovecot.stop();
      await send(postfix, SECURITY, 'flushed');
      const deadline = Date.now() + 5_000;
      while (!/status=deferred/.test(postfix.logTail(3))) {
        if (Date.now() > deadline) throw new Error('no deferral logged');
        await new Promise((r) => setTimeout(r, 20));
      }
      await dovecot.start();
      await postfix.flush();
      const waited = await waitForSubject(dovecot, SECURITY, 'flushed', 3_000);
      console.info(`deferred mail delivered ${waited} ms after flush()`);
    }));

  it('refuses recipients outside the configured domains', () =>
    withLogs(async () => {
      await expect(send(postfix, 'someone@elsewhere.example', 'not relayed')).rejects.toThrow(/Relay access denied/);
    }));

  it('cleanup stops every process and removes the directory', () =>
    withLogs(async () => {
      const other = await startPostfix({ relayLmtp: { host: dovecot.host, port: dovecot.lmtpPort } });
      expect(other.smtpPort).not.toBe(postfix.smtpPort);
      const pids = other.pids();
      expect(pids.length).toBeGreaterThan(1); // master + qmgr, pickup, postlogd
      await other.cleanup();
      expect(existsSync(other.dir)).toBe(false);
      expect(other.pids()).toEqual([]);
      expect(await smtpConnectFails(other.smtpPort)).toBe(true);
      for (const pid of pids) {
        let state = 'gone';
        try {
          state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0]!;
        } catch {
          /* gone */
        }
        expect(['gone', 'Z']).toContain(state); // zombies wait for PID 1 to reap them
      }
    }));
});
