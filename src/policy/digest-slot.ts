/** @module When the daily digest is due: the latest `digest.time` in the zone at or before now, and the local day it belongs to. Pure. */
import { addDays, fromLocal, toLocal, type LocalDate } from './zoned.js';

export interface DigestSlot {
  /** The local day the digest is for: the once-a-day key. */
  localDate: LocalDate;
  at: Date;
}

/**
 * The slot a digest sent now belongs to. On a spring-forward day a time in the skipped hour is moved forward by the
 * gap, on a fall-back day a repeated time is its first occurrence (zoned.ts `fromLocal`), so every local day has
 * exactly one slot, whatever its length.
 */
export function digestSlot(now: Date, timeZone: string, time: string): DigestSlot {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const at = (date: LocalDate) => fromLocal({ date, hour, minute, second: 0, millisecond: 0 }, timeZone);
  const today = toLocal(now, timeZone).date;
  const todays = at(today);
  if (todays.getTime() <= now.getTime()) return { localDate: today, at: todays };
  const yesterday = addDays(today, -1);
  return { localDate: yesterday, at: at(yesterday) };
}
