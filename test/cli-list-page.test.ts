/** `reports list` pages: at most --limit reports (100 by default) or --all, with a line on stderr saying how many there are. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

const TOTAL = 101;
let ws: Workspace;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, 'reports', 'list', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const refs = (stdout: string) => (JSON.parse(stdout) as { ref: string }[]).map((r) => r.ref);

beforeAll(async () => {
  ws = await createWorkspace();
  const rt = await ws.open();
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from('From: ada@research.example\r\nSubject: x\r\nMessage-ID: <page-1@research.example>\r\n\r\nSQL injection in the login form.\r\n') });
  await rt.pipeline.processSafely(rt.repos.messages.get(id) as never);
  // The other reports cloned by SQL from the first (ingesting 100 more would take a minute); received one second apart, newest last.
  rt.repos.db
    .prepare(`WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ${TOTAL})
      INSERT INTO reports (ref, year, seq, message_id, status, received_at, subject, reporter_email, encryption, signature, fields, deadlines, flags, created_at, updated_at)
      SELECT 'SEC-' || t.year || '-' || printf('%04d', n.i), t.year, n.i, t.message_id, t.status, strftime('%Y-%m-%dT%H:%M:%fZ', t.received_at, '+' || n.i || ' seconds'),
        t.subject, t.reporter_email, t.encryption, t.signature, t.fields, t.deadlines, t.flags, t.created_at, t.updated_at FROM n, reports t WHERE t.id = 1`)
    .run();
  // Their bodies are the first report's (migration 013 keeps them in report_bodies).
  rt.repos.db
    .prepare(`INSERT INTO report_bodies (report_id, part, seq, chunk) SELECT r.id, b.part, b.seq, b.chunk FROM reports r, report_bodies b WHERE r.id > 1 AND b.report_id = 1`)
    .run();
  rt.close();
});
afterAll(() => ws?.cleanup());

describe('reports list pages', () => {
  test.each<[string, string[], number, string]>([
    ['the default limit shows 100 and says how many there are', ['--json'], 100, `showing 100 of ${TOTAL}; use --limit N or --all\n`],
    ['--limit shows that many and says so', ['--limit', '5', '--json'], 5, `showing 5 of ${TOTAL}; use --limit N or --all\n`],
    ['--limit with a deadline order says so too', ['--limit', '5', '--sort', 'deadline', '--json'], 5, `showing 5 of ${TOTAL}; use --limit N or --all\n`],
    ['--limit with --overdue counts only the overdue ones', ['--limit', '5', '--overdue', '--json'], 0, ''],
    ['--all shows every report and says nothing', ['--all', '--json'], TOTAL, ''],
    ['a limit above the count shows every report and says nothing', ['--limit', '500', '--json'], TOTAL, ''],
    ['a filter counts only what it matches', ['--status', 'triaged', '--json'], 0, ''],
  ])('%s', (_name, args, shown, note) => {
    const r = cli(args);
    expect(r.code).toBe(0);
    expect(refs(r.stdout)).toHaveLength(shown);
    expect(r.stderr).toBe(note);
  });

  test.each([['received'], ['ref'], ['deadline']])('a page is the head of the whole list in %s order', (sort) => {
    const all = refs(cli(['--all', '--sort', sort, '--json']).stdout);
    expect(refs(cli(['--limit', '7', '--sort', sort, '--json']).stdout)).toEqual(all.slice(0, 7));
  });

  test('the table for people says it on stderr too', () => {
    const r = cli(['--limit', '3']);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(r.stderr).toBe(`showing 3 of ${TOTAL}; use --limit N or --all\n`);
  });

  test.each([
    ['--limit 0', ['--limit', '0']],
    ['--limit that is not a number', ['--limit', 'ten']],
    ['--limit with --all', ['--limit', '5', '--all']],
  ])('%s is a usage error (exit 2)', (_name, args) => {
    expect(cli(args).code).toBe(2);
  });
});
