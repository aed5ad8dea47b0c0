/** @module Wall-clock time in an IANA time zone through Intl: instant ↔ local date and time, ISO 8601 with offset, calendar-date arithmetic. Pure. */

/** A calendar date in the policy's time zone, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface LocalDateTime {
  date: LocalDate;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23, not hour12:false: some ICU versions print midnight as "24" with the latter.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Date.UTC without its mapping of years 0-99 to 19xx. */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

function ymd(date: LocalDate): [number, number, number] {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isLocalDate(text: string): boolean {
  const m = LOCAL_DATE.exec(text);
  if (!m) return false;
  const d = new Date(utc(Number(m[1]), Number(m[2]), Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Calendar arithmetic on dates alone: no time zone, so no DST can shift the result. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = ymd(date);
  const t = new Date(utc(y, m, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  const [y, m, d] = ymd(date);
  return new Date(utc(y, m, d)).getUTCDay();
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const [ya, ma, da] = ymd(a);
  const [yb, mb, db] = ymd(b);
  return Math.round((utc(yb, mb, db) - utc(ya, ma, da)) / DAY_MS);
}

/** What the en-US formatter above prints: `MM/DD/YYYY, HH:MM:SS` (the year unpadded, up to year 275760). */
const FORMATTED = /^(\d{2})\/(\d{2})\/(\d{1,6}), (\d{2}):(\d{2}):(\d{2})$/;

/** The wall clock of `instant` in `timeZone`, as milliseconds on a UTC scale (Date.UTC of the local fields). */
function wallMs(instant: number, timeZone: string): number {
  const ms = ((instant % 1000) + 1000) % 1000;
  const f = formatter(timeZone);
  // format() is about four times cheaper than formatToParts(), and one deadline computation calls this some 25 times;
  // text in any other shape (an ICU that writes the date its own way) takes the parts, as before.
  const m = FORMATTED.exec(f.format(new Date(instant)));
  if (m) return utc(Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return utc(parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, ms);
}

/** UTC offset of `timeZone` at `instant`, in milliseconds (local − UTC). */
export function offsetMs(instant: Date, timeZone: string): number {
  return wallMs(instant.getTime(), timeZone) - instant.getTime();
}

export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const w = new Date(wallMs(instant.getTime(), timeZone));
  return {
    date: `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`,
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    second: w.getUTCSeconds(),
    millisecond: w.getUTCMilliseconds(),
  };
}

export const localDateOf = (instant: Date, timeZone: string): LocalDate => toLocal(instant, timeZone).date;

/**
 * The instant a wall-clock time names in `timeZone`. DST makes some wall times ambiguous (the repeated hour
 * in autumn: the earlier one is taken) and some impossible (the skipped hour in spring: moved forward by the
 * gap, 02:30 → 03:30), which is Temporal's 'compatible' disambiguation and what calendar apps do.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const [y, m, d] = ymd(local.date);
  const wall = utc(y, m, d, local.hour, local.minute, local.second, local.millisecond);
  // Offsets a day either side bracket any single transition near this wall time (offsets stay within ±14 h).
  const before = offsetMs(new Date(wall - DAY_MS), timeZone);
  const after = offsetMs(new Date(wall + DAY_MS), timeZone);
  const candidates = [wall - before, wall - after].filter((c) => wallMs(c, timeZone) === wall).sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - before);
}

/** ISO 8601 with the local offset, to the second: `2026-11-30T17:00:00-05:00` (UTC itself prints `+00:00`). */
export function formatIso(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  const off = Math.round(offsetMs(instant, timeZone) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${l.date}T${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const DATE_INPUT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A date typed by a person or a script: `2026-07-04`, `2026-07-04T09:30`, `2026-07-04 09:30:15`, or any of
 * these with `Z`/`±HH:MM`. Without an offset it is wall time in `timeZone`; a bare date is the start of that
 * day. Null when the text is not such a date.
 */
export function parseDateInput(text: string, timeZone: string): Date | null {
  const m = DATE_INPUT.exec(text.trim());
  if (!m || !isLocalDate(m[1] ?? '')) return null;
  const [hour, minute, second] = [m[2], m[3], m[4]].map((v) => Number(v ?? 0)) as [number, number, number];
  const millisecond = Number((m[5] ?? '0').padEnd(3, '0'));
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (m[2] === undefined && m[6] !== undefined) return null; // "2026-07-04Z" names no time of day.
  const local: LocalDateTime = { date: m[1] ?? '', hour, minute, second, millisecond };
  const zone = m[6];
  if (zone === undefined) return fromLocal(local, timeZone);
  const [y, mo, d] = ymd(local.date);
  const wall = utc(y, mo, d, hour, minute, second, millisecond);
  if (zone.toUpperCase() === 'Z') return new Date(wall);
  const digits = zone.replace(':', '');
  const offH = Number(digits.slice(1, 3));
  const offM = Number(digits.slice(3, 5));
  if (offH > 14 || offM > 59) return null;
  const off = (digits.startsWith('-') ? -1 : 1) * (offH * 60 + offM) * 60_000;
  return new Date(wall - off);
}
