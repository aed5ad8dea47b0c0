/**
 * End to end with real servers and a team member's real gpg: the daily digest goes out through Postfix into Dovecot;
 * Grace fetches it from her mailbox, gpg decrypts it and verifies the team signature; Mallory, whose key we do not
 * have, gets a signed notice that gpg verifies and that carries nothing from any report.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importRecipientKeys } from '../../src/crypto/recipient-key-import.js';
import { runOnce } from '../../src/daemon.js';
import { inlinePgpText } from '../../src/demo/researcher-mail.js';
import type { Runtime } from '../../src/runtime.js';
import type { Gpg } from '../helpers/gpg.js';
import { createGpgClient } from '../helpers/gpg-client.js';
import { ingestRaw } from '../helpers/ingest.js';
import { readWithGpg } from '../helpers/outgoing.js';
import type { Workspace } from '../helpers/workspace.js';
import { SECURITY, startMailStack, type MailStack } from './harness/mail-stack.js';

const GRACE = 'grace@example.test';
const MALLORY = 'mallory@example.test';
const TITLE = 'Auth bypass <script>x</script> in foo-cms';
let stack: MailStack;
let ws: Workspace;
let rt: Runtime;
let gpg: Gpg;
const now = new Date();

beforeAll(async () => {
  // 00:00 UTC: today's slot has always passed, whenever the test runs.
  stack = await startMailStack({ users: [GRACE, MALLORY], clock: () => now, extraYaml: `timezone: UTC\ndigest: { time: "00:00", recipients: [${GRACE}, ${MALLORY}] }` });
  ({ ws, rt } = stack);
  const grace = await createGpgClient(`Grace Team <${GRACE}>`, ws.teamPublicKey);
  gpg = grace.gpg;
  await importRecipientKeys(rt.repos, Buffer.from(await gpg.exportPublicKey(grace.fingerprint)), now);
  // A report on file, so the digest has a line whose title is hostile HTML.
  await ingestRaw(rt, inlinePgpText({ from: `Ada <ada@research.example>`, to: SECURITY, subject: TITLE }, await gpg.encrypt('The login can be skipped.', [ws.teamFingerprint])));
});
afterAll(async () => {
  await gpg?.cleanup();
  await stack?.cleanup();
});

describe('daily digest through real Postfix, read with real gpg', () => {
  test('one pass sends the day: Grace decrypts it with gpg, the team signature is good, the subject is counts only', async () => {
    const pass = await runOnce(rt);
    expect(pass.failed).toEqual([]);
    const [mail] = await stack.until('the digest in Grace mailbox', () => stack.mailbox(GRACE), (m) => m.length === 1);
    const read = await readWithGpg(mail as Buffer, gpg);
    expect(read.type).toBe('multipart/encrypted');
    expect(read.subject).toBe('[secintake] 0 overdue, 1 due, 1 new');
    expect(read.decrypted).toMatchObject({ goodSignature: true, signer: ws.teamFingerprint });
    expect(read.decrypted?.text).toContain(`${TITLE} · severity unknown · new`);
    expect(read.decrypted?.text).toContain('Auth bypass &lt;script&gt;x&lt;/script&gt; in foo-cms');
    expect((mail as Buffer).toString()).not.toMatch(/foo-cms|Auth bypass/);
  });

  test('Mallory, without a key, gets a signed notice gpg verifies, with nothing from the report', async () => {
    const [mail] = await stack.until('the notice in Mallory mailbox', () => stack.mailbox(MALLORY), (m) => m.length === 1);
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
    expect([(await stack.mailbox(GRACE)).length, (await stack.mailbox(MALLORY)).length]).toEqual([1, 1]);
  });
});
