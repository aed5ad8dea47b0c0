/**
 * @module Answer to a new report whose sender has not proven authorship (no good signature by a key bound to the From
 * address): signed only, content-free by type — the reference and the standard deadlines, nothing the message said.
 * Anyone can send us someone else's ciphertext; this is all they get back (see README "Security model").
 */
import type { ReporterKeyChoice } from '../../crypto/reporter-key.js';
import type { Deadlines } from '../../policy/deadlines.js';
import { REPORTER_KEY_WORDS, signOff, when } from './format.js';
import type { SignedOnlyInput, SignedOnlyKind } from './kind.js';

export interface ReceiptFacts extends SignedOnlyInput {
  ref: string;
  /** The policy's deadlines for a report received now, not exploited: public, they repeat nothing from the message. */
  standardDeadlines: Deadlines;
  /** Why the key for the sender's address cannot be used, when that is the case (it is about the key, not the report). */
  keyProblem: Exclude<Extract<ReporterKeyChoice, { ok: false }>['reason'], 'none'> | null;
}

export const receipt: SignedOnlyKind<ReceiptFacts> = {
  name: 'receipt',
  protection: 'signed-only',
  autoSubmitted: true,
  write(f, s) {
    const tz = s.timezone;
    const text = [
      'Hello,',
      '',
      `We received a message from your address and filed it as ${f.ref}.`,
      '',
      'Our standard deadlines for a new report:',
      `  - first response (triage) by ${when(f.standardDeadlines.triage, tz)}`,
      `  - resolution target: ${when(f.standardDeadlines.resolve, tz)}`,
      `  - coordinated disclosure date: ${when(f.standardDeadlines.disclosure, tz)}`,
      '',
      'The message was not signed by a key bound to your address, so this answer repeats nothing from it.',
      ...(f.keyProblem ? [`We also cannot write to you encrypted: ${REPORTER_KEY_WORDS[f.keyProblem]}.`] : []),
      'For a detailed confirmation, please send us your OpenPGP public key in a reply signed with it',
      '(gpg --armor --export you@example.org > key.asc), encrypted to our key:',
      '',
      `  ${s.teamKey.fingerprint} (${s.from.address})`,
      '',
      `Keep [${f.ref}] in the subject of your reply.`,
      '',
      ...signOff(s.from.name),
    ].join('\n');
    return { subject: `[${f.ref}] Report received`, text };
  },
};
