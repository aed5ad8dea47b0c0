import { describe, expect, test } from 'vitest';
import { REPORT_STATUSES, TERMINAL_STATUSES, canTransition, checkTransition, isTerminal, nextStatuses, type ReportStatus } from './status.js';

const ALLOWED: [ReportStatus, ReportStatus][] = [
  ['new', 'triaged'],
  ['new', 'rejected'],
  ['triaged', 'accepted'],
  ['triaged', 'rejected'],
  ['accepted', 'fix-scheduled'],
  ['accepted', 'fixed'],
  ['fix-scheduled', 'fixed'],
  ['fixed', 'disclosed'],
  ['fixed', 'resolved'],
];
const key = (from: string, to: string) => `${from}→${to}`;
const allowed = new Set(ALLOWED.map(([f, t]) => key(f, t)));
const ALL_PAIRS = REPORT_STATUSES.flatMap((from) => REPORT_STATUSES.map((to) => [from, to, allowed.has(key(from, to))] as const));

describe('status', () => {
  test.each(ALL_PAIRS)('%s → %s is allowed: %s', (from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected);
  });

  test.each([
    ['rejected, disclosed and resolved are terminal: updates stop', TERMINAL_STATUSES, true],
    ['every other status is open', REPORT_STATUSES.filter((s) => !(TERMINAL_STATUSES as readonly string[]).includes(s)), false],
  ] as const)('%s', (_n, statuses, terminal) => {
    for (const s of statuses) {
      expect(isTerminal(s)).toBe(terminal);
      expect(nextStatuses(s).length === 0).toBe(terminal);
    }
  });

  test.each<[string, ReportStatus, ReportStatus, string | null, string | null]>([
    ['rejecting with a listed reason is fine', 'triaged', 'rejected', 'duplicate', null],
    ['rejecting for an unsupported version is fine', 'new', 'rejected', 'unsupported-version', null],
    ['rejecting without a reason is refused', 'triaged', 'rejected', null, 'reason_required'],
    ['rejecting with an unknown reason is refused', 'triaged', 'rejected', 'boring', 'reason_required'],
    ['a reason on any other status is refused', 'new', 'triaged', 'duplicate', 'reason_not_allowed'],
    ['skipping steps is refused', 'new', 'fixed', null, 'transition_not_allowed'],
    ['a terminal status has no way out', 'resolved', 'triaged', null, 'transition_not_allowed'],
  ])('checkTransition: %s', (_n, from, to, reason, code) => {
    const r = checkTransition(from, to, reason);
    expect(r.ok ? null : r.code).toBe(code);
  });
});
