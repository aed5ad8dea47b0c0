/** The team desk through the real `bin/secintake.js`: JSON shapes, usage errors (exit 2), expected errors (exit 1), terminal escaping. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
let refs: string[];

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = <T>(args: string[], input?: string): T => {
  const r = cli([...args, '--json'], input);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

async function encryptedMail(text: string, n: number, subject = 'XSS') {
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
  return `From: Ada <ada@research.example>\r\nTo: security@example.test\r\nSubject: ${subject}\r\nMessage-ID: <desk-cli-${n}@research.example>\r\n\r\n${armored}\r\n`;
}

beforeAll(async () => {
  ws = await createWorkspace();
  refs = [];
  for (const n of [1, 2, 3]) {
    const subject = n === 3 ? `=?UTF-8?B?${Buffer.from('pwn\u001b[2J\u202Etxt.exe').toString('base64')}?=` : `report ${n}`;
    const [o] = JSON.parse(cli(['ingest', '-', '--json'], await encryptedMail(`report number ${n}`, n, subject)).stdout) as { reportRef: string }[];
    refs.push(o?.reportRef as string);
  }
  // Report 2 is triaged: its next deadline is the resolution target, 60 business days out.
  expect(cli(['reports', 'set-status', refs[1] as string, 'triaged']).code).toBe(0);
});
afterAll(() => ws?.cleanup());

type Listed = { ref: string; assignee: string | null; nextDeadline: { kind: string; at: string } | null; status: string };

describe('reports assign and list --assignee', () => {
  test('assign, reassign, clear: JSON says from and to, list shows the assignee', () => {
    const [a, b] = refs as [string, string];
    expect(json(['reports', 'assign', a, 'Grace'])).toEqual({ ref: a, from: null, to: 'Grace', changed: true });
    expect(json(['reports', 'assign', a, 'Ada@Example.TEST'])).toEqual({ ref: a, from: 'Grace', to: 'ada@example.test', changed: true });
    expect(json(['reports', 'assign', b, 'grace'])).toMatchObject({ to: 'grace' });
    expect(json(['reports', 'assign', b, '-'])).toMatchObject({ from: 'grace', to: null });
    expect(json(['reports', 'assign', b, 'grace'])).toMatchObject({ to: 'grace' });
    expect(json(['reports', 'assign', b, '--clear'])).toMatchObject({ to: null });
    expect(json(['reports', 'assign', b, 'grace'])).toMatchObject({ to: 'grace' });
    const list = json<Listed[]>(['reports', 'list']);
    expect(list.map((r) => [r.ref, r.assignee])).toEqual([[a, 'ada@example.test'], [b, 'grace'], [refs[2], null]]);
  });

  test.each([
    ['an address, any case', 'ADA@example.test', [0]],
    ['a name, any case', 'GRACE', [1]],
    ['none: the unassigned', 'none', [2]],
    ['nobody by that name', 'linus', []],
  ])('--assignee with %s', (_name, who, indexes) => {
    expect(json<Listed[]>(['reports', 'list', '--assignee', who]).map((r) => r.ref)).toEqual(indexes.map((i) => refs[i]));
  });

  test.each([
    ['neither WHO nor --clear is a usage error', ['reports', 'assign', 'SEC-2026-0001'], 2, /give either WHO or --clear/],
    ['both WHO and --clear is a usage error', ['reports', 'assign', 'SEC-2026-0001', 'grace', '--clear'], 2, /give either WHO or --clear/],
    ['a name with an escape sequence is refused', ['reports', 'assign', 'SEC-2026-0001', 'gr\u001b[31mace'], 1, /^E_INPUT: the assignee contains control or bidi characters\n {2}what to do: /],
    ['"none" is refused: it means unassigned', ['reports', 'assign', 'SEC-2026-0001', 'none'], 1, /^E_INPUT: "none" means unassigned/],
    ['an unknown report is an expected error', ['reports', 'assign', 'SEC-1999-0001', 'grace'], 1, /^E_REPORT_NOT_FOUND: no report SEC-1999-0001/],
  ])('%s', (_name, args, code, stderr) => {
    const r = cli(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
  });
});

describe('reports list --due-within and --sort', () => {
  test('list --json keeps every field it had and adds assignee and nextDeadline {kind, at}', () => {
    const [first] = json<Record<string, unknown>[]>(['reports', 'list']);
    expect(Object.keys(first ?? {})).toEqual(expect.arrayContaining(['ref', 'status', 'receivedAt', 'title', 'reporter', 'vulnerabilityType', 'severity', 'flags', 'encryption', 'signature', 'assignee', 'nextDeadline']));
    expect(first?.nextDeadline).toEqual({ kind: 'triage', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/) });
  });

  test.each([
    // Triage is 3 business days out (at most 5 calendar days with a weekend and a holiday); resolution 60 business days.
    ['12h: nothing is due yet', '12h', []],
    ['7d: the two new reports, due for triage', '7d', [0, 2]],
    ['3bd: the same two, due on the third business day', '3bd', [0, 2]],
    ['120d: the triaged report too, due for resolution', '120d', [0, 2, 1]],
  ])('--due-within %s', (_name, window, indexes) => {
    expect(json<Listed[]>(['reports', 'list', '--due-within', window, '--sort', 'deadline']).map((r) => r.ref)).toEqual(indexes.map((i) => refs[i]));
  });

  test.each([
    ['received (the default)', [], [0, 1, 2]],
    ['deadline', ['--sort', 'deadline'], [0, 2, 1]],
    ['ref', ['--sort', 'ref'], [0, 1, 2]],
  ])('--sort %s', (_name, args, indexes) => {
    expect(json<Listed[]>(['reports', 'list', ...args]).map((r) => r.ref)).toEqual(indexes.map((i) => refs[i]));
  });

  test.each([
    ['a window in weeks', ['--due-within', '2w'], /--due-within.*use `Nh` \(hours\), `Nd` \(calendar days\) or `Nbd` \(business days\)/s],
    ['a window without a unit', ['--due-within', '3'], /`Nbd`/],
    ['an unknown sort order', ['--sort', 'severity'], /Allowed choices are received, deadline, ref/],
  ])('%s is a usage error naming the accepted forms', (_name, args, stderr) => {
    const r = cli(['reports', 'list', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });

  test('the table escapes a hostile title and shows the assignee and next deadline', () => {
    const out = cli(['reports', 'list']).stdout;
    expect(out).toMatch(/ASSIGNEE +NEXT DEADLINE/);
    expect(out).toContain('pwn\\u001b[2J\\u202etxt.exe');
    expect(out).not.toMatch(/[\u001b\u202e]/);
    expect(out).toMatch(/grace +triage \d{4}-\d\d-\d\d \d\d:\d\d|grace +resolve \d{4}/);
  });
});

describe('reports note and timeline', () => {
  test('a note from stdin is in the timeline, in JSON exactly and escaped for people', () => {
    const ref = refs[0] as string;
    const text = 'called the vendor\nline two \u001b[31mred\u001b[0m';
    expect(json(['reports', 'note', ref, '--message-file', '-'], text)).toMatchObject({ ref });
    const t = json<{ ref: string; timezone: string; events: { kind: string; data: Record<string, unknown>; at: string }[] }>(['reports', 'timeline', ref]);
    expect(t).toMatchObject({ ref, timezone: 'America/New_York' });
    expect(t.events.map((e) => e.kind)).toEqual(['message.captured', 'report.received', 'outbox.queued', 'outbox.sent', 'report.assigned', 'report.assigned', 'report.note']);
    expect(t.events.at(-1)?.data).toEqual({ text });
    const human = cli(['reports', 'timeline', ref]).stdout;
    expect(human.split('\n')[0]).toBe(`${ref}, times in America/New_York`);
    expect(human).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00 {2}report\.note +note: called the vendor ⏎ line two \\u001b\[31mred\\u001b\[0m\n/);
    expect(human).toMatch(/report\.assigned +assigned to ada@example\.test \(was Grace\)/);
    expect(human).not.toContain('\u001b');
  });

  test('the timeline of a triaged report shows the status change', () => {
    const human = cli(['reports', 'timeline', refs[1] as string]).stdout;
    expect(human).toMatch(/report\.status +status new → triaged/);
  });

  test.each([
    ['an empty note', ['reports', 'note', 'SEC-2026-0001', '--message-file', '-'], '\n', 1, /^E_INPUT: the note is empty/],
    ['a missing note file', ['reports', 'note', 'SEC-2026-0001', '--message-file', '/nonexistent'], undefined, 1, /^E_INPUT: cannot read \/nonexistent/],
    ['a note without --message-file', ['reports', 'note', 'SEC-2026-0001'], undefined, 2, /--message-file/],
    ['the timeline of an unknown report', ['reports', 'timeline', 'SEC-1999-0001'], undefined, 1, /^E_REPORT_NOT_FOUND/],
  ])('%s is an error', (_name, args, input, code, stderr) => {
    const r = cli(args, input);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
  });
});

describe('reports attachments', () => {
  let ref: string;
  beforeAll(async () => {
    // Cleartext throughout: attachments beside an encrypted part would be kept apart, not the report's (README "Security model").
    const raw = [
      'From: Ada <ada@research.example>', 'To: security@example.test', 'Subject: traversal', 'Message-ID: <desk-att@research.example>', 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'PoC attached', '--b',
      'Content-Type: text/plain; name="../../etc/passwd"', 'Content-Disposition: attachment; filename="../../etc/passwd"', '', 'root:x:0:0', '--b',
      'Content-Type: text/plain', "Content-Disposition: attachment; filename*=UTF-8''a%E2%80%AEtxt.exe", '', 'MZ', '--b--', '',
    ].join('\r\n');
    ref = (JSON.parse(cli(['ingest', '-', '--json'], raw).stdout) as { reportRef: string }[])[0]?.reportRef as string;
  });

  test('without --out, the attachments are listed with hash, size, type, message and the name they are written under', () => {
    const r = json<{ ref: string; attachments: Record<string, unknown>[] }>(['reports', 'attachments', ref]);
    expect(r.ref).toBe(ref);
    expect(r.attachments).toEqual([
      expect.objectContaining({ name: 'passwd', fileName: 'passwd', size: 10, contentType: 'text/plain', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), message: { id: expect.any(Number), messageId: 'desk-att@research.example' } }),
      expect.objectContaining({ name: 'atxt.exe', fileName: 'atxt.exe', size: 2 }),
    ]);
    expect(cli(['reports', 'attachments', ref]).stdout).toMatch(/NAME +SIZE +TYPE +SHA256 +MESSAGE +WRITTEN AS/);
  });

  test('--out writes the files 0600 into a new 0700 directory, and a second run refuses to overwrite (exit 1, with a hint)', () => {
    const dir = join(mkdtempSync(join(ws.dir, 'att-')), 'out');
    expect(cli(['reports', 'attachments', ref, '--out', dir])).toMatchObject({ code: 0, stdout: expect.stringContaining('2 attachment(s) written to') });
    expect(readdirSync(dir).sort()).toEqual(['atxt.exe', 'passwd']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'passwd')).mode & 0o777).toBe(0o600);
    const again = cli(['reports', 'attachments', ref, '--out', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^E_OUTPUT_EXISTS: .*passwd exists; nothing is overwritten\n {2}what to do: /);
  });
});

describe('outbox list and retry', () => {
  type Mail = { id: number; kind: string; status: string; recipients: string[]; attempts: number; reportRef: string | null; lastError: string | null };

  test('list --json shows every mail without its bytes; --status filters', () => {
    const all = json<Mail[]>(['outbox', 'list']);
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) expect(Object.keys(m).sort()).toEqual(['attempts', 'createdAt', 'id', 'kind', 'lastError', 'messageId', 'nextAttemptAt', 'recipients', 'reportRef', 'sentAt', 'status']);
    expect(json<Mail[]>(['outbox', 'list', '--status', 'sent']).every((m) => m.status === 'sent')).toBe(true);
    expect(json<Mail[]>(['outbox', 'list', '--status', 'dead'])).toEqual([]);
  });

  test('an unknown --status is a usage error listing the states', () => {
    const r = cli(['outbox', 'list', '--status', 'lost']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are queued, active, deferred, sent, dead/);
  });

  test('a dead mail is retried and sent; a sent mail is refused with a clear error', async () => {
    const rt = await ws.open();
    const [sent] = rt.repos.outbox.listing({ status: 'sent' });
    const id = rt.repos.outbox.enqueue({ messageId: 'dead-1@example.test', kind: 'status-update', recipients: ['ada@research.example'], raw: Buffer.from('Subject: x\r\n\r\nx\r\n') }, null, new Date());
    rt.repos.outbox.markDead(id, new Date(), '550 mailbox unavailable');
    rt.close();
    expect(json<Mail[]>(['outbox', 'list', '--status', 'dead']).map((m) => [m.id, m.lastError])).toEqual([[id, '550 mailbox unavailable']]);
    expect(json(['outbox', 'retry', String(id)])).toEqual({ id, from: 'dead', status: 'sent', lastError: null });
    const refused = cli(['outbox', 'retry', String(sent?.id)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^E_OUTBOX_NOT_RETRYABLE: outgoing mail \d+ is sent: it was sent already/);
    expect(cli(['outbox', 'retry', '999999']).stderr).toMatch(/^E_OUTBOX_NOT_FOUND/);
  });

  test('the outbox table escapes stored errors', async () => {
    const rt = await ws.open();
    const id = rt.repos.outbox.enqueue({ messageId: 'dead-2@example.test', kind: 'ack', recipients: ['x@research.example'], raw: Buffer.from('x') }, null, new Date());
    rt.repos.outbox.markDead(id, new Date(), '550 \u001b]0;owned\u0007 no');
    rt.close();
    const out = cli(['outbox', 'list', '--status', 'dead']).stdout;
    expect(out).toContain('550 \\u001b]0;owned\\u0007 no');
    expect(out).not.toContain('\u001b');
  });
});

test('every new command has an example in its help', () => {
  for (const args of [['reports', 'assign'], ['reports', 'note'], ['reports', 'timeline'], ['reports', 'attachments'], ['reports', 'list'], ['outbox', 'list'], ['outbox', 'retry']]) {
    expect(cli([...args, '--help']).stdout).toMatch(/\nExample:\n {2}.*secintake /);
  }
});
