/**
 * End to end with real servers and the researcher's real gpg: a report sent through Postfix lands in Dovecot, the
 * daemon reads it over IMAP, acknowledges through Postfix, and the researcher fetches the ack from their own
 * mailbox and decrypts and verifies it with gpg. Also: no key → signed-only ack; Postfix down → sent once when back.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runOnce } from '../../src/daemon.js';
import { innerMime, inlinePgpText, pgpMimeEncrypted } from '../../src/demo/researcher-mail.js';
import type { Runtime } from '../../src/runtime.js';
import type { Gpg } from '../helpers/gpg.js';
import { createGpgClient } from '../helpers/gpg-client.js';
import { readWithGpg } from '../helpers/outgoing.js';
import type { Workspace } from '../helpers/workspace.js';
import { SECURITY, startMailStack, type MailStack } from './harness/mail-stack.js';
import type { PostfixServer } from './harness/postfix.js';

const ADA = 'ada@research.example';
const BOB = 'bob@research.example';
let stack: MailStack;
let postfix: PostfixServer;
let ws: Workspace;
let rt: Runtime;
let gpg: Gpg;
let ada: string;
let now = new Date();

beforeAll(async () => {
  stack = await startMailStack({ users: [ADA, BOB], clock: () => now });
  ({ postfix, ws, rt } = stack);
  ({ gpg, fingerprint: ada } = await createGpgClient(`Ada Researcher <${ADA}>`, ws.teamPublicKey));
});
afterAll(async () => {
  await gpg?.cleanup();
  await stack?.cleanup();
});

/** The researcher sends through Postfix, as their provider would. */
async function send(raw: string, from: string) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: postfix.smtpPort, secure: false, ignoreTLS: true });
  await t.sendMail({ envelope: { from, to: [SECURITY] }, raw });
  t.close();
}

describe('acknowledgement through real Postfix, read with real gpg', () => {
  test('an encrypted report with the key attached: the ack arrives in the researcher mailbox, gpg decrypts it and verifies the team signature', async () => {
    const inner = innerMime({
      subject: 'Auth bypass in foo-cms 3.1 login',
      text: 'Sending X-Forwarded-User: admin skips the login.',
      attachments: [{ name: 'ada.asc', contentType: 'application/pgp-keys', content: await gpg.exportPublicKey(ada) }],
    });
    await send(pgpMimeEncrypted({ from: `Ada <${ADA}>`, to: SECURITY, subject: '...' }, await gpg.encrypt(inner, [ws.teamFingerprint], { sign: ada })), ADA);
    const outcomes = await stack.until('the report to reach the security mailbox', async () => (await runOnce(rt)).messages, (o) => o.length > 0);
    expect(outcomes.map((o) => o.outcome)).toEqual(['new-report']);
    const [ack] = await stack.until('the ack in the researcher mailbox', () => stack.mailbox(ADA), (m) => m.length === 1);
    const read = await readWithGpg(ack as Buffer, gpg);
    expect(read.type, read.signed?.text).toBe('multipart/encrypted');
    expect(read.subject).toBe(`[${outcomes[0]?.reportRef}] Report received`);
    expect(read.subject).not.toMatch(/bypass|foo-cms/i);
    expect(read.decrypted).toMatchObject({ goodSignature: true, signer: ws.teamFingerprint });
    expect(read.decrypted?.text).toContain('Auth bypass in foo-cms 3.1 login');
  });

  test('no key known and nothing signed: a signed-only, content-free receipt asking for a key, verified by gpg', async () => {
    await send(inlinePgpText({ from: `Bob <${BOB}>`, to: SECURITY, subject: 'XXE in libbar' }, await gpg.encrypt('XXE via DOCTYPE', [ws.teamFingerprint])), BOB);
    await stack.until('the report', async () => (await runOnce(rt)).messages, (o) => o.length > 0);
    const [ack] = await stack.until('the ack in Bob mailbox', () => stack.mailbox(BOB), (m) => m.length === 1);
    const read = await readWithGpg(ack as Buffer, gpg);
    expect(read.type).toBe('multipart/signed');
    expect(read.signed).toMatchObject({ valid: true, signer: ws.teamFingerprint });
    expect(read.signed?.text).toMatch(/send us your OpenPGP public key/);
    expect((ack as Buffer).toString()).not.toMatch(/XXE|libbar/);
  });

  test('with Postfix down the ack waits in the outbox, and is delivered exactly once when Postfix is back', async () => {
    await send(inlinePgpText({ from: `Ada <${ADA}>`, to: SECURITY, subject: 'second report' }, await gpg.encrypt('CSRF on /settings', [ws.teamFingerprint])), ADA);
    await stack.until('the report to arrive in the security mailbox', () => stack.mailbox(SECURITY), (m) => m.length === 3);
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
    const mails = await stack.until('the second ack', () => stack.mailbox(ADA), (m) => m.length >= 2);
    await new Promise((r) => setTimeout(r, 1000));
    const ids = (await stack.mailbox(ADA)).map((m) => m.toString().match(/^Message-ID: (.*)$/im)?.[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids).toContain(`<${pending[0]?.messageId}>`);
    expect(mails.length).toBe(2);
  });
});
