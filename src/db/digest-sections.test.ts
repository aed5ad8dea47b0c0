/** Migration 012's columns say what the digest's rules in JavaScript say, for every status, deadline shape, flag list and missing list, so SQL can count and order the sections. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ingestRaw } from '../../test/helpers/ingest.js';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';
import { nextDeadline } from '../policy/next-deadline.js';
import { isTerminal } from '../policy/status.js';
import { asksReporter, flagSections } from '../report/digest.js';
import { REPORT_STATUSES, type ReportStatus } from '../report/types.js';
import type { Runtime } from '../runtime.js';

let ws: Workspace;
let rt: Runtime;

beforeAll(async () => {
  ws = await createWorkspace();
  rt = await ws.open();
  await ingestRaw(rt, 'From: ada@research.example\r\nSubject: x\r\nMessage-ID: <columns-1@research.example>\r\n\r\nSQL injection in the login form.\r\n');
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

interface Columns {
  next: string | null;
  disclosure: string | null;
  flags: number;
}

/** Report 1 rewritten to the case, and the generated columns SQLite computes for it. */
function columns(status: ReportStatus, deadlines: unknown, flags: readonly string[] = []): Columns {
  rt.repos.db.prepare('UPDATE reports SET status = ?, deadlines = ?, flags = ? WHERE id = 1').run(status, deadlines === null ? null : JSON.stringify(deadlines), JSON.stringify(flags));
  return rt.repos.db.prepare('SELECT next_deadline_at AS next, disclosure_at AS disclosure, digest_flags AS flags FROM reports WHERE id = 1').get() as Columns;
}

const utc = (at: string | null | undefined) => (typeof at === 'string' ? new Date(at).toISOString() : null);

const DEADLINES: [string, Record<string, unknown> | null][] = [
  ['three deadlines in order', { triage: '2026-11-04T10:00:00-05:00', resolve: '2027-01-27T10:00:00-05:00', disclosure: '2027-01-30T10:00:00-05:00', nextUpdate: '2026-11-10T10:00:00-05:00' }],
  ['a disclosure before the resolution (an exploited report)', { triage: '2026-11-04T10:00:00-05:00', resolve: '2027-01-27T10:00:00-05:00', disclosure: '2026-11-08T10:00:00-05:00', nextUpdate: null }],
  ['the same instant written with other offsets', { triage: '2026-11-04T15:00:00+00:00', resolve: '2026-11-04T20:30:00+05:30', disclosure: '2026-11-04T10:00:00-05:00', nextUpdate: null }],
  ['an offset that moves the date (earlier in UTC than it reads)', { triage: '2026-11-05T01:00:00+14:00', resolve: '2026-11-04T12:00:00-05:00', disclosure: '2026-11-04T11:30:00Z', nextUpdate: null }],
  ['milliseconds', { triage: '2026-11-04T10:00:00.250-05:00', resolve: '2026-11-04T10:00:00.249-05:00', disclosure: '2027-01-30T10:00:00-05:00', nextUpdate: null }],
  ['only a disclosure', { disclosure: '2027-01-30T10:00:00-05:00' }],
  ['a deadline that is not a string', { triage: 20261104, resolve: null, disclosure: '2027-01-30T10:00:00-05:00' }],
  ['no deadlines at all', null],
];

describe('next_deadline_at and disclosure_at', () => {
  test.each(REPORT_STATUSES.flatMap((status) => DEADLINES.map(([name, d]) => [status, name, d] as const)))('a %s report with %s: the next deadline and the open disclosure nextDeadline gives', (status, _name, deadlines) => {
    const next = nextDeadline(status, deadlines as never);
    expect(columns(status, deadlines)).toMatchObject({ next: utc(next?.at), disclosure: isTerminal(status) ? null : utc(deadlines?.disclosure as string | undefined) });
  });
});

const FLAG_LISTS: string[][] = [
  [],
  ['triage-overdue', 'unsupported-version'],
  ['reply-from-other-sender'],
  ['triage-overdue', 'unencrypted-parts'],
  ['signature-bad'],
  ['signature-something-new'],
  ['x-signature-bad', 'signature'],
  ['ciphertext-replayed'],
  ['ciphertext-replayed-twice', 'not-ciphertext-replayed'],
  ['reporter-key-expiring'],
  ['disclosure-passed', 'reporter-key-expired', 'signature-partial', 'ciphertext-replayed'],
  ['reporter-key-expiring-soon'],
  // Quotes, commas and brackets inside a flag are escaped in the JSON text: none of these is a section's flag.
  ['a","signature-bad', 'b",reply-from-other-sender'],
  ['["ciphertext-replayed"]', ',"reporter-key-expired"'],
  ['a\\', 'signature-bad\\'],
];

describe('digest_flags', () => {
  test.each(FLAG_LISTS.map((flags) => [JSON.stringify(flags), flags] as const))('flags %s put an open report in the sections flagSections names, a closed one in none', (_name, flags) => {
    const s = flagSections(flags);
    const bits = (s.thirdParty ? 1 : 0) | (s.suspicious ? 2 : 0) | (s.reporterKeys ? 4 : 0);
    expect([columns('triaged', null, flags).flags, columns('resolved', null, flags).flags]).toEqual([bits, 0]);
  });
});

describe('asks_reporter', () => {
  test.each<[string, string | null]>([
    ['no extraction', null],
    ['no missing list', '{"title":null}'],
    ['an empty list', '{"missing":[]}'],
    ['a list of one field', '{"missing":["impact"]}'],
    ['a list of several', '{"missing":["impact","steps","cvss"]}'],
    ['a string instead of a list', '{"missing":"impact"}'],
    ['an object instead of a list', '{"missing":{"0":"impact"}}'],
    ['null', '{"missing":null}'],
  ])('an extraction with %s asks the reporter for something exactly when asksReporter says so', (_name, fields) => {
    rt.repos.db.prepare('UPDATE reports SET fields = ? WHERE id = 1').run(fields);
    const asks = rt.repos.db.prepare('SELECT asks_reporter FROM reports WHERE id = 1').pluck().get();
    expect(asks).toBe(asksReporter(fields === null ? undefined : (JSON.parse(fields) as { missing?: unknown }).missing) ? 1 : 0);
  });
});
