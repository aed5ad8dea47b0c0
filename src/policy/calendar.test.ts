import { describe, expect, test } from 'vitest';
import { createCalendar, holidayCodeProblems } from './calendar.js';
import { formatIso, parseDateInput } from './zoned.js';

const us = createCalendar({ timezone: 'America/New_York', holidays: ['US'] });
const usFr = createCalendar({ timezone: 'America/New_York', holidays: ['US', 'FR'] });
const paris = createCalendar({ timezone: 'Europe/Paris', holidays: ['FR'] });
const weekendsOnly = createCalendar({ timezone: 'UTC', holidays: [] });
const calendars = { us, usFr, paris, weekendsOnly };

/** n business days after a wall-clock receipt, as ISO with offset. */
function after(cal: keyof typeof calendars, received: string, n: number): string {
  const c = calendars[cal];
  const at = parseDateInput(received, c.timezone);
  if (!at) throw new Error(`bad test date ${received}`);
  return formatIso(c.addBusinessDays(at, n), c.timezone);
}

describe('calendar', () => {
  test.each([
    ['a report received on Monday is due Thursday', '2026-03-16T10:00', '2026-03-19T10:00:00-04:00'],
    ['a report received on Tuesday is due Friday', '2026-03-17T10:00', '2026-03-20T10:00:00-04:00'],
    ['a report received on Wednesday is due the next Monday', '2026-03-18T10:00', '2026-03-23T10:00:00-04:00'],
    ['a report received on Thursday is due the next Tuesday', '2026-03-19T10:00', '2026-03-24T10:00:00-04:00'],
    ['a report received on Friday is due the next Wednesday', '2026-03-20T10:00', '2026-03-25T10:00:00-04:00'],
    ['a report received on Saturday starts counting on Monday', '2026-03-21T10:00', '2026-03-25T10:00:00-04:00'],
    ['a report received on Sunday starts counting on Monday', '2026-03-22T10:00', '2026-03-25T10:00:00-04:00'],
  ])('3 US business days: %s', (_n, received, due) => {
    expect(after('us', received, 3)).toBe(due);
  });

  test.each([
    ['the Friday before Labor Day skips the Monday holiday', 'us', '2026-09-04T16:00', 3, '2026-09-10T16:00:00-04:00'],
    ['the Friday before Memorial Day (also Whit Monday in France) skips it once', 'usFr', '2026-05-22T16:00', 3, '2026-05-28T16:00:00-04:00'],
    ['July 4 2026 is a Saturday: Friday July 3 is the observed day off', 'us', '2026-07-02T10:00', 3, '2026-07-08T10:00:00-04:00'],
    ['a report received on Saturday July 4 2026 starts counting on Monday July 6', 'us', '2026-07-04T10:00', 3, '2026-07-08T10:00:00-04:00'],
    ['July 4 2027 is a Sunday: Monday July 5 is the observed day off', 'us', '2027-07-02T10:00', 3, '2027-07-08T10:00:00-04:00'],
    ['a report received on July 4 2028, a Tuesday, starts counting on Wednesday', 'us', '2028-07-04T10:00', 3, '2028-07-07T10:00:00-04:00'],
    ['a report received on Friday July 4 2025 starts counting on Monday', 'us', '2025-07-04T10:00', 3, '2025-07-09T10:00:00-04:00'],
    ['Thanksgiving is off, the Friday after it is not', 'us', '2026-11-25T09:00', 3, '2026-12-01T09:00:00-05:00'],
    ['Christmas Day is off', 'us', '2026-12-24T12:00', 3, '2026-12-30T12:00:00-05:00'],
    ['New Year’s Day is off across the year boundary', 'us', '2026-12-30T10:00', 3, '2027-01-05T10:00:00-05:00'],
    ['Christmas 2027 on a Saturday is observed on Friday December 24', 'us', '2027-12-23T10:00', 3, '2027-12-29T10:00:00-05:00'],
    ['New Year 2028 on a Saturday is observed on Friday December 31 2027', 'us', '2027-12-29T10:00', 3, '2028-01-04T10:00:00-05:00'],
    ['Bastille Day is a business day with the US calendar alone', 'us', '2026-07-13T10:00', 3, '2026-07-16T10:00:00-04:00'],
    ['Bastille Day is a day off with [US, FR]', 'usFr', '2026-07-13T10:00', 3, '2026-07-17T10:00:00-04:00'],
    ['May 1 is a business day with the US calendar alone', 'us', '2026-04-30T10:00', 3, '2026-05-05T10:00:00-04:00'],
    ['May 1 and May 8 are days off with [US, FR]', 'usFr', '2026-04-30T10:00', 3, '2026-05-06T10:00:00-04:00'],
    ['across the spring DST change in New York the wall time is kept', 'us', '2026-03-06T17:00', 3, '2026-03-11T17:00:00-04:00'],
    ['across the autumn DST change in New York the wall time is kept', 'us', '2026-10-30T17:00', 3, '2026-11-04T17:00:00-05:00'],
    ['across the spring DST change in Paris the wall time is kept', 'paris', '2026-03-27T17:00', 3, '2026-04-01T17:00:00+02:00'],
    ['across the autumn DST change in Paris the wall time is kept', 'paris', '2026-10-23T09:00', 3, '2026-10-28T09:00:00+01:00'],
    ['Easter Monday is a day off in Paris', 'paris', '2026-04-03T09:00', 1, '2026-04-07T09:00:00+02:00'],
    ['with no holiday calendar only weekends are off', 'weekendsOnly', '2026-12-24T09:00', 1, '2026-12-25T09:00:00+00:00'],
    ['zero business days is the receipt itself', 'us', '2026-07-04T10:00', 0, '2026-07-04T10:00:00-04:00'],
    ['60 US business days skip Labor Day', 'us', '2026-07-02T10:00', 60, '2026-09-28T10:00:00-04:00'],
    ['60 business days with [US, FR] also skip Bastille Day', 'usFr', '2026-07-02T10:00', 60, '2026-09-29T10:00:00-04:00'],
  ])('business days: %s', (_n, cal, received, n, due) => {
    expect(after(cal as keyof typeof calendars, received, n)).toBe(due);
  });

  test.each([
    ['2026-07-03', 'us', false],
    ['2026-07-06', 'us', true],
    ['2027-07-05', 'us', false],
    ['2021-12-31', 'us', false],
    ['2022-12-26', 'us', false],
    ['2026-11-27', 'us', true],
    ['2026-12-24', 'us', true],
    ['2026-07-14', 'us', true],
    ['2026-07-14', 'usFr', false],
    ['2026-05-01', 'usFr', false],
    ['2026-11-11', 'paris', false],
  ])('isBusinessDay(%s) with %s is %s', (date, cal, expected) => {
    expect(calendars[cal as keyof typeof calendars].isBusinessDay(date)).toBe(expected);
  });

  test.each([
    ['after a Friday comes Monday', '2026-03-20', '2026-03-23'],
    ['after Thursday July 2 2026 comes Monday July 6', '2026-07-02', '2026-07-06'],
    ['after a Saturday comes Monday', '2026-03-21', '2026-03-23'],
    ['after Christmas Eve 2027 comes Monday December 27', '2027-12-24', '2027-12-27'],
  ])('nextBusinessDay: %s', (_n, date, expected) => {
    expect(us.nextBusinessDay(date)).toBe(expected);
  });

  test('holidaysInYear lists observed days and merges a holiday both calendars share', () => {
    const list = usFr.holidaysInYear(2026);
    expect(list).toContainEqual({ date: '2026-07-03', name: 'Independence Day (substitute day)', countries: ['US'] });
    expect(list).toContainEqual({ date: '2026-07-14', name: 'Bastille Day', countries: ['FR'] });
    expect(list).toContainEqual({ date: '2026-12-25', name: 'Christmas Day', countries: ['US', 'FR'] });
    expect(list).toContainEqual({ date: '2026-09-07', name: 'Labor Day', countries: ['US'] });
    expect(list.map((h) => h.date)).toEqual([...list.map((h) => h.date)].sort());
    expect(list.every((h) => h.date.startsWith('2026-'))).toBe(true);
  });

  test('holidaysInYear keeps only public holidays: no Valentine’s Day, no Christmas Eve', () => {
    const names = us.holidaysInYear(2026).map((h) => h.name);
    expect(names).not.toContain("Valentine's Day");
    expect(names).not.toContain('Christmas Eve');
    expect(names).toHaveLength(12);
  });

  test('holidaysInYear lists an observed day in the year it falls, not the year of its holiday', () => {
    expect(us.holidaysInYear(2027).at(-1)).toEqual({ date: '2027-12-31', name: "New Year's Day (substitute day)", countries: ['US'] });
  });

  test.each([
    ['country codes are known', ['US', 'FR', 'fr'], 0],
    ['a state code is known', ['US-CA', 'DE-BY'], 0],
    ['an unknown country is a problem, not a silent empty calendar', ['XX'], 1],
    ['an unknown state is a problem', ['US-ZZ'], 1],
  ])('holidayCodeProblems: %s', (_n, codes, problems) => {
    expect(holidayCodeProblems(codes)).toHaveLength(problems);
  });

  test.each([
    ['the same receipt asked twice', 'usFr', ['2026-12-18T09:00', '2026-12-18T09:00'], 60],
    ['two receipts on the same day at different times', 'us', ['2026-07-02T08:15', '2026-07-02T23:59'], 3],
    ['a later day after an earlier one', 'paris', ['2026-04-30T10:00', '2026-05-04T10:00'], 10],
  ] as const)('addBusinessDays remembers its walks and answers like a fresh calendar: %s', (_n, cal, receipts, n) => {
    const fresh = () => createCalendar({ timezone: calendars[cal].timezone, holidays: [...calendars[cal].holidayCodes] });
    const reused = fresh();
    for (const received of receipts) {
      const at = parseDateInput(received, reused.timezone);
      if (!at) throw new Error(`bad test date ${received}`);
      expect(formatIso(reused.addBusinessDays(at, n), reused.timezone)).toBe(formatIso(fresh().addBusinessDays(at, n), reused.timezone));
      expect(formatIso(reused.addBusinessDays(at, n), reused.timezone)).toBe(after(cal, received, n));
    }
  });

  test('createCalendar refuses an unknown holiday code', () => {
    expect(() => createCalendar({ timezone: 'UTC', holidays: ['XX'] })).toThrow(/unknown holiday calendar "XX"/);
  });
});
