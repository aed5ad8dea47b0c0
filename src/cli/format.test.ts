import { describe, expect, test } from 'vitest';
import { groupedCount, localTime } from './format.js';

describe('times for people', () => {
  test.each([
    ['a UTC instant is shown in the configured zone with its offset', '2026-07-04T14:30:59.123Z', 'America/New_York', '2026-07-04 10:30 -04:00'],
    ['winter time has the winter offset', '2026-12-01T10:19:41.472Z', 'America/New_York', '2026-12-01 05:19 -05:00'],
    ['east of UTC the date can move forward', '2026-01-31T23:30:00Z', 'Europe/Paris', '2026-02-01 00:30 +01:00'],
    ['UTC itself is labelled +00:00, never left bare', '2026-03-01T08:00:00Z', 'UTC', '2026-03-01 08:00 +00:00'],
    ['an ISO time that already has an offset is read as that instant', '2026-12-04T05:19:41-05:00', 'Europe/Paris', '2026-12-04 11:19 +01:00'],
  ])('%s', (_n, iso, tz, expected) => {
    expect(localTime(iso, tz)).toBe(expected);
  });

  test('a missing time is a dash', () => {
    expect(localTime(null, 'UTC')).toBe('-');
  });
});

describe('counts for people', () => {
  test.each([
    ['a count under a thousand is written as is', 0, '0'],
    ['three digits take no separator', 999, '999'],
    ['a thousand takes a comma', 1_000, '1,000'],
    ['every third digit from the right takes one', 1_234_567, '1,234,567'],
    ['a round hundred thousand keeps its zeros', 100_000, '100,000'],
  ])('%s', (_n, n, expected) => {
    expect(groupedCount(n)).toBe(expected);
  });

  test('it writes what en-US number formatting writes', () => {
    for (const n of [7, 42, 1_000, 12_345, 300_000, 9_999_999]) expect(groupedCount(n)).toBe(n.toLocaleString('en-US'));
  });
});
