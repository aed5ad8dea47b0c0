/** @module EU Cyber Resilience Act Art. 14 clocks for an actively exploited vulnerability: 24-hour early warning, 72-hour notification, final report 14 days after a fix. Pure. */
import { LIMITS } from '../limits.js';
import { addDays, formatIso, fromLocal, isLocalDate, toLocal } from './zoned.js';

/** Art. 71(2): the reporting obligations of Art. 14 apply from 11 September 2026 (midnight in Brussels, the Regulation's seat). */
export const CRA_REPORTING_FROM = new Date('2026-09-11T00:00:00+02:00');

/** Where the moment we became aware of the exploitation comes from. */
export type AwarenessSource =
  /** The report said so when it arrived: aware at receipt. */
  | 'report'
  /** A later message said so; the event recording the new deadlines carries the moment. */
  | 'event'
  /** Marked exploited, but no event records when: receipt time, the earliest it can have been. */
  | 'receipt-fallback';

export interface CraFacts {
  receivedAt: Date;
  exploited: boolean;
  /** What extraction found in the first message (true: the report itself said so). */
  exploitedAtReceipt: boolean;
  patchDate: string | null;
  /** The report's audit events (as db/events.ts stores them), oldest first. */
  events: { at: string; kind: string; data: Record<string, unknown> }[];
}

export type ClockState = 'running' | 'overdue' | 'waiting-for-fix';

export interface CraClock {
  kind: 'early-warning' | 'notification' | 'final-report';
  article: string;
  /** ISO 8601 with the team zone's offset; null while no fix is available (final report). */
  dueAt: string | null;
  state: ClockState;
  /** Real elapsed hours until due (negative once overdue), to the tenth; null when not started. */
  hoursLeft: number | null;
}

export interface CraClocks {
  awareAt: string;
  awarenessSource: AwarenessSource;
  /** False when we became aware before Art. 14 applied: the clocks are shown, no obligation runs. */
  obligationApplies: boolean;
  fixAvailableAt: string | null;
  fixSource: 'status-fixed' | 'patch-date' | null;
  clocks: CraClock[];
}

/** The pipeline records exploitation reported in a reply as a deadline change whose reason names it. */
const EXPLOITATION_REASON = /exploit/i;

function awareness(f: CraFacts): { at: Date; source: AwarenessSource } {
  if (f.exploitedAtReceipt) return { at: f.receivedAt, source: 'report' };
  const event = f.events.find((e) => e.kind === 'report.deadlines' && typeof e.data.why === 'string' && EXPLOITATION_REASON.test(e.data.why));
  return event ? { at: new Date(event.at), source: 'event' } : { at: f.receivedAt, source: 'receipt-fallback' };
}

/** The earliest of: the team marking the report fixed, and the start of the scheduled patch day (a date names no hour). */
function fixAvailable(f: CraFacts, timezone: string): { at: Date; source: 'status-fixed' | 'patch-date' } | null {
  const fixed = f.events.find((e) => e.kind === 'report.status' && e.data.to === 'fixed');
  const candidates = [
    ...(fixed ? [{ at: new Date(fixed.at), source: 'status-fixed' as const }] : []),
    ...(f.patchDate && isLocalDate(f.patchDate)
      ? [{ at: fromLocal({ date: f.patchDate, hour: 0, minute: 0, second: 0, millisecond: 0 }, timezone), source: 'patch-date' as const }]
      : []),
  ];
  return candidates.sort((a, b) => a.at.getTime() - b.at.getTime())[0] ?? null;
}

const hoursBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 360_000) / 10;

function clock(kind: CraClock['kind'], article: string, due: Date | null, now: Date, timezone: string): CraClock {
  if (!due) return { kind, article, dueAt: null, state: 'waiting-for-fix', hoursLeft: null };
  return { kind, article, dueAt: formatIso(due, timezone), state: due.getTime() < now.getTime() ? 'overdue' : 'running', hoursLeft: hoursBetween(now, due) };
}

/**
 * Null when the report is not marked actively exploited (no clock runs). Hours are real elapsed hours (a DST
 * change makes 24 hours end at 23:00 or 01:00 local time); the final report's 14 days are calendar days in
 * the team's zone, at the wall-clock time the fix became available.
 */
export function craClocks(f: CraFacts, timezone: string, now: Date): CraClocks | null {
  if (!f.exploited) return null;
  const aware = awareness(f);
  const fix = fixAvailable(f, timezone);
  const finalDue = fix ? fromLocal({ ...toLocal(fix.at, timezone), date: addDays(toLocal(fix.at, timezone).date, LIMITS.craFinalReportDays) }, timezone) : null;
  return {
    awareAt: formatIso(aware.at, timezone),
    awarenessSource: aware.source,
    obligationApplies: aware.at.getTime() >= CRA_REPORTING_FROM.getTime(),
    fixAvailableAt: fix ? formatIso(fix.at, timezone) : null,
    fixSource: fix?.source ?? null,
    clocks: [
      clock('early-warning', 'Art. 14(2)(a)', new Date(aware.at.getTime() + LIMITS.craEarlyWarningMs), now, timezone),
      clock('notification', 'Art. 14(2)(b)', new Date(aware.at.getTime() + LIMITS.craNotificationMs), now, timezone),
      clock('final-report', 'Art. 14(2)(c)', finalDue, now, timezone),
    ],
  };
}
