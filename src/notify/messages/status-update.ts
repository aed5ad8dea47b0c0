/** @module A status update on a report: encrypted to the reporter and the team; it names the status, the fix date and the disclosure date. */
import type { Deadlines } from '../../policy/deadlines.js';
import type { ValuesOf } from '../templates/render.js';
import { renderWithSubject } from '../templates/set.js';
import type { STATUS_UPDATE_VARIABLES } from '../templates/variables.js';
import { statusIn, VOCABULARY } from '../templates/vocabulary.js';
import { when } from './format.js';
import { reporterAndTeam, type EncryptedInput, type EncryptedKind, type Sender } from './kind.js';

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

/** What the status update's template may say (README "Templates"). */
export function statusUpdateValues({ ref, subject, facts: f }: StatusUpdateFacts, s: Sender): ValuesOf<typeof STATUS_UPDATE_VARIABLES> {
  const v = VOCABULARY[s.words.language];
  return {
    ref,
    subject: subject ?? '',
    status: statusIn(v, f.status),
    reason: f.reason ?? '',
    patch_date: f.patchDate ?? '',
    disclosure: when(f.deadlines.disclosure, s.timezone, v.dateLocale),
    final: FINAL.has(f.status),
    team: s.from.name,
  };
}

export const statusUpdate: EncryptedKind<StatusUpdateFacts> = {
  name: 'status-update',
  protection: 'encrypted',
  autoSubmitted: true,
  encryptTo: reporterAndTeam,
  write(input, s) {
    const letter = renderWithSubject(s.words['status-update'], statusUpdateValues(input, s));
    // The outer subject is cleartext: built in, the reference and the action only, in every language.
    return { subject: `[${input.ref}] Status update`, innerSubject: letter.subject, text: letter.text };
  },
};
