/**
 * End to end against a real Dovecot: mail delivered over LMTP, read by the daemon over IMAP, recorded in SQLite.
 * Includes a server restart in the middle of a backlog, a frozen server (SIGSTOP), and a UIDVALIDITY change.
 */
import { execFileSync } from 'node:child_process';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runDaemon } from '../../src/daemon.js';
import { createImapSource } from '../../src/sources/imap.js';
import type { Runtime } from '../../src/runtime.js';
import { until as waitUntil } from '../helpers/until.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { startDovecot, type DovecotServer } from './harness/dovecot.js';

const SECURITY = 'security@example.test';
let dovecot: DovecotServer;
let ws: Workspace;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [SECURITY] });
  const account = dovecot.users[SECURITY];
  if (!account) throw new Error('harness did not create the security user');
  ws = await createWorkspace({
    source: `source:
  imap: { host: 127.0.0.1, port: ${dovecot.imapPort}, secure: false, require_tls: false, user: "${account.user}", password_file: "${account.passwordFile}", poll_seconds: 1 }`,
  });
});
afterAll(async () => {
  ws?.cleanup();
  await dovecot?.cleanup();
});

let seq = 0;
async function report(text: string): Promise<{ raw: string; messageId: string }> {
  const messageId = `e2e-${++seq}-${Date.now()}@research.example`;
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
  return {
    messageId,
    raw: `From: Ada <ada@research.example>\r\nTo: ${SECURITY}\r\nSubject: report ${seq}\r\nMessage-ID: <${messageId}>\r\nDate: ${new Date().toUTCString()}\r\n\r\n${armored}\r\n`,
  };
}

function counts(rt: Runtime) {
  const row = rt.repos.db
    .prepare(`SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM messages) AS messages,
      (SELECT count(DISTINCT message_id) FROM messages WHERE outcome = 'new-report') AS distinctReports,
      (SELECT count(*) FROM messages WHERE outcome = 'duplicate') AS duplicates,
      (SELECT count(*) FROM messages WHERE state = 'captured') AS pending`)
    .get() as { reports: number; messages: number; distinctReports: number; duplicates: number; pending: number };
  return row;
}

const until = (what: string, check: () => boolean, timeoutMs = 30_000) => waitUntil(what, check, { timeoutMs, detail: () => `--- dovecot log ---\n${dovecot.logTail()}` });

