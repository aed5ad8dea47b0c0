/** @module A report's CRA Art. 14 clocks from its record and events (policy/cra.ts does the arithmetic); one reading for `reports show`, the digest and the export. Pure. */
import type { EventRow } from '../db/events.js';
import type { ReportListing } from '../db/reports.js';
import { craClocks, type CraClocks } from '../policy/cra.js';

/** Null when the report is not marked actively exploited: no clock runs. */
export function reportCraClocks(record: ReportListing, events: Pick<EventRow, 'at' | 'kind' | 'data'>[], timezone: string, now: Date): CraClocks | null {
  const exploitedAtReceipt = (record.fields as { exploitedInTheWild?: { value?: unknown } } | null)?.exploitedInTheWild?.value === true;
  return craClocks({ receivedAt: new Date(record.receivedAt), exploited: record.exploited, exploitedAtReceipt, patchDate: record.patchDate, events }, timezone, now);
}
