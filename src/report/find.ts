/** @module Looks a report up by the reference a person typed, or says how to find the right one. */
import type { ReportRecord, ReportsRepo } from '../db/reports.js';
import { SecintakeError } from '../errors.js';

export function findReport(reports: Pick<ReportsRepo, 'byRef'>, ref: string): ReportRecord {
  const r = reports.byRef(ref.toUpperCase());
  if (!r) throw new SecintakeError('E_REPORT_NOT_FOUND', `no report ${ref}`, { hint: 'see `secintake reports list`' });
  return r;
}
