/** @module Acknowledgement of a new report: encrypted to the reporter and the team; it names the reference, the deadlines and what the report lacks. */
import { askLabel } from '../../intake/extract/fields/index.js';
import type { Deadlines } from '../../policy/deadlines.js';
import type { Encryption } from '../../report/types.js';
import { signOff, when } from './format.js';
import { reporterAndTeam, type EncryptedInput, type EncryptedKind } from './kind.js';

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

export const ack: EncryptedKind<AckFacts> = {
  name: 'ack',
  protection: 'encrypted',
  autoSubmitted: true,
  encryptTo: reporterAndTeam,
  write(f, s) {
    const tz = s.timezone;
    const lines = [
      'Hello,',
      '',
      `Thank you for your report. We received it on ${when(f.receivedAt.toISOString(), tz)} and filed it as ${f.ref}.`,
      '',
      f.attachments.length === 0 ? 'It had no attachments.' : 'We received these attachments:',
      ...f.attachments.map((a) => `  - ${a.name} (${a.size} bytes)`),
      '',
      'What happens next:',
      `  - first response (triage) by ${when(f.deadlines.triage, tz)}`,
      `  - resolution target: ${when(f.deadlines.resolve, tz)}`,
      `  - coordinated disclosure date: ${when(f.deadlines.disclosure, tz)}`,
      'We will send you status updates until the report is resolved.',
    ];
    if (f.missing && f.missing.length > 0) {
      lines.push('', 'To help us triage, please send us:', ...f.missing.map((m) => `  - ${askLabel(m) ?? m}`));
    }
    if (f.encryption.encrypted && f.encryption.keyStatus !== 'current') {
      lines.push('', `Note: you encrypted to our ${f.encryption.keyStatus} key ${f.encryption.keyFingerprint}. Please use our current key ${s.teamKey.fingerprint} from now on.`);
    }
    lines.push('', `To add anything, reply to this message and keep [${f.ref}] in the subject.`, '', ...signOff(s.from.name));
    return { subject: `[${f.ref}] Report received`, innerSubject: `[${f.ref}] ${f.subject ?? 'Your report'}`, text: lines.join('\n') };
  },
};
