import { describe, expect, test } from 'vitest';
import type { DigestMessage } from '../db/digests.js';
import type { OutboxListing } from '../db/outbox.js';
import type { ReportRecord } from '../db/reports.js';
import { createCalendar } from '../policy/calendar.js';
import { craClocks } from '../policy/cra.js';
import { composeDigest, digestSubject, type DigestInput, type Section } from './digest.js';
import type { ReportStatus } from './types.js';

const NOW = new Date('2026-11-23T15:00:00Z'); // a Monday, 10:00 in New York
const calendar = createCalendar({ timezone: 'America/New_York', holidays: ['US'] });
const ctx = { now: NOW, timezone: 'America/New_York', calendar, keyExpiryWarnDays: 30 };

let id = 0;
function report(ref: string, o: { status?: ReportStatus; received?: string; triage?: string; resolve?: string; disclosure?: string; flags?: string[]; missing?: string[]; subject?: string } = {}): ReportRecord {
  return {
    id: ++id,
    ref,
    status: o.status ?? 'triaged',
    receivedAt: o.received ?? '2026-11-01T15:00:00.000Z',
    subject: o.subject ?? `subject of ${ref}`,
    fields: { missing: o.missing ?? [] },
    deadlines: { triage: o.triage ?? '2026-11-04T10:00:00-05:00', resolve: o.resolve ?? '2027-01-27T10:00:00-05:00', disclosure: o.disclosure ?? '2027-01-30T10:00:00-05:00', nextUpdate: null },
    flags: o.flags ?? [],
    assignee: null,
    encryption: { encrypted: true, keyFingerprint: 'AB'.repeat(20), keyStatus: 'current', coverage: 'full' },
    signature: { status: 'good', signerFingerprint: 'CD'.repeat(20) },
    unencryptedParts: [],
  } as unknown as ReportRecord;
}

const input = (o: Partial<DigestInput>): DigestInput => ({
  reports: [],
  lastReporterMail: new Map(),
  failedMessages: [],
  outbox: [],
  teamKey: { fingerprint: 'TEAMFPR', expiresAt: new Date('2027-11-01T00:00:00Z') },
  pendingKeys: [],
  recipientsWithoutKey: [],
  cra: new Map(),
  since: new Date('2026-11-22T13:00:00Z'),
  ...o,
});

const refs = (reports: ReportRecord[], section: Section, o: Partial<DigestInput> = {}) =>
  (composeDigest(input({ reports, ...o }), ctx).sections[section] as { ref: string }[]).map((l) => l.ref);

describe('composeDigest: which report goes in which section', () => {
  test.each<[string, Section, ReportRecord[], string[]]>([
    ['a new report past its triage deadline is overdue', 'overdue', [report('A', { status: 'new', triage: '2026-11-20T10:00:00-05:00' })], ['A']],
    ['a triaged report is not overdue on triage', 'overdue', [report('A', { status: 'triaged', triage: '2026-11-20T10:00:00-05:00' })], []],
    ['a closed report is never overdue', 'overdue', [report('A', { status: 'resolved', resolve: '2026-11-20T10:00:00-05:00' })], []],
    ['a resolution target on Wednesday is due within 3 business days', 'due', [report('A', { resolve: '2026-11-25T10:00:00-05:00' })], ['A']],
    ['Thanksgiving stretches 3 business days to the Friday', 'due', [report('A', { resolve: '2026-11-27T09:00:00-05:00' })], ['A']],
    ['the Monday after is outside the window', 'due', [report('A', { resolve: '2026-11-30T10:00:00-05:00' })], []],
    ['a disclosure in 6 days is listed, a fixed report included', 'disclosures', [report('A', { status: 'fixed', disclosure: '2026-11-29T10:00:00-05:00' })], ['A']],
    ['a disclosure in 8 days is not', 'disclosures', [report('A', { disclosure: '2026-12-01T11:00:00-05:00' })], []],
    ['a report received after the last digest is new, closed or not', 'new', [report('A', { received: '2026-11-23T01:00:00.000Z', status: 'rejected' }), report('B', { received: '2026-11-22T12:00:00.000Z' })], ['A']],
    ['a report with missing fields and no answer for a week waits on the reporter', 'waiting', [report('A', { missing: ['impact'], received: '2026-11-10T15:00:00.000Z' })], ['A']],
    ['a report with nothing missing waits on nobody', 'waiting', [report('A', { received: '2026-11-10T15:00:00.000Z' })], []],
    ['a reply from someone else is a third-party line', 'thirdParty', [report('A', { flags: ['reply-from-other-sender'] }), report('B', { flags: ['unencrypted-parts'] }), report('C', { flags: ['signature-bad'] }), report('D')], ['A', 'B', 'C']],
    ['a replayed ciphertext is suspicious', 'suspicious', [report('A', { flags: ['ciphertext-replayed'] }), report('B')], ['A']],
  ])('%s', (_name, section, reports, expected) => {
    expect(refs(reports, section)).toEqual(expected);
  });

  test('a reporter who answered recently is not waited on', () => {
    const r = report('A', { missing: ['impact'], received: '2026-11-10T15:00:00.000Z' });
    expect(refs([r], 'waiting', { lastReporterMail: new Map([[r.id, '2026-11-20T15:00:00.000Z']]) })).toEqual([]);
  });

  test('overdue lines come by deadline, earliest first', () => {
    const late = report('LATE', { status: 'new', triage: '2026-11-21T10:00:00-05:00' });
    const early = report('EARLY', { status: 'new', triage: '2026-11-10T10:00:00-05:00' });
    expect(refs([late, early], 'overdue')).toEqual(['EARLY', 'LATE']);
  });
});

