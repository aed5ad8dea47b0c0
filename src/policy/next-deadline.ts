/** @module A report's next deadline: the earliest of the deadlines still open for its status, overdue ones included. Pure. */
import type { ReportStatus } from '../report/types.js';
import { BEFORE_FIX } from './flags.js';
import { isTerminal } from './status.js';

export const DEADLINE_KINDS = ['triage', 'resolve', 'disclosure'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The digest line shape (README "For the security team"): `nextDeadline:{kind,at}`, `at` as stored (ISO 8601 with the policy zone's offset). */
export interface NextDeadline {
  kind: DeadlineKind;
  at: string;
}

/**
 * Which deadlines still bind at a status: triage until the report leaves `new`, resolution until it is
 * fixed (the resolution-overdue flag's rule), disclosure until the report is closed (a fixed report still owes its advisory).
 */
function open(kind: DeadlineKind, status: ReportStatus): boolean {
  if (kind === 'triage') return status === 'new';
  if (kind === 'resolve') return BEFORE_FIX.includes(status);
  return !isTerminal(status);
}

/** Null for a closed report, or one without deadlines. A passed deadline stays the next one until it is met. */
export function nextDeadline(status: ReportStatus, deadlines: Partial<Record<DeadlineKind, string | null>> | null): NextDeadline | null {
  let next: NextDeadline | null = null;
  for (const kind of DEADLINE_KINDS) {
    const at = deadlines?.[kind];
    if (typeof at !== 'string' || !open(kind, status)) continue;
    if (next === null || Date.parse(at) < Date.parse(next.at)) next = { kind, at };
  }
  return next;
}
