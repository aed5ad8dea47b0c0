/** @module Answer to encrypted mail we could not decrypt: signed only, content-free, naming our current key. */
import { signOff } from './format.js';
import type { SignedOnlyInput, SignedOnlyKind } from './kind.js';

export interface UndecryptableFacts extends SignedOnlyInput {
  /** What went wrong, in our words (unwrap's issue message), never the sender's. */
  problem: string;
}

export const undecryptable: SignedOnlyKind<UndecryptableFacts> = {
  name: 'undecryptable',
  protection: 'signed-only',
  autoSubmitted: true,
  write(f, s) {
    const text = [
      'Hello,',
      '',
      `We received an encrypted message from you but could not read it: ${f.problem}.`,
      'We kept it as it arrived. Please send it again, encrypted to our current key:',
      '',
      `  ${s.teamKey.fingerprint} (${s.from.address})`,
      '',
      'This reply is signed but not encrypted and says nothing about the content of your message.',
      '',
      ...signOff(s.from.name),
    ].join('\n');
    return { subject: 'Your encrypted message could not be decrypted', text };
  },
};
