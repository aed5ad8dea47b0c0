/** @module What the team does to a report (status, patch date) and what time does to it (flags, periodic updates); each change is one transaction with its events. */
import type * as openpgp from 'openpgp';
import { expiryOf } from '../crypto/keyring.js';
import { keysForAddress } from '../crypto/reporter-key.js';
import { loadReporterKeys } from '../intake/reporter-keys.js';
import type { ReportRecord } from '../db/reports.js';
import { SecintakeError } from '../errors.js';
import type { Extraction } from '../intake/extract/index.js';
import { LIMITS } from '../limits.js';
import { computeDeadlines, nextUpdate, type Deadlines } from '../policy/deadlines.js';
import { computeFlags, FLAGS, type Flag } from '../policy/flags.js';
import { checkTransition, isTerminal } from '../policy/status.js';
import { parseDateInput, localDateOf } from '../policy/zoned.js';
import type { Runtime } from '../runtime.js';
import type { ReportStatus } from './types.js';

type StoredDeadlines = Deadlines & { nextUpdate: string | null };

/** What recomputing deadlines needs; the pipeline has it too (a reply may report exploitation). */
export type PolicyContext = Pick<Runtime, 'repos' | 'config' | 'calendar'>;

function report(rt: Runtime, ref: string): ReportRecord {
  const r = rt.repos.reports.byRef(ref.toUpperCase());
  if (!r) throw new SecintakeError('E_REPORT_NOT_FOUND', `no report ${ref}`, { hint: 'see `secintake reports list`' });
  return r;
}

const extraction = (r: ReportRecord) => r.fields as Partial<Extraction> | null;

function deadlinesFor(rt: PolicyContext, r: ReportRecord, change: { patchDate?: string | null; exploited?: boolean }): Deadlines {
  const { graceApplied: _, ...d } = computeDeadlines(
    { receivedAt: new Date(r.receivedAt), exploited: change.exploited ?? r.exploited, patchDate: change.patchDate === undefined ? r.patchDate : change.patchDate },
    rt.config.policy,
    rt.calendar,
  );
  return d;
}

/** Writes new deadlines with an event saying old → new and why, when anything changed. */
function recordDeadlines(rt: PolicyContext, r: ReportRecord, next: StoredDeadlines, facts: { patchDate: string | null; exploited: boolean }, why: string, at: Date) {
  const old = (r.deadlines ?? {}) as Partial<StoredDeadlines>;
  const changed = (['triage', 'resolve', 'disclosure'] as const).filter((k) => old[k] !== next[k]);
  rt.repos.reports.setPolicy(r.id, { deadlines: next, ...facts }, at);
  if (changed.length > 0) {
    rt.repos.events.append({ reportId: r.id, kind: 'report.deadlines', data: { why, changes: Object.fromEntries(changed.map((k) => [k, { from: old[k] ?? null, to: next[k] }])) } }, at);
  }
}

/** Composes the update now if none went out in the last day; otherwise the sweep sends it when the day is over. */
async function composeUpdate(rt: Runtime, r: ReportRecord, status: string, reason: string | null, deadlines: Deadlines, patchDate: string | null, now: Date) {
  const recent = r.lastUpdateAt !== null && now.getTime() - new Date(r.lastUpdateAt).getTime() < LIMITS.minUpdateSpacingMs;
  if (recent || !r.reporterEmail) return null;
  const original = rt.repos.messages.get(r.messageId);
  return rt.notifier.statusUpdate({
    ref: r.ref,
    to: r.reporterEmail,
    subject: r.subject,
    inReplyTo: original?.messageId ?? null,
    candidateKeys: await loadReporterKeys(rt.repos),
    facts: { status, reason, deadlines, patchDate },
  });
}

function nextUpdateAfter(rt: Runtime, r: ReportRecord, status: string, sentAt: Date | null): string | null {
  if (isTerminal(status as ReportStatus)) return null;
  const zone = { timezone: rt.config.timezone };
  // Sent now: the next one in update_interval_days; deferred by the one-per-day rule: as soon as the day is over.
  if (sentAt) return nextUpdate(sentAt, rt.config.policy.update_interval_days, zone);
  return nextUpdate(new Date(new Date(r.lastUpdateAt ?? r.receivedAt).getTime() + LIMITS.minUpdateSpacingMs), 0, zone);
}

/** New facts (exploitation reported) or a new policy: recompute, and record old → new with why. Inside a transaction. */
export function recomputeDeadlines(rt: PolicyContext, r: ReportRecord, change: { exploited?: boolean }, why: string, at: Date): void {
  const exploited = change.exploited ?? r.exploited;
  const stored = (r.deadlines ?? {}) as Partial<StoredDeadlines>;
  recordDeadlines(rt, r, { ...deadlinesFor(rt, r, { exploited }), nextUpdate: stored.nextUpdate ?? null }, { patchDate: r.patchDate, exploited }, why, at);
}

export async function setStatus(rt: Runtime, ref: string, to: string, reason: string | null) {
  const r = report(rt, ref);
  const check = checkTransition(r.status, to as ReportStatus, reason);
  if (!check.ok) throw new SecintakeError('E_INPUT', `${r.ref}: ${check.message}`, { hint: 'see `secintake reports set-status --help` for the lifecycle' });
  const now = rt.clock();
  const deadlines = deadlinesFor(rt, r, {});
  const draft = await composeUpdate(rt, r, to, reason, deadlines, r.patchDate, now);
  return rt.repos.db.transaction(() => {
    rt.repos.reports.setStatus(r.id, to, reason, now);
    rt.repos.events.append({ reportId: r.id, kind: 'report.status', data: { from: r.status, to, reason } }, now);
    const next = { ...deadlines, nextUpdate: nextUpdateAfter(rt, r, to, draft ? now : null) };
    recordDeadlines(rt, r, next, { patchDate: r.patchDate, exploited: r.exploited }, `status ${r.status} → ${to}`, now);
    if (draft) queue(rt, r, draft, now);
    return { ref: r.ref, from: r.status, to, updateQueued: draft !== null };
  }).immediate();
}

