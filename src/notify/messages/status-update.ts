/** @module A status update on a report: encrypted to the reporter and the team; it names the status, the fix date and the disclosure date. */
import type { Deadlines } from '../../policy/deadlines.js';
import { signOff, statusWords, when } from './format.js';
import { reporterAndTeam, type EncryptedInput, type EncryptedKind } from './kind.js';

export interface StatusFacts {
  status: string;
  reason: string | null;
  deadlines: Deadlines;
  patchDate: string | null;
}

export interface StatusUpdateFacts extends EncryptedInput {
  ref: string;
  /** The report's own subject: only ever inside the encryption. */
  subject: string | null;
  facts: StatusFacts;
}

const FINAL = new Set(['rejected', 'disclosed', 'resolved']);

export const statusUpdate: EncryptedKind<StatusUpdateFacts> = {
  name: 'status-update',
  protection: 'encrypted',
  autoSubmitted: true,
  encryptTo: reporterAndTeam,
  write({ ref, subject, facts: f }, s) {
    const text = [
      'Hello,',
      '',
      `An update on ${ref}: ${statusWords(f.status)}${f.reason ? ` (${f.reason})` : ''}.`,
      '',
      ...(f.patchDate ? [`The fix is scheduled for ${f.patchDate}.`] : []),
      `Coordinated disclosure date: ${when(f.deadlines.disclosure, s.timezone)}.`,
      FINAL.has(f.status) ? 'This is the last status update for this report. Thank you.' : 'We will keep you posted until the report is resolved.',
      '',
      `Reply to this message with [${ref}] in the subject to add anything.`,
      '',
      ...signOff(s.from.name),
    ].join('\n');
    return { subject: `[${ref}] Status update`, innerSubject: `[${ref}] Status update: ${subject ?? 'your report'}`, text };
  },
};
