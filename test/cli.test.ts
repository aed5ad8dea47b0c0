/** The CLI contract: JSON shapes other tools rely on, and exit codes (0 ok, 1 expected error, 2 usage). */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTeamKey } from '../src/crypto/keygen.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace();
});
afterAll(() => ws?.cleanup());

function cli(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function encryptedMail(text: string, messageId: string) {
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
  return `From: Ada <ada@research.example>\r\nTo: security@example.test\r\nSubject: XSS\r\nMessage-ID: <${messageId}>\r\n\r\n${armored}\r\n`;
}

describe('secintake CLI', () => {
  test('ingest - --json prints one contract object per message and nothing else on stdout', async () => {
    const r = cli(['ingest', '-', '--json'], await encryptedMail('stdin report', 'cli-1@research.example'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(out).toHaveLength(1);
    expect(Object.keys(out[0] ?? {}).sort()).toEqual(['decryption', 'error', 'messageId', 'outcome', 'reportRef', 'signature']);
    expect(out[0]).toMatchObject({
      messageId: 'cli-1@research.example',
      outcome: 'new-report',
      reportRef: expect.stringMatching(/^SEC-\d{4}-0001$/),
      decryption: { encrypted: true, ok: true, keyFingerprint: ws.teamFingerprint, error: null },
      signature: { status: 'none', signerFingerprint: null },
    });
  });

  test('ingest of several files answers in input order', async () => {
    const a = join(ws.dir, 'a.eml');
    const b = join(ws.dir, 'b.eml');
    writeFileSync(a, await encryptedMail('file a', 'cli-a@research.example'));
    writeFileSync(b, 'From: x@y.example\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <cli-b@y.example>\r\n\r\naway\r\n');
    const out = JSON.parse(cli(['ingest', a, b, '--json']).stdout) as { messageId: string; outcome: string }[];
    expect(out.map((o) => [o.messageId, o.outcome])).toEqual([['cli-a@research.example', 'new-report'], ['cli-b@y.example', 'auto-reply']]);
  });

  test('ingest of several encrypted files, the first the slowest, records them in input order (the crypto workers of the compiled build)', async () => {
    const files = await Promise.all(
      [900_000, 0, 0, 0].map(async (padding, i) => {
        const file = join(ws.dir, `order-${i}.eml`);
        writeFileSync(file, await encryptedMail(`order ${i} ${'x'.repeat(padding)}`, `cli-order-${i}@research.example`));
        return file;
      }),
    );
    const r = cli(['ingest', ...files, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { messageId: string; outcome: string; reportRef: string }[];
    expect(out.map((o) => [o.messageId, o.outcome])).toEqual(files.map((_, i) => [`cli-order-${i}@research.example`, 'new-report']));
    expect(out.map((o) => o.reportRef)).toEqual(out.map((o) => o.reportRef).sort());
  });

  test('reports show --json carries every contract field; fields the report does not state are null', () => {
    const ref = (JSON.parse(cli(['reports', 'list', '--json']).stdout) as { ref: string }[])[0]?.ref as string;
    const r = cli(['reports', 'show', ref, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['ref', 'status', 'title', 'reporter', 'product', 'affectedVersions', 'versionSupported', 'vulnerabilityType', 'cwe', 'cvss', 'cves', 'exploitedInTheWild', 'language', 'steps', 'poc', 'impact', 'attachments', 'missing', 'reporterDisclosure', 'deadlines', 'flags', 'encryption', 'signature']) {
      expect(json).toHaveProperty(key);
    }
    expect(json).toMatchObject({ ref, status: 'new', reporter: { email: 'ada@research.example' }, encryption: { encrypted: true, keyStatus: 'current' }, attachments: [], flags: [] });
    // ISO 8601 with the offset of the configured time zone.
    const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/);
    expect(json.deadlines).toEqual({ triage: iso, resolve: iso, disclosure: iso, nextUpdate: iso });
    expect(json.product).toBeNull();
    expect(json.cvss).toBeNull();
  });

  test('reports show --json carries what extraction found, with the CVSS score computed from the vector', async () => {
    const body = [
      'Summary: SQL injection in the search endpoint of acme-server 3.2.1 and earlier.',
      '',
      'Steps to reproduce:',
      '1. curl "https://acme.example/api/search?q=1%27%20OR%201=1--"',
      '2. every row is returned',
      '',
      'Impact: an unauthenticated attacker reads every customer record.',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
      '',
      'Regards,',
      'Ada Lovelace',
    ].join('\r\n');
    const raw = `From: Ada Lovelace <ada@research.example>\r\nTo: security@example.test\r\nSubject: SQL injection in acme-server search\r\nMessage-ID: <cli-x@research.example>\r\n\r\n${body}\r\n`;
    const [o] = JSON.parse(cli(['ingest', '-', '--json'], raw).stdout) as { reportRef: string }[];
    const json = JSON.parse(cli(['reports', 'show', o?.reportRef as string, '--json']).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      vulnerabilityType: 'sqli',
      cwe: ['CWE-89'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 7.5, severity: 'high' },
      language: 'en',
      reporter: { name: 'Ada Lovelace', email: 'ada@research.example' },
    });
    expect(json.steps).toEqual(expect.stringContaining('curl'));
    expect(json.missing).toEqual(expect.arrayContaining(['reportedToMitre']));
    const list = JSON.parse(cli(['reports', 'list', '--json']).stdout) as { ref: string; vulnerabilityType: string; severity: string }[];
    expect(list.find((r) => r.ref === o?.reportRef)).toMatchObject({ vulnerabilityType: 'sqli', severity: 'high' });
  });

  test('reports list and reports show print times for people in the configured zone, with the offset as label', () => {
    const ref = (JSON.parse(cli(['reports', 'list', '--json']).stdout) as { ref: string }[])[0]?.ref as string;
    const local = /\d{4}-\d\d-\d\d \d\d:\d\d [-+]\d\d:\d\d/;
    const row = cli(['reports', 'list']).stdout.split('\n').find((l) => l.startsWith(ref)) ?? '';
    const shown = cli(['reports', 'show', ref]).stdout;
    const received = new RegExp(`received (${local.source})`).exec(shown)?.[1];
    expect(received).toMatch(local);
    expect(row).toContain(received);
    expect(shown).toMatch(new RegExp(`triage by: +${local.source}`));
  });

  test.each([
    ['an unknown report is an expected error: exit 1 with a code and what to do', ['reports', 'show', 'SEC-1999-0001'], 1, /^E_REPORT_NOT_FOUND: no report SEC-1999-0001\n {2}what to do: /],
    ['an unknown command is a usage error: exit 2', ['frobnicate'], 2, /unknown command/],
    ['a missing file is an expected error', ['ingest', '/nonexistent.eml'], 1, /^E_INPUT: cannot read \/nonexistent\.eml/],
  ])('%s', (_n, args, code, stderr) => {
    const r = cli(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
  });

  test.each([
    ['reports list --status', ['reports', 'list', '--status', 'bogus'], /'bogus' is invalid[^.]*\. Allowed choices are new, triaged, accepted, rejected, fix-scheduled, fixed, disclosed, resolved/],
    ['the STATUS of reports set-status', ['reports', 'set-status', 'SEC-2026-0001', 'bogus'], /'bogus' is invalid[^.]*\. Allowed choices are new, triaged, accepted, rejected, fix-scheduled, fixed, disclosed, resolved/],
    ['reports set-status --reason', ['reports', 'set-status', 'SEC-2026-0001', 'rejected', '--reason', 'bogus'], /'bogus' is invalid[^.]*\. Allowed choices are invalid, duplicate, out-of-scope, unsupported-version/],
    ['policy render --format', ['policy', 'render', '--format', 'bogus'], /'bogus' is invalid[^.]*\. Allowed choices are security\.txt, markdown/],
  ])('a value outside the list of %s is a usage error (exit 2) naming the valid values', (_n, args, stderr) => {
    const r = cli(args);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(stderr);
  });

  test('config check prints OK for a good config, and every problem with its line for a bad one', () => {
    expect(cli(['config', 'check'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK /) });
    const bad = join(ws.dir, 'bad.yaml');
    writeFileSync(bad, 'team: { address: not-an-email }\nsource: { maildir: { path: m } }\ntransport: { outbox_dir: o }\nkeys: { dir: k, passphrase_file: p }\ncolour: blue\n');
    const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', bad, 'config', 'check'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/line 1: team\.address:/);
    expect(r.stdout).toMatch(/line 5: colour: unknown key/);
  });

  test('config check lists an unknown holiday calendar with its line, together with every other problem', () => {
    const bad = join(ws.dir, 'holidays.yaml');
    writeFileSync(bad, 'team: { address: security@example.test }\nsource: { maildir: { path: m } }\ntransport: { outbox_dir: o }\nkeys: { dir: k, passphrase_file: p }\npolicy: { holidays: [US, XX] }\ncolour: blue\n');
    const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', bad, 'config', 'check'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/2 problem\(s\)/);
    expect(r.stdout).toMatch(/line 5: policy\.holidays\.1: unknown holiday calendar "XX"/);
    expect(r.stdout).toMatch(/line 6: colour: unknown key/);
  });

  test('run --once reads the Maildir: new/ is moved to cur/ and a second pass finds nothing', async () => {
    const maildir = join(ws.dir, 'mail');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(maildir, 'new'), { recursive: true });
    writeFileSync(join(maildir, 'new', '1700000000.M1.host'), await encryptedMail('from the maildir', 'cli-md@research.example'));
    const first = (JSON.parse(cli(['run', '--once', '--json']).stdout) as { messages: { outcome: string }[] }).messages;
    expect(first.map((o) => o.outcome)).toEqual(['new-report']);
    expect(readdirSync(join(maildir, 'new'))).toEqual([]);
    expect(readdirSync(join(maildir, 'cur'))).toEqual(['1700000000.M1.host:2,S']);
    expect((JSON.parse(cli(['run', '--once', '--json']).stdout) as { messages: unknown[] }).messages).toEqual([]);
  });

  test('run --once says what it did to the outbox, not only to the messages', async () => {
    const maildir = join(ws.dir, 'mail');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(maildir, 'new'), { recursive: true });
    writeFileSync(join(maildir, 'new', '1700000001.M2.host'), await encryptedMail('another one from the maildir', 'cli-md2@research.example'));
    const r = cli(['run', '--once']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^processed 1 message\(s\): 1 new-report$/m);
    // The receipt for the new report went out through the file transport.
    expect(r.stdout).toMatch(/^outbox: sent 1, deferred 0, dead 0$/m);
    const again = JSON.parse(cli(['run', '--once', '--json']).stdout) as { messages: unknown[]; outbox: Record<string, number> };
    expect(again).toEqual({ messages: [], outbox: { sent: 0, deferred: 0, dead: 0 } });
  });

  test('the daemon logs to stderr like every other command: stdout carries results only', async () => {
    const verbose = join(ws.dir, 'verbose.yaml');
    writeFileSync(verbose, readFileSync(ws.configFile, 'utf8').replace('level: silent', 'level: info'));
    const daemon = spawn(process.execPath, ['bin/secintake.js', '--config', verbose, 'run'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Stop it once it has said it started, on either stream: SIGTERM finishes the pass in hand, then exits.
    let stopped = false;
    const stopWhenStarted = () => !stopped && (stdout + stderr).includes('daemon started') && (stopped = daemon.kill('SIGTERM'));
    daemon.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), stopWhenStarted()));
    daemon.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), stopWhenStarted()));
    const code = await new Promise<number | null>((done) => daemon.on('exit', done));
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const events = stderr.trim().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(events).toEqual(expect.arrayContaining(['secintake daemon started', 'secintake daemon stopped']));
  });

  test('db backup writes a consistent copy that opens with the same reports', async () => {
    const file = join(ws.dir, 'backup.db');
    expect(cli(['db', 'backup', file]).code).toBe(0);
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const copy = new BetterSqlite3(file, { readonly: true });
    const live = JSON.parse(cli(['reports', 'list', '--json']).stdout) as unknown[];
    expect((copy.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n).toBe(live.length);
    copy.close();
  });

  test('messages list --failed shows a failed message with its reason, and retry processes it again', () => {
    cli(['ingest', '-'], 'Content-Type: multipart/mixed; boundary="z"\r\nMessage-ID: <broken@x.example>\r\n\r\n--z\r\n\r\ncut');
    const failed = JSON.parse(cli(['messages', 'list', '--failed', '--json']).stdout) as { id: number; errorCode: string; error: string }[];
    expect(failed).toContainEqual(expect.objectContaining({ errorCode: 'mime_truncated', error: expect.stringContaining('cut off') }));
    const id = failed.find((m) => m.errorCode === 'mime_truncated')?.id as number;
    expect(cli(['messages', 'show', String(id), '--raw']).stdout).toContain('Message-ID: <broken@x.example>');
    const retried = JSON.parse(cli(['messages', 'retry', String(id), '--json']).stdout) as { outcome: string };
    expect(retried.outcome).toBe('failed');
  });
});