export async function schedulePatch(rt: Runtime, ref: string, date: string) {
  const r = report(rt, ref);
  const parsed = parseDateInput(date, rt.config.timezone);
  if (!parsed) throw new SecintakeError('E_INPUT', `not a date: ${date}`, { hint: 'use YYYY-MM-DD' });
  const patchDate = localDateOf(parsed, rt.config.timezone);
  const now = rt.clock();
  const { graceApplied } = computeDeadlines({ receivedAt: new Date(r.receivedAt), exploited: r.exploited, patchDate }, rt.config.policy, rt.calendar);
  const deadlines = deadlinesFor(rt, r, { patchDate });
  return rt.repos.db.transaction(() => {
    rt.repos.events.append({ reportId: r.id, kind: 'report.patch-scheduled', data: { patchDate, graceApplied } }, now);
    const current = (r.deadlines ?? {}) as Partial<StoredDeadlines>;
    recordDeadlines(rt, r, { ...deadlines, nextUpdate: current.nextUpdate ?? null }, { patchDate, exploited: r.exploited }, graceApplied ? `patch scheduled for ${patchDate}, within the grace period` : `patch scheduled for ${patchDate}, beyond the grace period`, now);
    return { ref: r.ref, patchDate, graceApplied, deadlines };
  }).immediate();
}

function queue(rt: Runtime, r: ReportRecord, draft: Awaited<ReturnType<Runtime['notifier']['statusUpdate']>>, at: Date) {
  const outboxId = rt.repos.outbox.enqueue(draft, r.id, at);
  rt.repos.reports.setLastUpdate(r.id, at);
  rt.repos.events.append({ reportId: r.id, kind: 'outbox.queued', data: { outboxId, kind: draft.kind, messageId: draft.messageId } }, at);
}

export interface SweepSummary {
  raised: number;
  cleared: number;
  updates: number;
}

/** Flags and due updates for every open report. Safe to run often and after downtime: at most one update per report per sweep. */
export async function sweep(rt: Runtime): Promise<SweepSummary> {
  const summary: SweepSummary = { raised: 0, cleared: 0, updates: 0 };
  const now = rt.clock();
  const keys = await loadReporterKeys(rt.repos);
  const team = rt.keyring.current;
  for (const r of rt.repos.reports.list()) {
    if (isTerminal(r.status)) continue;
    if (!r.deadlines) continue;
    // A changed policy (config edited, holidays updated) moves open reports' deadlines, with an event saying so.
    const current = deadlinesFor(rt, r, {});
    if ((['triage', 'resolve', 'disclosure'] as const).some((k) => r.deadlines?.[k] !== current[k])) {
      rt.repos.db.transaction(() => recomputeDeadlines(rt, r, {}, 'policy changed', now)).immediate();
    }
    const stored = rt.repos.reports.byId(r.id)?.deadlines as unknown as StoredDeadlines;
    const x = extraction(r);
    const flags = computeFlags(
      {
        status: r.status,
        deadlines: stored,
        versionSupported: x?.versionSupported?.value ?? null,
        encryptionKeyStatus: r.encryption.keyStatus,
        teamKey: team ? { expiresAt: team.expiresAt } : null,
        reporterKey: await reporterKeyExpiry(keys, r.reporterEmail),
        reporterDisclosure: x?.reporterDisclosure?.value ?? null,
      },
      now,
      rt.config.policy,
    );
    const due = stored.nextUpdate !== null && new Date(stored.nextUpdate) <= now;
    const draft = due ? await composeUpdate(rt, r, r.status, r.statusReason, stored, r.patchDate, now) : null;
    rt.repos.db.transaction(() => {
      const fresh = rt.repos.reports.byId(r.id) as ReportRecord;
      const policyFlags = new Set<string>(FLAGS);
      const kept = fresh.flags.filter((f) => !policyFlags.has(f));
      const raised = flags.filter((f) => !fresh.flags.includes(f));
      const cleared = fresh.flags.filter((f) => policyFlags.has(f) && !flags.includes(f as Flag));
      if (raised.length + cleared.length > 0) rt.repos.reports.replaceFlags(r.id, [...kept, ...flags], now);
      for (const flag of raised) rt.repos.events.append({ reportId: r.id, kind: 'flag.raised', data: { flag } }, now);
      for (const flag of cleared) rt.repos.events.append({ reportId: r.id, kind: 'flag.cleared', data: { flag } }, now);
      summary.raised += raised.length;
      summary.cleared += cleared.length;
      if (due) {
        if (draft) {
          queue(rt, fresh, draft, now);
          summary.updates++;
        }
        rt.repos.reports.setPolicy(r.id, { deadlines: { ...stored, nextUpdate: nextUpdateAfter(rt, fresh, fresh.status, draft ? now : null) }, patchDate: fresh.patchDate, exploited: fresh.exploited }, now);
      }
    }).immediate();
  }
  return summary;
}

/** Expiry of the newest key for the address (valid or not), so an expired key raises reporter-key-expired. */
async function reporterKeyExpiry(keys: openpgp.Key[], email: string | null): Promise<{ expiresAt: Date | null } | null> {
  if (!email) return null;
  const newest = keysForAddress(keys, email)[0];
  return newest ? { expiresAt: await expiryOf(newest) } : null;
}
