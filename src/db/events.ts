/** @module The append-only audit trail: every state change of a report or message writes one row here. */
import type { Database } from 'better-sqlite3';

export interface EventRow {
  id: number;
  reportId: number | null;
  messageId: number | null;
  at: string;
  kind: string;
  data: Record<string, unknown>;
}

interface Row {
  id: number;
  report_id: number | null;
  message_id: number | null;
  at: string;
  kind: string;
  data: string;
}

const toEvent = (r: Row): EventRow => ({ id: r.id, reportId: r.report_id, messageId: r.message_id, at: r.at, kind: r.kind, data: JSON.parse(r.data) });

export function createEventsRepo(db: Database) {
  const insert = db.prepare('INSERT INTO events (report_id, message_id, at, kind, data) VALUES (?, ?, ?, ?, ?)');
  const forReport = db.prepare('SELECT * FROM events WHERE report_id = ? ORDER BY id');
  // Capture and retry events name only the message; they belong to the report the message ended up on.
  const timeline = db.prepare(`SELECT * FROM events WHERE report_id = @id
    OR (report_id IS NULL AND message_id IN (SELECT id FROM messages WHERE report_id = @id)) ORDER BY id`);
  return {
    append(e: { reportId?: number | null; messageId?: number | null; kind: string; data?: Record<string, unknown> }, at: Date) {
      insert.run(e.reportId ?? null, e.messageId ?? null, at.toISOString(), e.kind, JSON.stringify(e.data ?? {}));
    },
    forReport: (reportId: number): EventRow[] => (forReport.all(reportId) as Row[]).map(toEvent),
    /** The report's events and those of the messages on it, in the order they happened. */
    timeline: (reportId: number): EventRow[] => (timeline.all({ id: reportId }) as Row[]).map(toEvent),
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;
