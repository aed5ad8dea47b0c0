/**
 * End to end with real servers and a team member's real gpg: the daily digest goes out through Postfix into Dovecot;
 * Grace fetches it from her mailbox, gpg decrypts it and verifies the team signature; Mallory, whose key we do not
 * have, gets a signed notice that gpg verifies and that carries nothing from any report.
 */
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importRecipientKeys } from '../../src/crypto/recipient-key-import.js';
import { runOnce } from '../../src/daemon.js';
import { inlinePgpText } from '../../src/demo/researcher-mail.js';
import type { Runtime } from '../../src/runtime.js';
import { createGpgHome, type Gpg } from '../helpers/gpg.js';
import { readWithGpg } from '../helpers/outgoing.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { startDovecot, type DovecotServer } from './harness/dovecot.js';
import { postfixUnavailable, startPostfix, type PostfixServer } from './harness/postfix.js';

const SECURITY = 'security@example.test';
const GRACE = 'grace@example.test';
const MALLORY = 'mallory@example.test';
const TITLE = 'Auth bypass <script>x</script> in foo-cms';
let dovecot: DovecotServer;
let postfix: PostfixServer;
let ws: Workspace;
let rt: Runtime;
let gpg: Gpg;
const now = new Date();

beforeAll(async () => {
  const why = postfixUnavailable();
  // Not a skip: a missing real server is a failure to fix, not a pass.
  if (why) throw new Error(`cannot run the Postfix end-to-end test: ${why}`);
  dovecot = await startDovecot({ users: [SECURITY, GRACE, MALLORY] });
  postfix = await startPostfix({ relayLmtp: { host: dovecot.host, port: dovecot.lmtpPort } });
  const account = dovecot.users[SECURITY];
  ws = await createWorkspace({
    source: `source:
  imap: { host: 127.0.0.1, port: ${dovecot.imapPort}, secure: false, require_tls: false, user: "${account?.user}", password_file: "${account?.passwordFile}" }`,
    // 00:00 UTC: today's slot has always passed, whenever the test runs.
    extraYaml: `timezone: UTC\ndigest: { time: "00:00", recipients: [${GRACE}, ${MALLORY}] }`,
  });
  const { writeFileSync, readFileSync } = await import('node:fs');
  writeFileSync(ws.configFile, readFileSync(ws.configFile, 'utf8').replace('transport: { outbox_dir: outbox }', `transport: { smtp: { host: 127.0.0.1, port: ${postfix.smtpPort}, secure: false, require_tls: false } }`));
  const { loadConfig } = await import('../../src/config/load.js');
  const { openRuntime } = await import('../../src/runtime.js');
  const { createLogger } = await import('../../src/log.js');
  rt = await openRuntime(loadConfig(ws.configFile), createLogger('silent'), () => now);
  gpg = await createGpgHome();
  const grace = await gpg.generateKey(`Grace Team <${GRACE}>`);
  await gpg.importKey(ws.teamPublicKey.armor());
  await importRecipientKeys(rt.repos, Buffer.from(await gpg.exportPublicKey(grace)), now);
  // A report on file, so the digest has a line whose title is hostile HTML.
  const raw = inlinePgpText({ from: `Ada <ada@research.example>`, to: SECURITY, subject: TITLE }, await gpg.encrypt('The login can be skipped.', [ws.teamFingerprint]));
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from(raw) });
  await rt.pipeline.processSafely(rt.repos.messages.get(id) as never);
});
afterAll(async () => {
  rt?.close();
  await gpg?.cleanup();
  await postfix?.cleanup();
  await dovecot?.cleanup();
  ws?.cleanup();
});

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

describe('daily digest through real Postfix, read with real gpg', () => {
  test('one pass sends the day: Grace decrypts it with gpg, the team signature is good, the subject is counts only', async () => {
    const pass = await runOnce(rt);
    expect(pass.failed).toEqual([]);
    const [mail] = await until('the digest in Grace mailbox', () => mailbox(GRACE), (m) => m.length === 1);
    const read = await readWithGpg(mail as Buffer, gpg);
    expect(read.type).toBe('multipart/encrypted');
    expect(read.subject).toBe('[secintake] 0 overdue, 1 due, 1 new');
    expect(read.decrypted).toMatchObject({ goodSignature: true, signer: ws.teamFingerprint });
    expect(read.decrypted?.text).toContain(`${TITLE} · severity unknown · new`);
    expect(read.decrypted?.text).toContain('Auth bypass &lt;script&gt;x&lt;/script&gt; in foo-cms');
    expect((mail as Buffer).toString()).not.toMatch(/foo-cms|Auth bypass/);
  });

  test('Mallory, without a key, gets a signed notice gpg verifies, with nothing from the report', async () => {
    const [mail] = await until('the notice in Mallory mailbox', () => mailbox(MALLORY), (m) => m.length === 1);
    const read = await readWithGpg(mail as Buffer, gpg);
    expect(read.type).toBe('multipart/signed');
    expect(read.signed).toMatchObject({ valid: true, signer: ws.teamFingerprint });
    expect(read.signed?.text).toContain('keys import --recipient');
    expect((mail as Buffer).toString()).not.toMatch(/foo-cms|Auth bypass|SEC-20/);
  });

  test('a second pass the same day sends nothing more', async () => {
    await runOnce(rt);
    expect(rt.repos.outbox.all().filter((m) => m.kind.startsWith('digest'))).toHaveLength(2);
    // What was queued is what arrives; the wait only gives a wrongly queued copy the time to show up.
    await new Promise((r) => setTimeout(r, 1000));
    expect([(await mailbox(GRACE)).length, (await mailbox(MALLORY)).length]).toEqual([1, 1]);
  });
});
