/** `secintake digest` and the CRA clocks of `reports show` through the real CLI, on a workspace with policy.cra on. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SECTIONS } from '../src/report/digest.js';
import { SECTION_TITLES } from '../src/notify/messages/digest-body.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
let exploited: string;
let plain: string;

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ingest(subject: string, body: string, id: string): string {
  const raw = `From: Ada Lovelace <ada@research.example>\r\nTo: security@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\n\r\n${body}\r\n`;
  const [o] = JSON.parse(cli(['ingest', '-', '--json'], raw).stdout) as { reportRef: string }[];
  return o?.reportRef as string;
}

beforeAll(async () => {
  ws = await createWorkspace({ extraYaml: 'policy: { cra: true }' });
  exploited = ingest('RCE in widgetd 2.3.1', 'Template preview runs attacker code.\r\nThis is being actively exploited in the wild.\r\n', 'cra-1@research.example');
  plain = ingest('XSS in comments <script>', 'The comment form reflects markup.', 'cra-2@research.example');
});
afterAll(() => ws?.cleanup());

describe('reports show with policy.cra', () => {
  test('--json carries the three Art. 14 clocks of an exploited report', () => {
    const r = cli(['reports', 'show', exploited, '--json']);
    expect(r.code).toBe(0);
    const { cra } = JSON.parse(r.stdout) as { cra: { awarenessSource: string; clocks: { kind: string; state: string }[] } };
    expect(cra.awarenessSource).toBe('report');
    expect(cra.clocks.map((c) => [c.kind, c.state])).toEqual([
      ['early-warning', 'running'],
      ['notification', 'running'],
      ['final-report', 'waiting-for-fix'],
    ]);
  });

  test('a report not marked exploited shows cra: null', () => {
    expect((JSON.parse(cli(['reports', 'show', plain, '--json']).stdout) as { cra: unknown }).cra).toBeNull();
  });

  test('the human view names each clock with its article', () => {
    const out = cli(['reports', 'show', exploited]).stdout;
    expect(out).toMatch(/^ {2}early-warning +Art\. 14\(2\)\(a\) +due .* running \(\d+(\.\d)? h\)$/m);
    expect(out).toMatch(/^ {2}final-report +Art\. 14\(2\)\(c\) +waiting for a fix/m);
  });
});

describe('secintake digest', () => {
  test('--print shows every section header, in order, the CRA clocks among them', () => {
    const r = cli(['digest', '--print']);
    expect(r.code).toBe(0);
    const headers = [...r.stdout.matchAll(/^== (.+) \(\d+\) ==$/gm)].map((m) => m[1]);
    expect(headers).toEqual(SECTIONS.map((s) => SECTION_TITLES[s]));
    expect(r.stdout).toContain(`${exploited} · RCE in widgetd 2.3.1 · early-warning (Art. 14(2)(a))`);
  });

  test('--print --json has DESIGN.md shape and the report lines', () => {
    const d = JSON.parse(cli(['digest', '--print', '--json']).stdout) as { counts: Record<string, number>; sections: Record<string, { ref: string }[]> };
    expect(Object.keys(d.sections)).toEqual([...SECTIONS]);
    expect(d.sections.new?.map((l) => l.ref)).toEqual([exploited, plain]);
    expect(d.counts).toMatchObject({ new: 2, cra: 1 });
  });

  test.each([
    ['--print with --send', ['digest', '--print', '--send']],
    ['--json without --print', ['digest', '--json']],
  ])('%s is refused with exit 1 and what to run', (_name, args) => {
    const r = cli(args);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('secintake digest --print')]);
  });

  test('--send with no digest.recipients says what to configure', () => {
    const r = cli(['digest', '--send']);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('digest.recipients')]);
  });
});
