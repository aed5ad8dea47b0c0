/**
 * End to end with real servers and the researcher's real gpg: a report sent through Postfix lands in Dovecot, the
 * daemon reads it over IMAP, acknowledges through Postfix, and the researcher fetches the ack from their own
 * mailbox and decrypts and verifies it with gpg. Also: no key → signed-only ack; Postfix down → sent once when back.
 */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runOnce } from '../../src/daemon.js';
import { innerMime, inlinePgpText, pgpMimeEncrypted } from '../../src/demo/researcher-mail.js';
import type { Runtime } from '../../src/runtime.js';
import { createGpgHome, type Gpg } from '../helpers/gpg.js';
import { readWithGpg } from '../helpers/outgoing.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { startDovecot, type DovecotServer } from './harness/dovecot.js';
import { postfixUnavailable, startPostfix, type PostfixServer } from './harness/postfix.js';

const SECURITY = 'security@example.test';
const ADA = 'ada@research.example';
const BOB = 'bob@research.example';
let dovecot: DovecotServer;
let postfix: PostfixServer;
let ws: Workspace;
let rt: Runtime;
let gpg: Gpg;
let ada: string;
let now = new Date();

beforeAll(async () => {
  const why = postfixUnavailable();
  // Not a skip: a missing real server is a failure to fix, not a pass.
  if (why) throw new Error(`cannot run the Postfix end-to-end test: ${why}`);
  dovecot = await startDovecot({ users: [SECURITY, ADA, BOB] });
  postfix = await startPostfix({ relayLmtp: { host: dovecot.host, port: dovecot.lmtpPort } });
  const account = dovecot.users[SECURITY];
  ws = await createWorkspace({
    source: `source:
  imap: { host: 127.0.0.1, port: ${dovecot.imapPort}, secure: false, require_tls: false, user: "${account?.user}", password_file: "${account?.passwordFile}" }`,
  });
  const { writeFileSync, readFileSync } = await import('node:fs');
  writeFileSync(ws.configFile, readFileSync(ws.configFile, 'utf8').replace('transport: { outbox_dir: outbox }', `transport: { smtp: { host: 127.0.0.1, port: ${postfix.smtpPort}, secure: false, require_tls: false } }`));
  const { loadConfig } = await import('../../src/config/load.js');
  const { openRuntime } = await import('../../src/runtime.js');
  const { createLogger } = await import('../../src/log.js');
  rt = await openRuntime(loadConfig(ws.configFile), createLogger('silent'), () => now);
  gpg = await createGpgHome();
  ada = await gpg.generateKey(`Ada Researcher <${ADA}>`);
  await gpg.importKey(ws.teamPublicKey.armor());
});
afterAll(async () => {
  rt?.close();
  await gpg?.cleanup();
  await postfix?.cleanup();
  await dovecot?.cleanup();
  ws?.cleanup();
});

/** The researcher sends through Postfix, as their provider would. */
async function send(raw: string, from: string) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: postfix.smtpPort, secure: false, ignoreTLS: true });
  await t.sendMail({ envelope: { from, to: [SECURITY] }, raw });
  t.close();
}

async function mailbox(user: string): Promise<Buffer[]> {
  const account = dovecot.users[user];
  const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.imapPort, secure: false, auth: { user: account?.user as string, pass: account?.password as string }, logger: false });
  await client.connect();
  await client.mailboxOpen('INBOX');
  const all = (await client.fetchAll('1:*', { source: true }).catch(() => [])).map((m) => m.source as Buffer);
  await client.logout();
  return all;
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}\n--- postfix ---\n${postfix.logTail()}\n--- dovecot ---\n${dovecot.logTail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('acknowledgement through real Postfix, read with real gpg', () => {
  test('an encrypted report with the key attached: the ack arrives in the researcher mailbox, gpg decrypts it and verifies the team signature', async () => {
    const inner = innerMime({
      subject: 'Auth bypass in foo-cms 3.1 login',
      text: 'Sending X-Forwarded-User: admin skips the login.',
      attachments: [{ name: 'ada.asc', contentType: 'application/pgp-keys', content: await gpg.exportPublicKey(ada) }],
    });
    await send(pgpMimeEncrypted({ from: `Ada <${ADA}>`, to: SECURITY, subject: '...' }, await gpg.encrypt(inner, [ws.teamFingerprint], { sign: ada })), ADA);
    const outcomes = await until('the report to reach the security mailbox', async () => (await runOnce(rt)).messages, (o) => o.length > 0);
    expect(outcomes.map((o) => o.outcome)).toEqual(['new-report']);
    const [ack] = await until('the ack in the researcher mailbox', () => mailbox(ADA), (m) => m.length === 1);
    const read = await readWithGpg(ack as Buffer, gpg);
    expect(read.type, read.signed?.text).toBe('multipart/encrypted');
    expect(read.subject).toBe(`[${outcomes[0]?.reportRef}] Report received`);
    expect(read.subject).not.toMatch(/bypass|foo-cms/i);
    expect(read.decrypted).toMatchObject({ goodSignature: true, signer: ws.teamFingerprint });
    expect(read.decrypted?.text).toContain('Auth bypass in foo-cms 3.1 login');
  });

  test('no key known and nothing signed: a signed-only, content-free receipt asking for a key, verified by gpg', async () => {
    await send(inlinePgpText({ from: `Bob <${BOB}>`, to: SECURITY, subject: 'XXE in libbar' }, await gpg.encrypt('XXE via DOCTYPE', [ws.teamFingerprint])), BOB);
    await until('the report', async () => (await runOnce(rt)).messages, (o) => o.length > 0);
    const [ack] = await until('the ack in Bob mailbox', () => mailbox(BOB), (m) => m.length === 1);
    const read = await readWithGpg(ack as Buffer, gpg);
    expect(read.type).toBe('multipart/signed');
    expect(read.signed).toMatchObject({ valid: true, signer: ws.teamFingerprint });
    expect(read.signed?.text).toMatch(/send us your OpenPGP public key/);
    expect((ack as Buffer).toString()).not.toMatch(/XXE|libbar/);
  });

  test('with Postfix down the ack waits in the outbox, and is delivered exactly once when Postfix is back', async () => {
    await send(inlinePgpText({ from: `Ada <${ADA}>`, to: SECURITY, subject: 'second report' }, await gpg.encrypt('CSRF on /settings', [ws.teamFingerprint])), ADA);
    await until('the report to arrive in the security mailbox', () => mailbox(SECURITY), (m) => m.length === 3);
    await postfix.stop();
    const outcomes = (await runOnce(rt)).messages;
    expect(outcomes.map((o) => o.outcome)).toEqual(['new-report']);
    const pending = rt.repos.outbox.all().filter((m) => m.status !== 'sent');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ status: 'deferred', attempts: 1 });
    await postfix.start();
    now = new Date(now.getTime() + 5 * 60_000);
    await runOnce(rt);
    now = new Date(now.getTime() + 5 * 60_000);
    await runOnce(rt);
    const mails = await until('the second ack', () => mailbox(ADA), (m) => m.length >= 2);
    await new Promise((r) => setTimeout(r, 1000));
    const ids = (await mailbox(ADA)).map((m) => m.toString().match(/^Message-ID: (.*)$/im)?.[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids).toContain(`<${pending[0]?.messageId}>`);
    expect(mails.length).toBe(2);
  });
});
