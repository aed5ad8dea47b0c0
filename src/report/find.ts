/** @module A report by the reference a person typed, or the expected error saying where the references are. */
import type { ReportRecord, ReportsRepo } from '../db/reports.js';
import { SecintakeError } from '../errors.js';

export function findReport(reports: Pick<ReportsRepo, 'byRef'>, ref: string): ReportRecord {
  const r = reports.byRef(ref.trim().toUpperCase());
  if (!r) throw new SecintakeError('E_REPORT_NOT_FOUND', `no report ${ref}`, { hint: 'see `secintake reports list` for the references' });
  return r;
}
