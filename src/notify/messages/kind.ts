/** @module What an outgoing mail kind is (words, recipient, protection) and the one path from a kind to the composer. */
import type * as openpgp from 'openpgp';
import type { TeamKey } from '../../crypto/keyring.js';
import { compose, type ComposedMail } from '../../mail/compose.js';
import type { Words } from '../templates/set.js';

/** Who sends, for every kind: our address, the signing team key, the zone dates are written in, now, and in which words. */
export interface Sender {
  from: { name: string; address: string };
  teamKey: TeamKey;
  timezone: string;
  now: Date;
  /** The templates of the language this mail is written in (templated kinds; the others write English). */
  words: Words;
}

/** The mail this one answers (Message-IDs as received; the header writer drops malformed ones). */
export interface Thread {
  inReplyTo: string | null;
  references: string[];
}

interface Addressed {
  to: string;
  thread: Thread;
}

/** Inputs of encrypted kinds: the reporter's key is already chosen, so such a mail cannot go out in cleartext. */
export interface EncryptedInput extends Addressed {
  reporterKey: openpgp.Key;
}

/**
 * Report content a cleartext mail may never carry. A signed-only kind's input type cannot have these fields, so
 * handing one the report's subject, text or facts does not compile (see messages.test.ts).
 */
type ContentField = 'subject' | 'text' | 'html' | 'attachments' | 'missing' | 'deadlines' | 'facts' | 'status' | 'patchDate' | 'receivedAt' | 'reporterKey' | 'encryption';
export type SignedOnlyInput = Addressed & { [K in ContentField]?: never };

interface Letter {
  /** Outer Subject: cleartext on the wire, for every kind. */
  subject: string;
  text: string;
}

export interface EncryptedKind<I extends EncryptedInput> {
  name: string;
  protection: 'encrypted';
  /** RFC 3834: true for mail a robot wrote. */
  autoSubmitted: boolean;
  /** `html`: an HTML alternative, for kinds a person reads in a mail client (the digest); inside the encryption only. */
  write(input: I, sender: Sender): Letter & { innerSubject: string; html?: string };
  /** The keys the mail is encrypted to. */
  encryptTo(input: I, sender: Sender): openpgp.Key[];
}

export interface SignedOnlyKind<I extends SignedOnlyInput> {
  name: string;
  protection: 'signed-only';
  autoSubmitted: boolean;
  write(input: I, sender: Sender): Letter;
}

export type MessageKind = EncryptedKind<never> | SignedOnlyKind<never>;

/** The reporter first, then the team key, so the copy we keep stays readable by the team. */
export const reporterAndTeam = (input: EncryptedInput, sender: Sender): openpgp.Key[] => [input.reporterKey, sender.teamKey.key.toPublic()];

export async function composeMessage<I extends EncryptedInput>(kind: EncryptedKind<I>, input: I, sender: Sender): Promise<ComposedMail>;
export async function composeMessage<I extends SignedOnlyInput>(kind: SignedOnlyKind<I>, input: I, sender: Sender): Promise<ComposedMail>;
export async function composeMessage(kind: EncryptedKind<EncryptedInput> | SignedOnlyKind<SignedOnlyInput>, input: Addressed, sender: Sender): Promise<ComposedMail> {
  const common = {
    kind: kind.name,
    from: sender.from,
    to: input.to,
    inReplyTo: input.thread.inReplyTo,
    references: input.thread.references,
    date: sender.now,
    autoSubmitted: kind.autoSubmitted,
    signingKey: sender.teamKey.key,
  };
  // The overloads pair each kind with its own input type; here only the protection differs.
  if (kind.protection === 'signed-only') {
    const letter = kind.write(input as SignedOnlyInput, sender);
    return compose({ ...common, subject: letter.subject, text: letter.text, protection: { kind: 'signed-only' } });
  }
  const letter = kind.write(input as EncryptedInput, sender);
  const encryptTo = kind.encryptTo(input as EncryptedInput, sender);
  return compose({ ...common, subject: letter.subject, text: letter.text, protection: { kind: 'encrypted', innerSubject: letter.innerSubject, encryptTo, ...(letter.html === undefined ? {} : { html: letter.html }) } });
}
