/** @module To a digest recipient without a usable key: signed only and content-free by type — a digest is waiting, and how to get it. */
import type { ReporterKeyChoice } from '../../crypto/reporter-key.js';
import { signOff } from './format.js';
import type { SignedOnlyInput, SignedOnlyKind } from './kind.js';

export interface DigestNoticeFacts extends SignedOnlyInput {
  /** Why the recipient's key cannot be used (the same choice as a reporter's key); about the key, never about a report. */
  keyProblem: Extract<ReporterKeyChoice, { ok: false }>['reason'];
}

const KEY_WORDS: Record<DigestNoticeFacts['keyProblem'], string> = {
  none: 'we have no OpenPGP key for your address',
  expired: 'your OpenPGP key is expired',
  revoked: 'your OpenPGP key is revoked',
  'cannot-encrypt': 'your OpenPGP key is not usable for encryption',
};

export const digestNotice: SignedOnlyKind<DigestNoticeFacts> = {
  name: 'digest-notice',
  protection: 'signed-only',
  autoSubmitted: true,
  write(f, s) {
    const text = [
      'Hello,',
      '',
      `Today's secintake digest was not sent to you: ${KEY_WORDS[f.keyProblem]},`,
      'and the digest never goes out in cleartext.',
      'Ask an administrator to run `secintake keys import --recipient YOUR-KEY.asc`;',
      'until then, read it on the server with `secintake digest --print`.',
      `This notice is signed by our team key (${s.from.address}):`,
      `  ${s.teamKey.fingerprint}`,
      '',
      ...signOff(s.from.name),
    ].join('\n');
    return { subject: '[secintake] digest withheld: no usable key', text };
  },
};