describe('composeDigest: messages, outbox and keys', () => {
  const failed: DigestMessage = { id: 7, messageId: 'x@y', capturedAt: '2026-11-22T10:00:00.000Z', outcome: 'failed', ref: null, errorCode: 'E_MIME', error: 'bad\u001b[31m\nline' };
  const mail = (status: OutboxListing['status'], createdAt: string): OutboxListing => ({ id: 17, messageId: 'm@x', reportId: 1, reportRef: 'SEC-2026-0001', kind: 'ack', recipients: ['a@b'], status, attempts: 4, nextAttemptAt: createdAt, lastError: 'timeout', createdAt, sentAt: null });

  test('a failed message carries its reason on one clean line and the command to retry it', () => {
    expect(composeDigest(input({ failedMessages: [failed] }), ctx).sections.failed).toEqual([{ messageId: 7, capturedAt: failed.capturedAt, errorCode: 'E_MIME', reason: 'bad[31m line', retry: 'secintake messages retry 7' }]);
  });

  test.each([
    ['dead mail is listed', 'dead', '2026-11-23T14:00:00.000Z', 1],
    ['mail deferred for over a day is listed', 'deferred', '2026-11-22T14:00:00.000Z', 1],
    ['mail deferred for an hour is not', 'deferred', '2026-11-23T14:00:00.000Z', 0],
  ] as const)('%s', (_name, status, createdAt, count) => {
    const d = composeDigest(input({ outbox: [mail(status, createdAt)] }), ctx);
    expect(d.counts.outbox).toBe(count);
    if (count) expect(d.sections.outbox[0]?.retry).toBe('secintake outbox retry 17');
  });

  test.each([
    ['a team key expiring in 10 days, and security.txt with it', { fingerprint: 'T', expiresAt: new Date('2026-12-03T00:00:00Z') }, ['team-key-expiring', 'security-txt-expires']],
    ['an expired team key', { fingerprint: 'T', expiresAt: new Date('2026-11-01T00:00:00Z') }, ['team-key-expired']],
    ['no team key at all', null, ['team-key-expired']],
    ['a key valid for a year', { fingerprint: 'T', expiresAt: new Date('2027-11-01T00:00:00Z') }, []],
  ])('key health: %s', (_name, teamKey, problems) => {
    expect(composeDigest(input({ teamKey }), ctx).sections.keys.map((k) => k.problem)).toEqual(problems);
  });

  test('key health lists reporter keys lapsing before disclosure, pending key changes and recipients without a key', () => {
    const d = composeDigest(
      input({
        reports: [report('SEC-2026-0003', { flags: ['reporter-key-expiring'] })],
        pendingKeys: [{ address: 'ada@research.example', fingerprint: 'NEWFPR', messageId: 3, since: '2026-11-20T10:00:00.000Z', userIds: [], createdAt: '', expiresAt: null }],
        recipientsWithoutKey: ['mallory@example.test'],
      }),
      ctx,
    );
    expect(d.sections.keys.map((k) => [k.problem, k.subject])).toEqual([
      ['reporter-key-expiring', 'SEC-2026-0003'],
      ['reporter-key-pending', 'ada@research.example NEWFPR'],
      ['recipient-without-key', 'mallory@example.test'],
    ]);
  });
});

