import { describe, expect, test } from 'vitest';
import { localTime } from './format.js';

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
