/** @module What every advisory export takes (a report record, its events, the team, the clock reading) and the formats there are. */
import type { EventRow } from '../db/events.js';
import type { ReportRecord } from '../db/reports.js';

export const EXPORT_FORMATS = ['osv', 'csaf', 'cve', 'cra'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportInput {
  record: ReportRecord;
  /** The report's events, oldest first (`events.forReport`). */
  events: EventRow[];
  team: { name: string; address: string };
  /** The team's IANA zone: local dates (patch date) and the offsets printed in CSAF and the CRA summary. */
  timezone: string;
  /** When the document is made; exports never read the clock. */
  now: Date;
}
