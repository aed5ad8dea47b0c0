/**
 * @module Crash tests against a real Dovecot: the real daemon (`bin/secintake.js run`, long-running) reads its mailbox
 * over IMAP and sends to a loopback SMTP sink.
 *
 * For each failpoint the daemon exits at that step, more mail arrives while it is down, and a restart without the
 * failpoint finishes the work: every message captured once, every report recorded once, every acknowledgement
 * delivered once, or twice with one Message-ID when the crash fell between the 250 and the mark. Beside that: a second
 * daemon on the same database refuses while the first goes on, and SIGTERM with the SMTP peer frozen in DATA exits 0
 * with the unconfirmed mail still queued, after new mail was captured meanwhile. The database is read through its own
 * read-only connection; every wait is a bounded poll whose failure names what was missing.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import BetterSqlite3 from 'better-sqlite3';
import * as openpgp from 'openpgp';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createRepos, type Repos } from '../../src/db/index.js';
import { FAILPOINT_EXIT_CODE, FAILPOINTS, type Failpoint } from '../../src/failpoint.js';
import { killDaemons, startDaemon, type DaemonProcess } from '../helpers/daemon-process.js';
import { smtpTransport, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { until } from '../helpers/until.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { startDovecot, type DovecotServer } from './harness/dovecot.js';

/** Reports in the mailbox before the crash, and delivered while the daemon is down. */
const BEFORE_CRASH = 4;
const WHILE_DOWN = 2;

/** One mailbox per test, so a test reads only its own mail. */
const mailbox = (name: string) => `${name}@example.test`;
const MAILBOXES = [...FAILPOINTS.map((p) => mailbox(`crash-${p}`)), mailbox('lease'), mailbox('frozen')];

let dovecot: DovecotServer;
const open: { ws: Workspace; sink: SmtpSink; db: Repos | null }[] = [];

beforeAll(async () => {
  dovecot = await startDovecot({ users: MAILBOXES });
});
afterEach(async () => {
  killDaemons();
  for (const { ws, sink, db } of open.splice(0)) {
    db?.db.close();
    await sink.close();
    ws.cleanup();
  }
});
afterAll(async () => {
  await dovecot?.cleanup();
});

interface Setup {
  ws: Workspace;
  sink: SmtpSink;
  /** Sends one encrypted report to this test's mailbox over LMTP; resolves once Dovecot stored it. */
  deliver(tag: string): Promise<Sent>;
  /** The daemon's database through a read-only connection of our own (opened once the daemon created it). */
  db(): Repos;
  /** The state of the test at a timeout: the database, the sink, the daemon's and Dovecot's logs. */
  detail(daemon?: DaemonProcess): string;
}

interface Sent {
  messageId: string;
  subject: string;
}

async function setup(address: string, opts: { frozen?: boolean } = {}): Promise<Setup> {
  const account = dovecot.users[address];
  if (!account) throw new Error(`the harness did not create ${address}`);
  const sink = await startSmtpSink(opts);
  const ws = await createWorkspace({
    source: `source:
  imap: { host: 127.0.0.1, port: ${dovecot.imapPort}, secure: false, require_tls: false, user: "${account.user}", password_file: "${account.passwordFile}", poll_seconds: 1 }`,
    transport: smtpTransport(sink.port),
    logLevel: 'info',
  });
  const slot: (typeof open)[number] = { ws, sink, db: null };
  open.push(slot);
  const db = () => {
    if (!slot.db) {
      if (!existsSync(ws.config.database)) throw new Error('the daemon has not created its database yet');
      slot.db = createRepos(new BetterSqlite3(ws.config.database, { readonly: true, fileMustExist: true }));
    }
    return slot.db;
  };
  return {
    ws,
    sink,
    db,
    async deliver(tag) {
      const messageId = `${tag}-${Date.now()}@research.example`;
      const subject = `XSS ${tag}`;
      const text = `Stored XSS in the comment form of Foo CMS (${tag}).\n\nSteps to reproduce: post <script>alert(1)</script> as a comment.`;
      const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
      await dovecot.deliver(address, `From: Ada <ada-${tag}@research.example>\r\nTo: ${address}\r\nSubject: ${subject}\r\nMessage-ID: <${messageId}>\r\nDate: ${new Date().toUTCString()}\r\n\r\n${armored}\r\n`);
      return { messageId, subject };
    },
    detail(daemon) {
      const state = slot.db
        ? JSON.stringify({
            messages: slot.db.messages.listing().map((m) => [m.messageId, m.state, m.outcome]),
            outbox: slot.db.outbox.listing().map((m) => [m.messageId, m.status, m.lastError]),
          })
        : '(no database yet)';
      const log = daemon?.log().split('\n').slice(-30).join('\n') ?? '';
      return `state: ${state}\nsink accepted: ${JSON.stringify(sink.accepted)}, frozen DATA: ${sink.frozenData()}\n--- daemon log ---\n${log}\n--- dovecot ---\n${dovecot.logTail(15)}`;
    },
  };
}

