/** @module A report's deadlines from its facts, and the one writer that stores them with an event saying old → new and why. */
import type { Config } from '../config/load.js';
import type { Repos } from '../db/index.js';
import type { ReportListing } from '../db/reports.js';
import type { Calendar } from '../policy/calendar.js';
import { computeDeadlines, type Deadlines } from '../policy/deadlines.js';
import type { StoredDeadlines } from './types.js';

/** What recomputing deadlines needs: the policy, its calendar, and the two tables it writes. */
export interface DeadlineDeps {
  repos: Pick<Repos, 'reports' | 'events'>;
  config: Pick<Config, 'policy' | 'timezone'>;
  calendar: Calendar;
}

export interface PolicyFacts {
  patchDate?: string | null;
  exploited?: boolean;
}

export function deadlinesFor(d: DeadlineDeps, r: Pick<ReportListing, 'receivedAt' | 'exploited' | 'patchDate'>, change: PolicyFacts): Deadlines {
  const { graceApplied: _, ...deadlines } = computeDeadlines(
    { receivedAt: new Date(r.receivedAt), exploited: change.exploited ?? r.exploited, patchDate: change.patchDate === undefined ? r.patchDate : change.patchDate },
    d.config.policy,
    d.calendar,
  );
  return deadlines;
}

/** Writes new deadlines with an event saying old → new and why, when anything changed. Inside a transaction. */
export function recordDeadlines(d: DeadlineDeps, r: ReportListing, next: StoredDeadlines, facts: { patchDate: string | null; exploited: boolean }, why: string, at: Date): void {
  const old: Partial<StoredDeadlines> = r.deadlines ?? {};
  const changed = (['triage', 'resolve', 'disclosure'] as const).filter((k) => old[k] !== next[k]);
  d.repos.reports.setPolicy(r.id, { deadlines: next, ...facts }, at);
  if (changed.length > 0) {
    d.repos.events.append({ reportId: r.id, kind: 'report.deadlines', data: { why, changes: Object.fromEntries(changed.map((k) => [k, { from: old[k] ?? null, to: next[k] }])) } }, at);
  }
}

/** New facts (exploitation reported) or a new policy: recompute, and record old → new with why. Inside a transaction. */
export function recomputeDeadlines(d: DeadlineDeps, r: ReportListing, change: { exploited?: boolean }, why: string, at: Date): void {
  const exploited = change.exploited ?? r.exploited;
  recordDeadlines(d, r, { ...deadlinesFor(d, r, { exploited }), nextUpdate: r.deadlines?.nextUpdate ?? null }, { patchDate: r.patchDate, exploited }, why, at);
}

/** The stored deadlines differ from what today's policy computes (config edited, holidays updated). */
export function policyMoved(d: DeadlineDeps, r: Pick<ReportListing, 'receivedAt' | 'exploited' | 'patchDate' | 'deadlines'>): boolean {
  const current = deadlinesFor(d, r, {});
  return (['triage', 'resolve', 'disclosure'] as const).some((k) => r.deadlines?.[k] !== current[k]);
}