describe('composeDigest: the whole', () => {
  test('a title with controls and line breaks is one clean line', () => {
    const d = composeDigest(input({ reports: [report('A', { received: '2026-11-23T01:00:00.000Z', subject: 'RCE\r\nBcc: x@y\u202e\u0000 in upload' })] }), ctx);
    expect(d.sections.new[0]?.title).toBe('RCE Bcc: x@y in upload');
  });

  test('counts are of everything, lines stop at the section limit', () => {
    const many = Array.from({ length: 60 }, (_, i) => report(`N${String(i).padStart(2, '0')}`, { received: '2026-11-23T01:00:00.000Z' }));
    const d = composeDigest(input({ reports: many }), ctx);
    expect([d.counts.new, d.sections.new.length]).toEqual([60, 50]);
  });

  test('the subject says only what to act on', () => {
    const d = composeDigest(input({ reports: [report('A', { status: 'new', triage: '2026-11-20T10:00:00-05:00', received: '2026-11-23T01:00:00.000Z', subject: 'TOPSECRET' })] }), ctx);
    expect(digestSubject(d)).toBe('[secintake] 1 overdue, 0 due, 1 new');
  });

  test('the first digest (no previous one) counts the last day as new, and says since null', () => {
    const d = composeDigest(input({ since: null, reports: [report('A', { received: '2026-11-22T16:00:00.000Z' }), report('B', { received: '2026-11-22T14:00:00.000Z' })] }), ctx);
    expect([d.since, d.sections.new.map((l) => l.ref)]).toEqual([null, ['A']]);
  });
});

describe('composeDigest: CRA Art. 14 clocks (policy.cra)', () => {
  const exploited = (ref: string, awareHoursAgo: number) => {
    const r = report(ref, { received: new Date(NOW.getTime() - awareHoursAgo * 3_600_000).toISOString() });
    const clocks = craClocks({ receivedAt: new Date(r.receivedAt), exploited: true, exploitedAtReceipt: true, patchDate: null, events: [] }, 'America/New_York', NOW);
    return { r, clocks: clocks as NonNullable<typeof clocks> };
  };
  const craOf = (...list: ReturnType<typeof exploited>[]) =>
    composeDigest(input({ reports: list.map((x) => x.r), cra: new Map(list.map((x) => [x.r.id, x.clocks])) }), ctx).sections.cra.map((c) => [c.ref, c.clock, c.state]);

  test.each([
    ['an early warning with 4 hours left is due', 20, [['A', 'early-warning', 'running']]],
    ['an early warning missed is overdue; the notification with 42 hours left is not yet listed', 30, [['A', 'early-warning', 'overdue']]],
    ['three days on, both the warning and the notification are overdue', 80, [['A', 'early-warning', 'overdue'], ['A', 'notification', 'overdue']]],
    ['a fresh report is listed as soon as its 24 hours run', 1, [['A', 'early-warning', 'running']]],
  ] as const)('%s', (_name, hoursAgo, expected) => {
    expect(craOf(exploited('A', hoursAgo))).toEqual(expected);
  });

  test('no clock is listed for awareness before Art. 14 applied (11 September 2026)', () => {
    const old = exploited('OLD', 24 * 80);
    expect(old.clocks.obligationApplies).toBe(false);
    expect(craOf(old)).toEqual([]);
  });

  test('without policy.cra the caller passes no clocks, and the section stays empty', () => {
    const { r } = exploited('A', 30);
    expect(composeDigest(input({ reports: [r] }), ctx).counts.cra).toBe(0);
  });
});
