/** @module Reads outgoing mail as a researcher's client would: the PGP/MIME parts of an acknowledgement, checked with real gpg. */
import { bodyText, decodeBody, header, parseMime, topHeaders, type MimeEntity } from '../../src/mail/mime.js';
import { decodeWords } from '../../src/mail/mime.js';
import type { Gpg } from './gpg.js';

export interface ReadMail {
  headers: Map<string, string[]>;
  subject: string;
  type: string;
  /** For multipart/encrypted: what gpg decrypted, and whether the signature inside was good and whose. */
  decrypted?: { text: string; goodSignature: boolean; signer: string | null };
  /** For multipart/signed: the signed text, and gpg's verdict over the exact signed bytes. */
  signed?: { text: string; valid: boolean; signer: string | null; micalg: string | undefined; status?: string[] };
}

function tree(raw: Buffer): MimeEntity {
  const t = parseMime(raw, { maxDepth: 10 });
  if (!t.ok) throw new Error(`outgoing mail does not parse: ${t.issue.message}`);
  return t.value;
}

const textOf = (e: MimeEntity): string => (e.children.length === 0 ? bodyText(e) : e.children.map(textOf).join('\n'));

export async function readWithGpg(raw: Buffer, gpg: Gpg): Promise<ReadMail> {
  const root = tree(raw);
  const headers = topHeaders(raw);
  const base = { headers, subject: decodeWords(headers.get('subject')?.[0] ?? ''), type: root.contentType.mediaType };
  if (root.contentType.mediaType === 'multipart/encrypted') {
    const armored = decodeBody(root.children[1] as MimeEntity).toString('latin1');
    const r = await gpg.decrypt(armored);
    const inner = tree(r.plaintext);
    const innerSubject = header(inner, 'subject');
    return { ...base, decrypted: { text: `${innerSubject ? `Subject: ${decodeWords(innerSubject)}\n` : ''}${textOf(inner)}`, goodSignature: r.goodSignature, signer: r.signerFingerprint } };
  }
  if (root.contentType.mediaType === 'multipart/signed') {
    const [part, sig] = root.children as [MimeEntity, MimeEntity];
    const v = await gpg.verifyDetached(part.raw, decodeBody(sig));
    return { ...base, signed: { text: textOf(part), valid: v.valid, signer: v.signerFingerprint, micalg: root.contentType.params.micalg, ...(v.valid ? {} : { status: v.status }) } };
  }
  return base;
}
