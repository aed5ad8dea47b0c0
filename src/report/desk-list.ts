/** @module `reports list` for the desk: a due-within window (`3d`, `12h`, `5bd`), the filter it makes, and the sort orders. Pure. */
import type { ReportListing } from '../db/reports.js';
import { LIMITS } from '../limits.js';
import type { Calendar } from '../policy/calendar.js';
import { nextDeadline } from '../policy/next-deadline.js';
import { addDays, fromLocal, toLocal } from '../policy/zoned.js';

export const SORTS = ['received', 'deadline', 'ref'] as const;
export type Sort = (typeof SORTS)[number];

export type WindowUnit = 'h' | 'd' | 'bd';
export interface DueWindow {
  amount: number;
  unit: WindowUnit;
}

export const DUE_WITHIN_FORMS = '`Nh` (hours), `Nd` (calendar days) or `Nbd` (business days), N from 0 to 999, e.g. 3d';

const WINDOW = /^(\d{1,3})(h|d|bd)$/;

/** Null when the text is none of DUE_WITHIN_FORMS. */
export function parseDueWithin(text: string): DueWindow | null {
  const m = WINDOW.exec(text.trim().toLowerCase());
  if (!m) return null;
  const amount = Number(m[1]);
  return amount <= LIMITS.maxDueWithin ? { amount, unit: m[2] as WindowUnit } : null;
}

/** The end of the window from `now`: days keep the local time of day across DST (as deadlines do), business days follow the calendar. */
export function windowEnd(w: DueWindow, now: Date, calendar: Calendar): Date {
  if (w.unit === 'h') return new Date(now.getTime() + w.amount * 3_600_000);
  if (w.unit === 'bd') return calendar.addBusinessDays(now, w.amount);
  const local = toLocal(now, calendar.timezone);
  return fromLocal({ ...local, date: addDays(local.date, w.amount) }, calendar.timezone);
}

const refKey = (ref: string) => ref.split('-').map((p) => p.padStart(12, '0')).join('-');
const deadlineMs = (r: ReportListing) => {
  const next = nextDeadline(r.status, r.deadlines);
  return next === null ? Number.POSITIVE_INFINITY : Date.parse(next.at);
};

const ORDER: Record<Sort, (a: ReportListing, b: ReportListing) => number> = {
  received: (a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.id - b.id,
  // Reports with nothing due go last, in the order they came.
  deadline: (a, b) => deadlineMs(a) - deadlineMs(b) || a.id - b.id,
  // SEC-2026-10000 after SEC-2026-9999: the sequence outgrows its four digits.
  ref: (a, b) => refKey(a.ref).localeCompare(refKey(b.ref)),
};

/** Reports whose next deadline is at or before `dueBy` (overdue ones included) when given, in `sort` order. */
export function selectForDesk(reports: readonly ReportListing[], opts: { dueBy?: Date; sort: Sort }): ReportListing[] {
  const due = opts.dueBy?.getTime();
  return reports.filter((r) => due === undefined || deadlineMs(r) <= due).sort(ORDER[opts.sort]);
}
