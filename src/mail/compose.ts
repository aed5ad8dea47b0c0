/** @module Composes outgoing mail: PGP/MIME signed + encrypted with protected headers (RFC 3156 §6.2), or signed-only and content-free. */
import { randomBytes } from 'node:crypto';
import type * as openpgp from 'openpgp';
import type { OutboxDraft } from '../db/outbox.js';
import { signAndEncrypt, signDetached } from '../crypto/sign-encrypt.js';
import { canonicalize, innerMime, multipartSigned, pgpMimeEncrypted, type MailHeaders } from './pgp-mime.js';

export interface ComposeInput {
  kind: string;
  from: { name: string; address: string };
  to: string;
  /** Outer Subject: neutral, never the report's title (it travels in cleartext). */
  outerSubject: string;
  /** Real Subject, only ever inside the encryption. */
  innerSubject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  date: Date;
  /** RFC 3834: automatic replies say so, so other robots do not answer them. */
  autoSubmitted: boolean;
  signingKey: openpgp.PrivateKey;
  /** Reporter key first, then the team key so the sent copy stays readable. null: signed-only. */
  encryptTo: openpgp.Key[] | null;
}

export const newMessageId = (domainOf: string) => `<${Date.now().toString(36)}.${randomBytes(9).toString('hex')}@${domainOf.split('@').pop() ?? 'localhost'}>`;

export async function compose(c: ComposeInput): Promise<OutboxDraft> {
  const messageId = newMessageId(c.from.address);
  const headers: MailHeaders = {
    from: `${c.from.name} <${c.from.address}>`,
    to: c.to,
    subject: c.outerSubject,
    date: c.date,
    messageId,
    extraHeaders: {
      ...(c.inReplyTo ? { 'In-Reply-To': `<${c.inReplyTo}>` } : {}),
      ...(c.references.length > 0 ? { References: c.references.map((r) => `<${r}>`).join(' ') } : {}),
      'Reply-To': c.from.address,
      ...(c.autoSubmitted ? { 'Auto-Submitted': 'auto-replied' } : {}),
    },
  };
  if (c.text.trim() === '') throw new Error('refusing to compose an empty message');
  let raw: string;
  if (c.encryptTo) {
    const inner = innerMime({ subject: c.innerSubject, text: c.text });
    raw = pgpMimeEncrypted(headers, await signAndEncrypt(inner, c.signingKey, c.encryptTo));
  } else {
    const entity = canonicalize(innerMime({ text: c.text }));
    const { signature, micalg } = await signDetached(entity, c.signingKey);
    raw = multipartSigned(headers, entity, signature, micalg);
  }
  return { messageId: messageId.slice(1, -1), kind: c.kind, recipients: [c.to], raw: Buffer.from(raw) };
}
