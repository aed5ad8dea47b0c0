/** @module Flags a report carries at a given moment: deadlines passed or near, unsupported versions, keys expiring or retired, a reporter publishing before our fix. Pure. */
import type { KeyStatus, ReportStatus } from '../report/types.js';
import type { Deadlines } from './deadlines.js';
import { isTerminal } from './status.js';

export const FLAGS = [
  'triage-overdue',
  'resolution-overdue',
  'disclosure-due-soon',
  'disclosure-passed',
  'unsupported-version',
  'team-key-expiring',
  'team-key-expired',
  'encrypted-to-retired-key',
  'reporter-key-expiring',
  'reporter-key-expired',
  'reporter-deadline-conflict',
] as const;
export type Flag = (typeof FLAGS)[number];

/** disclosure-due-soon at 7 days: a week is the time to prepare an advisory. */
export const DISCLOSURE_DUE_SOON_DAYS = 7;
const DAY_MS = 86_400_000;

/** Statuses where the fix is still owed: the resolution target and the reporter's own date still matter. */
export const BEFORE_FIX: readonly ReportStatus[] = ['new', 'triaged', 'accepted', 'fix-scheduled'];

export interface FlagFacts {
  status: ReportStatus;
  /** As computed by computeDeadlines (ISO 8601 with offset). */
  deadlines: Deadlines;
  /** From extraction and policy.supported_versions; null when unknown (no flag). */
  versionSupported: boolean | null;
  /** Status of the team key the report was decrypted with; null when it was not encrypted. */
  encryptionKeyStatus: KeyStatus | null;
  /** The current team key (expiresAt null: never expires); null when no valid team key is left. */
  teamKey: { expiresAt: Date | null } | null;
  /** The reporter's public key we encrypt to; null when we have none. */
  reporterKey: { expiresAt: Date | null } | null;
  /** The reporter's own publication date: `YYYY-MM-DD` as extracted, or an ISO date-time; null when not stated. */
  reporterDisclosure: string | null;
}

export interface FlagPolicy {
  key_expiry_warn_days: number;
}

/** The flags that hold at `now`, in FLAGS order. */
export function computeFlags(facts: FlagFacts, now: Date, policy: FlagPolicy): Flag[] {
  const t = now.getTime();
  const open = !isTerminal(facts.status);
  const beforeFix = BEFORE_FIX.includes(facts.status);
  const triage = Date.parse(facts.deadlines.triage);
  const resolve = Date.parse(facts.deadlines.resolve);
  const disclosure = Date.parse(facts.deadlines.disclosure);
  const team = facts.teamKey;
  const reporter = facts.reporterKey?.expiresAt?.getTime() ?? null;

  const holds: Record<Flag, boolean> = {
    // Triage is done once the report leaves `new` (triaged, or rejected straight away).
    'triage-overdue': facts.status === 'new' && t > triage,
    'resolution-overdue': beforeFix && t > resolve,
    // Disclosure concerns every open report, fixed ones included: that is when the advisory goes out.
    'disclosure-due-soon': open && t <= disclosure && disclosure - t <= DISCLOSURE_DUE_SOON_DAYS * DAY_MS,
    'disclosure-passed': open && t > disclosure,
    'unsupported-version': facts.versionSupported === false,
    // Key flags only while mail still flows to and from the reporter.
    'team-key-expiring': open && team !== null && team.expiresAt !== null && team.expiresAt.getTime() > t && team.expiresAt.getTime() - t <= policy.key_expiry_warn_days * DAY_MS,
    // No valid team key at all is the same emergency as an expired one: nothing signs the acknowledgements.
    'team-key-expired': open && (team === null || (team.expiresAt !== null && team.expiresAt.getTime() <= t)),
    // A fact about the report: the reporter used an old key, so they need the current fingerprint.
    'encrypted-to-retired-key': facts.encryptionKeyStatus === 'retired' || facts.encryptionKeyStatus === 'expired',
    // Updates run until disclosure; a key that lapses before then will cut the reporter off mid-way.
    'reporter-key-expiring': open && reporter !== null && reporter > t && reporter < disclosure,
    'reporter-key-expired': open && reporter !== null && reporter <= t,
    'reporter-deadline-conflict': beforeFix && reporterPublishesBefore(facts.reporterDisclosure, facts.deadlines.resolve),
  };
  return FLAGS.filter((f) => holds[f]);
}

/**
 * A bare date means the reporter may publish at any hour of that day, so it conflicts when it is on or
 * before the local date of our resolution target (the first 10 characters of its ISO form with offset).
 */
function reporterPublishesBefore(reporterDisclosure: string | null, resolve: string): boolean {
  if (reporterDisclosure === null) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(reporterDisclosure)) return reporterDisclosure <= resolve.slice(0, 10);
  const at = Date.parse(reporterDisclosure);
  return !Number.isNaN(at) && at < Date.parse(resolve);
}

/**
 * The first instant after `now` at which computeFlags could answer differently for the same facts: every comparison
 * above flips at one of these instants (`t > x` just after x, `x - t <= d` at x - d, `x <= t` at x). Null when none is
 * ahead. Facts change only by a write (status, deadlines, keys), which makes the report due by itself; this is time's part.
 */
export function nextFlagChange(facts: Pick<FlagFacts, 'deadlines' | 'teamKey' | 'reporterKey'>, now: Date, policy: FlagPolicy): Date | null {
  const triage = Date.parse(facts.deadlines.triage);
  const resolve = Date.parse(facts.deadlines.resolve);
  const disclosure = Date.parse(facts.deadlines.disclosure);
  const team = facts.teamKey?.expiresAt?.getTime();
  const reporter = facts.reporterKey?.expiresAt?.getTime();
  const instants = [triage + 1, resolve + 1, disclosure - DISCLOSURE_DUE_SOON_DAYS * DAY_MS, disclosure + 1];
  if (team !== undefined) instants.push(team - policy.key_expiry_warn_days * DAY_MS, team);
  if (reporter !== undefined) instants.push(reporter);
  const ahead = instants.filter((at) => at > now.getTime());
  return ahead.length === 0 ? null : new Date(Math.min(...ahead));
}
