import { describe, expect, test } from 'vitest';
import { craClocks, type CraFacts } from './cra.js';

const at = (iso: string) => new Date(iso);
const facts = (over: Partial<CraFacts>): CraFacts => ({
  receivedAt: at('2026-10-01T09:00:00Z'),
  exploited: true,
  exploitedAtReceipt: true,
  patchDate: null,
  events: [],
  ...over,
});
const due = (c: ReturnType<typeof craClocks>) => c?.clocks.map((k) => k.dueAt);

describe('CRA Art. 14 clocks', () => {
  test.each([
    // Autumn: the clocks go back an hour, so 24 real hours end an hour earlier on the wall clock.
    ['Paris, across the October change', 'Europe/Paris', '2026-10-24T12:00:00+02:00', '2026-10-25T11:00:00+01:00', '2026-10-27T11:00:00+01:00'],
    ['New York, across the November change', 'America/New_York', '2026-10-31T09:00:00-04:00', '2026-11-01T08:00:00-05:00', '2026-11-03T08:00:00-05:00'],
    // Spring: the clocks go forward, so they end an hour later on the wall clock.
    ['Paris, across the March change', 'Europe/Paris', '2027-03-27T12:00:00+01:00', '2027-03-28T13:00:00+02:00', '2027-03-30T13:00:00+02:00'],
    ['New York, across the March change', 'America/New_York', '2027-03-13T20:00:00-05:00', '2027-03-14T21:00:00-04:00', '2027-03-16T21:00:00-04:00'],
    ['a week without a change keeps the wall-clock time', 'Europe/Paris', '2026-11-10T16:30:00+01:00', '2026-11-11T16:30:00+01:00', '2026-11-13T16:30:00+01:00'],
  ])('early warning and notification are 24 and 72 real hours after awareness: %s', (_n, zone, aware, warning, notification) => {
    const c = craClocks(facts({ receivedAt: at(aware) }), zone, at(aware));
    expect(c?.awareAt).toBe(aware);
    expect(due(c)?.slice(0, 2)).toEqual([warning, notification]);
    expect(c?.clocks.slice(0, 2).map((k) => k.hoursLeft)).toEqual([24, 72]);
  });

  test.each([
    ['marked fixed: 14 calendar days in the zone, across the October change (337 real hours)', 'Europe/Paris', null, [{ at: '2026-10-20T08:00:00Z', kind: 'report.status', data: { from: 'fix-scheduled', to: 'fixed' } }], '2026-11-03T10:00:00+01:00', 'status-fixed'],
    ['a scheduled patch counts from the start of its day', 'America/New_York', '2026-10-30', [], '2026-11-13T00:00:00-05:00', 'patch-date'],
    ['the earlier of the two counts', 'America/New_York', '2026-10-30', [{ at: '2026-10-28T15:00:00Z', kind: 'report.status', data: { from: 'accepted', to: 'fixed' } }], '2026-11-11T11:00:00-05:00', 'status-fixed'],
  ])('final report: %s', (_n, zone, patchDate, events, expected, source) => {
    const c = craClocks(facts({ patchDate, events }), zone, at('2026-10-02T00:00:00Z'));
    expect(c?.clocks[2]).toMatchObject({ kind: 'final-report', dueAt: expected, state: 'running' });
    expect(c?.fixSource).toBe(source);
  });

  test('without a fix the final-report clock waits', () => {
    expect(craClocks(facts({}), 'Europe/Paris', at('2026-10-02T00:00:00Z'))?.clocks[2]).toEqual({
      kind: 'final-report', article: 'Art. 14(2)(c)', dueAt: null, state: 'waiting-for-fix', hoursLeft: null,
    });
  });

  test.each([
    ['half a day after awareness both clocks run', '2026-10-01T21:00:00Z', ['running', 'running'], [12, 60]],
    ['two days after, the early warning is overdue', '2026-10-03T09:00:00Z', ['overdue', 'running'], [-24, 24]],
    ['four days after, both are overdue', '2026-10-05T09:00:00Z', ['overdue', 'overdue'], [-72, -24]],
  ])('on an injected clock: %s', (_n, now, states, hours) => {
    const c = craClocks(facts({}), 'Europe/Paris', at(now));
    expect(c?.clocks.slice(0, 2).map((k) => k.state)).toEqual(states);
    expect(c?.clocks.slice(0, 2).map((k) => k.hoursLeft)).toEqual(hours);
  });

  test.each([
    ['the report said so on arrival: aware at receipt', facts({}), '2026-10-01T11:00:00+02:00', 'report'],
    [
      'a reply said so later: aware when the deadlines moved for it',
      facts({
        exploitedAtReceipt: false,
        events: [
          { at: '2026-10-02T10:00:00.000Z', kind: 'report.deadlines', data: { why: 'policy changed' } },
          { at: '2026-10-04T07:30:00.000Z', kind: 'report.deadlines', data: { why: 'exploitation in the wild reported in a reply' } },
        ],
      }),
      '2026-10-04T09:30:00+02:00',
      'event',
    ],
    ['no event records the moment: receipt time, and it says so', facts({ exploitedAtReceipt: false }), '2026-10-01T11:00:00+02:00', 'receipt-fallback'],
  ])('awareness: %s', (_n, f, awareAt, source) => {
    expect(craClocks(f, 'Europe/Paris', at('2026-10-10T00:00:00Z'))).toMatchObject({ awareAt, awarenessSource: source });
  });

  test.each([
    ['a report not marked exploited starts no clock', facts({ exploited: false }), null],
  ])('%s', (_n, f, expected) => {
    expect(craClocks(f, 'Europe/Paris', at('2026-10-10T00:00:00Z'))).toBe(expected);
  });

  test.each([
    ['awareness before 11 September 2026 is before Art. 14 applied', '2026-09-10T21:59:59Z', false],
    ['awareness from midnight in Brussels on 11 September 2026 is under it', '2026-09-10T22:00:00Z', true],
  ])('%s', (_n, received, applies) => {
    expect(craClocks(facts({ receivedAt: at(received) }), 'America/New_York', at('2026-09-12T00:00:00Z'))?.obligationApplies).toBe(applies);
  });
});
