/** @module Assigning a report to a team member: who, checked once, and the `report.assigned` event saying from → to. */
import type { Database } from 'better-sqlite3';
import type { EventsRepo } from '../db/events.js';
import type { ReportsRepo } from '../db/reports.js';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { unsafeChars } from '../mail/unsafe-chars.js';
import { findReport } from './find.js';

export interface DeskDeps {
  db: Database;
  reports: ReportsRepo;
  events: EventsRepo;
  clock: () => Date;
}

/** The words `reports assign` takes for "nobody" (besides --clear). */
export const UNASSIGN = '-';
/** `reports list --assignee none` lists unassigned reports, so nobody can be called that. */
export const NOBODY = 'none';

// Controls and bidi would let one name pass for another in every list and timeline.
const UNSAFE = unsafeChars('');
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;

export type AssigneeCheck = { ok: true; value: string | null } | { ok: false; message: string };

/** A team member's name (kept as typed, trimmed) or address (lower-cased); `-` is nobody. */
export function parseAssignee(text: string): AssigneeCheck {
  const who = text.trim();
  if (who === UNASSIGN) return { ok: true, value: null };
  if (who === '') return { ok: false, message: 'the assignee is empty' };
  if (who.toLowerCase() === NOBODY) return { ok: false, message: `"${NOBODY}" means unassigned in \`reports list --assignee ${NOBODY}\`; use --clear to unassign` };
  if (UNSAFE.test(who)) return { ok: false, message: 'the assignee contains control or bidi characters' };
  if ([...who].length > LIMITS.maxAssigneeChars) return { ok: false, message: `the assignee is longer than ${LIMITS.maxAssigneeChars} characters` };
  if (who.includes('@')) {
    return ADDRESS.test(who) ? { ok: true, value: who.toLowerCase() } : { ok: false, message: `"${who}" looks like an address but is not one (write name@domain, without a display name)` };
  }
  return { ok: true, value: who };
}

export interface AssignResult {
  ref: string;
  from: string | null;
  to: string | null;
  /** False when the report already had this assignee: nothing was written. */
  changed: boolean;
}

/** `who` as parsed by parseAssignee (null: unassign). */
export function assign(d: DeskDeps, ref: string, who: string | null): AssignResult {
  return d.db.transaction(() => {
    const r = findReport(d.reports, ref);
    const same = r.assignee === who || (r.assignee !== null && who !== null && r.assignee.toLowerCase() === who.toLowerCase());
    if (same) return { ref: r.ref, from: r.assignee, to: r.assignee, changed: false };
    const at = d.clock();
    d.reports.setAssignee(r.id, who, at);
    d.events.append({ reportId: r.id, kind: 'report.assigned', data: { from: r.assignee, to: who } }, at);
    return { ref: r.ref, from: r.assignee, to: who, changed: true };
  }).immediate();
}

/** Checks WHO for the CLI: a bad name is an expected error with what to type instead. */
export function assigneeOrThrow(text: string): string | null {
  const checked = parseAssignee(text);
  if (!checked.ok) throw new SecintakeError('E_INPUT', checked.message, { hint: 'give a team member\'s name or address, or --clear (or -) to unassign' });
  return checked.value;
}
