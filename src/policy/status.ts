/** @module Report status lifecycle: which status may follow which, why a report is rejected, and where updates stop. Pure. */
import { REPORT_STATUSES, type ReportStatus } from '../report/types.js';

export { REPORT_STATUSES, type ReportStatus };

export const REJECT_REASONS = ['invalid', 'duplicate', 'out-of-scope', 'unsupported-version'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Nothing more will happen: periodic status updates and deadline flags stop here. */
export const TERMINAL_STATUSES = ['rejected', 'disclosed', 'resolved'] as const satisfies readonly ReportStatus[];

/**
 * new → triaged → accepted | rejected → fix-scheduled → fixed → disclosed | resolved (issue 6), plus two
 * shortcuts teams take every week: rejecting spam or a duplicate straight from `new`, and `fixed` from
 * `accepted` when the fix ships before anyone scheduled it. No way back: reopening is a new report.
 */
const NEXT: Record<ReportStatus, readonly ReportStatus[]> = {
  new: ['triaged', 'rejected'],
  triaged: ['accepted', 'rejected'],
  accepted: ['fix-scheduled', 'fixed'],
  rejected: [],
  'fix-scheduled': ['fixed'],
  fixed: ['disclosed', 'resolved'],
  disclosed: [],
  resolved: [],
};

export const isReportStatus = (s: string): s is ReportStatus => (REPORT_STATUSES as readonly string[]).includes(s);
export const isRejectReason = (s: string): s is RejectReason => (REJECT_REASONS as readonly string[]).includes(s);
export const isTerminal = (s: ReportStatus): boolean => (TERMINAL_STATUSES as readonly ReportStatus[]).includes(s);

export function canTransition(from: ReportStatus, to: ReportStatus): boolean {
  return NEXT[from].includes(to);
}

export function nextStatuses(from: ReportStatus): readonly ReportStatus[] {
  return NEXT[from];
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'transition_not_allowed' | 'reason_required' | 'reason_not_allowed'; message: string };

/** canTransition plus the reason rule: `rejected` needs one of REJECT_REASONS, no other status takes one. */
export function checkTransition(from: ReportStatus, to: ReportStatus, reason: string | null): TransitionCheck {
  if (!canTransition(from, to)) {
    const next = NEXT[from];
    return { ok: false, code: 'transition_not_allowed', message: `${from} → ${to} is not allowed; from ${from}: ${next.length > 0 ? next.join(', ') : 'none (final)'}` };
  }
  if (to === 'rejected' && (reason === null || !isRejectReason(reason))) {
    return { ok: false, code: 'reason_required', message: `rejected needs a reason: ${REJECT_REASONS.join(', ')}` };
  }
  if (to !== 'rejected' && reason !== null) return { ok: false, code: 'reason_not_allowed', message: `only rejected takes a reason` };
  return { ok: true };
}