describe('secintake CLI with an expired team key', () => {
  let expired: Workspace;
  beforeAll(async () => {
    expired = await createWorkspace();
  });
  afterAll(() => expired?.cleanup());

  test('reports reply exits 1 with E_KEYS_NONE and what to do, not as an internal error', async () => {
    const run = (args: string[], input?: string) => spawnSync(process.execPath, ['bin/secintake.js', '--config', expired.configFile, ...args], { input, encoding: 'utf8' });
    const raw = 'From: Ada <ada@research.example>\r\nTo: security@example.test\r\nSubject: XSS\r\nMessage-ID: <exp-1@research.example>\r\n\r\nplain report\r\n';
    const [o] = JSON.parse(run(['ingest', '-', '--json'], raw).stdout) as { reportRef: string }[];
    // The only team key is replaced by one that expired a week ago (made 30 days ago, valid for one day).
    const keysDir = expired.config.keys.dir;
    for (const f of readdirSync(keysDir).filter((f) => f.endsWith('.asc'))) rmSync(join(keysDir, f));
    await generateTeamKey(expired.config, { rotate: false, expiresDays: 1, now: new Date(Date.now() - 30 * 86_400_000) });
    const message = join(expired.dir, 'reply.txt');
    writeFileSync(message, 'Thank you, we reproduced it.\n');
    const r = run(['reports', 'reply', o?.reportRef as string, '--message-file', message]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^E_KEYS_NONE: .*\n {2}what to do: run `secintake keys status`/);
  });
});
