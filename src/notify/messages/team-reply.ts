/** @module A team member's message in a report's thread: their words, encrypted to the reporter and the team, never sent in cleartext. */
import { reporterAndTeam, type EncryptedInput, type EncryptedKind } from './kind.js';

export interface TeamReplyFacts extends EncryptedInput {
  ref: string;
  /** The report's own subject: only ever inside the encryption. */
  subject: string | null;
  /** What the team member wrote, as written. */
  text: string;
}

export const teamReply: EncryptedKind<TeamReplyFacts> = {
  name: 'team-reply',
  protection: 'encrypted',
  // A person wrote it: RFC 3834 says not to mark it, and the reporter's autoresponder may answer it.
  autoSubmitted: false,
  encryptTo: reporterAndTeam,
  write: (f) => ({ subject: `[${f.ref}] Update on your report`, innerSubject: `Re: [${f.ref}] ${f.subject ?? 'Your report'}`, text: f.text }),
};
