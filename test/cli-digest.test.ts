/** `secintake digest` and the CRA clocks of `reports show` through the real CLI, on a workspace with policy.cra on. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SECTIONS } from '../src/report/digest.js';
import { DIGEST_VOCABULARY } from '../src/notify/templates/digest-vocabulary.js';
import { ingestPlainReport, runCli } from './helpers/cli-process.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
let exploited: string;
let plain: string;

const cli = (args: string[], input?: string, configFile = ws.configFile) => runCli(configFile, args, input);
const ingest = (subject: string, body: string, id: string) => ingestPlainReport(ws.configFile, subject, body, id);

beforeAll(async () => {
  ws = await createWorkspace({ extraYaml: 'policy: { cra: true }\ndigest: { recipients: [grace@example.test] }' });
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
    expect(headers).toEqual(SECTIONS.map((s) => DIGEST_VOCABULARY.en.titles[s]));
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

  test('--send with no digest.recipients says what to configure', async () => {
    const bare = await createWorkspace();
    try {
      const r = cli(['digest', '--send'], undefined, bare.configFile);
      expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('digest.recipients')]);
    } finally {
      bare.cleanup();
    }
  });

  test('a recipient is listed without a key until keys import --recipient, then --send encrypts to them', async () => {
    const keys = () => (JSON.parse(cli(['digest', '--print', '--json']).stdout) as { sections: { keys: { problem: string; subject: string }[] } }).sections.keys;
    expect(keys()).toContainEqual({ problem: 'recipient-without-key', subject: 'grace@example.test', at: null });
    const { publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Grace', email: 'grace@example.test' }], date: new Date(Date.now() - 3_600_000), format: 'armored' });
    const file = join(ws.dir, 'grace.asc');
    writeFileSync(file, publicKey);
    const imported = cli(['keys', 'import', '--recipient', file]);
    expect([imported.code, imported.stdout]).toEqual([0, expect.stringMatching(/^imported digest recipient key [0-9A-F]{40} for grace@example\.test\n$/)]);
    expect(keys().map((k) => k.problem)).not.toContain('recipient-without-key');
    const sent = cli(['digest', '--send']);
    expect([sent.code, sent.stdout]).toEqual([0, expect.stringMatching(/^digest for \d{4}-\d{2}-\d{2} queued: 1 encrypted, 0 notice\(s\)/)]);
  });

  test('--reporter and --recipient together are refused', () => {
    const r = cli(['keys', 'import', '--reporter', '--recipient', join(ws.dir, 'grace.asc')]);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('exclude each other')]);
  });
});
