/** The trust model as the team sees it: coverage and the parts outside the encryption in `reports show`, and no stored control character reaching a terminal. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportShowLines } from '../src/cli/report-view.js';
import type { ReportRecord } from '../src/db/reports.js';
import { unsafeChars } from '../src/mail/unsafe-chars.js';
import { reportJson } from '../src/report/json.js';
import type { Runtime } from '../src/runtime.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
let rt: Runtime;
let hostile: ReportRecord;
/** A Maildir file name is chosen by whoever delivered the file: a stored string like any other. */
const SOURCE_REF = 'new/1700000000.\u001b]0;pwned\u0007\u202e.host';
let namedMessageId: number;

const SUBJECT = 'XSS \u001b]0;pwned\u0007 in \u202Etxt.exe\rSEC-2026-0001 resolved';
const NAME = 'Eve \u001b[2J\u009b31m';
const INJECTED = 'Title: Injected RCE \u001b[31mred\u0007\r\nCredit: the attacker';
const ATTACHMENT = 'invoice\u202Efdp.exe';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** Any character the terminal would obey or reorder; the line feeds our own output is made of are fine. */
const RAW_UNSAFE = unsafeChars('', '');
const rawUnsafe = (out: string) => out.split('\n').filter((l) => RAW_UNSAFE.test(l));

beforeAll(async () => {
  ws = await createWorkspace();
  rt = await ws.open();
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'Stored XSS in the comment field of /admin.' }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
  // EFAIL shape: cleartext and a cleartext attachment around an encrypted part, all of it hostile to a terminal.
  const raw = Buffer.from(
    `From: =?utf-8?b?${b64(NAME)}?= <eve@research.example>\r\nTo: security@example.test\r\nSubject: =?utf-8?b?${b64(SUBJECT)}?=\r\n` +
      'Message-ID: <trust-view-1.\u001b[2J@research.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
      `--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(INJECTED)}\r\n` +
      `--b\r\nContent-Type: text/plain\r\n\r\n${armored}\r\n` +
      `--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''${encodeURIComponent(ATTACHMENT)}\r\n\r\nMZ\r\n--b--\r\n`,
  );
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw });
  const outcome = await rt.pipeline.processSafely(rt.repos.messages.get(id) as NonNullable<ReturnType<Runtime['repos']['messages']['get']>>);
  hostile = rt.repos.reports.byRef(outcome?.reportRef as string) as ReportRecord;
  namedMessageId = rt.capture({ source: 'maildir:test', sourceRef: SOURCE_REF, raw: Buffer.from('From: a@b.example\r\nMessage-ID: <named@b.example>\r\n\r\nhi\r\n') }).id;
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

const view = (r: ReportRecord) => reportJson(r, rt.repos.reports.attachments(r.id));
const cli = (args: string[]) => spawnSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, ...args], { encoding: 'utf8' });

describe('reports show: the trust model', () => {
  test('--json says the encryption covered part of the message and lists what was outside it, exactly as it arrived', () => {
    const json = view(hostile);
    expect(json.encryption).toEqual({ encrypted: true, keyFingerprint: ws.teamFingerprint, keyStatus: 'current', coverage: 'partial' });
    expect(json.unencryptedParts.map((p) => [p.kind, p.encrypted])).toEqual([
      ['text', false],
      ['attachment', false],
    ]);
    expect(json.unencryptedParts[0]?.text).toContain('Injected RCE \u001b[31mred\u0007');
    expect(json.text).not.toContain('Injected');
    expect(json.subject).toBe(SUBJECT);
  });

  test.each([
    ['full', 'yes (all of it)'],
    ['partial', 'yes (only part of it)'],
    [undefined, 'yes (coverage not recorded)'],
  ] as const)('encryption coverage %s is shown as %s, and a row from before coverage has null, not a guess', (coverage, shown) => {
    const { coverage: _, ...before } = hostile.encryption;
    const record: ReportRecord = { ...hostile, encryption: coverage === undefined ? before : { ...before, coverage } };
    expect(view(record).encryption.coverage).toBe(coverage ?? null);
    expect(reportShowLines(view(record), 'UTC').find((l) => l.startsWith('encryption:'))).toContain(shown);
  });

  test('the human view labels the parts outside the encryption as not part of the report, with kind, name, size and an escaped excerpt', () => {
    const lines = reportShowLines(view(hostile), 'UTC');
    const start = lines.indexOf('outside the encryption — NOT part of the report (2 parts):');
    expect(start).toBeGreaterThan(0);
    const section = lines.slice(start + 1, lines.indexOf('', start + 1));
    expect(section[0]).toMatch(/^ {2}text {2}\(no name\) {2}\d+ bytes {2}text\/plain {2}unsigned {2}sha256 [0-9a-f]{64}$/);
    expect(section).toContain('      | Title: Injected RCE \\u001b[31mred\\u0007\\u000d');
    expect(section).toContain('      | Credit: the attacker');
    expect(section.at(-1)).toMatch(/^ {2}attachment {2}\S.* {2}2 bytes {2}application\/octet-stream {2}unsigned {2}sha256 /);
  });

  test('a report with nothing outside the encryption has no such section', () => {
    expect(reportShowLines({ ...view(hostile), unencryptedParts: [] }, 'UTC').join('\n')).not.toContain('NOT part of the report');
  });
});

