import { describe, expect, test } from 'vitest';
import { digestSlot } from './digest-slot.js';

describe('digestSlot', () => {
  test.each([
    ['just after 08:00 the slot is today', '2026-06-10T06:00:00Z', 'Europe/Paris', '08:00', '2026-06-10', '2026-06-10T06:00:00.000Z'],
    ['just before 08:00 the slot is still yesterday', '2026-06-10T05:59:59Z', 'Europe/Paris', '08:00', '2026-06-09', '2026-06-09T06:00:00.000Z'],
    ['after midnight local time (still the day before in UTC) the slot is yesterday', '2026-06-09T22:30:00Z', 'Europe/Paris', '08:00', '2026-06-09', '2026-06-09T06:00:00.000Z'],
    ['on the spring-forward day a slot at 02:30 moves forward to 03:30', '2026-03-29T01:45:00Z', 'Europe/Paris', '02:30', '2026-03-29', '2026-03-29T01:30:00.000Z'],
    ['the day after spring-forward, 08:00 is an hour earlier in UTC', '2026-03-30T06:00:00Z', 'Europe/Paris', '08:00', '2026-03-30', '2026-03-30T06:00:00.000Z'],
    ['on the fall-back day a repeated 01:30 is its first occurrence', '2026-11-01T05:45:00Z', 'America/New_York', '01:30', '2026-11-01', '2026-11-01T05:30:00.000Z'],
    ['during the repeated hour the second 01:30 does not make a second slot', '2026-11-01T06:45:00Z', 'America/New_York', '01:30', '2026-11-01', '2026-11-01T05:30:00.000Z'],
    ['midnight belongs to the day it starts', '2026-06-10T00:00:00Z', 'UTC', '00:00', '2026-06-10', '2026-06-10T00:00:00.000Z'],
  ])('%s', (_name, now, zone, time, localDate, at) => {
    const slot = digestSlot(new Date(now), zone, time);
    expect([slot.localDate, slot.at.toISOString()]).toEqual([localDate, at]);
  });
});