/** The exit code, once the process has exited; the bound guards a hang, it measures nothing. */
async function exited(s: Setup, daemon: DaemonProcess, what: string): Promise<number | null> {
  await until(what, () => daemon.child.exitCode !== null || daemon.child.signalCode !== null, { detail: () => s.detail(daemon) });
  return daemon.exit;
}

async function stop(s: Setup, daemon: DaemonProcess): Promise<number | null> {
  daemon.child.kill('SIGTERM');
  return exited(s, daemon, 'the daemon to exit after SIGTERM');
}

/** Every delivered message processed as a new report, and each report's acknowledgement marked sent. */
function settled(db: Repos, sent: readonly Sent[]): boolean {
  const messages = db.messages.listing();
  const outbox = db.outbox.listing();
  return messages.length === sent.length && messages.every((m) => m.state === 'processed') && outbox.length === sent.length && outbox.every((m) => m.status === 'sent');
}

/** How many times the sink accepted each outbox mail, in outbox order. */
const copies = (s: Setup) => s.db().outbox.listing().map((m) => s.sink.accepted.filter((id) => id === `<${m.messageId}>`).length);

describe('the daemon against a real Dovecot, crashed at each step', () => {
  test.each(FAILPOINTS.map((point) => [point, point === 'after-send-before-mark' ? 1 : 0] as const))(
    'a crash %s, with more mail delivered while it is down: each message is captured once, each report recorded once, and %i acknowledgement(s) go out a second time with the same Message-ID',
    async (point: Failpoint, resent) => {
      const s = await setup(mailbox(`crash-${point}`));
      const sent: Sent[] = [];
      for (let i = 1; i <= BEFORE_CRASH; i++) sent.push(await s.deliver(`${point}-${i}`));

      const crashed = startDaemon(s.ws.configFile, { SECINTAKE_FAILPOINT: point });
      expect(await exited(s, crashed, `the daemon to stop at the failpoint ${point}`)).toBe(FAILPOINT_EXIT_CODE);
      for (let i = 1; i <= WHILE_DOWN; i++) sent.push(await s.deliver(`${point}-down-${i}`));

      const restarted = startDaemon(s.ws.configFile, { SECINTAKE_FAILPOINT: '' });
      await until(`all ${sent.length} messages processed and their acknowledgements sent after the restart`, () => settled(s.db(), sent), { detail: () => s.detail(restarted) });
      expect(await stop(s, restarted)).toBe(0);
      expect(restarted.log()).not.toContain('E_DAEMON_RUNNING');

      const db = s.db();
      const messages = db.messages.listing();
      expect(messages.map((m) => m.messageId).sort()).toEqual(sent.map((m) => m.messageId).sort());
      expect(new Set(messages.map((m) => m.contentSha256)).size).toBe(sent.length);
      expect(messages.map((m) => m.outcome)).toEqual(sent.map(() => 'new-report'));
      const reports = db.reports.list();
      expect(reports.map((r) => r.subject).sort()).toEqual(sent.map((m) => m.subject).sort());
      expect(new Set(db.outbox.listing().map((m) => m.reportId))).toEqual(new Set(reports.map((r) => r.id)));
      const perAck = copies(s);
      expect(perAck.filter((n) => n === 1)).toHaveLength(sent.length - resent);
      expect(perAck.filter((n) => n === 2)).toHaveLength(resent);
      // Nothing the sink took is foreign to the outbox: every copy carries the Message-ID composed for its row.
      expect(s.sink.accepted).toHaveLength(sent.length + resent);
    },
    45_000,
  );
});

