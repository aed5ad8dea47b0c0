/** @module The one composer of outgoing mail: PGP/MIME signed + encrypted with protected headers (RFC 3156 §6.2), or signed-only; every header through the header writer. */
import { randomBytes } from 'node:crypto';
import type * as openpgp from 'openpgp';
import { signAndEncrypt, signDetached } from '../crypto/sign-encrypt.js';
import { SecintakeError } from '../errors.js';
import { mailboxHeader, messageIdsHeader, ownHeader, rfc5322Date, unstructuredHeader, type Mailbox } from './header-writer.js';
import { bodyEntity, canonicalize, encryptedBody, signedBody, withProtectedHeaders } from './pgp-mime.js';

/** Encrypted: the real subject and the text only inside. Signed-only: nothing inside that is not also outside. */
export type Protection =
  /** `html`: an HTML alternative to the text (multipart/alternative), only ever inside the encryption. */
  | { kind: 'encrypted'; innerSubject: string; encryptTo: openpgp.Key[]; html?: string }
  | { kind: 'signed-only' };

export interface ComposeInput {
  kind: string;
  from: Mailbox;
  to: string;
  /** Outer Subject: it travels in cleartext, so it is never the report's title. */
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  date: Date;
  /** RFC 3834: automatic replies say so, so other robots do not answer them. */
  autoSubmitted: boolean;
  signingKey: openpgp.PrivateKey;
  protection: Protection;
}

/** What the outbox stores: the bytes and the Message-ID are fixed here, so a retry sends the same mail. */
export interface ComposedMail {
  messageId: string;
  kind: string;
  recipients: string[];
  raw: Buffer;
}

/** Unique without coordination: the compose time and 72 random bits, at our own domain (RFC 5322 §3.6.4). */
function newMessageId(from: Mailbox, date: Date): string {
  return `${date.getTime().toString(36)}.${randomBytes(9).toString('hex')}@${from.address.split('@').pop() ?? 'localhost'}`;
}

export async function compose(c: ComposeInput): Promise<ComposedMail> {
  if (c.text.trim() === '') throw new SecintakeError('E_INPUT', 'refusing to compose an empty message', { hint: 'write the text of the message' });
  // Addresses first: a recipient we cannot write is refused before anything is signed.
  const addressing = [mailboxHeader('From', c.from), mailboxHeader('To', { name: null, address: c.to })];
  const messageId = newMessageId(c.from, c.date);
  const body =
    c.protection.kind === 'encrypted'
      ? encryptedBody(await signAndEncrypt(withProtectedHeaders(bodyEntity({ text: c.text, html: c.protection.html }), [unstructuredHeader('Subject', c.protection.innerSubject)]), c.signingKey, c.protection.encryptTo))
      : await signed(canonicalize(bodyEntity({ text: c.text })), c.signingKey);
  const headers = [
    ...addressing,
    unstructuredHeader('Subject', c.subject),
    ownHeader(`Date: ${rfc5322Date(c.date)}`),
    ownHeader(`Message-ID: <${messageId}>`),
    messageIdsHeader('In-Reply-To', c.inReplyTo === null ? [] : [c.inReplyTo]),
    messageIdsHeader('References', c.references),
    mailboxHeader('Reply-To', { name: null, address: c.from.address }),
    c.autoSubmitted ? ownHeader('Auto-Submitted: auto-replied') : null,
    ownHeader('MIME-Version: 1.0'),
    ownHeader(body.contentType),
  ].filter((h): h is string => h !== null);
  const raw = `${headers.join('\r\n')}\r\n\r\n${body.body}`;
  return { messageId, kind: c.kind, recipients: [c.to], raw: Buffer.from(raw) };
}

async function signed(entity: string, key: openpgp.PrivateKey) {
  const { signature, micalg } = await signDetached(entity, key);
  return signedBody(entity, signature, micalg);
}
