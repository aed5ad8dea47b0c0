/** @module What the sweep reads and writes of `reports` (migration 009): its candidates, all open or only the due ones, and when each is due next. */
import type { Database } from 'better-sqlite3';
import type { Encryption, ReportStatus, StoredDeadlines } from '../report/types.js';

/** What the sweep reads of an open report: its deadlines and the facts its flags depend on, picked out by SQLite, not by parsing every JSON column. */
export interface SweepCandidate {
  id: number;
  status: ReportStatus;
  receivedAt: string;
  reporterEmail: string | null;
  deadlines: StoredDeadlines;
  flags: string[];
  keyStatus: Encryption['keyStatus'];
  versionSupported: boolean | null;
  reporterDisclosure: string | null;
  patchDate: string | null;
  exploited: boolean;
  /** As read: the sweep writes its next moment only if nobody marked the report due meanwhile. */
  nextDueAt: string | null;
}

interface CandidateRow {
  id: number;
  status: ReportStatus;
  received_at: string;
  reporter_email: string | null;
  deadlines: string;
  flags: string;
  key_status: Encryption['keyStatus'];
  version_supported: number | null;
  reporter_disclosure: string | null;
  patch_date: string | null;
  exploited: number;
  next_due_at: string | null;
}

export function createReportDueQueries(db: Database) {
  const candidate = (from: string) => `SELECT id, status, received_at, reporter_email, deadlines, flags, encryption ->> '$.keyStatus' AS key_status,
    fields ->> '$.versionSupported.value' AS version_supported, fields ->> '$.reporterDisclosure.value' AS reporter_disclosure, patch_date, exploited, next_due_at
    FROM ${from} WHERE deadlines IS NOT NULL AND status NOT IN (SELECT value FROM json_each(@terminal))`;
  const open = db.prepare(`${candidate('reports')} ORDER BY id`);
  // Only the reports whose moment has come, however many are open. Named, because for ORDER BY id the planner (without
  // ANALYZE statistics) prefers a walk of the whole table in id order to the index range.
  const due = db.prepare(`${candidate('reports INDEXED BY reports_next_due')} AND next_due_at <= @now ORDER BY id`);
  // Closed reports (and ones without deadlines) leave the index, so its due range holds only work.
  const undue = db.prepare(`UPDATE reports SET next_due_at = NULL
    WHERE next_due_at <= @now AND (deadlines IS NULL OR status IN (SELECT value FROM json_each(@terminal)))`);
  // Only if nobody marked the report due since the sweep read it (a set-status meanwhile): that mark must stand.
  const settle = db.prepare('UPDATE reports SET next_due_at = @next WHERE id = @id AND next_due_at IS @seen');
  const dueAt = db.prepare('SELECT next_due_at FROM reports WHERE id = ?').pluck();
  return {
    /** Reports with deadlines whose status is none of `terminal`: every one, or (with `dueBy`) those due by then. */
    sweepCandidates: (terminal: readonly string[], dueBy?: Date): SweepCandidate[] =>
      (
        (dueBy === undefined ? open.all({ terminal: JSON.stringify(terminal) }) : due.all({ terminal: JSON.stringify(terminal), now: dueBy.toISOString() })) as CandidateRow[]
      ).map((r) => ({
        id: r.id,
        status: r.status,
        receivedAt: r.received_at,
        reporterEmail: r.reporter_email,
        deadlines: JSON.parse(r.deadlines) as StoredDeadlines,
        flags: JSON.parse(r.flags),
        keyStatus: r.key_status,
        // SQLite's ->> gives JSON true/false as 1/0.
        versionSupported: r.version_supported === null ? null : r.version_supported === 1,
        reporterDisclosure: r.reporter_disclosure,
        patchDate: r.patch_date,
        exploited: r.exploited === 1,
        nextDueAt: r.next_due_at,
      })),
    /** Closed reports due by `now` are never due again (the sweep does not look at closed reports); the number cleared. */
    clearClosedDue: (terminal: readonly string[], now: Date) => undue.run({ terminal: JSON.stringify(terminal), now: now.toISOString() }).changes,
    /** When the sweep looks at the report next, as stored (ISO 8601 UTC); null: not until a write makes it due. */
    nextDueAt: (id: number) => (dueAt.get(id) as string | null | undefined) ?? null,
    /**
     * When the sweep looks at each report next (null: never), kept only where next_due_at is still what the sweep read:
     * a write since then made the report due, and it stays due. Inside a transaction; the number written.
     */
    settleDue: (list: readonly { id: number; seen: string | null; next: Date | null }[]) =>
      list.reduce((n, d) => n + settle.run({ id: d.id, seen: d.seen, next: d.next?.toISOString() ?? null }).changes, 0),
  };
}
