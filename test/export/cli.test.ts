/** `secintake reports export` on a workspace's real report: each format validates, --out is 0600 and never overwrites, bad input exits as the CLI contract says. */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ingestPlainReport, runCli } from '../helpers/cli-process.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { csafValidator, cveValidator, osvValidator } from './validators.js';

let ws: Workspace;
let exploited: string;
let plain: string;

const cli = (args: string[], input?: string) => runCli(ws.configFile, args, input);
const ingest = (subject: string, body: string, id: string) => ingestPlainReport(ws.configFile, subject, body, id);

beforeAll(async () => {
  ws = await createWorkspace({ extraYaml: 'policy: { cra: true }' });
  exploited = ingest(
    'RCE in widgetd 2.3.1 <script>',
    'Summary: template preview runs attacker code in widgetd 2.3.1.\r\nThis is being actively exploited in the wild.\r\nCVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\r\nPlease credit me as Ada Lovelace.\r\n\r\nAda Lovelace',
    'export-1@research.example',
  );
  plain = ingest('XSS in comments', 'The comment form reflects <b>markup</b>.', 'export-2@research.example');
});
afterAll(() => ws?.cleanup());

describe('secintake reports export', () => {
  test.each([
    ['osv', osvValidator()],
    ['csaf', csafValidator()],
    ['cve', cveValidator()],
  ] as const)('--format %s prints a document that validates against its schema', (format, validate) => {
    const r = cli(['reports', 'export', exploited, '--format', format]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as unknown;
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(r.stdout).toContain(exploited);
  });

  test('--format cra prints the Art. 14 clocks of an exploited report, aware at receipt', () => {
    const r = cli(['reports', 'export', exploited, '--format', 'cra']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ref: string; awarenessSource: string; clocks: { kind: string; state: string }[] };
    expect(doc).toMatchObject({ format: 'secintake-cra-summary', ref: exploited, awarenessSource: 'report', vulnerability: { activelyExploited: true } });
    expect(doc.clocks.map((c) => [c.kind, c.state])).toEqual([['early-warning', 'running'], ['notification', 'running'], ['final-report', 'waiting-for-fix']]);
  });

  test('--out writes a 0600 file and refuses to overwrite it', () => {
    const out = join(ws.dir, 'advisory.json');
    expect(cli(['reports', 'export', exploited, '--format', 'osv', '--out', out])).toMatchObject({ code: 0, stdout: '' });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const first = readFileSync(out, 'utf8');
    const again = cli(['reports', 'export', plain, '--format', 'osv', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^E_FILE_EXISTS: /);
    expect(readFileSync(out, 'utf8')).toBe(first);
  });

  test.each([
    ['an unknown format is a usage error naming the valid ones', [exploited, '--format', 'pdf'], 2, /Allowed choices are osv, csaf, cve, cra/],
    ['a missing format is a usage error', [exploited], 2, /--format/],
    ['an unknown report is an expected error', ['SEC-1999-0001', '--format', 'osv'], 1, /^E_REPORT_NOT_FOUND: /],
    ['a CRA summary of a report nobody said is exploited is refused', ['PLAIN', '--format', 'cra'], 1, /^E_EXPORT: .*not marked actively exploited/],
  ])('%s', (_n, args, code, stderr) => {
    const r = cli(['reports', 'export', ...args.map((a) => (a === 'PLAIN' ? plain : a))]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toBe('');
  });

  test('--help shows an example', () => {
    expect(cli(['reports', 'export', '--help']).stdout).toContain('secintake reports export SEC-2026-0001 --format osv');
  });
});

describe('secintake reports export with policy.cra off', () => {
  test('the CRA summary of an exploited report is refused, saying what to set', async () => {
    const off = await createWorkspace();
    const run = (args: string[]) => runCli(off.configFile, args);
    try {
      const ref = ingestPlainReport(off.configFile, 'RCE', 'This is actively exploited in the wild.', 'off-1@research.example');
      const r = run(['reports', 'export', ref, '--format', 'cra']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^E_EXPORT: the CRA summary is off in this config\n {2}what to do: set policy\.cra: true/);
      expect(run(['reports', 'export', ref, '--format', 'osv']).code).toBe(0);
    } finally {
      off.cleanup();
    }
  });
});
