/**
 * @module Hostile corpus, output hygiene: terminal escapes (ESC/CSI/OSC 8), BEL, CR and bidi overrides in a subject,
 * a display name and attachment names never reach the team's terminal raw from `reports list`/`show`; `--json`
 * keeps the strings exact; attachment names are stored without them and a long name keeps its extension.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { innerMime, pgpMimeEncrypted } from '../../src/demo/researcher-mail.js';
import { LIMITS } from '../../src/limits.js';
import { mid, openBench, type Bench } from './harness.js';

let b: Bench;
let ref: string;
const HOSTILE = 'Fix \x1b]8;;https://evil.example/\x07click\x1b]8;;\x07 \x1b[2J\x07now\rOK \u202Etxt.exe';
const LONG_NAME = `${'a'.repeat(500)}.py`;
const b64Word = (s: string) => `=?utf-8?b?${Buffer.from(s, 'utf8').toString('base64')}?=`;
const RAW_UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', b.ws.configFile, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  b = await openBench();
  const inner = innerMime({
    text: 'Product: acme-server\nStored XSS in the comment form.',
    attachments: [
      { name: `poc${HOSTILE}.py`, contentType: 'text/x-python', content: 'print(1)\n' },
      { name: LONG_NAME, contentType: 'text/x-python', content: 'print(2)\n' },
    ],
  });
  const headers = { from: `${b64Word(HOSTILE)} <ada@research.example>`, to: 'security@example.test', subject: 'placeholder', messageId: mid('hygiene') };
  const raw = pgpMimeEncrypted(headers, await b.gpg.encrypt(inner, [b.team])).replace('Subject: placeholder', `Subject: ${b64Word(HOSTILE)}`);
  const o = await b.ingest(raw);
  ref = o.reportRef as string;
  expect(b.report(ref)).toMatchObject({ subject: HOSTILE, reporterName: HOSTILE });
});
afterAll(async () => b?.close());

describe('hostile: output hygiene', () => {
  test.each([
    ['reports list', ['reports', 'list']],
    ['reports show', ['reports', 'show', '__REF__']],
  ])('%s prints no control character or bidi override raw, and still shows the text around them', (_name, args) => {
    const r = cli(args.map((a) => (a === '__REF__' ? ref : a)));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(ref);
    expect(r.stdout).not.toMatch(RAW_UNSAFE);
    expect(r.stdout).toContain('click');
  });

  test('messages list and messages show print no control character from a hostile Message-ID raw', async () => {
    const before = b.rt.repos.messages.all().length;
    await b.ingest(Buffer.from(`From: ada@research.example\r\nSubject: x\r\nMessage-ID: <a\x1b]8;;https://evil.example/\x07b\u202e@x.example>\r\n\r\nplain\r\n`, 'utf8'));
    const id = b.rt.repos.messages.all()[before]?.id as number;
    for (const args of [['messages', 'list'], ['messages', 'show', String(id)]]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(RAW_UNSAFE);
    }
  });

  test('reports show --json keeps the subject and the display name exact, JSON-escaped', () => {
    const r = cli(['reports', 'show', ref, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_UNSAFE);
    const json = JSON.parse(r.stdout) as { subject: string; reporter: { name: string } };
    expect(json.subject).toBe(HOSTILE);
    expect(json.reporter.name).toBe(HOSTILE);
  });

  test.each([
    ['a name with ESC, OSC 8, BEL, CR and U+202E is stored without any of them', 0, (name: string) => expect(name).not.toMatch(RAW_UNSAFE)],
    ['a 500-character name is cut to the bound and keeps its extension', 1, (name: string) => {
      expect(name.endsWith('.py')).toBe(true);
      expect([...name].length).toBeLessThanOrEqual(LIMITS.maxFileNameChars);
    }],
  ])('attachments: %s', (_name, index, check) => {
    const stored = b.rt.repos.reports.attachments(b.report(ref).id);
    expect(stored).toHaveLength(2);
    check(stored[index]?.name as string);
  });
});
