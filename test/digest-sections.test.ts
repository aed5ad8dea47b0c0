/**
 * The digest a desk of many reports gets from SQL (sections counted and cut in the indexes of migration 012) is the
 * digest of every report read whole and run through the JavaScript rules: the same lines in the same order, ties on a
 * deadline written with different offsets included, and the same counts behind each section's "and N more".
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatRef } from '../src/db/reports.js';
import { composeDigest, type Digest } from '../src/report/digest.js';
import { currentDigest } from '../src/report/digest-send.js';
import { reportCraClocks } from '../src/report/cra.js';
import { REPORT_STATUSES } from '../src/report/types.js';
import type { CraClocks } from '../src/policy/cra.js';
import type { Runtime } from '../src/runtime.js';
import { ingestRaw } from './helpers/ingest.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

const REPORTS = 600;
const HOUR = 3_600_000;
const NOW = new Date('2026-11-23T15:00:00Z'); // a Monday
let ws: Workspace;
let rt: Runtime;
let now = NOW;

// Few distinct instants, so many reports share a deadline; each written in one of three offsets.
// 0 and 7 days: a deadline right now, a disclosure on the last moment of its week (both bounds belong to their section).
const OFFSETS_H = [-3 * 24, -1, 0, 2, 20, 3 * 24, 6 * 24, 7 * 24, 8 * 24, 40 * 24];
const ZONES: [string, number][] = [['-05:00', -5 * 60], ['+00:00', 0], ['+05:30', 330]];
function written(at: number, zone: number): string {
  const [name, minutes] = ZONES[zone % ZONES.length] as [string, number];
  return `${new Date(at + minutes * 60_000).toISOString().slice(0, 19)}${name}`;
}
const FLAGS = [[], ['reply-from-other-sender'], ['signature-bad', 'triage-overdue'], ['ciphertext-replayed'], ['reporter-key-expiring'], ['reporter-key-expired', 'unencrypted-parts'], ['triage-overdue']];

/** Report i (2..REPORTS): a pseudo-random but fixed mix of status, deadlines, arrival, flags, questions and exploitation. */
function variant(i: number) {
  const pick = <T>(list: readonly T[], salt: number): T => list[(i * salt + (i >> 3)) % list.length] as T;
  const base = NOW.getTime();
  const deadline = (salt: number) => written(base + pick(OFFSETS_H, salt) * HOUR, i + salt);
  const year = i % 4 === 0 ? 2025 : 2026;
  // References on both sides of SEC-2026-9999, whose order is by text (SEC-2026-10000 first), as localeCompare has it.
  const seq = i % 3 === 0 ? 9_900 + i : i;
  return {
    i,
    ref: formatRef(year, seq),
    year,
    seq,
    status: pick(REPORT_STATUSES, 7),
    receivedAt: new Date(base - pick([2, 20, 30, 10 * 24, 30 * 24], 3) * HOUR).toISOString(),
    deadlines: JSON.stringify({ triage: deadline(5), resolve: deadline(11), disclosure: deadline(13), nextUpdate: null }),
    flags: JSON.stringify(pick(FLAGS, 17)),
    missing: JSON.stringify(i % 5 === 0 ? [] : ['impact']),
    exploited: i % 9 === 0 ? 1 : 0,
  };
}

