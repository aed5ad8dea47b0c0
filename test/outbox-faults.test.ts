/**
 * Outbox under SMTP faults a real Postfix will not produce on demand (smtp-server as a scriptable peer): 4xx then
 * success, repeated 5xx, a crash between send and commit, an unreachable server, and the per-recipient rate limit.
 * The clock is injected: tests move time, they never sleep for it.
 */
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { requeueAbandoned } from '../src/jobs/lease.js';
import { topHeaders } from '../src/mail/mime.js';
import type { Runtime } from '../src/runtime.js';
import { freePorts } from './e2e/harness/process-group.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

interface Peer {
  port: number;
  received: { messageId: string; accepted: boolean }[];
  /** Reply codes for the next DATA commands, in order; afterwards 250. */
  script: number[];
  close(): Promise<void>;
}

async function startPeer(port: number): Promise<Peer> {
  const peer: Peer = { port, received: [], script: [], close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const messageId = topHeaders(Buffer.concat(chunks)).get('message-id')?.[0] ?? '';
        const code = peer.script.shift() ?? 250;
        peer.received.push({ messageId, accepted: code < 400 });
        if (code < 400) return callback();
        callback(Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code }));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  peer.close = () => new Promise((resolve) => server.close(() => resolve()));
  return peer;
}

let ws: Workspace;
let rt: Runtime;
let peer: Peer | null;
let port: number;
let now: Date;

beforeEach(async () => {
  [port] = (await freePorts(1)) as [number];
  peer = await startPeer(port);
  ws = await createWorkspace({ extraYaml: '', source: 'source: { maildir: { path: mail } }' });
  // Same workspace, SMTP transport to the scripted peer.
  const { writeFileSync, readFileSync } = await import('node:fs');
  writeFileSync(ws.configFile, readFileSync(ws.configFile, 'utf8').replace('transport: { outbox_dir: outbox }', `transport: { smtp: { host: 127.0.0.1, port: ${port}, secure: false, require_tls: false } }`));
  now = new Date('2026-11-23T10:00:00Z');
  rt = await openWith(ws);
});
afterEach(async () => {
  rt?.close();
  await peer?.close();
  ws?.cleanup();
});

async function openWith(w: Workspace): Promise<Runtime> {
  const { loadConfig } = await import('../src/config/load.js');
  const { openRuntime } = await import('../src/runtime.js');
  const { createLogger } = await import('../src/log.js');
  return openRuntime(loadConfig(w.configFile), createLogger('silent'), () => now);
}

function queue(n: number, to = 'ada@research.example'): number[] {
  return Array.from({ length: n }, (_, i) =>
    rt.repos.outbox.enqueue({ messageId: `q${i}.${Date.now()}@example.test`, kind: 'test', recipients: [to], raw: Buffer.from(`Message-ID: <q${i}@example.test>\r\nSubject: t\r\n\r\nbody ${i}\r\n`) }, null, now),
  );
}

const advance = (ms: number) => (now = new Date(now.getTime() + ms));

describe('outbox under SMTP faults', () => {
  test('a 4xx answer defers the mail with backoff; it is sent once later, with the same Message-ID', async () => {
    const [id] = queue(1) as [number];
    (peer as Peer).script = [451];
    expect(await rt.drain()).toEqual({ sent: 0, deferred: 1, dead: 0 });
    const deferred = rt.repos.outbox.get(id);
    expect(deferred).toMatchObject({ status: 'deferred', attempts: 1, lastError: expect.stringMatching(/451|try again/) });
    const delay = new Date(deferred?.nextAttemptAt as string).getTime() - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(45_000);
    expect(delay).toBeLessThanOrEqual(75_000);
    expect(await rt.drain()).toEqual({ sent: 0, deferred: 0, dead: 0 });
    advance(delay);
    expect(await rt.drain()).toEqual({ sent: 1, deferred: 0, dead: 0 });
    expect(peer?.received.map((r) => r.accepted)).toEqual([false, true]);
    expect(new Set(peer?.received.map((r) => r.messageId)).size).toBe(1);
    expect(rt.repos.outbox.get(id)?.status).toBe('sent');
  });

  test('repeated 5xx answers make the mail dead after a few attempts, visible with its reason', async () => {
    const [id] = queue(1) as [number];
    (peer as Peer).script = [550, 550, 550, 550];
    for (let i = 0; i < 3; i++) {
      await rt.drain();
      advance(2 * 3_600_000);
    }
    expect(rt.repos.outbox.get(id)).toMatchObject({ status: 'dead', attempts: 3, lastError: expect.stringMatching(/550|mailbox unavailable/) });
    expect(peer?.received).toHaveLength(3);
    advance(24 * 3_600_000);
    await rt.drain();
    expect(peer?.received).toHaveLength(3);
  });

  test('with the SMTP server down the mail stays queued, and goes out exactly once when it is back', async () => {
    const [id] = queue(1) as [number];
    await peer?.close();
    peer = null;
    await rt.drain();
    expect(rt.repos.outbox.get(id)).toMatchObject({ status: 'deferred', attempts: 1 });
    peer = await startPeer(port);
    advance(10 * 60_000);
    await rt.drain();
    advance(10 * 60_000);
    await rt.drain();
    expect(peer.received).toHaveLength(1);
    expect(rt.repos.outbox.get(id)?.status).toBe('sent');
  });

  test('a crash between sending and recording: the restart sends the same bytes and Message-ID again, never a new one', async () => {
    const [id] = queue(1) as [number];
    const mail = rt.repos.outbox.get(id);
    // The claim of a process that is gone (a pid that has exited, on this host).
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    expect(rt.repos.outbox.claim(id, now, `${hostname()}:${dead}`)).toBe(true);
    // The dying process had handed the mail to SMTP but not recorded it.
    const { createSmtpTransport } = await import('../src/mail/transports/index.js');
    await createSmtpTransport({ host: '127.0.0.1', port, secure: false, require_tls: false, tls_verify: true }).send({ messageId: mail?.messageId as string, envelopeFrom: 'security@example.test', recipients: ['ada@research.example'], raw: mail?.raw as Buffer });
    rt.close();
    rt = await openWith(ws);
    // Opening a runtime (any CLI command) leaves the claim alone; the lease holder requeues it, its sender being dead.
    expect(rt.repos.outbox.get(id)?.status).toBe('active');
    requeueAbandoned(rt.repos.outbox, { host: hostname(), pid: process.pid }, now);
    expect(rt.repos.outbox.get(id)?.status).toBe('queued');
    await rt.drain();
    expect(peer?.received).toHaveLength(2);
    expect(peer?.received[0]?.messageId).toBe(peer?.received[1]?.messageId);
    expect(rt.repos.outbox.get(id)?.status).toBe('sent');
  });

  test('more than 10 mails an hour to one recipient: the rest wait for the window', async () => {
    queue(12);
    const first = await rt.drain();
    expect(first).toEqual({ sent: 10, deferred: 2, dead: 0 });
    advance(61 * 60_000);
    expect((await rt.drain()).sent).toBe(2);
    expect(peer?.received).toHaveLength(12);
  });
});
