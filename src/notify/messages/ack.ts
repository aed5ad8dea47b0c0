/** @module Acknowledgement of a new report: encrypted to the reporter and the team; it names the reference, the deadlines and what the report lacks. */
import type { Deadlines } from '../../policy/deadlines.js';
import type { Encryption } from '../../report/types.js';
import type { ValuesOf } from '../templates/render.js';
import { renderWithSubject } from '../templates/set.js';
import type { ACK_VARIABLES } from '../templates/variables.js';
import { VOCABULARY } from '../templates/vocabulary.js';
import { when } from './format.js';
import { reporterAndTeam, type EncryptedInput, type EncryptedKind, type Sender } from './kind.js';

export interface AckFacts extends EncryptedInput {
  ref: string;
  receivedAt: Date;
  /** The report's own subject: only ever inside the encryption. */
  subject: string | null;
  attachments: { name: string; size: number }[];
  deadlines: Deadlines;
  /** Fields the report lacks (from extraction); null until extraction has run. */
  missing: string[] | null;
  /** How the report was encrypted: a retired or expired team key earns a note naming the current one. */
  encryption: Encryption;
}

/** What the acknowledgement's template may say (README "Templates"). */
export function ackValues(f: AckFacts, s: Sender): ValuesOf<typeof ACK_VARIABLES> {
  const v = VOCABULARY[s.words.language];
  const date = (iso: string) => when(iso, s.timezone, v.dateLocale);
  const keyStatus = f.encryption.keyStatus;
  return {
    ref: f.ref,
    subject: f.subject ?? '',
    received: date(f.receivedAt.toISOString()),
    triage: date(f.deadlines.triage),
    resolve: date(f.deadlines.resolve),
    disclosure: date(f.deadlines.disclosure),
    has_attachments: f.attachments.length > 0,
    attachments: f.attachments.map((a) => ({ name: a.name, size: String(a.size) })),
    has_missing: (f.missing ?? []).length > 0,
    missing: (f.missing ?? []).map((m) => ({ ask: v.ask(m) })),
    old_key_used: f.encryption.encrypted && keyStatus !== 'current',
    old_key: String(f.encryption.keyFingerprint),
    old_key_status: keyStatus === null ? 'unknown' : v.keyStatus[keyStatus],
    team_key: s.teamKey.fingerprint,
    team: s.from.name,
  };
}

export const ack: EncryptedKind<AckFacts> = {
  name: 'ack',
  protection: 'encrypted',
  autoSubmitted: true,
  encryptTo: reporterAndTeam,
  write(f, s) {
    const letter = renderWithSubject(s.words.ack, ackValues(f, s));
    // The outer subject is cleartext: built in, the reference and the action only, in every language.
    return { subject: `[${f.ref}] Report received`, innerSubject: letter.subject, text: letter.text };
  },
};
