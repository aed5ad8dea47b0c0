import { describe, expect, test } from 'vitest';
import { addDays, daysBetween, formatIso, fromLocal, isLocalDate, parseDateInput, toLocal, weekday } from './zoned.js';

const NY = 'America/New_York';
const PARIS = 'Europe/Paris';
const at = (date: string, hour: number, minute = 0) => ({ date, hour, minute, second: 0, millisecond: 0 });

describe('zoned', () => {
  test.each([
    ['winter in New York is UTC-5', '2026-01-15T17:00:00Z', NY, '2026-01-15T12:00:00-05:00'],
    ['summer in New York is UTC-4', '2026-07-15T16:00:00Z', NY, '2026-07-15T12:00:00-04:00'],
    ['the last second before the spring change in New York', '2026-03-08T06:59:59Z', NY, '2026-03-08T01:59:59-05:00'],
    ['the first second after the spring change in New York', '2026-03-08T07:00:00Z', NY, '2026-03-08T03:00:00-04:00'],
    ['the first 01:30 of the autumn change in New York is EDT', '2026-11-01T05:30:00Z', NY, '2026-11-01T01:30:00-04:00'],
    ['the second 01:30 of the autumn change in New York is EST', '2026-11-01T06:30:00Z', NY, '2026-11-01T01:30:00-05:00'],
    ['Paris in winter is UTC+1', '2026-01-15T11:00:00Z', PARIS, '2026-01-15T12:00:00+01:00'],
    ['Paris after the spring change is UTC+2', '2026-03-29T01:00:00Z', PARIS, '2026-03-29T03:00:00+02:00'],
    ['UTC prints +00:00, not Z', '2026-07-01T00:00:00Z', 'UTC', '2026-07-01T00:00:00+00:00'],
    ['a quarter-hour offset prints its minutes', '2026-07-01T00:00:00Z', 'Asia/Kathmandu', '2026-07-01T05:45:00+05:45'],
    ['milliseconds are dropped, not rounded', '2026-07-01T00:00:00.999Z', 'UTC', '2026-07-01T00:00:00+00:00'],
    ['local midnight is hour 00, never 24', '2026-07-01T04:00:00Z', NY, '2026-07-01T00:00:00-04:00'],
  ])('formatIso: %s', (_n, instant, tz, expected) => {
    expect(formatIso(new Date(instant), tz)).toBe(expected);
  });

  test.each([
    ['an ordinary wall time in New York', at('2026-07-02', 10), NY, '2026-07-02T14:00:00.000Z'],
    ['a time skipped by the spring change moves forward by the gap (02:30 → 03:30 EDT)', at('2026-03-08', 2, 30), NY, '2026-03-08T07:30:00.000Z'],
    ['a time repeated by the autumn change takes the earlier one (EDT)', at('2026-11-01', 1, 30), NY, '2026-11-01T05:30:00.000Z'],
    ['a time skipped in Paris moves forward by the gap', at('2026-03-29', 2, 30), PARIS, '2026-03-29T01:30:00.000Z'],
    ['a time repeated in Paris takes the earlier one (CEST)', at('2026-10-25', 2, 30), PARIS, '2026-10-25T00:30:00.000Z'],
    ['midnight in Paris in winter', at('2026-12-31', 0), PARIS, '2026-12-30T23:00:00.000Z'],
  ])('fromLocal: %s', (_n, local, tz, expected) => {
    expect(fromLocal(local, tz).toISOString()).toBe(expected);
  });

  test('toLocal and fromLocal round-trip every hour of a year in New York and Paris', () => {
    for (const tz of [NY, PARIS]) {
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 3_600_000) {
        const local = toLocal(new Date(t), tz);
        const back = fromLocal(local, tz).getTime();
        // Only the second pass through a repeated autumn hour maps back to the first one.
        if (back !== t) expect(t - back).toBe(3_600_000);
      }
    }
  });

  test.each([
    ['a bare date is the start of that day in the time zone', '2026-07-04', NY, '2026-07-04T04:00:00.000Z'],
    ['a date and time without offset is wall time in the time zone', '2026-07-04T09:30', NY, '2026-07-04T13:30:00.000Z'],
    ['a space may separate date and time', '2026-01-04 09:30:15', NY, '2026-01-04T14:30:15.000Z'],
    ['Z is UTC whatever the time zone', '2026-07-04T09:30:00Z', NY, '2026-07-04T09:30:00.000Z'],
    ['an explicit offset wins over the time zone', '2026-07-04T09:30:00+02:00', NY, '2026-07-04T07:30:00.000Z'],
    ['an offset without a colon is accepted', '2026-07-04T09:30-0500', PARIS, '2026-07-04T14:30:00.000Z'],
    ['fractions of a second are kept', '2026-07-04T09:30:00.25Z', NY, '2026-07-04T09:30:00.250Z'],
  ])('parseDateInput: %s', (_n, text, tz, expected) => {
    expect(parseDateInput(text, tz)?.toISOString()).toBe(expected);
  });

  test.each([['2026-02-30'], ['2026-13-01'], ['2026-07-04T24:00'], ['2026-07-04T10:60'], ['07/04/2026'], ['tomorrow'], ['2026-07-04Z'], ['2026-07-04T10:00+15:00'], ['']])(
    'parseDateInput: %j is not a date',
    (text) => {
      expect(parseDateInput(text, NY)).toBeNull();
    },
  );

  test.each([
    ['adding days crosses a month', '2026-01-30', 3, '2026-02-02'],
    ['adding days crosses a year', '2026-12-30', 3, '2027-01-02'],
    ['adding days knows leap years', '2028-02-28', 1, '2028-02-29'],
    ['adding 90 days over a DST change is still 90 dates', '2026-08-03', 90, '2026-11-01'],
    ['negative days go back', '2026-03-01', -1, '2026-02-28'],
  ])('addDays: %s', (_n, date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
  });

  /** The wall clock as Intl's parts name it: what toLocal must agree with. */
  const partsOf = (instant: Date, timeZone: string) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
    return `${p.year?.padStart(4, '0')}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  };
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');

  test.each([
    ['every 7 hours of 2026 in New York', NY, Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'), 7 * 3_600_000],
    ['every 7 hours of 2026 in Kathmandu (+05:45)', 'Asia/Kathmandu', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'), 7 * 3_600_000],
    ['the years 0001 to 9999 in Paris, about one date a month', PARIS, Date.parse('0001-01-01T00:00:00Z'), Date.parse('9999-12-31T00:00:00Z'), 31 * 86_400_000 + 7_777_777],
    ['local mean time before 1900 in Amsterdam (an offset with seconds)', 'Europe/Amsterdam', Date.parse('1850-01-01T00:00:00Z'), Date.parse('1940-01-01T00:00:00Z'), 97 * 86_400_000],
  ])('toLocal agrees with Intl formatToParts: %s', (_n, tz, from, to, step) => {
    for (let t = from; t < to; t += step) {
      const l = toLocal(new Date(t), tz);
      expect(`${l.date} ${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}`).toBe(partsOf(new Date(t), tz));
    }
  });

  test('weekday: 2026-07-04 is a Saturday and 2026-11-26 a Thursday', () => {
    expect([weekday('2026-07-04'), weekday('2026-11-26')]).toEqual([6, 4]);
  });

  test.each([['2026-02-28', true], ['2028-02-29', true], ['2026-02-29', false], ['2026-7-4', false]])('isLocalDate(%s) is %s', (text, expected) => {
    expect(isLocalDate(text)).toBe(expected);
  });
});
