import { describe, expect, test } from 'vitest';
import type { ReportRecord } from '../db/reports.js';
import { createCalendar } from '../policy/calendar.js';
import { parseDueWithin, selectForDesk, windowEnd, type Sort } from './desk-list.js';
import type { ReportStatus } from './types.js';

const calendar = createCalendar({ timezone: 'America/New_York', holidays: ['US'] });

describe('parseDueWithin', () => {
  test.each([
    ['3d', { amount: 3, unit: 'd' }],
    ['12h', { amount: 12, unit: 'h' }],
    ['5bd', { amount: 5, unit: 'bd' }],
    ['0h', { amount: 0, unit: 'h' }],
    [' 7D ', { amount: 7, unit: 'd' }],
    ['999d', { amount: 999, unit: 'd' }],
  ])('%j is a window', (text, expected) => {
    expect(parseDueWithin(text)).toEqual(expected);
  });

  test.each(['', '3', 'd', '3w', '-3d', '1.5d', '1000d', '3 d', '3days', '0x3d', '3d3d', '٣d'])('%j is not a window', (text) => {
    expect(parseDueWithin(text)).toBeNull();
  });
});

describe('windowEnd', () => {
  test.each([
    ['hours are elapsed time', '2026-11-23T15:00:00Z', '12h', '2026-11-24T03:00:00.000Z'],
    ['days keep the local time of day across the DST change', '2026-10-30T14:00:00Z', '3d', '2026-11-02T15:00:00.000Z'],
    ['business days skip the weekend', '2026-11-20T15:00:00Z', '1bd', '2026-11-23T15:00:00.000Z'],
    ['business days skip Thanksgiving', '2026-11-25T15:00:00Z', '1bd', '2026-11-27T15:00:00.000Z'],
    ['a zero window ends now', '2026-11-23T15:00:00Z', '0d', '2026-11-23T15:00:00.000Z'],
  ])('%s', (_name, now, text, expected) => {
    expect(windowEnd(parseDueWithin(text) as NonNullable<ReturnType<typeof parseDueWithin>>, new Date(now), calendar).toISOString()).toBe(expected);
  });
});

let id = 0;
function record(ref: string, status: ReportStatus, receivedAt: string, deadlines: Record<string, string> | null): ReportRecord {
  return { id: ++id, ref, status, receivedAt, deadlines } as ReportRecord;
}

// Listed in id order; received times and deadlines deliberately disagree with it.
const reports = [
  record('SEC-2026-0002', 'new', '2026-11-20T15:00:00.000Z', { triage: '2026-11-25T10:00:00-05:00', resolve: '2027-02-12T10:00:00-05:00', disclosure: '2027-02-18T10:00:00-05:00' }),
  record('SEC-2026-10000', 'triaged', '2026-11-10T15:00:00.000Z', { triage: '2026-11-13T10:00:00-05:00', resolve: '2026-11-24T10:00:00-05:00', disclosure: '2027-02-08T10:00:00-05:00' }),
  record('SEC-2026-9999', 'resolved', '2026-11-01T15:00:00.000Z', { triage: '2026-11-04T10:00:00-05:00', resolve: '2026-11-05T10:00:00-05:00', disclosure: '2026-11-06T10:00:00-05:00' }),
  record('SEC-2026-0001', 'fixed', '2026-11-22T15:00:00.000Z', { triage: '2026-11-01T10:00:00-05:00', resolve: '2026-11-02T10:00:00-05:00', disclosure: '2026-11-30T10:00:00-05:00' }),
];

describe('selectForDesk', () => {
  test.each<[string, Sort, string[]]>([
    ['received sorts by arrival', 'received', ['SEC-2026-9999', 'SEC-2026-10000', 'SEC-2026-0002', 'SEC-2026-0001']],
    ['deadline sorts by the next open deadline, closed reports last', 'deadline', ['SEC-2026-10000', 'SEC-2026-0002', 'SEC-2026-0001', 'SEC-2026-9999']],
    ['ref sorts by year and sequence, not as text', 'ref', ['SEC-2026-0001', 'SEC-2026-0002', 'SEC-2026-9999', 'SEC-2026-10000']],
  ])('%s', (_name, sort, refs) => {
    expect(selectForDesk(reports, { sort }).map((r) => r.ref)).toEqual(refs);
  });

  test.each<[string, string, string[]]>([
    // Now Monday 23 Nov 10:00 New York. 0002 triage Wed 25 10:00; 10000 resolve Tue 24 10:00; 0001 disclosure Mon 30 (its triage and resolve no longer bind: fixed).
    ['within a day: only the resolution due tomorrow', '1d', ['SEC-2026-10000']],
    ['within 2 days: the triage due Wednesday too', '2d', ['SEC-2026-10000', 'SEC-2026-0002']],
    ['within 3 business days (Thanksgiving off): up to Friday', '3bd', ['SEC-2026-10000', 'SEC-2026-0002']],
    ['within 5 business days: the disclosure on Monday 30', '5bd', ['SEC-2026-10000', 'SEC-2026-0002', 'SEC-2026-0001']],
    ['a closed report is never due', '999d', ['SEC-2026-10000', 'SEC-2026-0002', 'SEC-2026-0001']],
  ])('%s', (_name, text, refs) => {
    const now = new Date('2026-11-23T15:00:00Z');
    const dueBy = windowEnd(parseDueWithin(text) as NonNullable<ReturnType<typeof parseDueWithin>>, now, calendar);
    expect(selectForDesk(reports, { dueBy, sort: 'deadline' }).map((r) => r.ref)).toEqual(refs);
  });

  test('an overdue deadline is within every window', () => {
    const overdue = record('SEC-2026-0003', 'new', '2026-11-01T15:00:00.000Z', { triage: '2026-11-04T10:00:00-05:00', resolve: '2027-01-01T10:00:00-05:00', disclosure: '2027-02-01T10:00:00-05:00' });
    const dueBy = windowEnd({ amount: 0, unit: 'h' }, new Date('2026-11-23T15:00:00Z'), calendar);
    expect(selectForDesk([overdue], { dueBy, sort: 'deadline' }).map((r) => r.ref)).toEqual(['SEC-2026-0003']);
  });
});
