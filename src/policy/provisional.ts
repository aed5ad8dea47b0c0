/** @module Provisional deadlines (weekdays only, no holidays) until the policy engine's calendar computes the real ones. Pure. */

export interface Deadlines {
  triage: string;
  resolve: string;
  disclosure: string;
}

export interface DeadlinePolicy {
  triage_business_days: number;
  resolve_business_days: number;
  disclosure_days: number;
}

const DAY_MS = 86_400_000;

function addWeekdays(from: Date, days: number): Date {
  let d = new Date(from);
  let left = days;
  while (left > 0) {
    d = new Date(d.getTime() + DAY_MS);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

export function provisionalDeadlines(receivedAt: Date, policy: DeadlinePolicy): Deadlines {
  return {
    triage: addWeekdays(receivedAt, policy.triage_business_days).toISOString(),
    resolve: addWeekdays(receivedAt, policy.resolve_business_days).toISOString(),
    disclosure: new Date(receivedAt.getTime() + policy.disclosure_days * DAY_MS).toISOString(),
  };
}
