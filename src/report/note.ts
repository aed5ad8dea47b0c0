/** @module Internal notes: the team's own words on a report, kept in its audit trail (`report.note`) and never in any mail. */
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { DeskDeps } from './assign.js';
import { findReport } from './find.js';

/*
 * Never sent: nothing that composes mail reads events, and outgoing mail is built from the report's facts
 * only (notify/). A note lives in `events` alone, so the digest and the exports must not read `report.note`.
 */
export function addNote(d: DeskDeps, ref: string, text: string): { ref: string; at: string } {
  if (text.trim() === '') throw new SecintakeError('E_INPUT', 'the note is empty', { hint: 'write the note into the file (or pipe it to --message-file -)' });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.maxNoteBytes) {
    throw new SecintakeError('E_INPUT', `the note is ${bytes} bytes, more than ${LIMITS.maxNoteBytes}`, { hint: 'keep notes short; put logs and captures in a file and note where it is' });
  }
  return d.db.transaction(() => {
    const r = findReport(d.reports, ref);
    const at = d.clock();
    d.events.append({ reportId: r.id, kind: 'report.note', data: { text } }, at);
    return { ref: r.ref, at: at.toISOString() };
  }).immediate();
}