describe('human CLI output escapes every stored string; --json stays exact', () => {
  test('reports show prints the hostile title, reporter name and excerpt escaped, and no raw control character', () => {
    const r = cli(['reports', 'show', hostile.ref]);
    expect(r.status).toBe(0);
    expect(rawUnsafe(r.stdout)).toEqual([]);
    // The title is the subject here, so the subject line is not repeated.
    expect(r.stdout).toContain('title:      XSS \\u001b]0;pwned\\u0007 in \\u202etxt.exe\\u000dSEC-2026-0001 resolved');
    expect(r.stdout).toContain('reporter:   Eve \\u001b[2J\\u009b31m <eve@research.example>');
  });

  test('reports show --json keeps the same strings exact', () => {
    const json = JSON.parse(cli(['reports', 'show', hostile.ref, '--json']).stdout) as { subject: string; reporter: { name: string }; unencryptedParts: { text: string | null }[] };
    expect(json.subject).toBe(SUBJECT);
    expect(json.reporter.name).toBe(NAME);
    expect(json.unencryptedParts[0]?.text).toContain('\u001b[31mred\u0007');
  });

  test.each([
    ['reports list shows the hostile title escaped', ['reports', 'list'], 'XSS \\u001b]0;pwned\\u0007 in \\u202etxt.exe\\u000dSEC-2026-0001 resolved'],
    ['messages list --json keeps the hostile source name exact', ['messages', 'list', '--json'], null],
    ['messages show shows the hostile source name escaped', ['messages', 'show', 'NAMED'], 'sourceRef    new/1700000000.\\u001b]0;pwned\\u0007\\u202e.host'],
  ])('%s', (_name, args, escaped) => {
    const r = cli(args.map((a) => (a === 'NAMED' ? String(namedMessageId) : a)));
    expect(r.status).toBe(0);
    if (escaped === null) {
      // --json is exact: the same string, only JSON-escaped.
      expect((JSON.parse(r.stdout) as { sourceRef: string | null }[]).map((m) => m.sourceRef)).toContain(SOURCE_REF);
      return;
    }
    expect(r.stdout).toContain(escaped);
    expect(rawUnsafe(r.stdout)).toEqual([]);
  });
});

describe('ingest and messages list show the trust outcomes as they are', () => {
  test('a third-party mail on a thread and a replayed ciphertext read third-party and replay, in the ingest table and in messages list', async () => {
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'SQL injection in /search?q=.' }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
    const mail = (from: string, id: string, extra: string, body: string) => `From: ${from}\r\nTo: security@example.test\r\nSubject: report\r\nMessage-ID: <${id}>\r\n${extra}\r\n${body}\r\n`;
    const files = [
      ['original.eml', mail('Ada <ada@research.example>', 'tv-orig@research.example', '', armored)],
      ['stranger.eml', mail('Eve <eve@vendor.example>', 'tv-eve@vendor.example', 'In-Reply-To: <tv-orig@research.example>\r\n', 'exploited in the wild')],
      ['replay.eml', mail('Mallory <m@attacker.example>', 'tv-replay@attacker.example', '', armored)],
    ].map(([name, text]) => {
      const path = join(ws.dir, name as string);
      writeFileSync(path, text as string);
      return path;
    });
    const table = cli(['ingest', ...files]).stdout.split('\n').slice(1, 4);
    expect(table.map((l) => l.split(/\s{2,}/)[1])).toEqual(['new-report', 'third-party', 'replay']);
    const listed = cli(['messages', 'list']).stdout.split('\n').slice(-4, -1);
    expect(listed.map((l) => l.split(/\s{2,}/)[3])).toEqual(['new-report', 'third-party', 'replay']);
  });
});
