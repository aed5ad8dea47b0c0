import { describe, expect, test } from 'vitest';
import { createCalendar } from './calendar.js';
import { computeDeadlines, nextUpdate, type DeadlinePolicy } from './deadlines.js';
import { parseDateInput } from './zoned.js';

const us = createCalendar({ timezone: 'America/New_York', holidays: ['US'] });
const paris = createCalendar({ timezone: 'Europe/Paris', holidays: ['US', 'FR'] });
const policy: DeadlinePolicy = { triage_business_days: 3, resolve_business_days: 60, disclosure_days: 90, exploited_days: 7, grace_days: 14 };

function deadlines(received: string, opts: { exploited?: boolean; patch?: string; cal?: typeof us; policy?: Partial<DeadlinePolicy> } = {}) {
  const cal = opts.cal ?? us;
  const receivedAt = parseDateInput(received, cal.timezone);
  if (!receivedAt) throw new Error(`bad test date ${received}`);
  return computeDeadlines({ receivedAt, exploited: opts.exploited ?? false, patchDate: opts.patch ?? null }, { ...policy, ...opts.policy }, cal);
}

describe('deadlines', () => {
  test('the defaults: 3 and 60 business days, 90 calendar days, all at the local time of receipt', () => {
    expect(deadlines('2026-07-02T10:00')).toEqual({
      triage: '2026-07-08T10:00:00-04:00',
      resolve: '2026-09-28T10:00:00-04:00',
      disclosure: '2026-09-30T10:00:00-04:00',
      graceApplied: false,
    });
  });

  test.each([
    ['90 days on a weekday stays put', '2026-07-02T10:00', '2026-09-30T10:00:00-04:00'],
    ['90 days on a Sunday moves to Monday', '2026-03-02T10:00', '2026-06-01T10:00:00-04:00'],
    ['90 days on Thanksgiving moves to the Friday after', '2026-08-28T10:00', '2026-11-27T10:00:00-05:00'],
    ['90 days across the autumn DST change keeps 10:00 (Sunday Nov 1 → Monday)', '2026-08-03T10:00', '2026-11-02T10:00:00-05:00'],
    ['90 days across the spring DST change keeps 17:00', '2026-01-05T17:00', '2026-04-06T17:00:00-04:00'],
    ['a Saturday receipt counts 90 calendar days from Saturday', '2026-07-04T10:00', '2026-10-02T10:00:00-04:00'],
  ])('disclosure: %s', (_n, received, disclosure) => {
    expect(deadlines(received).disclosure).toBe(disclosure);
  });

  test.each([
    ['exploited in the wild: 7 days', '2026-07-02T10:00', '2026-07-09T10:00:00-04:00'],
    ['exploited, 7 days landing on the observed July 4th moves to Monday', '2026-06-26T10:00', '2026-07-06T10:00:00-04:00'],
    ['exploited, 7 days landing on a Saturday moves to Monday', '2026-03-14T10:00', '2026-03-23T10:00:00-04:00'],
    ['exploited_days is taken from the policy', '2026-07-02T10:00', '2026-07-16T10:00:00-04:00', { exploited_days: 14 }],
  ])('disclosure: %s', (_n, received, disclosure, override?: Partial<DeadlinePolicy>) => {
    expect(deadlines(received, { exploited: true, policy: override }).disclosure).toBe(disclosure);
  });

  test('exploitation shortens disclosure only; triage and resolution stay the same', () => {
    const normal = deadlines('2026-07-02T10:00');
    const itw = deadlines('2026-07-02T10:00', { exploited: true });
    expect([itw.triage, itw.resolve]).toEqual([normal.triage, normal.resolve]);
  });

  // Received 2026-07-02 10:00 New York: the disclosure deadline is Wednesday 2026-09-30.
  test.each([
    ['a patch before the deadline changes nothing', '2026-09-25', '2026-09-30T10:00:00-04:00', false],
    ['a patch on the deadline day changes nothing', '2026-09-30', '2026-09-30T10:00:00-04:00', false],
    ['a patch 1 day after the deadline moves disclosure to it', '2026-10-01', '2026-10-01T10:00:00-04:00', true],
    ['a patch 10 days after, on a Saturday, moves disclosure to that Saturday', '2026-10-10', '2026-10-10T10:00:00-04:00', true],
    ['a patch exactly 14 days after is within the grace', '2026-10-14', '2026-10-14T10:00:00-04:00', true],
    ['a patch 15 days after is outside the grace: the deadline holds', '2026-10-15', '2026-09-30T10:00:00-04:00', false],
    ['a patch months later is outside the grace', '2027-01-15', '2026-09-30T10:00:00-04:00', false],
  ])('grace: %s', (_n, patch, disclosure, graceApplied) => {
    expect(deadlines('2026-07-02T10:00', { patch })).toMatchObject({ disclosure, graceApplied });
  });

  test.each([
    // Nominal 2026-11-26 (Thanksgiving) moves to Friday 11-27; the grace counts from 11-27.
    ['the grace counts from the moved deadline: 14 days after it is inside', '2026-12-11', '2026-12-11T10:00:00-05:00', true],
    ['the grace counts from the moved deadline: 15 days after it is outside', '2026-12-12', '2026-11-27T10:00:00-05:00', false],
  ])('grace: %s', (_n, patch, disclosure, graceApplied) => {
    expect(deadlines('2026-08-28T10:00', { patch })).toMatchObject({ disclosure, graceApplied });
  });

  test.each([
    ['an exploited report gets the grace too', { exploited: true, patch: '2026-07-20' }, '2026-07-20T10:00:00-04:00', true],
    ['an exploited report with a patch beyond the grace keeps 7 days', { exploited: true, patch: '2026-07-24' }, '2026-07-09T10:00:00-04:00', false],
    ['grace_days 0 never moves disclosure', { patch: '2026-10-01', policy: { grace_days: 0 } }, '2026-09-30T10:00:00-04:00', false],
  ])('grace: %s', (_n, opts, disclosure, graceApplied) => {
    expect(deadlines('2026-07-02T10:00', opts)).toMatchObject({ disclosure, graceApplied });
  });

  test.each([
    ['Paris, spring DST change between receipt and triage', '2026-03-27T17:00', { triage: '2026-04-01T17:00:00+02:00', disclosure: '2026-06-25T17:00:00+02:00' }],
    ['Paris, a Saturday receipt; 90 days cross the autumn DST change, land on Christmas and move to the 28th', '2026-09-26T09:00', { triage: '2026-09-30T09:00:00+02:00', disclosure: '2026-12-28T09:00:00+01:00' }],
    ['Paris, Bastille Day and the US observed July 3 are both off with [US, FR]', '2026-07-02T09:00', { triage: '2026-07-08T09:00:00+02:00' }],
  ])('time zones: %s', (_n, received, expected) => {
    expect(deadlines(received, { cal: paris })).toMatchObject(expected);
  });

  test('a report received in the repeated autumn hour keeps its own offset and its wall time later', () => {
    const d = computeDeadlines({ receivedAt: new Date('2026-11-01T06:30:00Z'), exploited: false, patchDate: null }, policy, us);
    expect(d.triage).toBe('2026-11-04T01:30:00-05:00');
  });

  test.each([
    ['14 days later at the same local time', '2026-07-02T10:00:00-04:00', 14, '2026-07-16T10:00:00-04:00'],
    ['across the autumn DST change the wall time is kept', '2026-10-25T10:00:00-04:00', 14, '2026-11-08T10:00:00-05:00'],
    ['across the spring DST change the wall time is kept', '2026-03-01T10:00:00-05:00', 14, '2026-03-15T10:00:00-04:00'],
  ])('nextUpdate: %s', (_n, last, days, expected) => {
    expect(nextUpdate(new Date(last), days, us)).toBe(expected);
  });
});