beforeAll(async () => {
  ws = await createWorkspace({ extraYaml: 'timezone: America/New_York\npolicy: { cra: true }' });
  rt = await ws.open(() => now);
  await ingestRaw(rt, 'From: ada@research.example\r\nSubject: SQL injection\r\nMessage-ID: <sections-1@research.example>\r\n\r\nSQL injection in the login form of ExampleApp 3.2.1.\r\n');
  const db = rt.repos.db;
  // The others cloned by SQL from the first, with their own facts; some get a reply from their reporter (its bytes
  // read from the first message's, as a copy's are: migration 011).
  const clone = db.prepare(`INSERT INTO reports (id, ref, year, seq, message_id, status, received_at, subject, reporter_email, encryption, signature, fields, deadlines, flags, exploited, created_at, updated_at)
    SELECT @i, @ref, @year, @seq, t.message_id, @status, @receivedAt, t.subject || ' ' || @i, t.reporter_email, t.encryption, t.signature,
      json_set(t.fields, '$.missing', json(@missing)), @deadlines, @flags, @exploited, t.created_at, t.updated_at FROM reports t WHERE t.id = 1`);
  // Each clone's bodies are the first report's (migration 013 keeps them in report_bodies).
  const cloneBodies = db.prepare('INSERT INTO report_bodies (report_id, part, seq, chunk) SELECT @i, part, seq, chunk FROM report_bodies WHERE report_id = 1');
  const reply = db.prepare(`INSERT INTO messages (source, source_ref, message_id, sha256, content_sha256, size, raw_of, captured_at, state, outcome, report_id)
    SELECT t.source, 'reply-' || @i, 'reply-' || @i || '@research.example', hex(randomblob(32)), hex(randomblob(32)), t.size, t.id, @at, t.state, 'reply', @i FROM messages t WHERE t.id = 1`);
  db.transaction(() => {
    for (let i = 2; i <= REPORTS; i++) {
      const v = variant(i);
      clone.run(v);
      cloneBodies.run({ i });
      // A reply comes after the report (its first message): an hour after it, or an hour ago.
      if (i % 7 === 0) reply.run({ i, at: new Date(i % 2 ? Date.parse(v.receivedAt) + HOUR : NOW.getTime() - HOUR).toISOString() });
    }
  })();
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

/** The digest the old way: every report's listing, the reporter's last mail and the CRA clocks of each, through composeDigest. */
async function fromEveryReport(): Promise<Digest> {
  const ids = (rt.repos.db.prepare('SELECT id FROM reports ORDER BY id').pluck().all() as number[]);
  const reports = rt.repos.digests.listings(ids);
  const last = rt.repos.db.prepare(`SELECT report_id, MAX(captured_at) FROM messages WHERE outcome IN ('new-report', 'reply') AND report_id IS NOT NULL GROUP BY report_id`).raw().all() as [number, string][];
  const cra = new Map<number, CraClocks>();
  for (const r of reports) {
    const clocks = r.exploited ? reportCraClocks(r, rt.repos.events.forReport(r.id), rt.config.timezone, now) : null;
    if (clocks) cra.set(r.id, clocks);
  }
  const previous = rt.repos.digests.last();
  const team = rt.keyring.current;
  return composeDigest(
    {
      reports,
      lastReporterMail: new Map(last),
      failedMessages: rt.repos.digests.failed(51),
      outbox: [...rt.repos.outbox.listing({ status: 'dead' }), ...rt.repos.outbox.listing({ status: 'deferred' })],
      teamKey: team ? { fingerprint: team.fingerprint, expiresAt: team.expiresAt } : null,
      pendingKeys: rt.repos.keys.pending(),
      recipientsWithoutKey: [],
      cra,
      since: previous ? new Date(previous.sentAt) : null,
    },
    { now, timezone: rt.config.timezone, calendar: rt.calendar, keyExpiryWarnDays: rt.config.policy.key_expiry_warn_days },
  );
}

describe('the digest of a desk of many reports', () => {
  test.each([
    ['before the first digest', NOW, null],
    ['two days later, after a digest the day before', new Date(NOW.getTime() + 48 * HOUR), new Date(NOW.getTime() + 24 * HOUR)],
    ['six weeks later, when every deadline has passed', new Date(NOW.getTime() + 42 * 24 * HOUR), null],
  ])('%s: the same digest as every report read whole', async (_name, at, previous) => {
    now = at;
    rt.repos.db.prepare('DELETE FROM digests').run();
    if (previous) rt.repos.digests.record({ localDate: previous.toISOString().slice(0, 10), sentAt: previous.toISOString(), since: null, counts: {} });
    const [fromSql, fromAll] = [await currentDigest(rt), await fromEveryReport()];
    expect(fromSql).toEqual(fromAll);
  });

  test('several sections hold more than they list, and a listed tie on a deadline written in different offsets goes by reference', async () => {
    now = NOW;
    rt.repos.db.prepare('DELETE FROM digests').run();
    const d = await currentDigest(rt);
    const fuller = (['overdue', 'due', 'new', 'waiting', 'thirdParty'] as const).filter((s) => d.counts[s] > d.sections[s].length);
    expect(fuller).toEqual(['overdue', 'due', 'new', 'waiting', 'thirdParty']);
    const due = d.sections.due.map((l) => [Date.parse(l.nextDeadline?.at as string), l.nextDeadline?.at.slice(-6), l.ref] as const);
    const tied = due.filter(([at], k) => due.some(([other], j) => j !== k && other === at));
    expect(new Set(tied.map(([, zone]) => zone)).size).toBeGreaterThan(1);
    expect(due).toEqual([...due].sort((a, b) => a[0] - b[0] || (a[2] < b[2] ? -1 : 1)));
    // "new" worked out by hand from the variants: arrived in the last day, by reference as text.
    const fresh = [formatRef(NOW.getUTCFullYear(), 1), ...Array.from({ length: REPORTS - 1 }, (_, k) => variant(k + 2)).filter((v) => Date.parse(v.receivedAt) >= NOW.getTime() - 24 * HOUR).map((v) => v.ref)].sort();
    expect([d.counts.new, d.sections.new.map((l) => l.ref)]).toEqual([fresh.length, fresh.slice(0, 50)]);
  });
});
