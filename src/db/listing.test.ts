/** Listings and the sweep's reads at scale: they carry no bodies or raw bytes, and the sweep's policy check is remembered. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../runtime.js';
import { sweep } from '../report/sweep.js';
import { REPORT_FILTER } from './reports.js';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';

let ws: Workspace;
let rt: Runtime;

beforeAll(async () => {
  ws = await createWorkspace();
  rt = await ws.open();
  for (const [i, text] of ['The login form is vulnerable to SQL injection.', 'Stored XSS in the comment field.'].entries()) {
    const raw = `From: Ada <ada@research.example>\r\nTo: security@example.test\r\nSubject: report ${i}\r\nMessage-ID: <listing-${i}@research.example>\r\n\r\n${text}\r\n`;
    const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from(raw) });
    await rt.pipeline.processSafely(rt.repos.messages.get(id) as never);
  }
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

describe('listings never carry bodies or raw bytes', () => {
  test.each([
    ['reports list leaves out the bodies', () => rt.repos.reports.list(), ['bodyText', 'bodyHtml']],
    ['messages listing leaves out the raw bytes and the unwrap JSON', () => rt.repos.messages.listing(), ['raw', 'unwrap']],
    ['the failed-messages listing leaves them out too', () => rt.repos.messages.listing({ failed: true }), ['raw', 'unwrap']],
  ] as const)('%s', (_name, list, absent) => {
    for (const row of list()) for (const key of absent) expect(Object.keys(row)).not.toContain(key);
  });

  test('the reports list still has every report, and each is whole when read by reference', () => {
    const refs = rt.repos.reports.list().map((r) => r.ref);
    expect(refs).toHaveLength(2);
    expect(refs.map((ref) => rt.repos.reports.byRef(ref)?.bodyText.length ?? 0).every((n) => n > 0)).toBe(true);
  });
});

describe('sweep candidates', () => {
  test.each([
    ['every open report is a candidate', [] as string[], 2],
    ['a report in a terminal status is not', ['new'], 0],
  ])('%s', (_name, terminal, expected) => {
    expect(rt.repos.reports.sweepCandidates(terminal)).toHaveLength(expected);
  });

  test('a candidate carries the deadlines and flags the report stores', () => {
    const [c] = rt.repos.reports.sweepCandidates([]);
    const r = rt.repos.reports.byId(c?.id ?? -1);
    expect(c).toMatchObject({ deadlines: r?.deadlines, flags: r?.flags, status: r?.status, receivedAt: r?.receivedAt });
  });

  test('a sweep remembers the policy it checked, so the next one skips the per-report recompute', async () => {
    expect(rt.repos.settings.get('sweep.policy')).toBeNull();
    await sweep(rt);
    expect(rt.repos.settings.get('sweep.policy')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("the list's count", () => {
  test.each([
    ['no filter', { status: null, who: 'any', assignee: null }],
    ['a status', { status: 'new', who: 'any', assignee: null }],
    ['an assignee', { status: null, who: 'one', assignee: 'bob' }],
    ['unassigned, with a status', { status: 'triaged', who: 'none', assignee: null }],
  ])('with %s reads an index, never the rows', (_name, params) => {
    const plan = rt.repos.db.prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) ${REPORT_FILTER}`).all(params) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/USING COVERING INDEX reports_status_assignee/);
  });
});
