/** @module The deadlines a report gets from the policy (README "Deadlines": the policy defaults): triage, resolution, disclosure with its grace for a scheduled patch. Pure. */
import type { Calendar } from './calendar.js';
import { addDays, daysBetween, formatIso, fromLocal, toLocal, type LocalDate } from './zoned.js';

/*
 * Time of day: every deadline keeps the local time of day of receipt (received Tuesday 17:00, triaged by
 * Friday 17:00). It is exactly N days, one rule for business-day and calendar-day deadlines, and a reporter
 * can check it against the receipt time in the acknowledgement. End of day (23:59:59) was the alternative;
 * it gives a report received at 09:00 most of an extra day, and a deadline nobody on the team is awake for.
 * Across a DST change the wall time is kept (days, not 24 h multiples): 17:00 stays 17:00.
 */

export interface DeadlinePolicy {
  triage_business_days: number;
  resolve_business_days: number;
  disclosure_days: number;
  exploited_days: number;
  grace_days: number;
}

export interface DeadlineFacts {
  receivedAt: Date;
  /** Exploited in the wild (0day): the short disclosure deadline applies. */
  exploited: boolean;
  /** The date the team scheduled the patch for, in the policy time zone; null when none is scheduled. */
  patchDate: LocalDate | null;
}

/** ISO 8601 with the local offset, e.g. `2026-11-30T17:00:00-05:00`. */
export interface Deadlines {
  triage: string;
  resolve: string;
  disclosure: string;
}

export interface ComputedDeadlines extends Deadlines {
  /** The disclosure deadline was moved to the scheduled patch date (patch within grace_days after it). */
  graceApplied: boolean;
}

export function computeDeadlines(facts: DeadlineFacts, policy: DeadlinePolicy, calendar: Calendar): ComputedDeadlines {
  const tz = calendar.timezone;
  const received = toLocal(facts.receivedAt, tz);
  const at = (date: LocalDate) => formatIso(fromLocal({ ...received, date }, tz), tz);

  // Calendar days on dates, not 24 h multiples, so a DST change in between keeps the time of day.
  const days = facts.exploited ? policy.exploited_days : policy.disclosure_days;
  const nominal = addDays(received.date, days);
  let disclosure = calendar.isBusinessDay(nominal) ? nominal : calendar.nextBusinessDay(nominal);

  // The grace counts from the deadline the reporter was told (after the weekend/holiday move). A patch on or
  // before it changes nothing; one more than grace_days after it does not hold disclosure back at all.
  // The patch date is kept as is even on a weekend: disclosure waits for the patch, not for Monday.
  let graceApplied = false;
  if (facts.patchDate !== null) {
    const late = daysBetween(disclosure, facts.patchDate);
    if (late > 0 && late <= policy.grace_days) {
      disclosure = facts.patchDate;
      graceApplied = true;
    }
  }

  return {
    triage: formatIso(calendar.addBusinessDays(facts.receivedAt, policy.triage_business_days), tz),
    resolve: formatIso(calendar.addBusinessDays(facts.receivedAt, policy.resolve_business_days), tz),
    disclosure: at(disclosure),
    graceApplied,
  };
}

/** When the next periodic status update is due: `intervalDays` calendar days after the last one, same local time. */
export function nextUpdate(lastUpdateAt: Date, intervalDays: number, zone: { timezone: string }): string {
  const last = toLocal(lastUpdateAt, zone.timezone);
  return formatIso(fromLocal({ ...last, date: addDays(last.date, intervalDays) }, zone.timezone), zone.timezone);
}
