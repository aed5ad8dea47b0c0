/** @module Business-day calendar: a time zone, Saturday/Sunday off, and the public holidays of one or more date-holidays calendars combined. Pure once built. */
import { createRequire } from 'node:module';
import type HolidaysModule from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { addDays, fromLocal, localDateOf, toLocal, weekday, type LocalDate } from './zoned.js';

export interface CalendarSpec {
  /** IANA time zone the business days are counted in (config `timezone`). */
  timezone: string;
  /** date-holidays codes (config `policy.holidays`): `US`, `FR`, `US-CA`, `DE-BY`. A day off in any is a day off. */
  holidays: readonly string[];
}

export interface Holiday {
  date: LocalDate;
  /** English name where date-holidays has one, else the country's own. */
  name: string;
  /** The calendars (as configured) that have this day off under this name. */
  countries: string[];
}

export interface Calendar {
  readonly timezone: string;
  readonly holidayCodes: readonly string[];
  /** Not Saturday, not Sunday, not a public holiday (or its observed/substitute day) of any calendar. */
  isBusinessDay(date: LocalDate): boolean;
  /** The first business day strictly after `date`. */
  nextBusinessDay(date: LocalDate): LocalDate;
  /**
   * `n` business days after `from`: day 1 is the first business day after the day of receipt, so a report
   * received on a Saturday or on a holiday starts counting on the next business day. The result keeps the
   * local time of day of `from` (see deadlines.ts for why).
   */
  addBusinessDays(from: Date, n: number): Date;
  holidaysOn(date: LocalDate): Holiday[];
  /** Every public holiday the calendar uses in `year`, by date, for `secintake policy holidays`. */
  holidaysInYear(year: number): Holiday[];
  localDate(instant: Date): LocalDate;
}

// Only 'public' days close the office. date-holidays also knows 'bank', 'optional' (US Christmas Eve),
// 'school' and 'observance' (Valentine's Day) days, none of which stop a security team.
const TYPES: HolidaysTypes.HolidayType[] = ['public'];

/**
 * The holiday tables cost more to load than everything a listing command reads, so they are loaded on first use (its
 * CommonJS build, which `require` can load synchronously), not when this module is imported.
 */
let holidaysCtor: typeof HolidaysModule | undefined;
const Holidays = (): typeof HolidaysModule => (holidaysCtor ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysModule);
const DAY_MS = 86_400_000;

/**
 * Problems with `policy.holidays` codes (date-holidays silently returns no holidays for an unknown code,
 * which would quietly turn every holiday into a business day). Empty when every code is known.
 */
export function holidayCodeProblems(codes: readonly string[]): string[] {
  const hd = new (Holidays())();
  const countries = hd.getCountries('en');
  const problems: string[] = [];
  for (const code of codes) {
    const [country = '', state, region, ...rest] = code.toUpperCase().split('-');
    const known =
      rest.length === 0 &&
      Object.hasOwn(countries, country) &&
      (state === undefined || Object.hasOwn(hd.getStates(country, 'en') ?? {}, state)) &&
      (region === undefined || (state !== undefined && Object.hasOwn(hd.getRegions(country, state, 'en') ?? {}, region)));
    if (!known) problems.push(`unknown holiday calendar "${code}" (date-holidays codes: US, FR, US-CA, DE-BY, …)`);
  }
  return problems;
}

/** Throws E_CONFIG_INVALID on an unknown holiday code (`config check` can list them first with holidayCodeProblems). */
export function createCalendar(spec: CalendarSpec): Calendar {
  const problems = holidayCodeProblems(spec.holidays);
  if (problems.length > 0) {
    throw new SecintakeError('E_CONFIG_INVALID', `policy.holidays: ${problems.join('; ')}`, { hint: 'use date-holidays codes such as US, FR, DE-BY' });
  }
  const sources = spec.holidays.map((code) => {
    const [country = '', state, region] = code.toUpperCase().split('-');
    const opts = { types: TYPES };
    const H = Holidays();
    const hd = region !== undefined && state !== undefined ? new H(country, state, region, opts) : state !== undefined ? new H(country, state, opts) : new H(country, opts);
    // English names, in the country's own English where it has one ('en-us': Labor Day, not Labour Day).
    const lang = hd.getLanguages().find((l) => l.toLowerCase().startsWith('en-')) ?? 'en';
    return { code, hd, lang };
  });
  const years = new Map<number, Map<LocalDate, Holiday[]>>();

  function daysOff(year: number): Map<LocalDate, Holiday[]> {
    let map = years.get(year);
    if (map) return map;
    map = new Map();
    // Neighbouring years too: an observed day can fall in the year before its holiday
    // (New Year's Day 2022, a Saturday, is observed in the US on Friday 2021-12-31).
    for (const { code, hd, lang } of sources) {
      for (const y of [year - 1, year, year + 1]) {
        for (const h of hd.getHolidays(y, lang)) {
          if (h.type !== 'public') continue;
          // `date` is the local calendar date of the holiday in its own country; `start`/`end` only give its
          // length (several days for some holidays). Observed and substitute days come as entries of their own.
          const first = h.date.slice(0, 10);
          const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
          for (let i = 0; i < length; i++) {
            const date = addDays(first, i);
            if (!date.startsWith(`${year}-`)) continue;
            const list = map.get(date) ?? [];
            const same = list.find((x) => x.name === h.name);
            if (!same) list.push({ date, name: h.name, countries: [code] });
            else if (!same.countries.includes(code)) same.countries.push(code);
            map.set(date, list);
          }
        }
      }
    }
    years.set(year, map);
    return map;
  }

  const holidaysOn = (date: LocalDate): Holiday[] => daysOff(Number(date.slice(0, 4))).get(date) ?? [];
  const isBusinessDay = (date: LocalDate): boolean => {
    const wd = weekday(date);
    return wd !== 0 && wd !== 6 && holidaysOn(date).length === 0;
  };
  const nextBusinessDay = (date: LocalDate): LocalDate => {
    let d = addDays(date, 1);
    for (let i = 0; !isBusinessDay(d); i++) {
      if (i > LIMITS.maxDaysOffInARow) throw new RangeError(`no business day within a year after ${date}`);
      d = addDays(d, 1);
    }
    return d;
  };

  // Every report received on one day walks the same 60 business days, twice per acknowledgement: remember the walk.
  // The key is the whole question (this calendar is one zone and one set of holidays), so a hit is the walk's answer.
  const walks = new Map<string, LocalDate>();
  const businessDaysAfter = (start: LocalDate, n: number): LocalDate => {
    const key = `${start}+${n}`;
    let date = walks.get(key);
    if (date === undefined) {
      date = start;
      for (let i = 0; i < n; i++) date = nextBusinessDay(date);
      if (walks.size >= LIMITS.calendarWalksKept) walks.clear();
      walks.set(key, date);
    }
    return date;
  };

  return {
    timezone: spec.timezone,
    holidayCodes: [...spec.holidays],
    isBusinessDay,
    nextBusinessDay,
    addBusinessDays(from, n) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number ≥ 0, not ${n}`);
      if (n === 0) return new Date(from);
      const local = toLocal(from, spec.timezone);
      return fromLocal({ ...local, date: businessDaysAfter(local.date, n) }, spec.timezone);
    },
    holidaysOn: (date) => holidaysOn(date).map((h) => ({ ...h, countries: [...h.countries] })),
    holidaysInYear(year) {
      return [...daysOff(year).values()]
        .flat()
        .map((h) => ({ ...h, countries: [...h.countries] }))
        .sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
    },
    localDate: (instant) => localDateOf(instant, spec.timezone),
  };
}