describe('the daemon against a real Dovecot, beside other processes', () => {
  test('a second daemon on the same database refuses naming the holder, and the first goes on reading and sending', async () => {
    const s = await setup(mailbox('lease'));
    const first = startDaemon(s.ws.configFile);
    await until('the first daemon to start', () => first.log().includes('secintake daemon started'), { detail: () => s.detail(first) });
    const second = startDaemon(s.ws.configFile);
    const code = await exited(s, second, 'the second daemon to refuse and exit');
    expect(code).not.toBe(0);
    expect(second.log()).toContain('E_DAEMON_RUNNING');
    expect(second.log()).toContain(`pid ${first.child.pid} on ${hostname()}`);

    const sent = [await s.deliver('lease-1')];
    await until('the report delivered after the refusal to be processed and acknowledged by the first daemon', () => settled(s.db(), sent), { detail: () => s.detail(first) });
    expect(copies(s)).toEqual([1]);
    expect(s.db().lease.current()?.pid).toBe(first.child.pid);
    expect(await stop(s, first)).toBe(0);
    expect(s.db().lease.current()).toBeNull();
  }, 45_000);

  test('SIGTERM with the SMTP peer frozen in DATA and a backlog exits 0 with the unconfirmed mail queued; mail arriving meanwhile is captured, and after a restart each acknowledgement goes out once', async () => {
    const s = await setup(mailbox('frozen'), { frozen: true });
    const sent: Sent[] = [];
    for (let i = 1; i <= 3; i++) sent.push(await s.deliver(`frozen-${i}`));
    const daemon = startDaemon(s.ws.configFile);
    await until('a backlog of 3 acknowledgements with the first held in DATA by the frozen peer', () => s.sink.frozenData() === 1 && s.db().outbox.listing().length === 3, { detail: () => s.detail(daemon) });

    const late = await s.deliver('frozen-late');
    sent.push(late);
    await until('the report delivered while the peer is frozen to be captured', () => s.db().messages.listing().some((m) => m.messageId === late.messageId), { detail: () => s.detail(daemon) });
    expect(s.sink.accepted).toEqual([]);
    // Processed too (its acknowledgement queued behind the frozen one): the drain holds neither intake nor processing.
    await until('the report delivered while the peer is frozen to be processed', () => s.db().outbox.listing().length === sent.length, { detail: () => s.detail(daemon) });
    expect(s.sink.accepted).toEqual([]);
    expect(s.db().outbox.listing().filter((m) => m.status === 'sent')).toEqual([]);

    expect(await stop(s, daemon)).toBe(0);
    const left = s.db().outbox.listing();
    // The mail in hand keeps its claim (its sender is gone, so the next lease holder requeues it); the rest never left the queue.
    expect(left.map((m) => m.status)).toEqual(['active', 'queued', 'queued', 'queued']);
    expect(s.sink.frozenData()).toBe(1);

    s.sink.thaw();
    const restarted = startDaemon(s.ws.configFile);
    await until(`all ${sent.length} messages processed and acknowledged after the restart`, () => settled(s.db(), sent), { detail: () => s.detail(restarted) });
    expect(await stop(s, restarted)).toBe(0);
    expect(copies(s)).toEqual(sent.map(() => 1));
    expect(s.sink.accepted).toHaveLength(sent.length);
  }, 45_000);
});
