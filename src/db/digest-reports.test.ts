/** What the digest reads of `reports`: the facts of open reports and what arrived since, and for the reports it lists only the extraction fields a digest line shows. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';
import { asksReporter } from '../report/digest.js';
import type { Runtime } from '../runtime.js';

let ws: Workspace;
let rt: Runtime;
const DAY = 86_400_000;

beforeAll(async () => {
  ws = await createWorkspace();
  rt = await ws.open();
  for (const n of [1, 2, 3]) {
    const raw = `From: ada@research.example\r\nSubject: report ${n}\r\nMessage-ID: <digest-read-${n}@research.example>\r\n\r\nSQL injection in the login form of ExampleApp 3.2.1 (CWE-89).\r\n`;
    const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from(raw) });
    await rt.pipeline.processSafely(rt.repos.messages.get(id) as never);
  }
  // Report 1 is open, 2 closed and old, 3 closed but received within the window.
  rt.repos.db.prepare(`UPDATE reports SET status = 'resolved' WHERE id IN (2, 3)`).run();
  rt.repos.db.prepare(`UPDATE reports SET received_at = ? WHERE id = 2`).run(new Date(Date.now() - 30 * DAY).toISOString());
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

describe('the reports a digest reads', () => {
  test('open reports and what arrived since; a closed report from before the window is in no section', () => {
    const now = new Date();
    const sections = rt.repos.digests.sections({ now, dueBy: new Date(now.getTime() + 7 * DAY), disclosuresBy: new Date(now.getTime() + 7 * DAY), since: new Date(now.getTime() - DAY), lines: 50 });
    expect(sections.new).toEqual({ count: 2, ids: [1, 3] });
    expect(Object.values(sections).flatMap((s) => s.ids)).not.toContain(2);
  });

  test('each carries the fields a digest line shows, with the values the full listing has, and no others', () => {
    const [slim] = rt.repos.digests.listings([1]);
    const full = rt.repos.reports.list()[0]?.fields as Record<string, unknown>;
    const fields = slim?.fields as Record<string, unknown>;
    expect(Object.keys(fields).sort()).toEqual(['cvss', 'exploitedInTheWild', 'missing', 'reporter', 'title', 'vulnerabilityType']);
    for (const key of Object.keys(fields)) expect(fields[key]).toEqual(full[key] ?? null);
    expect(Object.keys(full).length).toBeGreaterThan(Object.keys(fields).length);
  });
});

describe('the reports that can be waiting on their reporter', () => {
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  // Report 1 received 30 days ago; message 2 moved onto it as the one other mail on its thread.
  test.each([
    { other: null, waits: true, last: 30 },
    { other: { outcome: 'reply', days: 1 }, waits: false, last: null },
    { other: { outcome: 'third-party', days: 1 }, waits: true, last: 30 },
    { other: { outcome: 'reply', days: 10 }, waits: true, last: 10 },
  ])('a report received a month ago, with another mail $other on it: waiting $waits', ({ other, waits, last }) => {
    const db = rt.repos.db;
    db.prepare('UPDATE reports SET received_at = ?, status = ? WHERE id = 1').run(ago(30), 'triaged');
    db.prepare('UPDATE messages SET captured_at = ? WHERE id = 1').run(ago(30));
    if (other === null) db.prepare('UPDATE messages SET report_id = 2 WHERE id = 2').run();
    else db.prepare('UPDATE messages SET report_id = 1, outcome = ?, captured_at = ? WHERE id = 2').run(other.outcome, ago(other.days));
    const found = rt.repos.digests.waiting(['new', 'triaged'], new Date(Date.now() - 7 * DAY)).get(1);
    // Report 1 asks its reporter for something (its extraction lists missing fields): only its mail decides.
    const missing = (rt.repos.reports.list()[0]?.fields as { missing: unknown }).missing;
    expect(asksReporter(missing)).toBe(true);
    expect(found).toEqual(waits ? { lastReporterMail: last === null ? null : expect.any(String) } : undefined);
    if (found && last !== null) expect(Math.round((Date.now() - Date.parse(found.lastReporterMail as string)) / DAY)).toBe(last);
  });

  test.each([
    ['a status outside the list', ['new'], 7],
    ['a report received after the cutoff', ['triaged'], 40],
  ])('%s is never waiting', (_name, statuses, days) => {
    rt.repos.db.prepare('UPDATE messages SET report_id = 2 WHERE id = 2').run();
    expect(rt.repos.digests.waiting(statuses, new Date(Date.now() - days * DAY)).has(1)).toBe(false);
  });

  test.each([
    ['an empty list', '[]', false],
    ['no list at all', 'null', false],
    ['a list of one field', '["impact"]', true],
  ])('a report whose missing fields are %s waits: %s', (_name, missing, waits) => {
    const db = rt.repos.db;
    db.prepare(`UPDATE reports SET received_at = ?, status = 'triaged', fields = json_set(fields, '$.missing', json(?)) WHERE id = 1`).run(new Date(Date.now() - 30 * DAY).toISOString(), missing);
    db.prepare('UPDATE messages SET captured_at = ? WHERE id = 1').run(new Date(Date.now() - 30 * DAY).toISOString());
    db.prepare('UPDATE messages SET report_id = 2 WHERE id = 2').run();
    expect(rt.repos.digests.waiting(['triaged'], new Date(Date.now() - 7 * DAY)).has(1)).toBe(waits);
  });
});
