/** @module The daily digest to one team member: signed and encrypted to their key (and the team key), text and HTML inside, counts only outside. */
import type * as openpgp from 'openpgp';
import { digestSubject, type Digest } from '../../report/digest.js';
import { digestHtml, digestText } from './digest-body.js';
import type { EncryptedInput, EncryptedKind } from './kind.js';

export interface DigestFacts extends EncryptedInput {
  digest: Digest;
}

export const digest: EncryptedKind<DigestFacts> = {
  name: 'digest',
  protection: 'encrypted',
  autoSubmitted: true,
  // `reporterKey` is the recipient's key here: the encrypted input names whoever the mail is for.
  encryptTo: (input, sender): openpgp.Key[] => [input.reporterKey, sender.teamKey.key.toPublic()],
  write({ digest: d }, s) {
    // Counts only, in the cleartext outer subject; the same inside, so a mail client shows it the same once decrypted.
    const subject = digestSubject(d);
    return { subject, innerSubject: subject, text: digestText(d, s.from.name, s.words), html: digestHtml(d, s.from.name, s.words) };
  },
};