describe('IMAP intake against a real Dovecot', () => {
  test('reports delivered over LMTP are captured by the daemon; a server restart mid-backlog loses and duplicates nothing', async () => {
    const rt = await ws.open();
    const stop = new AbortController();
    const daemon = runDaemon(rt, stop.signal);
    try {
      const first = await Promise.all([1, 2, 3].map((i) => report(`first batch ${i}`)));
      for (const m of first) await dovecot.deliver(SECURITY, m.raw);
      await until('3 reports', () => counts(rt).reports === 3);

      const backlog = await Promise.all(Array.from({ length: 15 }, (_, i) => report(`backlog ${i}`)));
      for (const m of backlog) await dovecot.deliver(SECURITY, m.raw);
      await until('the backlog to start arriving', () => counts(rt).reports >= 4);
      await dovecot.stop();
      await new Promise((r) => setTimeout(r, 1500));
      await dovecot.start();
      await until('all 18 reports after the restart', () => counts(rt).reports === 18, 60_000);

      // The same message delivered again (new UID, new Received lines): a duplicate, never a second report.
      await dovecot.deliver(SECURITY, first[0]?.raw as string);
      await until('the redelivery to be recorded', () => counts(rt).duplicates === 1);
      const c = counts(rt);
      expect(c).toMatchObject({ reports: 18, distinctReports: 18, messages: 19, duplicates: 1, pending: 0 });
      const refs = rt.repos.reports.list().map((r) => r.ref);
      expect(new Set(refs).size).toBe(18);
      // list() leaves the bodies out (issue 13): read each report whole to check its body.
      expect(rt.repos.reports.list().map((r) => rt.repos.reports.byId(r.id)).every((r) => r !== undefined && r.encryption.encrypted && r.bodyText.length > 0)).toBe(true);
    } finally {
      stop.abort();
      await daemon;
      rt.close();
    }
  });

  test('a hostile message fails on its own and the next one is still captured', async () => {
    const rt = await ws.open();
    try {
      const before = counts(rt).reports;
      await dovecot.deliver(SECURITY, `From: x@evil.example\r\nTo: ${SECURITY}\r\nSubject: hi\r\nMessage-ID: <bad-${Date.now()}@evil.example>\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n\r\nnot really pgp\r\n-----END PGP MESSAGE-----\r\n`);
      const good = await report('after the hostile one');
      await dovecot.deliver(SECURITY, good.raw);
      const { runOnce } = await import('../../src/daemon.js');
      const outcomes = (await runOnce(rt)).messages;
      expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'new-report']);
      expect(outcomes[0]?.error).toMatch(/corrupt|not an OpenPGP message/);
      expect(counts(rt).reports).toBe(before + 1);
      // A second pass finds nothing new: the UID cursor moved past both.
      expect((await runOnce(rt)).messages).toEqual([]);
    } finally {
      rt.close();
    }
  });

  test('a frozen server is detected by the NOOP watchdog and the daemon recovers when it thaws', async () => {
    const rt = await ws.open();
    const stop = new AbortController();
    const imap = rt.config.source[0]?.imap;
    if (!imap) throw new Error('no imap config');
    const source = createImapSource({
      config: { ...imap, poll_seconds: 1 },
      password: dovecot.users[SECURITY]?.password as string,
      cursors: rt.repos.cursors,
      log: rt.log,
      clock: rt.clock,
      timing: { noopTimeoutMs: 1500, socketTimeoutMs: 4000, backoffMinMs: 200, backoffMaxMs: 1000 },
    });
    // Process what each sync captured, one pass at a time (the daemon's process job does this).
    let processing = Promise.resolve();
    const running = source.run(stop.signal, (req) => {
      const r = rt.capture(req);
      processing = processing.then(async () => void (await rt.pipeline.processPending()));
      return r;
    });
    try {
      const before = counts(rt).reports;
      // Let the source connect and go idle before the server freezes under it.
      await new Promise((r) => setTimeout(r, 1500));
      const pids = dovecot.pids();
      execFileSync('kill', ['-STOP', ...pids.map(String)]);
      await new Promise((r) => setTimeout(r, 5000));
      execFileSync('kill', ['-CONT', ...pids.map(String)]);
      const m = await report('after the freeze');
      await dovecot.deliver(SECURITY, m.raw);
      await until('the report sent after the freeze', () => counts(rt).reports === before + 1, 30_000);
    } finally {
      stop.abort();
      await running;
      await processing;
      rt.close();
    }
  });

  test('a UIDVALIDITY change rescans the mailbox: old mail is recorded as duplicates, not as new reports', async () => {
    const rt = await ws.open();
    try {
      const { runOnce } = await import('../../src/daemon.js');
      await runOnce(rt);
      const before = counts(rt);
      await dovecot.resetUidValidity(SECURITY);
      const outcomes = (await runOnce(rt)).messages;
      expect(outcomes.length).toBeGreaterThan(0);
      expect(outcomes.every((o) => o.outcome === 'duplicate')).toBe(true);
      expect(counts(rt).reports).toBe(before.reports);
    } finally {
      rt.close();
    }
  });

  test('with source.imap.processed_mailbox, captured mail is moved out of INBOX into that folder', async () => {
    const account = dovecot.users[SECURITY];
    const w = await createWorkspace({
      source: `source:
  imap: { host: 127.0.0.1, port: ${dovecot.imapPort}, secure: false, require_tls: false, user: "${account?.user}", password_file: "${account?.passwordFile}", processed_mailbox: Processed }`,
    });
    const rt = await w.open();
    try {
      const m = await report('to be moved');
      await dovecot.deliver(SECURITY, m.raw);
      const { runOnce } = await import('../../src/daemon.js');
      expect((await runOnce(rt)).messages.map((o) => o.messageId)).toContain(m.messageId);
      const { ImapFlow } = await import('imapflow');
      const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.imapPort, secure: false, auth: { user: account?.user as string, pass: account?.password as string }, logger: false });
      await client.connect();
      const inbox = await client.status('INBOX', { messages: true });
      const processed = await client.status('Processed', { messages: true });
      await client.logout();
      expect(inbox && inbox.messages).toBe(0);
      expect(processed && processed.messages).toBeGreaterThan(0);
    } finally {
      rt.close();
      w.cleanup();
    }
  });

  test('secintake run --once on the CLI reads the mailbox and reports list shows it', async () => {
    const m = await report('via the CLI');
    await dovecot.deliver(SECURITY, m.raw);
    const cli = (...args: string[]) => execFileSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, ...args], { encoding: 'utf8' });
    const out = (JSON.parse(cli('run', '--once', '--json')) as { messages: { outcome: string; messageId: string }[] }).messages;
    expect(out).toContainEqual(expect.objectContaining({ outcome: 'new-report', messageId: m.messageId }));
    const list = JSON.parse(cli('reports', 'list', '--json')) as { ref: string }[];
    expect(list.length).toBeGreaterThan(18);
  });
});
