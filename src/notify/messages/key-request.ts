/** @module Answer to a new report when we have no usable key for the reporter: signed only, content-free, asking for a key. */
import type { ReporterKeyChoice } from '../../crypto/reporter-key.js';
import { REPORTER_KEY_WORDS, signOff } from './format.js';
import type { SignedOnlyInput, SignedOnlyKind } from './kind.js';

export interface KeyRequestFacts extends SignedOnlyInput {
  ref: string;
  /** Why no key could be used. */
  keyProblem: Extract<ReporterKeyChoice, { ok: false }>['reason'];
}

export const keyRequest: SignedOnlyKind<KeyRequestFacts> = {
  name: 'key-request',
  protection: 'signed-only',
  autoSubmitted: true,
  write(f, s) {
    const text = [
      'Hello,',
      '',
      `We received your message and filed it as ${f.ref}. This reply is signed but not encrypted, so it says nothing about`,
      `your report: ${REPORTER_KEY_WORDS[f.keyProblem]}.`,
      '',
      'Please send us your OpenPGP public key so we can write to you encrypted:',
      '  - attach it to a reply (gpg --armor --export you@example.org > key.asc), or',
      '  - let your mail client add it (Thunderbird: "Attach My Public Key"; Autocrypt clients do it by themselves).',
      '',
      `Encrypt to our key ${s.teamKey.fingerprint} (${s.from.address}).`,
      `Keep [${f.ref}] in the subject of your reply.`,
      '',
      ...signOff(s.from.name),
    ].join('\n');
    return { subject: `[${f.ref}] Report received`, text };
  },
};
