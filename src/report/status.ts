/** @module What the team does to a report's lifecycle: a status change (with its update to the reporter) and a scheduled patch, each one transaction with its events. */
import { SecintakeError } from '../errors.js';
import { computeDeadlines } from '../policy/deadlines.js';
import { checkTransition } from '../policy/status.js';
import { localDateOf, parseDateInput } from '../policy/zoned.js';
import { deadlinesFor, recordDeadlines } from './deadlines.js';
import type { ReportListing } from '../db/reports.js';
import { findReport } from './find.js';
import type { ReportStatus } from './types.js';
import { composeUpdate, nextUpdateAfter, queueUpdate, type UpdateDeps } from './updates.js';

export async function setStatus(d: UpdateDeps, ref: string, to: string, reason: string | null) {
  const r = findReport(d.repos.reports, ref);
  const check = checkTransition(r.status, to as ReportStatus, reason);
  if (!check.ok) throw new SecintakeError('E_INPUT', `${r.ref}: ${check.message}`, { hint: 'see `secintake reports set-status --help` for the lifecycle' });
  const now = d.clock();
  const deadlines = deadlinesFor(d, r, {});
  const draft = await composeUpdate(d, r, { status: to, reason, deadlines, patchDate: r.patchDate }, now);
  return d.repos.transaction(() => {
    unchangedSince(d, r);
    d.repos.reports.setStatus(r.id, to, reason, now);
    d.repos.events.append({ reportId: r.id, kind: 'report.status', data: { from: r.status, to, reason } }, now);
    const next = { ...deadlines, nextUpdate: nextUpdateAfter(d, r, to, draft ? now : null) };
    recordDeadlines(d, r, next, { patchDate: r.patchDate, exploited: r.exploited }, `status ${r.status} → ${to}`, now);
    if (draft) queueUpdate(d, r, draft, now);
    return { ref: r.ref, from: r.status, to, updateQueued: draft !== null };
  });
}

export async function schedulePatch(d: UpdateDeps, ref: string, date: string) {
  const r = findReport(d.repos.reports, ref);
  const parsed = parseDateInput(date, d.config.timezone);
  if (!parsed) throw new SecintakeError('E_INPUT', `not a date: ${date}`, { hint: 'use YYYY-MM-DD' });
  const patchDate = localDateOf(parsed, d.config.timezone);
  const now = d.clock();
  const { graceApplied } = computeDeadlines({ receivedAt: new Date(r.receivedAt), exploited: r.exploited, patchDate }, d.config.policy, d.calendar);
  const deadlines = deadlinesFor(d, r, { patchDate });
  const why = graceApplied ? `patch scheduled for ${patchDate}, within the grace period` : `patch scheduled for ${patchDate}, beyond the grace period`;
  return d.repos.transaction(() => {
    unchangedSince(d, r);
    d.repos.events.append({ reportId: r.id, kind: 'report.patch-scheduled', data: { patchDate, graceApplied } }, now);
    recordDeadlines(d, r, { ...deadlines, nextUpdate: r.deadlines?.nextUpdate ?? null }, { patchDate, exploited: r.exploited }, why, now);
    return { ref: r.ref, patchDate, graceApplied, deadlines };
  });
}

/**
 * The decision and the draft were made from a row read before an await (signing takes a while); inside the writing
 * transaction the row is read again, and a report another process moved meanwhile is refused rather than overwritten.
 */
function unchangedSince(d: UpdateDeps, before: ReportListing) {
  const now = d.repos.reports.listingById(before.id);
  const same = now && now.status === before.status && now.patchDate === before.patchDate && now.exploited === before.exploited && now.deadlines?.nextUpdate === before.deadlines?.nextUpdate;
  if (!same) {
    throw new SecintakeError('E_REPORT_CHANGED', `${before.ref} changed while this command was working on it${now ? ` (it is now ${now.status})` : ''}; nothing was written`, {
      hint: `look at it again (\`secintake reports show ${before.ref}\`) and repeat the command if it still applies`,
    });
  }
}
