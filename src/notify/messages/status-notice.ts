/** @module Status news when we have no usable key for the reporter: signed only, it says there is news and nothing about it. */
import { signOff } from './format.js';
import type { SignedOnlyInput, SignedOnlyKind } from './kind.js';

export interface StatusNoticeFacts extends SignedOnlyInput {
  ref: string;
}

export const statusNotice: SignedOnlyKind<StatusNoticeFacts> = {
  name: 'status-notice',
  protection: 'signed-only',
  autoSubmitted: true,
  write(f, s) {
    const text = [
      'Hello,',
      '',
      `There is an update on ${f.ref}. We can only send its details encrypted, and we have no usable public key for your address.`,
      'Please reply with your OpenPGP public key attached, encrypted to our key:',
      '',
      `  ${s.teamKey.fingerprint}`,
      '',
      ...signOff(s.from.name),
    ].join('\n');
    return { subject: `[${f.ref}] Status update`, text };
  },
};
